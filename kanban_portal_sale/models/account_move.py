from odoo import SUPERUSER_ID, api, fields, models
from odoo.http import request


class AccountMove(models.Model):
    _inherit = "account.move"

    kanban_portal_sale_order_ids = fields.Many2many(
        "sale.order",
        string="Sales orders on the portal",
        compute="_compute_kanban_portal_sale_order_ids",
        compute_sudo=True,
        help="Sales orders this document comes from that the current user may read.",
    )

    @api.depends(
        "commercial_partner_id",
        "line_ids.sale_line_ids.order_id.state",
        "line_ids.sale_line_ids.order_id.partner_id",
    )
    @api.depends_context("uid")
    def _compute_kanban_portal_sale_order_ids(self):
        """Orders of the same customer, confirmed or sent, that the current
        user may read through the record rules: the customer's own portal user
        does, the public user on a token link or another customer does not.

        Decided from the environment's user, never from ``sudo``, and for all
        the documents computed at once: one access check for the rows of a page.
        """
        # computed as the superuser (compute_sudo), for the environment's user
        orders = self.line_ids.sale_line_ids.order_id.filtered(lambda order: order.state in ("sent", "sale"))
        readable = orders.sudo(False)._filtered_access("read")
        for move in self:
            move.kanban_portal_sale_order_ids = move.line_ids.sale_line_ids.order_id.filtered(
                lambda order, move=move: (
                    order in readable and order.partner_id.commercial_partner_id == move.commercial_partner_id
                )
            )

    def _get_portal_sale_orders(self):
        """The sales orders this document comes from that its viewer may open
        on the portal (see ``kanban_portal_sale_order_ids``), as the viewer:
        link them with ``access_url``, never with their token.

        The viewer is the environment's user; but a portal document page
        renders its document as the superuser (``_document_check_access``),
        whoever asks for it, even the public user holding a forwarded token
        link: there the viewer is the request's user.

        Computed for the whole prefetch set of the rows shown at once.
        """
        self.ensure_one()
        move = self
        if self.env.uid == SUPERUSER_ID and request:
            move = self.with_user(request.env.user)
        return move.kanban_portal_sale_order_ids.sudo(False)
