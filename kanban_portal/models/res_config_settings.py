from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kanban_portal_responsible_id = fields.Many2one(related="company_id.kanban_portal_responsible_id", readonly=False)
    kanban_portal_max_file_mb = fields.Integer(related="company_id.kanban_portal_max_file_mb", readonly=False)
    kanban_portal_max_files = fields.Integer(related="company_id.kanban_portal_max_files", readonly=False)
    kanban_portal_review_activity = fields.Boolean(related="company_id.kanban_portal_review_activity", readonly=False)
    kanban_portal_export_max = fields.Integer(related="company_id.kanban_portal_export_max", readonly=False)
    kanban_portal_zip_max = fields.Integer(related="company_id.kanban_portal_zip_max", readonly=False)
    kanban_portal_statement_max_lines = fields.Integer(
        related="company_id.kanban_portal_statement_max_lines", readonly=False
    )
