from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        """A language loaded after the reminder steps were created: the steps
        still worded as the defaults get their wording in it."""
        result = super()._load_module_terms(modules, langs, overwrite=overwrite)
        if "kanban_portal" in modules and "kanban_portal.reminder.step" in self.env:
            Step = self.env["kanban_portal.reminder.step"].sudo().with_context(active_test=False)
            steps = Step.search([("days", "in", list(Step._get_default_step_values()))])
            steps._translate_default_wording(langs)
        return result
