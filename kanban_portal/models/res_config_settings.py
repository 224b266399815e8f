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
    kanban_portal_reminder_enabled = fields.Boolean(related="company_id.kanban_portal_reminder_enabled", readonly=False)
    kanban_portal_reminder_user_id = fields.Many2one(
        related="company_id.kanban_portal_reminder_user_id", readonly=False
    )
    kanban_portal_reminder_salesperson_copy = fields.Boolean(
        related="company_id.kanban_portal_reminder_salesperson_copy", readonly=False
    )

    def set_values(self):
        result = super().set_values()
        if self.kanban_portal_reminder_enabled:
            self.company_id._enable_portal_reminders()
        return result

    def action_open_kanban_portal_reminder_steps(self):
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "kanban_portal.reminder.step",
            "view_mode": "list",
            "domain": [("company_id", "=", self.company_id.id)],
            "context": {"default_company_id": self.company_id.id},
        }
        action["name"] = self.env._("Payment reminder steps")
        return action
