from odoo.tests import tagged

from .common import KanbanPortalCommentHttpCommon, make_pdf


@tagged("post_install", "-at_install")
class TestNotificationEmail(KanbanPortalCommentHttpCommon):
    """The salesperson's email of a customer's comment: in their language,
    the customer's words and names as text."""

    def test_email_in_the_salesperson_language(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"]._load_module_terms(["kanban_portal"], ["es_419"], overwrite=True)
        self.seller.lang = "es_419"
        self.authenticate(self.user_a1.login, self.user_a1.login)
        mail = self.assertNotifiedOnce(self.post_customer_comment(self.invoice), self.seller)
        self.assertIn("Importe adeudado", mail.body_html)
        self.assertIn("Pendientes de pago", mail.body_html)
        # and in English for an English-speaking salesperson
        self.seller.lang = "en_US"
        mail = self.assertNotifiedOnce(self.post_customer_comment(self.invoice, "otra vez"), self.seller)
        self.assertIn("Amount due", mail.body_html)

    def test_payloads_escaped_in_email_and_pages(self):
        payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
        self.user_a1.partner_id.name = 'Ana "Evil"\r\nBcc: victim@example.com'
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self.post_customer_comment(
            self.invoice, f"hola {payload}", attachments=[(f"{payload}.pdf", make_pdf("x"))], expect="hola"
        )
        mail = self.assertNotifiedOnce(message, self.seller)
        for html in (mail.body_html, str(message.body), self.url_open(f"/my/invoices/{self.invoice.id}").text):
            self.assertNotIn("<script>alert(2)", html)
            self.assertNotIn('onerror="alert(1)"', html)
        # no header injection through the customer's name
        for header in (mail.email_from or "", mail.reply_to or "", mail.subject or ""):
            self.assertNotIn("\n", header)
            self.assertNotIn("\r", header)
