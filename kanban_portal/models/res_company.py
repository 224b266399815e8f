from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kanban_portal_responsible_id = fields.Many2one(
        "res.users",
        string="Portal comments responsible",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Notified of a customer's comment on a document that has no active salesperson, "
        "and whose customer has none either.",
    )
    kanban_portal_max_file_mb = fields.Integer(
        string="Maximum size of a customer's file (MB)",
        default=10,
        help="Files customers attach to their comments on the portal may not be larger.",
    )
    kanban_portal_max_files = fields.Integer(
        string="Maximum files per customer comment",
        default=5,
    )
    kanban_portal_review_activity = fields.Boolean(
        string="Review activity on customer files",
        default=True,
        help="A customer's comment with files creates a to-do 'Review proof of payment' for the notified user.",
    )
    kanban_portal_export_max = fields.Integer(
        string="Maximum documents per export",
        default=10000,
        help="A customer's CSV or Excel export of more documents is refused: they narrow the list first.",
    )
    # The PDFs of a ZIP and of a statement are rendered inside the customer's
    # request: their maximums keep one request well inside Odoo's default
    # limit_time_real (120 s) on a 2-core server, measured by
    # benchmarks/bench_exports.sh (docs/measurements.md, "Last figures"): one invoice PDF takes
    # about 1.2 s of wkhtmltopdf, so 20 PDFs take about 25 s; a statement of
    # 10,000 lines about 11 s. Above them the customer gets the spreadsheet.
    kanban_portal_zip_max = fields.Integer(
        string="Maximum PDFs per ZIP",
        default=20,
        help="A customer's ZIP of the PDFs of more documents is refused: they narrow the list first, "
        "or download it as a spreadsheet. Each PDF takes about a second to render, inside the request.",
    )
    kanban_portal_statement_max_lines = fields.Integer(
        string="Maximum lines per statement PDF",
        default=10000,
        help="A customer's statement of account with more lines is not rendered as a PDF: they choose "
        "a shorter period, or download it as a spreadsheet.",
    )
    kanban_portal_reminder_enabled = fields.Boolean(
        string="Payment reminders",
        help="Every day, customers get one email listing their documents that reached a reminder step, "
        "with a link into the portal where they pay or report a payment.",
    )
    kanban_portal_reminder_step_ids = fields.One2many(
        "kanban_portal.reminder.step", "company_id", string="Reminder steps"
    )
    kanban_portal_reminder_user_id = fields.Many2one(
        "res.users",
        string="Reminders sender",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="The payment reminders come from this user's email address (empty: the company's).",
    )
    kanban_portal_reminder_salesperson_copy = fields.Boolean(
        string="Copy to the salesperson",
        help="The salesperson of the documents gets a copy of each payment reminder.",
    )

    def _enable_portal_reminders(self):
        """Switch payment reminders on, with the default steps where a company has none."""
        self.kanban_portal_reminder_enabled = True
        self.env["kanban_portal.reminder.step"].sudo()._create_default_steps(self)
        return True

    def _get_portal_reminder_today(self):
        """The company's today (in its time zone): the day reminders are counted from."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self.partner_id.tz or "UTC"))
