from odoo.tests import tagged

from .common import KanbanPortalCommentHttpCommon, make_pdf


@tagged("post_install", "-at_install")
class TestReviewActivity(KanbanPortalCommentHttpCommon):
    """A customer's file gives the salesperson a to-do to review it (unless
    switched off in Settings), and the comment is in their inbox."""

    def test_file_creates_review_activity(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self.post_customer_comment(self.invoice, attachments=[("comprobante.pdf", make_pdf("proof"))])
        self.assertEqual(message.attachment_ids.mapped("name"), ["comprobante.pdf"])
        activity = self.invoice.activity_ids.filtered(lambda a: a.user_id == self.seller)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "Review proof of payment")
        # switched off in Settings: no activity
        activity.unlink()
        self.invoice.company_id.kanban_portal_review_activity = False
        self.post_customer_comment(self.invoice, "otro", attachments=[("b.pdf", make_pdf("b"))])
        self.assertFalse(self.invoice.activity_ids.filtered(lambda a: a.user_id == self.seller))

    def test_review_todo_shows_the_customer_name_as_text(self):
        """A customer writes their own name (/my/account): in the to-do's note
        it is text, never markup (a tracking image, a link)."""
        self.user_a1.partner_id.name = '<img src="https://evil.example.com/t.gif"> Ana'
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self.post_customer_comment(self.invoice, attachments=[("comprobante.pdf", make_pdf("proof"))])
        activity = self.invoice.activity_ids.filtered(lambda a: a.user_id == self.seller)
        self.assertNotIn("<img", str(activity.note))
        self.assertIn("&lt;img", str(activity.note))

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {"kanban_portal_responsible_id": self.responsible.id, "kanban_portal_review_activity": False}
        )
        settings.execute()
        self.assertEqual(self.env.company.kanban_portal_responsible_id, self.responsible)
        self.assertFalse(self.env.company.kanban_portal_review_activity)

    def test_tour_comment_with_file_reaches_inbox(self):
        """In Chromium: the customer comments with a PDF; the salesperson finds it in the inbox."""
        self.start_tour(f"/my/invoices/{self.invoice.id}", "kanban_portal_comment_tour", login=self.user_a1.login)
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertEqual(message.attachment_ids.mapped("name"), ["comprobante.pdf"])
        self.assertNotifiedOnce(message, self.seller)
        self.start_tour("/odoo/action-mail.action_discuss", "kanban_portal_inbox_tour", login=self.seller.login)
