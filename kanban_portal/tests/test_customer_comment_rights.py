from odoo.tests import new_test_user, tagged

from .common import KanbanPortalCommentHttpCommon, make_pdf


@tagged("post_install", "-at_install")
class TestCustomerCommentRights(KanbanPortalCommentHttpCommon):
    """A customer comments on their own documents only, writes to the
    salesperson only, and cannot take back what they sent."""

    def test_foreign_customer_cannot_comment(self):
        self.authenticate(self.user_b1.login, self.user_b1.login)
        before = self.invoice.message_ids
        response = self.chatter_post(self.invoice, {"body": "intrusion"})
        self.assertTrue(response.status_code == 404 or "error" in response.json(), response.text[:300])
        self.assertEqual(self.invoice.message_ids, before)

    def test_customer_cannot_add_recipients_nor_delete_what_they_sent(self):
        outsider = new_test_user(self.env, "kp_outsider", groups="base.group_user", email="outsider@example.com")
        # through the portal chatter, and through a direct call of message_post
        # (call_kw: the portal user may post on a document they read)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        chatter = self.post_comment(self.invoice, "por el chatter", partner_ids=outsider.partner_id.ids)
        self.assertNotIn("error", chatter.json(), chatter.text)
        response = self.call_message_post(
            self.invoice,
            body="<p>con <b>destinatarios</b></p>",
            partner_ids=outsider.partner_id.ids,
            outgoing_email_to="someone@elsewhere.example.com",
        )
        self.assertNotIn("error", response, response)
        for body in ("por el chatter", "destinatarios"):
            message = self.invoice.message_ids.filtered(lambda m, body=body: body in str(m.body))
            self.assertEqual(len(message), 1)
            self.assertFalse(message.partner_ids)
            self.assertFalse(message.outgoing_email_to)
            self.assertFalse(self.notifications(message, outsider))
            self.assertNotifiedOnce(message, self.seller)
            self.assertNotIn("<b>", str(message.body), "a customer's markup is shown as text")
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
            self.assertNotIn("elsewhere", " ".join(filter(None, mails.mapped("email_to") + mails.mapped("email_cc"))))
        # a proof already sent stays: no delete of the file, no edit of the message
        self.authenticate(self.user_a1.login, self.user_a1.login)
        sent = self.post_customer_comment(self.invoice, attachments=[("comprobante.pdf", make_pdf("proof"))])
        attachment = sent.attachment_ids
        response = self.url_open(
            "/mail/attachment/delete",
            json={"params": {"attachment_id": attachment.id, "access_token": attachment._get_ownership_token()}},
        )
        self.assertIn("error", response.json())
        self.assertTrue(attachment.exists())
        # another customer learns nothing of it: the answer of an id that does not exist
        self.authenticate(self.user_b1.login, self.user_b1.login)
        answers = [
            self.url_open("/mail/attachment/delete", json={"params": {"attachment_id": attachment_id}}).json()
            for attachment_id in (attachment.id, attachment.id + 100000)
        ]
        self.assertEqual(answers[0]["error"]["data"]["name"], "werkzeug.exceptions.NotFound")
        self.assertEqual(answers[1]["error"]["data"]["name"], "werkzeug.exceptions.NotFound")
        self.assertTrue(attachment.exists())
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self.url_open(
            "/mail/message/update_content",
            json={"params": {"message_id": sent.id, "update_data": {"body": "", "attachment_ids": []}}},
        )
        self.assertIn("error", response.json())
        self.assertIn("Adjunto comprobante", str(sent.body))
        self.assertEqual(sent.attachment_ids, attachment)
