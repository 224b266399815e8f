import re

from lxml import html

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.kanban_portal.tests.common import expected_group


@tagged("post_install", "-at_install")
class TestDemoData(HttpCase):
    """The demo's Uruguayan company shows a newcomer what a Uruguayan customer
    sees: e-Facturas in UYU and USD, some paid, some overdue, on the portal of
    a contact allowed in that company only."""

    def setUp(self):
        super().setUp()
        self.company = self.env.ref("kanban_portal_l10n_uy.demo_company_uy", raise_if_not_found=False)
        if not self.company:
            self.skipTest("kanban_portal_l10n_uy demo data is not loaded in this database")
        self.user = self.env.ref("kanban_portal_l10n_uy.demo_user_portal_martina")

    def test_uruguayan_company(self):
        company = self.company
        self.assertEqual(company.chart_template, "uy")
        self.assertEqual(company.currency_id.name, "UYU")
        self.assertEqual(company.account_fiscal_country_id.code, "UY")
        self.assertEqual(company.partner_id.l10n_latam_identification_type_id, self.env.ref("l10n_uy.it_rut"))
        customer = self.env.ref("kanban_portal_l10n_uy.demo_partner_rincon")
        self.assertEqual(customer.l10n_latam_identification_type_id, self.env.ref("l10n_uy.it_rut"))
        self.assertTrue(customer.vat)
        self.assertEqual(self.user.company_ids, company)
        self.assertEqual(self.user.partner_id.commercial_partner_id, customer)
        self.assertTrue(self.user._is_portal())

    def test_documents(self):
        today = fields.Date.context_today(self.env["account.move"])
        moves = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("move_type", "=", "out_invoice")]
        )
        self.assertTrue(moves)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual(moves.l10n_latam_document_type_id, self.env.ref("l10n_uy.dc_e_inv"))
        for move in moves:
            self.assertRegex(move.name, r"^e-FC A\d{7}$")
        self.assertEqual(set(moves.currency_id.mapped("name")), {"UYU", "USD"})
        groups = {expected_group(move, today) for move in moves}
        self.assertLessEqual({"overdue", "not_paid", "paid"}, groups)
        self.assertTrue(moves.filtered(lambda m: m.payment_state == "partial"))
        # the contact sees exactly these, and nothing of the other companies
        self.authenticate(self.user.login, "martina")
        response = self.url_open("/my/invoices")
        self.assertEqual(response.status_code, 200)
        shown = {
            int(row.get("data-invoice-id")) for row in html.fromstring(response.content).xpath("//tr[@data-invoice-id]")
        }
        self.assertEqual(shown, set(moves.ids))
        for move in moves:
            self.assertTrue(re.search(rf">\s*{re.escape(move.name)}\s*<", response.text), move.name)
