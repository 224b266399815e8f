from odoo.tests import tagged

from .common import KanbanPortalDocumentsHttpCommon


@tagged("post_install", "-at_install")
class TestPortalSecurity(KanbanPortalDocumentsHttpCommon):
    """A customer never sees, counts or downloads another customer's documents."""

    def test_lists_and_groups_show_only_own_documents(self):
        foreign = self.customer_documents(self.customer_a)
        self.authenticate(self.user_b1.login, self.user_b1.login)
        for url in (
            "/my/invoices",
            *(f"/my/invoices?group={key}" for key in ("overdue", "not_paid", "partial", "in_payment", "paid")),
            f"/my/invoices?search={foreign[0].name}",
            "/my/invoices?filterby=all",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                tree = self.parse(response)
                ids = {int(row.get("data-invoice-id")) for row in tree.xpath("//tr[@data-invoice-id]")}
                self.assertFalse(ids & set(foreign.ids))
                for move in foreign:
                    self.assertNotIn(f'data-invoice-id="{move.id}"', response.text)
                    self.assertNotIn(f">{move.name}<", response.text)
        # totals only count own documents
        tree = self.parse(self.url_open("/my/invoices"))
        own = self.customer_documents(self.customer_b)
        counted = sum(int(el.get("data-group-count")) for el in tree.xpath("//*[@data-group-count]"))
        self.assertEqual(counted, len(own))

    def test_foreign_document_and_pdf_redirect_like_missing(self):
        foreign = self.docs_a["not_due"]
        missing_id = self.env["account.move"].search([], order="id desc", limit=1).id + 1000
        self.authenticate(self.user_b1.login, self.user_b1.login)
        for suffix in ("", "?report_type=pdf&download=true", "?report_type=html"):
            with self.subTest(suffix=suffix):
                response = self.url_open(f"/my/invoices/{foreign.id}{suffix}", allow_redirects=False)
                missing = self.url_open(f"/my/invoices/{missing_id}{suffix}", allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertEqual(response.headers["Location"].rsplit("/", 1)[-1], "my")
                self.assertEqual(
                    (response.status_code, response.headers["Location"]),
                    (missing.status_code, missing.headers["Location"]),
                )
                self.assertNotIn(foreign.name.encode(), response.content)

    def test_own_pdf_downloads(self):
        own = self.docs_b["not_due"]
        self.authenticate(self.user_b1.login, self.user_b1.login)
        response = self.url_open(f"/my/invoices/{own.id}?report_type=pdf&download=true")
        self.assertEqual(response.status_code, 200)
        self.assertIn("pdf", response.headers["Content-Type"])

    def test_receipts_visible_to_their_customer_only(self):
        receipt = self.docs_a["receipt_open"]
        self.assertIn(
            receipt, self.env["account.move"].with_user(self.user_a1).search([("move_type", "=", "out_receipt")])
        )
        self.assertNotIn(
            receipt, self.env["account.move"].with_user(self.user_b1).search([("move_type", "=", "out_receipt")])
        )
        # its row links to its portal page, which opens for its customer only
        self.assertEqual(receipt.access_url, f"/my/invoices/{receipt.id}")
        self.authenticate(self.user_a1.login, self.user_a1.login)
        tree = self.parse(self.url_open("/my/invoices"))
        self.assertEqual(
            tree.xpath(f"//tr[@data-invoice-id='{receipt.id}']//td[@name='invoice_number']/a/@href"),
            [receipt.access_url],
        )
        page = self.url_open(receipt.access_url, allow_redirects=False)
        self.assertEqual(page.status_code, 200)
        self.assertIn(receipt.name, page.text)
        self.authenticate(self.user_b1.login, self.user_b1.login)
        self.assertEqual(self.url_open(receipt.access_url, allow_redirects=False).status_code, 303)

    def test_home_counters_only_own(self):
        self.authenticate(self.user_b1.login, self.user_b1.login)
        counters = self.my_counters("pending_invoice_count")
        pending = [
            m
            for m in self.customer_documents(self.customer_b)
            if m.payment_state in ("not_paid", "partial", "blocked") and m.move_type != "in_invoice"
        ]
        self.assertEqual(counters["pending_invoice_count"], len(pending))
