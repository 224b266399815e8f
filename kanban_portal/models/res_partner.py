from odoo import api, fields, models

PORTAL_STATUSES = [
    ("none", "No access"),
    ("invited", "Invited, never logged in"),
    ("active", "Active"),
    ("revoked", "Revoked"),
    ("internal", "Internal user"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    kanban_portal_status = fields.Selection(
        PORTAL_STATUSES,
        string="Portal access",
        compute="_compute_kanban_portal_status",
        groups="base.group_partner_manager",
    )
    kanban_portal_no_reminder = fields.Boolean(
        string="No payment reminders",
        help="This customer never gets payment reminders (set on the company: it covers its contacts).",
    )
    kanban_portal_login_date = fields.Datetime(
        string="Last portal login",
        compute="_compute_kanban_portal_status",
        groups="base.group_partner_manager",
    )

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "kanban_portal_no_reminder"]

    @api.depends("user_ids", "user_ids.active", "user_ids.group_ids", "user_ids.login_date")
    def _compute_kanban_portal_status(self):
        for partner in self:
            user = partner.with_context(active_test=False).user_ids[:1]
            partner.kanban_portal_status = partner._get_portal_status_of(user)
            partner.kanban_portal_login_date = user.login_date if user else False

    @api.model
    def _get_portal_status_of(self, user):
        """Portal status of a contact given its user (possibly archived)."""
        user = user.sudo()
        if not user:
            return "none"
        if user._is_internal():
            return "internal"
        if not user.active or not user._is_portal():
            return "revoked"
        return "active" if user.login_date else "invited"
