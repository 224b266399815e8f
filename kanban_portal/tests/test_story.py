import re

from odoo.tests import new_test_user, tagged

from .common import KanbanPortalDocumentsHttpCommon


@tagged("post_install", "-at_install")
class TestStory(KanbanPortalDocumentsHttpCommon):
    """The whole story in a real browser, in Spanish."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_419")
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "portal", "auth_signup", "account", "kanban_portal"], ["es_419"], overwrite=True
        )
        groups = "base.group_user,base.group_partner_manager,account.group_account_invoice"
        cls.staff = new_test_user(cls.env, "kp_story_staff", groups=groups, name="Personal Story", lang="es_419")
        cls.seller = new_test_user(
            cls.env, "kp_story_seller", groups=groups, name="Vendedor Story", lang="es_419", notification_type="inbox"
        )
        for move in cls.docs_a.values():
            move.invoice_user_id = cls.seller
        cls.martina = cls.env["res.partner"].create(
            {
                "name": "Martina Story",
                "email": "martina@story.example.com",
                "parent_id": cls.customer_a.id,
                "lang": "es_419",
                "street": "Av. 18 de Julio 1234",
                "city": "Montevideo",
                "zip": "11100",
                "country_id": cls.env.ref("base.uy").id,
            }
        )

    def test_whole_story_in_spanish(self):
        # staff grant access from the contact's form
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{self.martina.id}",
            "kanban_portal_story_staff_tour",
            login=self.staff.login,
        )
        user = self.martina.with_context(active_test=False).user_ids
        self.assertTrue(user._is_portal())
        invitation = self.env["mail.mail"].search([("recipient_ids", "in", self.martina.ids)], order="id desc", limit=1)
        self.assertTrue(invitation, "the invitation is in the mail queue")
        match = re.search(r'href="[^"]*?(/web/(?:signup|reset_password)\?[^"]+)"', invitation.body_html)
        self.assertTrue(match, "the invitation holds the set-password link")
        link = match.group(1).replace("&amp;", "&")
        # the customer sets a password from the link, and goes on
        # (from a Spanish-speaking browser; Odoo keeps the contact's language)
        self.start_tour(link, "kanban_portal_story_customer_tour", login=None, cookies={"frontend_lang": "es_419"})
        self.assertEqual(self.martina.phone, "+598 99 123 456")
        self.assertEqual(user.lang, "es_419")
        self.assertTrue(user.login_date, "the customer logged in")
        message = self.env["mail.message"].search(
            [("model", "=", "account.move"), ("author_id", "=", self.martina.id)], order="id desc", limit=1
        )
        self.assertIn("comprobante de la transferencia", str(message.body))
        self.assertEqual(message.attachment_ids.mapped("name"), ["comprobante-martina.pdf"])
        # the salesperson: notified once, email in the queue, found in the inbox
        notification = message.notification_ids.filtered(lambda n: n.res_partner_id == self.seller.partner_id)
        self.assertEqual(len(notification), 1)
        mail = self.env["mail.mail"].search(
            [("mail_message_id", "=", message.id), ("recipient_ids", "in", self.seller.partner_id.ids)]
        )
        self.assertEqual(mail.state, "outgoing")
        self.start_tour("/odoo/action-mail.action_discuss", "kanban_portal_story_inbox_tour", login=self.seller.login)
