import re

from odoo.tests import tagged

from .common import KanbanPortalDocumentsHttpCommon, read_amount


@tagged("post_install", "-at_install")
class TestOnlinePayment(KanbanPortalDocumentsHttpCommon):
    """With account_payment (installed with invoicing) and a payment provider:
    the payment groups keep what Odoo's invoice rows offer (Pay Now, the
    transaction badges), because they are Odoo's rows; paying online (Odoo's
    demo provider) moves the document to Paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("account_payment.enable_portal_payment", True)
        Provider = cls.env["payment.provider"].sudo()
        cls.provider = Provider.search([("code", "=", "demo"), ("company_id", "=", cls.env.company.id)], limit=1)
        if not cls.provider:  # the test company is newer than payment_demo's data
            cls.provider = Provider.search([("code", "=", "demo")], limit=1).copy({"company_id": cls.env.company.id})
        cls.provider.write({"state": "test", "is_published": True})
        cls.payment_method = cls.provider.payment_method_ids[:1]
        cls.payment_method.active = True

    def _pay_now_ids(self, tree):
        """Documents whose row offers account_payment's Pay Now."""
        return {
            int(re.search(r"/my/invoices/(\d+)", link.get("href")).group(1))
            for link in tree.xpath(".//a[contains(@href, 'payment=True')]")
        }

    def _owed(self, tree, currency):
        card = tree.xpath(f'//*[@data-summary-currency="{currency.name}"]')
        return read_amount(card[0], "data-owed") if card else 0.0

    def test_pay_now_wherever_odoo_offers_it(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        expected = {move.id for move in self.customer_documents(self.customer_a) if move._has_to_be_paid()}
        self.assertTrue(expected)
        odoo_list = self._pay_now_ids(self.parse(self.url_open("/my/invoices?filterby=all")))
        self.assertEqual(odoo_list, expected, "Odoo's own list")
        shown = set()
        for key in self.env["account.move"]._get_portal_payment_groups():
            tree = self.parse(self.url_open(f"/my/invoices?group={key}"))
            for row in tree.xpath("//tr[@data-invoice-id]"):
                if self._pay_now_ids(row):
                    self.assertEqual(self._pay_now_ids(row), {int(row.get("data-invoice-id"))})
            shown |= self._pay_now_ids(tree)
        self.assertEqual(shown, expected)
        # the overview's rows are the same rows
        overview = self.parse(self.url_open("/my/invoices"))
        self.assertTrue(self._pay_now_ids(overview))
        self.assertLessEqual(self._pay_now_ids(overview), expected)

    def test_transaction_badges(self):
        move = self.docs_a["not_due"]
        self.env["payment.transaction"].sudo().create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.payment_method.id,
                "reference": "KP-TX-PENDING",
                "amount": move.amount_residual,
                "currency_id": move.currency_id.id,
                "partner_id": self.user_a1.partner_id.id,
                "invoice_ids": [(6, 0, move.ids)],
                "state": "pending",
            }
        )
        self.authenticate(self.user_a1.login, self.user_a1.login)
        tree = self.parse(self.url_open("/my/invoices?group=not_paid"))
        row = tree.xpath(f'//tr[@data-invoice-id="{move.id}"]')[0]
        status = row.xpath('.//td[@name="invoice_status"]')[0].text_content()
        self.assertIn("Pending", status)
        self.assertFalse(self._pay_now_ids(row), "no second payment while one is pending, as in Odoo's list")

    def test_online_payment_moves_document_to_paid(self):
        move = self.docs_a["not_due"]
        currency = move.currency_id
        self.authenticate(self.user_a1.login, self.user_a1.login)
        before = self.parse(self.url_open("/my/invoices"))
        self.assertIn(move.id, self.rows_by_group(before)["not_paid"])
        processing = self.make_jsonrpc_request(
            f"/invoice/transaction/{move.id}",
            {
                "access_token": move._portal_ensure_token(),
                "provider_id": self.provider.id,
                "payment_method_id": self.payment_method.id,
                "token_id": None,
                "amount": move.amount_residual,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": move.access_url,
            },
        )
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {"reference": processing["reference"], "payment_details": "4242", "simulated_state": "done"},
        )
        self.make_jsonrpc_request("/payment/status/poll")
        self.env.invalidate_all()
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        group = "paid" if move.payment_state == "paid" else "in_payment"
        after = self.parse(self.url_open(f"/my/invoices?group={group}"))
        self.assertIn(move.id, self.rows_by_group(after)[group])
        self.assertAlmostEqual(
            self._owed(before, currency) - self._owed(self.parse(self.url_open("/my/invoices")), currency),
            100.0,
            places=2,
        )

    def test_rows_without_account_payment(self):
        """A database without account_payment: its additions to Odoo's rows
        are not there (its views switched off here), and the groups still
        render Odoo's rows with their own columns."""
        portal_my_invoices = self.env.ref("account.portal_my_invoices")
        additions = (
            self.env["ir.model.data"]
            .search([("module", "=", "account_payment"), ("model", "=", "ir.ui.view")])
            .mapped(lambda data: self.env["ir.ui.view"].browse(data.res_id))
            .filtered(lambda view: view.inherit_id == portal_my_invoices)
        )
        self.assertTrue(additions)
        additions.active = False
        self.authenticate(self.user_a1.login, self.user_a1.login)
        tree = self.parse(self.url_open("/my/invoices?group=not_paid"))
        rows = tree.xpath("//tr[@data-invoice-id]")
        self.assertTrue(rows)
        self.assertFalse(self._pay_now_ids(tree))
        for row in rows:
            self.assertTrue(row.xpath('.//td[@name="invoice_download"]//a'))
            self.assertTrue(row.xpath('.//*[@data-payment-group-badge="not_paid"]'))
