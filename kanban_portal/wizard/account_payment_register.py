from odoo import fields, models


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    kanban_portal_payment_report_id = fields.Many2one(
        "kanban_portal.payment.report", string="Payment reported", readonly=True
    )

    def _create_payments(self):
        payments = super()._create_payments()
        if self.kanban_portal_payment_report_id:
            self.kanban_portal_payment_report_id._mark_registered(payments)
        return payments
