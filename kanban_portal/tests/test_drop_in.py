from markupsafe import Markup

from odoo import SUPERUSER_ID
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import MailCommon


@tagged("post_install", "-at_install")
class TestStaffMailAsInStockOdoo(AccountTestInvoicingCommon, MailCommon):
    """Staff, automations and scheduled actions post on invoices exactly as in
    stock Odoo: a post is a customer's only when a customer makes it (see
    test_notification_recipients for those), never because of who Odoo picks
    as its author."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = new_test_user(
            cls.env,
            "kp_billing",
            groups="base.group_user,account.group_account_invoice,base.group_partner_manager",
            name="Beatriz Billing",
            email="billing@example.com",
        )
        cls.customer_salesperson = new_test_user(
            cls.env,
            "kp_cust_seller",
            groups="base.group_user,account.group_account_invoice",
            name="Carlos Comercial",
            email="carlos@example.com",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cliente Uno S.A.", "email": "cliente@example.com", "user_id": cls.customer_salesperson.id}
        )
        cls.env.company.email = "facturacion@example.com"
        cls.invoice = cls.init_invoice("out_invoice", partner=cls.customer, amounts=[1000.0], post=True)

    def _send_and_print(self):
        """Send & Print by a billing user, with Odoo's default invoice template."""
        wizard = (
            self.env["account.move.send.wizard"]
            .with_user(self.billing)
            .with_context(active_model="account.move", active_ids=self.invoice.ids)
            .create({"sending_methods": ["email"]})
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            wizard.action_send_and_print(allow_fallback_pdf=True)
        messages = self.invoice.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(messages), 1)
        return messages

    def assertSentToCustomerAsStock(self, message):
        self.assertIn(self.customer, message.notified_partner_ids, "the customer is a recipient")
        mails = self._new_mails.filtered(lambda mail: mail.mail_message_id == message)
        self.assertIn(self.customer, mails.recipient_ids)
        self.assertTrue(
            any(self.customer.email in " ".join(sent["email_to"]) for sent in self._mails), "the email went out"
        )
        self.assertIn("<span", str(message.body), "the template's HTML is kept, not flattened to text")
        self.assertTrue(self.invoice.is_move_sent)
        # nothing of a customer's comment: no email nor to-do for the customer's salesperson
        self.assertNotIn(self.customer_salesperson.partner_id, message.notified_partner_ids)
        self.assertFalse(self.invoice.activity_ids)

    def test_send_and_print_without_salesperson(self):
        """Odoo's author is the company (the template's email_from)."""
        self.invoice.invoice_user_id = False
        message = self._send_and_print()
        self.assertEqual(message.author_id, self.invoice.company_id.partner_id)
        self.assertSentToCustomerAsStock(message)

    def test_send_and_print_with_archived_salesperson(self):
        seller = new_test_user(self.env, "kp_gone", groups="base.group_user", email="gone@example.com")
        self.invoice.invoice_user_id = seller
        seller.active = False
        self.assertSentToCustomerAsStock(self._send_and_print())

    def test_send_and_print_with_salesperson(self):
        self.invoice.invoice_user_id = self.billing
        self.assertSentToCustomerAsStock(self._send_and_print())

    def test_superuser_post_with_recipients(self):
        """What automations and scheduled actions do: post as the superuser
        with explicit recipients, an HTML body and files."""
        outsider = self.env["res.partner"].create({"name": "Estudio Contable", "email": "estudio@example.com"})
        with self.mock_mail_gateway(mail_unlink_sent=False):
            message = (
                self.invoice.with_user(SUPERUSER_ID)
                .with_context(kanban_portal_customer_post=True)  # never claims a customer's post
                .message_post(
                    body=Markup("<p>Saldo <b>pendiente</b></p>"),
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=(self.customer | outsider).ids,
                    attachments=[("notes.txt", b"plain text, not a PDF")],
                )
            )
        self.assertEqual(message.partner_ids, self.customer | outsider)
        self.assertEqual(message.notified_partner_ids, self.customer | outsider)
        self.assertIn("<b>pendiente</b>", str(message.body))
        self.assertEqual(message.attachment_ids.mapped("name"), ["notes.txt"])
        self.assertFalse(self.invoice.activity_ids)

    def test_staff_outgoing_email_to_kept(self):
        with self.mock_mail_gateway(mail_unlink_sent=False):
            message = self.invoice.with_user(self.billing).message_post(
                body="Copia al estudio",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                outgoing_email_to="estudio@example.com",
            )
        self.assertEqual(message.outgoing_email_to, "estudio@example.com")
