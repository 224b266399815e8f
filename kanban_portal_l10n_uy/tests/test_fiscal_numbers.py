import csv
import io
import re
from collections import defaultdict

from openpyxl import load_workbook

from odoo.tests import tagged

from odoo.addons.kanban_portal.tests.common import expected_group

from .common import KanbanPortalUyCase


@tagged("post_install", "-at_install")
class TestFiscalNumbers(KanbanPortalUyCase):
    """A Uruguayan company's customer finds its documents by their fiscal
    numbers (DGI document type and number, e.g. ``e-FC A0000001``) on every
    page, with what is due per currency: UYU, the company's, and USD."""

    def owed_by_currency(self, moves):
        owed = defaultdict(float)
        for move in moves:
            owed[move.currency_id.name] += (-1 if move.move_type == "out_refund" else 1) * move.amount_residual
        return owed

    def test_documents_carry_fiscal_numbers(self):
        """What l10n_uy makes of the documents: the document type's prefix and
        a series letter with seven digits, numbered per document type."""
        self.assertEqual(self.company_uy.currency_id.name, "UYU")
        self.assertEqual(self.company_uy.chart_template, "uy")
        invoices = self.moves(self.docs_uy, self.docs_both_uy).filtered(lambda m: m.move_type == "out_invoice")
        for move in invoices:
            self.assertRegex(move.name, r"^e-FC A\d{7}$")
            self.assertEqual(move.l10n_latam_document_number, move.name.removeprefix("e-FC "))
        self.assertEqual(len(set(invoices.mapped("name"))), len(invoices))
        self.assertEqual(self.docs_uy["uyu_credit_note"].name, "e-NC A0000001")
        # the other company numbers as Odoo does without a localization
        self.assertNotRegex(self.docs_us["not_due"].name, r"^e-")

    def test_grouped_pages_show_fiscal_numbers(self):
        self.login(self.user_uy)
        own = self.moves(self.docs_uy)
        by_group = defaultdict(list)
        for move in own:
            by_group[expected_group(move, self.today)].append(move.id)
        groups = self.grouped_ids()
        self.assertEqual({key: sorted(ids) for key, ids in groups.items()}, {k: sorted(v) for k, v in by_group.items()})
        page = self.url_open("/my/invoices").text
        for move in own:
            self.assert_number_shown(page, move.name)
        # a group's own page, paged
        for key, ids in by_group.items():
            with self.subTest(group=key):
                response = self.url_open(f"/my/invoices?group={key}")
                self.assertEqual(sorted(self.grouped_ids(f"?group={key}")[key]), sorted(ids))
                for move in self.env["account.move"].browse(ids):
                    self.assert_number_shown(response.text, move.name)

    def test_search_by_fiscal_number(self):
        self.login(self.user_uy)
        target = self.docs_uy["uyu_overdue"]
        for search in (target.name, target.l10n_latam_document_number, target.name.lower()):
            with self.subTest(search=search):
                found = [move_id for ids in self.grouped_ids(f"?search={search}").values() for move_id in ids]
                expected = self.moves(self.docs_uy).filtered(lambda m, s=search: s.lower() in m.name.lower())
                self.assertIn(target.id, found)
                self.assertEqual(sorted(found), sorted(expected.ids))
        # the credit note by its own type: e-NC
        found = self.grouped_ids("?search=e-NC")
        self.assertEqual([i for ids in found.values() for i in ids], self.docs_uy["uyu_credit_note"].ids)
        # the other customer's e-Facturas of the same company are not found
        other = self.docs_both_uy["uyu_not_due"]
        self.assertEqual(self.grouped_ids(f"?search={other.name}"), {})

    def test_document_page_shows_fiscal_number(self):
        self.login(self.user_uy)
        move = self.docs_uy["usd_partial_overdue"]
        response = self.url_open(move.access_url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(move.name in response.text, f"{move.name} is not on its page")

    def test_totals_per_currency(self):
        """UYU and USD are summed apart, each in its own currency, never
        converted to the company's pesos."""
        self.login(self.user_uy)
        tree = self.parse(self.url_open("/my/invoices"))
        cards = {
            card.get("data-summary-currency"): float(card.get("data-owed"))
            for card in tree.xpath("//*[@data-summary-currency]")
        }
        expected = self.owed_by_currency(self.moves(self.docs_uy))
        self.assertEqual(set(cards), {"UYU", "USD"})
        for currency, amount in expected.items():
            self.assertAlmostEqual(cards[currency], amount, places=2, msg=currency)
        # 1000 + 2000 - 400 pesos; 200 + 70 dollars
        self.assertAlmostEqual(cards["UYU"], 2600.0, places=2)
        self.assertAlmostEqual(cards["USD"], 270.0, places=2)
        # each group's amounts, per currency
        for section in tree.xpath("//section[@data-payment-group]"):
            key = section.get("data-payment-group")
            amounts = {
                el.get("data-group-amount"): float(el.get("data-amount"))
                for el in section.xpath(".//*[@data-group-amount]")
            }
            moves = self.moves(self.docs_uy).filtered(lambda m, key=key: expected_group(m, self.today) == key)
            expected_group_amounts = self.owed_by_currency(moves)
            with self.subTest(group=key):
                self.assertEqual(set(amounts), set(moves.currency_id.mapped("name")))
                for currency, amount in amounts.items():
                    self.assertAlmostEqual(amount, expected_group_amounts[currency], places=2)

    def test_exports_show_fiscal_numbers(self):
        self.login(self.user_uy)
        own = self.moves(self.docs_uy)
        response = self.url_open("/my/invoices/export/csv")
        self.assertEqual(response.status_code, 200, response.text[:300])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
        self.assertEqual(sorted(row[0] for row in rows), sorted(own.mapped("name")))
        by_name = {row[0]: row for row in rows}
        for move in own:
            sign = -1 if move.move_type == "out_refund" else 1
            self.assertEqual(by_name[move.name][5], move.currency_id.name)
            self.assertAlmostEqual(float(by_name[move.name][7]), sign * move.amount_residual, places=2)
        # the list being looked at: a group, a search by fiscal number
        rows = list(csv.reader(io.StringIO(self.url_open("/my/invoices/export/csv?group=overdue").text)))[1:]
        overdue = own.filtered(lambda m: expected_group(m, self.today) == "overdue")
        self.assertEqual(sorted(row[0] for row in rows), sorted(overdue.mapped("name")))
        target = self.docs_uy["usd_paid"]
        rows = list(csv.reader(io.StringIO(self.url_open(f"/my/invoices/export/csv?search={target.name}").text)))[1:]
        self.assertEqual([row[0] for row in rows], [target.name])
        # Excel
        response = self.url_open("/my/invoices/export/xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sorted(names), sorted(own.mapped("name")))

    def test_statement_shows_fiscal_numbers(self):
        own = self.moves(self.docs_uy)
        self.login(self.user_uy)
        # under tests Odoo renders reports as HTML (no wkhtmltopdf): read it
        response = self.url_open(f"/my/invoices/statement?date_begin=2000-01-01&date_end={self.today}")
        self.assertEqual(response.status_code, 200)
        for move in own:
            self.assertTrue(re.search(rf">[^<]*{re.escape(move.name)}\s*<", response.text), move.name)
        # one section per currency, each closing on what is owed in it
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "kanban_portal.action_report_statement",
                self.customer_uy.ids,
                data={"date_from": "2000-01-01", "date_to": str(self.today)},
            )[0]
            .decode()
        )
        tree = self.parse(type("Response", (), {"content": html.encode()}))
        sections = [el.get("data-statement-currency") for el in tree.xpath("//*[@data-statement-currency]")]
        self.assertEqual(sorted(sections), ["USD", "UYU"])
        closings = sorted(float(el.get("data-closing")) for el in tree.xpath("//*[@data-closing]"))
        expected = self.owed_by_currency(own)
        self.assertEqual(closings, sorted(round(amount, 2) for amount in expected.values()))
        for move in own:
            self.assertTrue(move.name in html, f"{move.name} is not on the statement")
