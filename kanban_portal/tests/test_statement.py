import io
import unittest
from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged
from odoo.tools.pdf import PdfReader

from odoo.addons.kanban_portal.report.statement_report import ReportStatement

from .common import KanbanPortalCase


@tagged("post_install", "-at_install")
class TestStatement(KanbanPortalCase):
    """The statement of account equals the accounting, and is the customer's own."""

    def _statement(self, partner, date_from, date_to):
        return self.env["report.kanban_portal.report_statement"]._get_statement(partner, date_from, date_to)

    def test_closing_equals_odoo_receivable(self):
        # a customer in the company's currency only: Odoo's own receivable figure
        customer = self.env["res.partner"].create({"name": "Cliente Simple"})
        first = self._make_document(customer, 1000.0, days=-90, due=-60)
        self._make_document(customer, 250.0, days=-20, due=10)
        self._make_document(customer, 40.0, move_type="out_refund", days=-5, due=-5)
        self._pay(first, 600.0)
        statements = self._statement(customer, self.today - timedelta(days=365), self.today)
        self.assertEqual(len(statements), 1)
        statement = statements[0]
        self.assertEqual(statement["currency"], self.company_data["currency"])
        self.assertAlmostEqual(statement["closing"], customer.credit, places=2)
        self.assertAlmostEqual(statement["closing"], 1000 + 250 - 40 - 600, places=2)
        self.assertEqual(statement["opening"], 0.0)
        # 3 documents and 1 payment, in date order, running balance
        self.assertEqual(len(statement["lines"]), 4)
        self.assertEqual(
            [line["date"] for line in statement["lines"]], sorted(line["date"] for line in statement["lines"])
        )
        balance = statement["opening"]
        for line in statement["lines"]:
            balance += line["debit"] - line["credit"]
            self.assertAlmostEqual(line["balance"], balance, places=2)
        self.assertIn("Payment", [line["label"] for line in statement["lines"]])

    def test_opening_is_the_closing_of_the_day_before(self):
        customer = self.customer_a
        cut = self.today - timedelta(days=30)
        before = self._statement(customer, self.today - timedelta(days=3650), cut - timedelta(days=1))
        after = self._statement(customer, cut, self.today)
        closing = {s["currency"]: s["closing"] for s in before}
        for statement in after:
            self.assertAlmostEqual(statement["opening"], closing.get(statement["currency"], 0.0), places=2)

    def test_per_currency_equals_open_documents(self):
        """Every receivable line of these documents is reconciled with its
        payment, so what is left per currency is what the documents still owe."""
        statements = self._statement(self.customer_a, self.today - timedelta(days=3650), self.today)
        by_currency = {s["currency"].name: s["closing"] for s in statements}
        docs = self.customer_documents(self.customer_a)
        for currency in docs.currency_id:
            owed = sum(
                (-1 if m.move_type == "out_refund" else 1) * m.amount_residual
                for m in docs.filtered(lambda m, c=currency: m.currency_id == c)
            )
            self.assertAlmostEqual(by_currency[currency.name], owed, places=2, msg=currency.name)
        self.assertEqual(set(by_currency), {"USD", "EUR"})
        # never a line of another customer
        numbers = {line["number"] for s in statements for line in s["lines"]}
        self.assertFalse(numbers & set(self.customer_documents(self.customer_b).mapped("name")))

    def test_portal_download_is_the_session_customer(self):
        seen = []
        original = ReportStatement._get_statement

        def spy(report, partner, date_from, date_to):
            seen.append(partner.commercial_partner_id.id)
            return original(report, partner, date_from, date_to)

        self.authenticate(self.user_b1.login, self.user_b1.login)
        with patch.object(ReportStatement, "_get_statement", spy):
            response = self.url_open(
                f"/my/invoices/statement?date_begin=2000-01-01&date_end={self.today}"
                f"&partner_id={self.customer_a.id}&docids={self.customer_a.id}"
            )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # under tests Odoo renders reports as HTML (no wkhtmltopdf): read it
        self.assertIn(self.customer_b.name, response.text)
        self.assertNotIn(self.customer_a.name, response.text)
        for move in self.customer_documents(self.customer_a):
            self.assertNotIn(f">{move.name}<", response.text)
        self.assertEqual(seen, [self.customer_b.id])
        # bad dates fall back to the year to date, reversed ones are swapped
        for query in ("?date_begin=garbage&date_end=2026-13-45", f"?date_begin={self.today}&date_end=2000-01-01"):
            with self.subTest(query=query):
                self.assertEqual(self.url_open(f"/my/invoices/statement{query}").status_code, 200)

    def test_statement_html_lists_the_figures(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "kanban_portal.action_report_statement",
                self.customer_a.ids,
                data={"date_from": "2000-01-01", "date_to": str(self.today)},
            )[0]
            .decode()
        )
        tree = self.parse(type("R", (), {"content": html.encode()}))
        closings = {float(el.get("data-closing")) for el in tree.xpath("//*[@data-closing]")}
        expected = {
            round(s["closing"], 2)
            for s in self._statement(self.customer_a, self.today - timedelta(days=9000), self.today)
        }
        self.assertEqual(closings, expected)
        self.assertIn("Opening balance", html)

    def test_statement_pdf_lines_are_text(self):
        """The real PDF, stylesheets and fonts loaded from the test server: its
        lines are text one can search and copy, a few hundred bytes each.
        wkhtmltopdf on unpatched Qt (Debian's) draws web-font text as outlines:
        no text at all, about 50 KB a line, ten times slower."""
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            raise unittest.SkipTest("wkhtmltopdf is not installed")
        customer = self.env["res.partner"].create({"name": "Cliente Extenso"})
        count = 60
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": self.today - timedelta(days=3),
                "ref": "KP-EXTENSO",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": self.company_data["default_account_receivable"].id,
                            "partner_id": customer.id,
                            "debit": 1000.0 + index,
                        }
                    )
                    for index in range(count)
                ]
                + [
                    Command.create(
                        {
                            "account_id": self.company_data["default_account_revenue"].id,
                            "credit": sum(1000.0 + index for index in range(count)),
                        }
                    )
                ],
            }
        )
        entry.action_post()
        # a reference longer than its column, without a space: it wraps inside
        # its column instead of running over the due date and amounts
        long_ref = "REF" + "0123456789" * 8
        self._make_document(customer, 77.0, days=-2, ref=long_ref)
        # Odoo logs a warning when wkhtmltopdf could not load a stylesheet or font
        with self.assertNoLogs("odoo.addons.base.models.ir_actions_report", "WARNING"):
            pdf = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(
                    "kanban_portal.action_report_statement",
                    customer.ids,
                    data={"date_from": str(self.today - timedelta(days=30)), "date_to": str(self.today)},
                )[0]
            )
        reader = PdfReader(io.BytesIO(pdf))
        text = "".join(page.extract_text() for page in reader.pages)
        # (a line cut by a page break may be drawn, clipped, on both pages)
        self.assertGreaterEqual(text.count(entry.name), count, "every line's document number is text in the PDF")
        for index in range(count):
            self.assertIn(f"{1000 + index:,.2f}", text)
        self.assertLess(len(pdf), 150_000 + 2_000 * count)
        self.assertTrue(long_ref[:20] in text and long_ref not in text, "the long reference is cut into lines")
