from datetime import timedelta

from odoo import Command, api, fields, models

DEMO_COMPANY = "kanban_portal_l10n_uy.demo_company_uy"


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @api.model
    def _is_uy_portal_demo_company(self, company):
        demo_company = self.env.ref(DEMO_COMPANY, raise_if_not_found=False)
        return bool(company and demo_company) and company == demo_company

    @api.model
    def _get_demo_data(self, company=False):
        # the demo company's documents are built below, through Odoo's flows,
        # instead of l10n_uy's demo invoices to Odoo's demo partners
        if self._is_uy_portal_demo_company(company):
            return {}
        return super()._get_demo_data(company)

    def _post_load_demo_data(self, company=False):
        if self._is_uy_portal_demo_company(company):
            return self.env["account.move"]._create_uy_portal_demo_documents(company)
        return super()._post_load_demo_data(company)


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.model
    def _get_uy_portal_demo_documents_spec(self):
        """The demo company's e-Facturas, one dict each: ``days``/``due``
        relative to today, ``amount`` before VAT, ``pay`` the part paid
        (``True``: all of it)."""
        return [
            dict(key="uyu_not_due", days=-4, due=26, amount=48000.0, currency="UYU"),
            dict(key="uyu_overdue", days=-50, due=-20, amount=12500.0, currency="UYU"),
            dict(key="uyu_paid", days=-25, due=5, amount=30000.0, currency="UYU", pay=True),
            dict(key="usd_not_due", days=-2, due=28, amount=2400.0, currency="USD"),
            dict(key="usd_partial_overdue", days=-40, due=-10, amount=1500.0, currency="USD", pay=500.0),
            dict(key="usd_paid", days=-30, due=0, amount=900.0, currency="USD", pay=True),
        ]

    @api.model
    def _create_uy_portal_demo_documents(self, company):
        """Post the demo company's e-Facturas to its customer and pay some of
        them, through Odoo's own flows (idempotent)."""
        IMD = self.env["ir.model.data"]
        if IMD._xmlid_to_res_id("kanban_portal_l10n_uy.demo_move_uyu_not_due", raise_if_not_found=False):
            return True
        customer = self.env.ref("kanban_portal_l10n_uy.demo_partner_rincon")
        e_invoice = self.env.ref("l10n_uy.dc_e_inv")
        today = fields.Date.context_today(self)
        Move = self.with_company(company)
        for spec in self._get_uy_portal_demo_documents_spec():
            move = Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_user_id": self.env.ref("base.user_admin").id,
                    "l10n_latam_document_type_id": e_invoice.id,
                    "currency_id": self.env.ref(f"base.{spec['currency']}").id,
                    "invoice_date": today + timedelta(days=spec["days"]),
                    "invoice_date_due": today + timedelta(days=spec["due"]),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Freight Montevideo - Paysandú"),
                                "quantity": 1,
                                "price_unit": spec["amount"],
                                "tax_ids": [Command.set(company.account_sale_tax_id.ids)],
                            }
                        )
                    ],
                }
            )
            move.action_post()
            if spec.get("pay"):
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=move.ids
                ).create(
                    {
                        "amount": move.amount_residual if spec["pay"] is True else spec["pay"],
                        "currency_id": move.currency_id.id,
                        "payment_date": min(today, move.invoice_date + timedelta(days=5)),
                    }
                )._create_payments()
            IMD._update_xmlids(
                [{"xml_id": f"kanban_portal_l10n_uy.demo_move_{spec['key']}", "record": move, "noupdate": True}]
            )
        return True
