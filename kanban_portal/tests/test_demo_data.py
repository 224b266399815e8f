from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import expected_group


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo a person clicks through covers every payment situation."""

    def setUp(self):
        super().setUp()
        self.atlantida = self.env.ref("kanban_portal.demo_partner_atlantida", raise_if_not_found=False)
        if not self.atlantida:
            self.skipTest("kanban_portal demo data is not loaded in this database")

    def _demo_documents(self):
        ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "kanban_portal"), ("model", "=", "account.move")])
            .mapped("res_id")
        )
        return self.env["account.move"].browse(ids)

    def test_every_payment_situation(self):
        today = fields.Date.context_today(self.env["account.move"])
        docs = self._demo_documents()
        self.assertTrue(docs)
        self.assertEqual(set(docs.mapped("state")), {"posted"})
        invoices = docs.filtered(lambda m: m.move_type == "out_invoice")
        situations = {
            "not yet due": invoices.filtered(lambda m: m.payment_state == "not_paid" and m.invoice_date_due >= today),
            "overdue": invoices.filtered(lambda m: m.payment_state == "not_paid" and m.invoice_date_due < today),
            "partially paid": invoices.filtered(lambda m: m.payment_state == "partial" and m.invoice_date_due >= today),
            "partially paid and overdue": invoices.filtered(
                lambda m: m.payment_state == "partial" and m.invoice_date_due < today
            ),
            "paid": invoices.filtered(lambda m: m.payment_state == "paid"),
            "reversed": invoices.filtered(lambda m: m.payment_state == "reversed"),
        }
        for situation, moves in situations.items():
            with self.subTest(situation=situation):
                self.assertTrue(moves, f"no demo invoice is {situation}")
        self.assertTrue(docs.filtered(lambda m: m.move_type == "out_receipt"), "no demo receipt")
        self.assertTrue(docs.filtered(lambda m: m.move_type == "out_refund"), "no demo credit note")
        self.assertTrue(
            docs.filtered(lambda m: m.move_type == "out_refund" and m.payment_state == "not_paid"),
            "no open credit note",
        )
        self.assertGreaterEqual(len(docs.currency_id), 2, "demo documents use a single currency")
        groups = {expected_group(move, today) for move in docs}
        self.assertLessEqual({"overdue", "not_paid", "partial", "paid", "reversed"}, groups)
        # paid documents went through real payments, reversed ones through a credit note
        paid = situations["paid"]
        self.assertTrue(paid.matched_payment_ids or paid.line_ids.matched_credit_ids)
        self.assertTrue(situations["reversed"].reversal_move_ids)

    def test_people(self):
        portal = self.env.ref("base.group_portal")
        for xmlid in ("demo_user_portal_lucia", "demo_user_portal_sofia"):
            user = self.env.ref(f"kanban_portal.{xmlid}")
            self.assertEqual(user.group_ids, portal | portal.all_implied_ids, xmlid)
            self.assertTrue(user.partner_id.parent_id.is_company)
        companies = self.env.ref("kanban_portal.demo_partner_atlantida") | self.env.ref(
            "kanban_portal.demo_partner_delsur"
        )
        for company in companies:
            self.assertEqual(len(company.child_ids), 2, company.name)
        self.assertFalse(self.env.ref("kanban_portal.demo_partner_ana").is_company)
        for xmlid in ("demo_user_salesperson_valentina", "demo_user_salesperson_joaquin"):
            user = self.env.ref(f"kanban_portal.{xmlid}")
            self.assertTrue(user._is_internal())
            self.assertTrue(user.email)

    def test_payment_reminders_on_with_a_preview(self):
        company = self.env.ref("base.main_company")
        self.assertTrue(company.kanban_portal_reminder_enabled)
        self.assertEqual(sorted(company.kanban_portal_reminder_step_ids.mapped("days")), [-3, 3, 15, 30])
        Preview = self.env["kanban_portal.reminder.preview"].with_company(company)
        preview = Preview.browse(Preview.action_open()["res_id"])
        self.assertTrue(preview.line_ids, "the demo's overdue documents are in tomorrow's run")
        self.assertIn(self.atlantida, preview.line_ids.partner_id)
