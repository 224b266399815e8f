import io
import re
import unittest
from datetime import timedelta
from unittest.mock import patch

from openpyxl import load_workbook

from odoo import Command
from odoo.tests import tagged
from odoo.tools import format_amount
from odoo.tools.pdf import PdfReader

from odoo.addons.kanban_portal.report.statement_report import ReportStatement

from .common import KanbanPortalDocumentsHttpCommon, cents, owed_by, read_amount


@tagged("post_install", "-at_install")
class TestStatement(KanbanPortalDocumentsHttpCommon):
    """The statement of account equals the accounting, and is the customer's own."""

    def _statement(self, partner, date_from, date_to):
        return self.env["report.kanban_portal.report_statement"]._get_statement(partner, date_from, date_to)

    @staticmethod
    def _closings(tree):
        """The closing balances a statement page shows, sorted."""
        return sorted(read_amount(element, "data-closing") for element in tree.xpath("//*[@data-closing]"))

    @staticmethod
    def _expected_closings(statements):
        """The closing balances of ``statements``, to the cent, sorted."""
        return sorted(round(statement["closing"], 2) for statement in statements)

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
        owed = owed_by(self.customer_documents(self.customer_a), lambda move: move.currency_id.name)
        for currency, amount in owed.items():
            self.assertAlmostEqual(by_currency[currency], amount, places=2, msg=currency)
        self.assertEqual(set(by_currency), {"USD", "EUR"})
        # never a line of another customer
        numbers = {line["number"] for s in statements for line in s["lines"]}
        self.assertFalse(numbers & set(self.customer_documents(self.customer_b).mapped("name")))

    def test_document_paid_in_another_currency(self):
        """A EUR invoice paid in the company's currency (in Uruguay: a USD
        invoice paid in pesos) is settled in EUR, at the amounts of Odoo's
        reconciliation, as its page shows it: no credit is left in the
        payment's currency, and what a partial payment leaves is owed in EUR."""
        customer = self.env["res.partner"].create({"name": "Cliente Dos Monedas"})
        company_currency = self.company_data["currency"]
        paid = self._make_document(customer, 100.0, currency=self.eur, days=-40, due=-10)
        partial = self._make_document(customer, 300.0, currency=self.eur, days=-5, due=25)
        for move, amount in ((paid, 50.0), (partial, 60.0)):  # 1 USD = 2 EUR
            self.env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
                {"amount": amount, "currency_id": company_currency.id, "payment_date": self.today}
            )._create_payments()
        self.assertTrue(self.eur.is_zero(paid.amount_residual))
        self.assertAlmostEqual(partial.amount_residual, 180.0)

        statements = self._statement(customer, self.today - timedelta(days=365), self.today)
        self.assertEqual([statement["currency"] for statement in statements], [self.eur])
        lines = statements[0]["lines"]
        self.assertAlmostEqual(statements[0]["closing"], 180.0, places=2)
        payments = [line for line in lines if line["label"] == "Payment"]
        self.assertEqual(sorted(round(line["credit"], 2) for line in payments), [100.0, 120.0])
        self.assertTrue(all(company_currency.symbol in line["ref"] for line in payments), payments)
        # the same on the day after the payments, as opening balance
        later = self._statement(customer, self.today + timedelta(days=1), self.today + timedelta(days=30))
        self.assertEqual([(s["currency"], round(s["opening"], 2)) for s in later], [(self.eur, 180.0)])
        # the same as the portal's summary: what is owed per currency
        self.assertEqual(
            {s["currency"].name: round(s["closing"], 2) for s in statements},
            {"EUR": round(partial.amount_residual, 2)},
        )

    def test_paid_in_another_currency_after_the_rate_moved(self):
        """The rate moved between the invoice and its payment in the company's
        currency: Odoo books the difference in an exchange entry. The payment
        still settles the invoice in EUR, with what was really paid in its
        reference, and no line is left in the company's currency."""
        company_currency = self.company_data["currency"]
        rate = self.env["res.currency.rate"].create(
            {"name": self.today, "rate": 2.0, "currency_id": self.eur.id, "company_id": self.env.company.id}
        )
        for today_rate, paid in ((1.6, 62.5), (2.5, 40.0)):  # EUR per USD; the invoice was booked at 2.0
            with self.subTest(rate=today_rate):
                rate.rate = today_rate
                customer = self.env["res.partner"].create({"name": f"Cliente Cambio {today_rate}"})
                invoice = self._make_document(customer, 100.0, currency=self.eur, days=-40, due=-10)
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create(
                    {"amount": paid, "currency_id": company_currency.id, "payment_date": self.today}
                )._create_payments()
                self.assertTrue(self.eur.is_zero(invoice.amount_residual))
                for date_from in (self.today - timedelta(days=365), self.today + timedelta(days=1)):
                    statements = self._statement(customer, date_from, self.today + timedelta(days=30))
                    self.assertEqual([s["currency"] for s in statements], [self.eur] if date_from < self.today else [])
                statement = self._statement(customer, self.today - timedelta(days=365), self.today)[0]
                self.assertAlmostEqual(statement["closing"], 0.0, places=2)
                payment = statement["lines"][-1]
                self.assertAlmostEqual(payment["credit"], 100.0, places=2)
                self.assertIn(format_amount(self.env, paid, company_currency), payment["ref"])

    def test_consecutive_statements_join_up_across_currencies(self):
        """An advance in the company's currency, matched later with a EUR
        invoice issued after the rate moved (the exchange entry is dated at
        the match): each statement opens on the closing of the one before,
        currency by currency, and ends on what the invoice still owes and
        what the advance has left."""
        company_currency = self.company_data["currency"]
        for days, rate in ((-25, 1.6), (-10, 2.0)):  # EUR per USD: the advance at 1.6, the invoice at 2.0
            self.env["res.currency.rate"].create(
                {
                    "name": self.today + timedelta(days=days),
                    "rate": rate,
                    "currency_id": self.eur.id,
                    "company_id": self.env.company.id,
                }
            )
        customer = self.env["res.partner"].create({"name": "Cliente Anticipo"})
        advance = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": customer.id,
                "amount": 62.5,
                "currency_id": company_currency.id,
                "date": self.today - timedelta(days=20),
            }
        )
        advance.action_post()
        invoice = self._make_document(customer, 100.0, currency=self.eur, days=-5, due=25)
        receivable = (advance.move_id.line_ids | invoice.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        receivable.reconcile()
        start = self.today - timedelta(days=365)
        previous = {}
        for split in (-25, -15, -5, -3, 1):
            date_from = self.today + timedelta(days=split)
            with self.subTest(split=split):
                closings = {
                    s["currency"].name: round(s["closing"], 2)
                    for s in self._statement(customer, start, date_from - timedelta(days=1))
                }
                openings = {
                    s["currency"].name: round(s["opening"], 2)
                    for s in self._statement(customer, date_from, self.today + timedelta(days=30))
                }
                self.assertEqual(cents(closings), cents(openings))
                previous = closings
        # what the invoice still owes, and what the advance has left, if anything
        left = receivable.filtered(lambda line: line.move_id == advance.move_id)
        expected = {"EUR": invoice.amount_residual, company_currency.name: left.amount_residual_currency}
        self.assertEqual(cents(previous), cents(expected))

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
        statements = self._statement(self.customer_a, self.today - timedelta(days=9000), self.today)
        self.assertEqual(self._closings(tree), self._expected_closings(statements))
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
        # a manual entry shows as adjustments, without its number or reference
        self.assertGreaterEqual(text.count("Adjustment"), count, "every line's label is text in the PDF")
        self.assertNotIn(entry.name, text)
        self.assertNotIn("KP-EXTENSO", text)
        for index in range(count):
            self.assertIn(f"{1000 + index:,.2f}", text)
        self.assertLess(len(pdf), 150_000 + 2_000 * count)
        self.assertTrue(long_ref[:20] in text and long_ref not in text, "the long reference is cut into lines")

    def test_statement_shows_allowed_companies_and_no_internal_labels(self):
        """Only the companies the portal user is allowed in (Odoo's
        multi-company rule, as the user's invoice list), and of a manual entry
        on the customer's receivable (a write-off) only its date and amount,
        as an "Adjustment": the balance still equals the accounting's."""
        other_company = self.setup_other_company(name="Otra Empresa S.A.")
        customer = self.env["res.partner"].create({"name": "Cliente Multiempresa", "is_company": True})
        user = self._create_new_portal_user(login="kp_statement_multi", name="Contacto Multiempresa")
        user.partner_id.parent_id = customer
        self.assertEqual(user.company_ids, self.env.company)
        own = self._make_document(customer, 1000.0, days=-30, due=-1, ref="PO-MULTI-1")
        foreign = (
            self.env["account.move"]
            .with_company(other_company["company"])
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "journal_id": other_company["default_journal_sale"].id,
                    "invoice_date": self.today - timedelta(days=20),
                    "ref": "PO-OTRA-EMPRESA",
                    "invoice_line_ids": [
                        Command.create({"name": "Goods", "quantity": 1, "price_unit": 4321.0, "tax_ids": []})
                    ],
                }
            )
        )
        foreign.action_post()
        write_off = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": self.today - timedelta(days=5),
                "ref": "bad debt – litigation",
                "line_ids": [
                    Command.create(
                        {
                            "name": "bad debt – litigation",
                            "account_id": self.company_data["default_account_receivable"].id,
                            "partner_id": customer.id,
                            "credit": 50.0,
                        }
                    ),
                    Command.create(
                        {
                            "name": "bad debt – litigation",
                            "account_id": self.company_data["default_account_expense"].id,
                            "debit": 50.0,
                        }
                    ),
                ],
            }
        )
        write_off.action_post()
        self.authenticate(user.login, user.login)
        # under tests Odoo renders reports as HTML (no wkhtmltopdf): read it
        response = self.url_open(f"/my/invoices/statement?date_begin=2000-01-01&date_end={self.today}")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn(own.name, text)
        for hidden in (foreign.name, "PO-OTRA-EMPRESA", "4,321", other_company["company"].name):
            self.assertNotIn(hidden, text, "another company's document")
        for hidden in ("litigation", "bad debt", write_off.name):
            self.assertNotIn(hidden, text, "an internal label")
        tree = self.parse(response)
        cells = [" ".join(td.text_content().split()) for td in tree.xpath("//tr/td[2]")]
        self.assertIn("Adjustment", cells)
        own_credit = customer.with_company(self.env.company).credit
        self.assertAlmostEqual(own_credit, 1000.0 - 50.0, places=2)
        self.assertEqual(self._closings(tree), [round(own_credit, 2)], "the balance is the accounting's")
        # the spreadsheet alike
        sheet = self.url_open(f"/my/invoices/statement?date_begin=2000-01-01&date_end={self.today}&format=xlsx")
        values = [cell for row in self._xlsx_rows(sheet) for cell in row if cell is not None]
        self.assertIn("Adjustment", values)
        for hidden in (foreign.name, "PO-OTRA-EMPRESA", 4321.0, "litigation", "bad debt – litigation", write_off.name):
            self.assertNotIn(hidden, values)
        # a portal user allowed in both companies sees both, apart
        user.company_ids |= other_company["company"]
        response = self.url_open(f"/my/invoices/statement?date_begin=2000-01-01&date_end={self.today}")
        self.assertIn(foreign.name, response.text)
        self.assertIn(other_company["company"].name, response.text)
        self.assertNotIn("litigation", response.text)

    @staticmethod
    def _xlsx_rows(response):
        return list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))

    def test_statement_as_spreadsheet_has_the_figures_of_the_pdf(self):
        """``format=xlsx``: the same sections, lines, opening and closing
        balances as the PDF of the same period; amounts are numbers, dates
        dates; another customer's numbers never in it."""
        date_from = self.today - timedelta(days=30)
        period = f"date_begin={date_from}&date_end={self.today}"
        self.authenticate(self.user_a1.login, self.user_a1.login)
        pdf = self.parse(self.url_open(f"/my/invoices/statement?{period}"))
        response = self.url_open(f"/my/invoices/statement?{period}&format=xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn(f"statement-{date_from}-{self.today}.xlsx", response.headers["Content-Disposition"])
        rows = self._xlsx_rows(response)
        self.assertEqual(rows[0][0], "Statement of account")
        self.assertEqual(rows[1][0], self.customer_a.name)
        self.assertEqual(
            list(rows[4][:9]),
            ["Currency", "Date", "Document", "Number", "Reference", "Due date", "Debit", "Credit", "Balance"],
        )
        statements = self._statement(self.customer_a, date_from, self.today)
        self.assertEqual({s["currency"].name for s in statements}, {"USD", "EUR"})
        body = [row for row in rows[5:] if row[0]]
        for statement in statements:
            currency = statement["currency"].name
            section = [row for row in body if row[0] == currency]
            opening, lines, closing = section[0], section[1:-1], section[-1]
            self.assertEqual(opening[2], "Opening balance")
            self.assertAlmostEqual(opening[8], statement["opening"], places=2)
            self.assertEqual(closing[2], "Closing balance")
            self.assertAlmostEqual(closing[8], statement["closing"], places=2)
            self.assertEqual(len(lines), len(statement["lines"]))
            for row, line in zip(lines, statement["lines"], strict=True):
                self.assertEqual(row[1].date(), line["date"])
                self.assertEqual((row[2], row[3] or ""), (line["label"], line["number"]))
                self.assertAlmostEqual(row[8], line["balance"], places=2)
        # the PDF's closing balances, per currency
        self.assertEqual(self._closings(pdf), self._expected_closings(statements))
        numbers = {row[3] for row in body}
        self.assertFalse(numbers & set(self.customer_documents(self.customer_b).mapped("name")))
        for row in body:
            for cell in row:
                self.assertFalse(isinstance(cell, str) and re.match(r"[=+\-@]", cell), cell)
