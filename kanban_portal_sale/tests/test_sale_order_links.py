import re

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon


@tagged("post_install", "-at_install")
class TestSaleOrderLinks(AccountTestInvoicingHttpCommon):
    """An invoice links to its sales order only for whoever may read the order:
    its token link (forwarded, opened by anybody) never hands out the order, and
    revoking a contact's portal access also kills the order links already sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create({"name": "Acme Uno S.A.", "is_company": True})
        cls.customer_b = Partner.create({"name": "Beta Dos Ltda.", "is_company": True})
        cls.user_a = cls._create_new_portal_user(login="kps_portal_a", name="Ana Uno")
        cls.user_a.partner_id.write({"parent_id": cls.customer_a.id, "email": "ana@acme.example.com"})
        cls.user_b = cls._create_new_portal_user(login="kps_portal_b", name="Bruno Dos")
        cls.user_b.partner_id.parent_id = cls.customer_b
        cls.staff = new_test_user(cls.env, "kps_staff", groups="base.group_user,base.group_partner_manager")
        product = cls.env["product.product"].create({"name": "Consulting", "list_price": 300.0, "taxes_id": []})
        cls.order, cls.invoice = cls._order_and_invoice(cls.customer_a, product)
        cls.order_b, cls.invoice_b = cls._order_and_invoice(cls.customer_b, product)

    @classmethod
    def _order_and_invoice(cls, customer, product):
        # the test user keeps accounting rights only: orders are made as the superuser
        order = (
            cls.env["sale.order"]
            .sudo()
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "tax_ids": []})],
                }
            )
        )
        order.action_confirm()
        order._portal_ensure_token()  # as once the order was emailed
        invoice = order._create_invoices()
        invoice.action_post()
        return order.sudo(False), invoice.sudo(False)

    def assertNoOrderLink(self, response, order):
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_portal_payments_payment_status", response.text, "the invoice page was not rendered")
        self.assertNotRegex(response.text, rf"{re.escape(order.access_url)}\b")
        self.assertNotIn(order.access_token, response.text)
        self.assertNotIn(f'data-sale-order-id="{order.id}"', response.text)

    def test_orders_from_the_viewer_not_from_sudo(self):
        # the invoice page renders the invoice as the superuser: still decided by the user
        self.assertEqual(self.invoice.with_user(self.user_a).sudo()._get_portal_sale_orders(), self.order)
        public = self.env.ref("base.public_user").sudo()
        for user in (public, self.user_b):
            with self.subTest(user=user.login):
                self.assertFalse(self.invoice.with_user(user).sudo()._get_portal_sale_orders())

    def test_token_link_as_public_shows_no_order(self):
        response = self.url_open(self.invoice.get_portal_url())
        self.assertIn(self.invoice.name, response.text)
        self.assertNoOrderLink(response, self.order)

    def test_token_link_as_another_customer_shows_no_order(self):
        self.authenticate(self.user_b.login, self.user_b.login)
        response = self.url_open(self.invoice.get_portal_url())
        self.assertIn(self.invoice.name, response.text)
        self.assertNoOrderLink(response, self.order)
        # their own invoice does link their own order
        response = self.url_open(self.invoice_b.access_url)
        self.assertIn(f'href="{self.order_b.access_url}"', response.text)

    def test_owner_sees_the_order_link(self):
        self.authenticate(self.user_a.login, self.user_a.login)
        link = f'href="{self.order.access_url}"'  # their session opens it: no token handed out
        for url in (self.invoice.access_url, "/my/invoices?group=not_paid"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(link, response.text)
                self.assertIn(f'data-sale-order-id="{self.order.id}"', response.text)
                self.assertNotIn(self.order.access_token, response.text)
                self.assertNotRegex(response.text, rf"{re.escape(self.order_b.access_url)}\b")

    def test_revoke_renews_order_tokens(self):
        old_link = self.order.get_portal_url()
        old_token = self.order.access_token
        old_link_b = self.order_b.get_portal_url()
        response = self.url_open(old_link)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order.name, response.text, "the link worked before")

        wizard = self.env["portal.wizard"].with_user(self.staff).create({"partner_ids": self.user_a.partner_id.ids})
        wizard.user_ids.action_revoke_access()

        self.assertNotEqual(self.order.access_token, old_token)
        response = self.url_open(old_link, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303), "the old order link no longer opens the order")
        self.assertNotIn(self.order.access_url, response.headers.get("Location", ""))
        # another customer's links keep working
        response = self.url_open(old_link_b)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order_b.name, response.text)
