from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _kanban_portal_sale_orders(self):
        """The sales orders this document comes from, that its customer sees
        on the portal too (orders of the same customer, confirmed or sent).

        Read for the whole prefetch set of the rows shown at once.
        """
        self.ensure_one()
        orders = self.sudo().line_ids.sale_line_ids.order_id
        return orders.filtered(
            lambda order: (
                order.partner_id.commercial_partner_id == self.sudo().commercial_partner_id
                and order.state in ("sent", "sale")
            )
        ).sudo(False)
