import odoo
from odoo import Command
from odoo.tests import tagged

from odoo.addons.kanban_portal.tests import test_story


@tagged("post_install", "-at_install")
class TestSaleStory(test_story.TestStory):
    """With Odoo's Sales app installed: the whole story once more (inherited
    test), the customer still finds their orders, and an invoice links to the
    order it comes from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(["sale", "kanban_portal_sale"], ["es_419"], overwrite=True)
        # the test user keeps accounting rights only: orders are made as the superuser
        product = (
            cls.env["product.product"]
            .sudo()
            .create({"name": "Servicio de consultoría", "list_price": 300.0, "taxes_id": []})
        )
        cls.order = (
            cls.env["sale.order"]
            .sudo()
            .create(
                {
                    "name": "SO-STORY-001",
                    "partner_id": cls.customer_a.id,
                    "user_id": cls.seller.id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "tax_ids": []})],
                }
            )
        )
        cls.order.action_confirm()
        cls.order_invoice = cls.order._create_invoices()
        cls.order_invoice.action_post()

    def test_orders_and_link_to_order(self):
        self.assertEqual(self.order_invoice._get_portal_sale_orders(), self.order)
        # no link to another customer's order
        self.assertFalse(self.docs_b["not_due"]._get_portal_sale_orders())
        self.start_tour("/my", "kanban_portal_sale_tour", login=self.user_a1.login)

    def test_rows_query_count_does_not_grow_with_orders(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        url = "/my/invoices?group=not_paid"
        before = self._count_queries(url)
        for i in range(3):
            order = self.order.sudo().copy({"name": f"SO-STORY-X{i}"})
            order.action_confirm()
            order._create_invoices().action_post()
        after = self._count_queries(url)
        self.assertEqual(before, after, "queries grow with the number of linked orders")

    def _count_queries(self, url):
        self.url_open(url)  # warm caches (assets, templates)
        before = odoo.sql_db.sql_counter
        self.assertEqual(self.url_open(url).status_code, 200)
        return odoo.sql_db.sql_counter - before
