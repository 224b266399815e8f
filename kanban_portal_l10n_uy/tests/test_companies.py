import csv
import io

from odoo.tests import tagged

from odoo.addons.kanban_portal.tests.common import expected_group

from .common import KanbanPortalUyCase


@tagged("post_install", "-at_install")
class TestCompanies(KanbanPortalUyCase):
    """Nothing of a company shows to a customer of the other, and a customer of
    both sees what Odoo's own portal shows it: the documents of the companies
    its portal user is allowed in, each company's documents as they are."""

    def visible(self, user):
        """The documents ``user`` may see: its company's customer documents in
        the companies the user is allowed in (Odoo's multi-company rule)."""
        return self.env["account.move"].search(
            [
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
                ("partner_id", "child_of", user.partner_id.commercial_partner_id.id),
                ("company_id", "in", user.company_ids.ids),
            ]
        )

    def assert_sees_exactly(self, user, expected):
        hidden = self.moves(self.docs_uy, self.docs_us, self.docs_both_uy, self.docs_both_us) - expected
        self.login(user)
        # kanban_portal's grouped page and Odoo's own list show the same documents
        grouped = {move_id for ids in self.grouped_ids().values() for move_id in ids}
        self.assertEqual(grouped, set(expected.ids))
        self.assertEqual(self.standard_list_ids(), set(expected.ids))
        for move in expected:
            self.assertEqual(self.url_open(move.access_url, allow_redirects=False).status_code, 200, move.name)
        # the other company's documents: neither in a search, an export, nor by
        # their address
        pages = {
            "overview": self.url_open("/my/invoices").text,
            "csv": self.url_open("/my/invoices/export/csv").content.decode("utf-8-sig"),
        }
        for move in hidden:
            with self.subTest(user=user.login, move=move.name):
                self.assertEqual(self.grouped_ids(f"?search={move.name}"), {})
                for page, text in pages.items():
                    self.assertFalse(move.name in text, f"{move.name} on the {page}")
                    self.assertFalse(move.ref and move.ref in text, f"{move.ref} on the {page}")
                response = self.url_open(move.access_url, allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my"))
        rows = list(csv.reader(io.StringIO(pages["csv"])))[1:]
        self.assertEqual(sorted(row[0] for row in rows), sorted(expected.mapped("name")))
        counters = self.url_open(
            "/my/counters", json={"params": {"counters": ["pending_invoice_count", "invoice_count"]}}
        ).json()["result"]
        pending = expected.filtered(lambda m: expected_group(m, self.today) in ("overdue", "not_paid", "partial"))
        self.assertEqual(counters["pending_invoice_count"], len(pending))

    def test_customer_of_the_uruguayan_company(self):
        expected = self.moves(self.docs_uy)
        self.assertEqual(self.visible(self.user_uy), expected)
        self.assert_sees_exactly(self.user_uy, expected)

    def test_customer_of_the_other_company(self):
        expected = self.moves(self.docs_us)
        self.assertEqual(self.visible(self.user_us), expected)
        self.assert_sees_exactly(self.user_us, expected)

    def test_customer_of_both_companies_allowed_in_both(self):
        expected = self.moves(self.docs_both_uy, self.docs_both_us)
        self.assertEqual(self.visible(self.user_both), expected)
        self.assert_sees_exactly(self.user_both, expected)
        # each company's documents as they are: fiscal numbers in one, Odoo's
        # numbers in the other; the statement apart per company and currency
        page = self.url_open("/my/invoices").text
        for move in expected:
            self.assert_number_shown(page, move.name)
        # what is owed per currency, as the list: USD of both companies, UYU
        owed = {
            card.get("data-summary-currency"): float(card.get("data-owed"))
            for card in self.parse(self.url_open("/my/invoices")).xpath("//*[@data-summary-currency]")
        }
        self.assertEqual(owed, {"UYU": 111.0, "USD": 222.0 + 888.0})

    def test_customer_of_both_companies_allowed_in_one(self):
        """Odoo shows a portal user the documents of its allowed companies only,
        even where its company is a customer of another: so do we."""
        expected = self.moves(self.docs_both_uy)
        self.assertEqual(self.visible(self.user_both_uy), expected)
        self.assert_sees_exactly(self.user_both_uy, expected)

    def assert_statement_shows_exactly(self, user, expected):
        hidden = self.moves(self.docs_uy, self.docs_us, self.docs_both_uy, self.docs_both_us) - expected
        self.login(user)
        # under tests Odoo renders reports as HTML (no wkhtmltopdf): read it
        statement = self.url_open("/my/invoices/statement?date_begin=2000-01-01").text
        for move in expected:
            self.assertTrue(move.name in statement, f"{move.name} is not on the statement")
        for move in hidden:
            with self.subTest(user=user.login, move=move.name):
                self.assertFalse(move.name in statement, f"{move.name} on the statement")
                self.assertFalse(move.ref and move.ref in statement, f"{move.ref} on the statement")
        return statement

    def test_statement_of_a_customer_of_one_company(self):
        self.assert_statement_shows_exactly(self.user_uy, self.moves(self.docs_uy))
        self.assert_statement_shows_exactly(self.user_us, self.moves(self.docs_us))

    def test_statement_of_a_customer_of_both_companies(self):
        """Apart per company and currency for a contact allowed in both; the
        allowed company's only for a contact allowed in one (as its list)."""
        statement = self.assert_statement_shows_exactly(
            self.user_both, self.moves(self.docs_both_uy, self.docs_both_us)
        )
        self.assertTrue(self.company_us.name in statement, "the other company is not named on the statement")
        self.assert_statement_shows_exactly(self.user_both_uy, self.moves(self.docs_both_uy))
