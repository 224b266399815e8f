from contextlib import ExitStack, contextmanager
from unittest.mock import Mock, patch

from odoo.tests import tagged

from .common import KanbanPortalCommentHttpCommon


@tagged("post_install", "-at_install")
class TestNotificationDelivery(KanbanPortalCommentHttpCommon):
    """The salesperson's email goes through Odoo's mail queue: a delivery
    failure (no address, the mail server down) is kept and shown to staff,
    the inbox notification stays, and a retry sends the email once."""

    @contextmanager
    def _mail_server_up(self, send_email=None):
        """A mail server that answers (tests never really connect, nor send
        unless told to), ``send_email`` delivering if given."""
        IrMailServer = type(self.env["ir.mail_server"])
        with ExitStack() as stack:
            stack.enter_context(patch.object(IrMailServer, "_disable_send", lambda *args: False))
            stack.enter_context(patch.object(IrMailServer, "_connect__", return_value=Mock()))
            if send_email:
                stack.enter_context(patch.object(IrMailServer, "send_email", send_email))
            yield

    def test_salesperson_without_email(self):
        """No email address: the inbox notification still needs action; the
        email notification is kept for Odoo's queue, which marks it failed
        ('Missing email', the red envelope staff see on the message)."""
        self.seller.partner_id.email = False
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self.post_customer_comment(self.invoice)
        notification = self.notifications(message, self.seller)
        self.assertEqual(len(notification), 1)
        self.assertEqual(notification.notification_type, "email")
        self.assertFalse(notification.is_read)
        self.assertIn(message, self.env["mail.message"].with_user(self.seller).search([("needaction", "=", True)]))
        # the queue runs (a mail server is reachable): the missing address shows as a failure
        with self._mail_server_up():
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)]).send()
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn(notification.failure_type, ("mail_email_missing", "mail_email_invalid"))
        self.assertTrue(message.with_user(self.account_manager).has_error)

    def test_mail_server_down_then_up(self):
        """Connection refused: the comment is saved, the inbox notification
        exists, the failure is visible; once the server is back the email is
        queued again by the retry job and sent exactly once."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self.post_customer_comment(self.invoice)
        mail = self.assertNotifiedOnce(message, self.seller)
        with patch.object(
            type(self.env["ir.mail_server"]), "_connect__", side_effect=ConnectionRefusedError("connection refused")
        ):
            mail.send()
        notification = self.notifications(message, self.seller)
        self.assertEqual(mail.state, "exception")
        self.assertEqual((notification.notification_status, notification.failure_type), ("exception", "mail_smtp"))
        self.assertFalse(notification.is_read, "the inbox notification is gone")
        # staff see the failed email on the document's message
        self.assertTrue(message.with_user(self.account_manager).has_error)
        retried = self.env["mail.mail"]._retry_unreachable_server()
        self.assertIn(mail, retried)
        self.assertEqual(mail.state, "outgoing")
        # nothing more to retry: never queued twice
        self.assertNotIn(mail, self.env["mail.mail"]._retry_unreachable_server())
        delivered = []

        def deliver(server, message, *args, **kwargs):
            delivered.append(message["To"])
            return "<kanban-portal-test@example.com>"

        with self._mail_server_up(send_email=deliver):
            mail.send()
            mail.send()  # an overlapping queue run finds nothing left to send
        self.assertEqual(len(delivered), 1, delivered)
        self.assertIn("seller@example.com", delivered[0])
        self.assertEqual(self.notifications(message, self.seller).notification_status, "sent")

    def test_staff_email_not_retried(self):
        """What staff send stays as in stock Odoo: an email that failed
        because the server was down stays failed (shown to staff, resent by
        hand); only customers' comments are queued again."""
        message = self.invoice.with_user(self.account_manager).message_post(
            body="Le reenvío la factura.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.user_a1.partner_id.ids,
        )
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertEqual(len(mail), 1)
        with patch.object(
            type(self.env["ir.mail_server"]), "_connect__", side_effect=ConnectionRefusedError("connection refused")
        ):
            mail.send()
        self.assertEqual(mail.state, "exception")
        self.assertNotIn(mail, self.env["mail.mail"]._retry_unreachable_server())
        self.assertEqual(mail.state, "exception")
