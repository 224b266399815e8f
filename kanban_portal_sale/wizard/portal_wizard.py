from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def action_revoke_access(self):
        """The sales order links already emailed to the company stop working
        too (new access tokens), as its documents' links do."""
        result = super().action_revoke_access()
        commercial = self.partner_id.commercial_partner_id
        self.env["sale.order"].sudo().search(
            [("partner_id", "child_of", commercial.id), ("access_token", "!=", False)]
        ).write({"access_token": False})
        return result
