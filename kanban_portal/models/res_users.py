from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    kanban_portal_invited_on = fields.Datetime(
        string="Portal invitation sent on", readonly=True, copy=False, groups="base.group_partner_manager"
    )
