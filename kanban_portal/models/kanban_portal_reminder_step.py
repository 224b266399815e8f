from odoo import api, fields, models


class KanbanPortalReminderStep(models.Model):
    _name = "kanban_portal.reminder.step"
    _description = "Payment reminder step"
    _order = "company_id, days, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, help="Shown in the email's subject and heading.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade", default=lambda self: self.env.company
    )
    days = fields.Integer(
        string="Days after the due date",
        required=True,
        help="When the reminder goes: days after the due date (negative: before it, e.g. -3 for a courtesy "
        "reminder three days before the document falls due).",
    )
    body = fields.Text(
        string="Wording",
        translate=True,
        help="The paragraph opening the email, above the list of documents.",
    )

    _days_company_unique = models.UniqueIndex(
        "(company_id, days) WHERE (active IS TRUE)",
        "A company has one active reminder step per number of days.",
    )

    @api.model
    def _get_default_step_values(self):
        """The steps a company starts with: a courtesy reminder three days
        before the due date, then three after it. ``{days: {'name', 'body'}}`` in
        the current language."""
        return {
            -3: {
                "name": self.env._("Courtesy reminder"),
                "body": self.env._(
                    "This is a friendly reminder about the documents below, which fall due soon or have just "
                    "fallen due. If you have already paid them, thank you, and please ignore this message."
                ),
            },
            3: {
                "name": self.env._("Payment reminder"),
                "body": self.env._(
                    "According to our records, the documents below are past their due date. "
                    "If you have already paid them, you can report the payment on the portal with its receipt."
                ),
            },
            15: {
                "name": self.env._("Second payment reminder"),
                "body": self.env._(
                    "The documents below are still unpaid, fifteen days after their due date. "
                    "Please pay them, or tell us if something is wrong with them."
                ),
            },
            30: {
                "name": self.env._("Final payment reminder"),
                "body": self.env._(
                    "The documents below are thirty days overdue. Please pay them as soon as possible, "
                    "or contact us to agree on a payment plan."
                ),
            },
        }

    @api.model
    def _create_default_steps(self, companies):
        """Create the default steps for the companies that have none, with
        their wording in every installed language."""
        companies = companies.filtered(
            lambda c: not self.with_context(active_test=False).search_count([("company_id", "=", c.id)], limit=1)
        )
        if not companies:
            return self.browse()
        source = self.with_context(lang="en_US")._get_default_step_values()
        steps = self.with_context(lang="en_US").create(
            [
                {"company_id": company.id, "days": days, **values}
                for company in companies
                for days, values in source.items()
            ]
        )
        steps._translate_default_wording([code for code, __ in self.env["res.lang"].get_installed()])
        return steps

    def _translate_default_wording(self, langs):
        """Give the steps of ``self`` still worded as the defaults (in
        English) their default wording in ``langs`` where they have none: a
        language installed after the steps were created gets it too (see
        ``ir.module.module._load_module_terms``); a wording staff wrote is
        never touched."""
        source = self.with_context(lang="en_US")._get_default_step_values()
        for lang in set(langs) - {"en_US"}:
            translated = self.with_context(lang=lang)._get_default_step_values()
            for step in self.with_context(lang="en_US"):
                for field_name, value in source.get(step.days, {}).items():
                    if step[field_name] == value and step.with_context(lang=lang)[field_name] == value:
                        step.update_field_translations(field_name, {lang: translated[step.days][field_name]})
