from datetime import timedelta

from odoo import Command, api, fields, models

# Emails rendered in one preview: enough to check the wording, quick to open.
PREVIEW_LIMIT = 100


class KanbanPortalReminderPreview(models.TransientModel):
    """What the next run of the payment reminders will send, with its emails
    rendered: the run's own plan (``_get_reminder_plan``), nothing sent."""

    _name = "kanban_portal.reminder.preview"
    _description = "Preview of the next payment reminders"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Date(
        string="Run of",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=1),
    )
    line_ids = fields.One2many("kanban_portal.reminder.preview.line", "preview_id", string="Emails")
    customer_count = fields.Integer(string="Customers to remind", readonly=True)
    truncated = fields.Boolean(readonly=True)
    reminders_enabled = fields.Boolean(related="company_id.kanban_portal_reminder_enabled")

    @api.depends("date")
    def _compute_display_name(self):
        for preview in self:
            preview.display_name = self.env._("Next payment reminders")

    @api.model
    def action_open(self):
        preview = self.create({})
        preview._build_preview()
        return preview._get_form_action()

    def action_refresh(self):
        self.ensure_one()
        self._build_preview()
        return self._get_form_action()

    def _get_form_action(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Next payment reminders"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _build_preview(self):
        Reminder = self.env["kanban_portal.reminder"]
        for preview in self:
            company = preview.company_id
            customers = Reminder._get_reminder_customers(company, preview.date)
            plan = Reminder._get_reminder_plan(
                company, preview.date, self.env["res.partner"].browse(customers[:PREVIEW_LIMIT])
            )
            lines = []
            for email in plan:
                values = Reminder._prepare_reminder_email_values(company, email, preview.date)
                lang = email["recipients"][:1].lang or company.partner_id.lang or "en_US"
                subject, body = Reminder._render_reminder_email(values, lang)
                lines.append(
                    Command.create(
                        {
                            "partner_id": email["partner"].id,
                            "currency_id": email["currency"].id,
                            "step_id": values["step"].id,
                            "recipients": ", ".join(email["recipients"].mapped("email_formatted")),
                            "move_ids": [Command.set([line["move"].id for line in email["lines"]])],
                            "amount_due": values["amount_due"],
                            "amount_overdue": values["amount_overdue"],
                            "subject": subject,
                            "body_html": body,
                        }
                    )
                )
            preview.write(
                {
                    "line_ids": [Command.clear(), *lines],
                    "customer_count": len(customers),
                    "truncated": len(customers) > PREVIEW_LIMIT,
                }
            )


class KanbanPortalReminderPreviewLine(models.TransientModel):
    _name = "kanban_portal.reminder.preview.line"
    _description = "Payment reminder to be sent"

    preview_id = fields.Many2one("kanban_portal.reminder.preview", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    step_id = fields.Many2one("kanban_portal.reminder.step", readonly=True)
    recipients = fields.Char(readonly=True)
    move_ids = fields.Many2many("account.move", string="Documents", readonly=True)
    amount_due = fields.Monetary(string="Total due", readonly=True)
    amount_overdue = fields.Monetary(string="Total overdue", readonly=True)
    subject = fields.Char(readonly=True)
    body_html = fields.Html(string="Email", readonly=True, sanitize=False)
