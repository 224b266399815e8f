from collections import Counter, defaultdict
from datetime import timedelta
from unittest.mock import patch

from odoo.http import request
from odoo.tests import tagged

from odoo.addons.kanban_portal.controllers.portal import PaymentGroupsPortal

from .common import KanbanPortalDocumentsHttpCommon, expected_group, owed_by, read_amount, signed_residual

GROUP_ORDER = ["overdue", "not_paid", "partial", "in_payment", "paid", "reversed"]


@tagged("post_install", "-at_install")
class TestPortalGrouped(KanbanPortalDocumentsHttpCommon):
    def _group_pages(self):
        """Ids shown per group, read from every (whole) group page."""
        shown = {}
        for key in GROUP_ORDER:
            response = self.url_open(f"/my/invoices?group={key}")
            self.assertEqual(response.status_code, 200)
            shown[key] = self.rows_by_group(self.parse(response)).get(key, [])
        return shown

    def test_partition_matches_odoo_fields(self):
        docs = self.customer_documents(self.customer_a)
        # the fixture really covers every group, in_payment included
        expected = defaultdict(set)
        for move in docs:
            expected[expected_group(move, self.today)].add(move.id)
        self.assertEqual(set(expected), set(GROUP_ORDER))
        self.assertEqual(self.docs_a["blocked"].payment_state, "blocked")
        self.assertEqual(self.docs_a["in_payment"].payment_state, "in_payment")

        self.authenticate(self.user_a1.login, self.user_a1.login)
        shown = self._group_pages()
        all_shown = [move_id for ids in shown.values() for move_id in ids]
        self.assertEqual(len(all_shown), len(set(all_shown)), "a document is in two groups")
        self.assertEqual(set(all_shown), set(docs.ids), "documents missing or foreign")
        for key in GROUP_ORDER:
            self.assertEqual(set(shown[key]), expected[key], key)
        # never drafts nor vendor bills
        self.assertNotIn(self.docs_a["draft"].id, all_shown)
        self.assertNotIn(self.docs_a["vendor_bill"].id, all_shown)

    def test_overview_order_rows_and_hooks(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        tree = self.parse(self.url_open("/my/invoices"))
        sections = tree.xpath("//section[@data-payment-group]")
        keys = [section.get("data-payment-group") for section in sections]
        self.assertEqual(keys, [key for key in GROUP_ORDER if key in keys])
        docs = self.customer_documents(self.customer_a)
        for row in tree.xpath("//tr[@data-invoice-id]"):
            move = docs.browse(int(row.get("data-invoice-id")))
            self.assertIn(move, docs)
            self.assertAlmostEqual(read_amount(row, "data-amount-due"), signed_residual(move))
            self.assertEqual(row.get("data-currency"), move.currency_id.name)
        credit_row = tree.xpath(f'//tr[@data-invoice-id="{self.docs_a["credit_note"].id}"]')[0]
        self.assertTrue(credit_row.xpath('.//*[contains(@class, "o_portal_payments_credit_note")]'))
        self.assertLess(read_amount(credit_row, "data-amount-due"), 0)
        # group counts and amounts per currency
        counts = Counter(expected_group(move, self.today) for move in docs)
        amounts = owed_by(docs, lambda move: (expected_group(move, self.today), move.currency_id.name))
        for section in sections:
            key = section.get("data-payment-group")
            self.assertEqual(int(section.xpath(".//*[@data-group-count]")[0].get("data-group-count")), counts[key])
            for amount in section.xpath(".//*[@data-group-amount]"):
                self.assertAlmostEqual(read_amount(amount), amounts[(key, amount.get("data-group-amount"))], places=2)

    def test_summary_per_currency(self):
        docs = self.customer_documents(self.customer_a)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        tree = self.parse(self.url_open("/my/invoices"))
        cards = {card.get("data-summary-currency"): card for card in tree.xpath("//*[@data-summary-currency]")}
        self.assertEqual(set(cards), set(docs.currency_id.mapped("name")))
        owed = owed_by(docs, lambda move: move.currency_id)
        for currency in docs.currency_id:
            in_currency = docs.filtered(lambda m, c=currency: m.currency_id == c)
            overdue = in_currency.filtered(lambda m: expected_group(m, self.today) == "overdue")
            open_due = in_currency.filtered(
                lambda m: (
                    m.move_type != "out_refund"
                    and m.payment_state in ("not_paid", "partial", "blocked")
                    and m.invoice_date_due >= self.today
                )
            )
            card = cards[currency.name]
            self.assertAlmostEqual(read_amount(card, "data-owed"), owed[currency], places=2)
            self.assertAlmostEqual(read_amount(card, "data-overdue"), sum(overdue.mapped("amount_residual")), places=2)
            self.assertEqual(int(card.get("data-overdue-count")), len(overdue))
            expected_next = min(open_due.mapped("invoice_date_due")) if open_due else None
            self.assertEqual(card.get("data-next-due"), expected_next and str(expected_next))

    def test_same_company_contacts_see_the_same(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        first = self._group_pages()
        self.authenticate(self.user_a2.login, self.user_a2.login)
        self.assertEqual(self._group_pages(), first)

    def test_search_dates_sort_and_paging_combine(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        target = self.docs_a["not_due"]
        tree = self.parse(self.url_open("/my/invoices?search=PO-A-NOTDUE"))
        self.assertEqual([int(r.get("data-invoice-id")) for r in tree.xpath("//tr[@data-invoice-id]")], target.ids)
        tree = self.parse(self.url_open(f"/my/invoices?search={target.name}&group=not_paid&sortby=amount"))
        expected = self.customer_documents(self.customer_a).filtered(
            lambda m: target.name in m.name or target.name in (m.ref or "")
        )
        expected = [m.id for m in expected if expected_group(m, self.today) == "not_paid"]
        self.assertIn(target.id, expected)
        self.assertEqual(set(self.rows_by_group(tree)["not_paid"]), set(expected))
        # the date range applies to the invoice date
        start = str(self.today - timedelta(days=45))
        end = str(self.today - timedelta(days=35))
        tree = self.parse(self.url_open(f"/my/invoices?date_begin={start}&date_end={end}&group=overdue"))
        expected = self.customer_documents(self.customer_a).filtered(
            lambda m: start <= str(m.invoice_date) <= end and expected_group(m, self.today) == "overdue"
        )
        self.assertEqual(set(self.rows_by_group(tree)["overdue"]), set(expected.ids))
        self.assertTrue(expected)
        # paging keeps every parameter
        start = str(self.today - timedelta(days=365))
        query = f"group=overdue&sortby=name&search=/&date_begin={start}"
        with patch.object(PaymentGroupsPortal, "_items_per_page", 2):
            first = self.parse(self.url_open(f"/my/invoices?{query}"))
            second = self.parse(self.url_open(f"/my/invoices/page/2?{query}"))
        links = first.xpath('//ul[contains(@class, "pagination")]//a/@href')
        self.assertTrue(links)
        for link in links:
            for arg in ("group=overdue", "sortby=name", "search=%2F", f"date_begin={start}"):
                self.assertIn(arg, link)
        page_ids = self.rows_by_group(first)["overdue"] + self.rows_by_group(second)["overdue"]
        overdue = self.customer_documents(self.customer_a).filtered(
            lambda m: expected_group(m, self.today) == "overdue"
        )
        self.assertEqual(page_ids, overdue.sorted(lambda m: (m.name, m.id), reverse=True).ids[:4])

    def test_bad_parameters(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        default_ids = sorted(
            int(r.get("data-invoice-id"))
            for r in self.parse(self.url_open("/my/invoices")).xpath("//tr[@data-invoice-id]")
        )
        for query in (
            "group=bogus",
            "sortby=bogus",
            "date_begin=2024-13-45&date_end=yesterday",
            "page=-1",
            "group=overdue&page=-7",
            "search=" + "%27%22%3E%3Cscript%3E" * 20,
            "group[]=x",
        ):
            with self.subTest(query=query):
                response = self.url_open(f"/my/invoices?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(b"Traceback", response.content)
                ids = [int(r.get("data-invoice-id")) for r in self.parse(response).xpath("//tr[@data-invoice-id]")]
                self.assertLessEqual(set(ids), set(self.customer_documents(self.customer_a).ids))
                if query in ("group=bogus", "sortby=bogus", "page=-1", "date_begin=2024-13-45&date_end=yesterday"):
                    self.assertEqual(sorted(ids), default_ids)
        # Odoo's standard list answers unknown sortby/filterby with a 500: not here
        for query in (
            "filterby=bogus",
            "filterby=all&sortby=bogus",
            "filterby=bills&sortby=%00",
            "filterby=all&date_begin=garbage&date_end=2024-99-99",
        ):
            with self.subTest(query=query):
                self.assertEqual(self.url_open(f"/my/invoices?{query}").status_code, 200)

    def test_vendor_bills_still_reachable(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self.url_open("/my/invoices?filterby=bills")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.docs_a["vendor_bill"].name, response.text)
        self.assertIn(b"/my/invoices?filterby=bills", self.url_open("/my/invoices").content)

    def test_vendor_bills_link_and_pay_overdue_as_odoo(self):
        """The overview's link to vendor bills shows only for a customer who
        has some, and ``account_payment``'s *Pay overdue* button exactly when
        Odoo's own list shows it (both counted in one query)."""

        def shown(url):
            tree = self.parse(self.url_open(url))
            return (
                bool(tree.xpath('//a[@href="/my/invoices/overdue"]')),
                bool(tree.xpath('//*[contains(@class, "o_portal_payments_vendor_bills")]')),
            )

        self.authenticate(self.user_a1.login, self.user_a1.login)
        # Odoo counts overdue documents of the user's own contact only
        self.assertEqual(shown("/my/invoices?filterby=all")[0], False)
        self.assertEqual(shown("/my/invoices"), (False, True))
        self._make_document(self.user_a1.partner_id, 30.0, days=-60, due=-30)
        self.assertEqual(shown("/my/invoices?filterby=all")[0], True)
        self.assertEqual(shown("/my/invoices"), (True, True))
        self.docs_a["vendor_bill"].button_draft()
        self.assertEqual(shown("/my/invoices"), (True, False))
        # Bruno's company has a bill of its own; Ana's overdue document is not his
        self.authenticate(self.user_b1.login, self.user_b1.login)
        self.assertEqual(shown("/my/invoices"), (False, True))

    def test_overdue_count_override_is_honoured(self):
        """A module overriding Odoo's ``_get_overdue_invoice_count`` is asked
        on the overview too, as on Odoo's list."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self.assertFalse(self.parse(self.url_open("/my/invoices")).xpath('//a[@href="/my/invoices/overdue"]'))
        with patch.object(PaymentGroupsPortal, "_get_overdue_invoice_count", lambda controller: 3, create=True):
            for url in ("/my/invoices?filterby=all", "/my/invoices"):
                with self.subTest(url=url):
                    self.assertTrue(self.parse(self.url_open(url)).xpath('//a[@href="/my/invoices/overdue"]'))

    def test_home_tile_counters(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        result = self.my_counters("pending_invoice_count", "owed_amount")
        pending = [
            m
            for m in self.customer_documents(self.customer_a)
            if expected_group(m, self.today) in ("overdue", "not_paid", "partial")
        ]
        self.assertEqual(result["pending_invoice_count"], len(pending))
        self.assertEqual(len(result["owed_amount"].split(" · ")), 2)  # two currencies, never added
        home = self.url_open("/my")
        self.assertIn(b'data-placeholder_count="pending_invoice_count"', home.content)

    def test_document_page_payment_status(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        move = self.docs_a["partial"]
        tree = self.parse(self.url_open(f"/my/invoices/{move.id}"))
        block = tree.xpath('//*[contains(@class, "o_portal_payments_payment_status")]')[0]
        self.assertEqual(block.get("data-payment-group"), "partial")
        self.assertEqual(len(block.xpath('.//table[contains(@class, "o_portal_payments_payments")]//tbody/tr')), 1)
        self.assertTrue(block.xpath('.//a[@href="#invoice_communication"]'))

    def test_readonly_cursor(self):
        seen = []
        original = PaymentGroupsPortal._prepare_my_invoices_grouped_values

        def spy(controller, *args, **kwargs):
            seen.append(request.env.cr.readonly)
            return original(controller, *args, **kwargs)

        self.authenticate(self.user_a1.login, self.user_a1.login)
        with patch.object(PaymentGroupsPortal, "_prepare_my_invoices_grouped_values", spy):
            for url in ("/my/invoices", "/my/invoices?group=paid", "/my/invoices?filterby=invoices"):
                self.assertEqual(self.url_open(url).status_code, 200)
        self.assertEqual(seen, [True, True, True])

    def test_query_count_constant(self):
        """Overview, group pages and home tile: as many queries with 71
        documents as with 11 (Odoo's ``assertQueryCount`` counts the queries
        of the request too: it runs on the test's cursor)."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        pages = {"/my/invoices": 23, "/my/invoices?group=overdue": 23, "/my/invoices?group=paid": 23}
        counters = 10

        def assert_query_counts():
            for url, queries in pages.items():
                self.url_open(url)  # warm caches (assets, templates)
                with self.assertQueryCount(queries):
                    self.assertEqual(self.url_open(url).status_code, 200)
            self.my_counters("pending_invoice_count", "owed_amount")
            with self.assertQueryCount(counters):
                self.my_counters("pending_invoice_count", "owed_amount")

        assert_query_counts()
        self.assertNoMoreQueriesThanOdoosList(list(pages))
        # from 11 documents to 71: overdue, open and paid ones, in both currencies
        for i in range(20):
            self._make_document(self.customer_a, 10.0 + i, days=-90, due=-60)
            self._make_document(self.customer_a, 15.0 + i, currency=self.eur)
            self._pay(self._make_document(self.customer_a, 20.0 + i, currency=self.eur))
        self.assertEqual(len(self.customer_documents(self.customer_a)), 71)
        assert_query_counts()
        self.assertNoMoreQueriesThanOdoosList(list(pages))

    def _request_queries(self, url):
        """Queries of one request (warm), as the test cursor counts them."""
        self.url_open(url)
        before = self.cr.sql_log_count
        self.assertEqual(self.url_open(url).status_code, 200)
        return self.cr.sql_log_count - before

    def assertNoMoreQueriesThanOdoosList(self, urls):
        """Each page costs no more queries than Odoo's own list of the same
        documents (``?filterby=all``), at the volume the customer has now."""
        odoo_list = self._request_queries("/my/invoices?filterby=all")
        for url in urls:
            with self.subTest(url=url):
                self.assertLessEqual(self._request_queries(url), odoo_list)
