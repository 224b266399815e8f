from datetime import timedelta

from odoo import Command, api, fields, models


class AccountMove(models.Model):
    """Demo documents of kanban_portal: invoices, receipts and credit notes in
    every payment situation, built through Odoo's own flows with dates
    relative to the day of install (``demo/account_move_demo.xml``)."""

    _inherit = "account.move"

    @api.model
    def _get_portal_demo_documents_spec(self):
        """Return the demo documents to build, one dict each.

        ``days``/``due`` are relative to today; ``pay`` is the part paid
        (``True`` for all of it); ``reverse`` reverses the invoice with a
        credit note reconciled against it; ``refund_of`` builds an open
        credit note of the given invoice.
        """
        return [
            # Distribuidora Atlántida S.A. (salesperson Valentina)
            dict(key="atl_not_due", partner="demo_partner_atlantida", days=-5, due=25, amount=1000.0),
            dict(key="atl_overdue", partner="demo_partner_atlantida", days=-60, due=-30, amount=500.0),
            dict(key="atl_partial", partner="demo_partner_atlantida", days=-10, due=20, amount=800.0, pay=300.0),
            dict(
                key="atl_partial_overdue",
                partner="demo_partner_atlantida",
                days=-45,
                due=-15,
                amount=40000.0,
                currency="UYU",
                pay=10000.0,
            ),
            dict(key="atl_paid", partner="demo_partner_atlantida", days=-40, due=-10, amount=1200.0, pay=True),
            dict(key="atl_reversed", partner="demo_partner_atlantida", days=-35, due=-5, amount=300.0, reverse=True),
            dict(
                key="atl_receipt_paid",
                partner="demo_partner_atlantida",
                move_type="out_receipt",
                days=-3,
                due=-3,
                amount=2000.0,
                currency="UYU",
                pay=True,
            ),
            dict(
                key="atl_not_due_uyu",
                partner="demo_partner_atlantida",
                days=-2,
                due=28,
                amount=25000.0,
                currency="UYU",
            ),
            # a credit note applied to the invoice it refunds, and one left open
            # (credit in the customer's favour)
            dict(key="atl_credit_note", partner="demo_partner_atlantida", refund_of="atl_not_due_uyu", amount=5000.0),
            dict(
                key="atl_open_credit_note",
                partner="demo_partner_atlantida",
                move_type="out_refund",
                days=-1,
                due=-1,
                amount=3000.0,
                currency="UYU",
            ),
            # Ferretería del Sur Ltda. (salesperson Joaquín)
            dict(key="sur_not_due", partner="demo_partner_delsur", days=-1, due=29, amount=640.0, user="joaquin"),
            dict(key="sur_overdue", partner="demo_partner_delsur", days=-75, due=-45, amount=910.0, user="joaquin"),
            dict(
                key="sur_paid_uyu",
                partner="demo_partner_delsur",
                days=-20,
                due=10,
                amount=15000.0,
                currency="UYU",
                pay=True,
                user="joaquin",
            ),
            dict(
                key="sur_partial",
                partner="demo_partner_delsur",
                days=-8,
                due=22,
                amount=2000.0,
                pay=500.0,
                user="joaquin",
            ),
            # Ana Gómez, individual customer: no salesperson on her documents
            dict(key="ana_not_due", partner="demo_partner_ana", days=-4, due=26, amount=150.0, user=None),
            dict(key="ana_paid", partner="demo_partner_ana", days=-30, due=0, amount=90.0, pay=True, user=None),
        ]

    @api.model
    def _create_portal_demo_documents(self):
        """Build the demo documents through Odoo's own flows (idempotent)."""
        IMD = self.env["ir.model.data"]
        if IMD._xmlid_to_res_id("kanban_portal.demo_move_atl_not_due", raise_if_not_found=False):
            return True
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            return True  # no accounting configured: nothing sensible to build
        uyu = self.env.ref("base.UYU")
        if not uyu.active:
            uyu.active = True
        if not uyu.rate_ids.filtered(lambda r: r.company_id == company):
            self.env["res.currency.rate"].create(
                {
                    "currency_id": uyu.id,
                    "company_id": company.id,
                    "name": fields.Date.today() - timedelta(days=365),
                    "rate": 40.0 * company.currency_id.rate,
                }
            )
        users = {
            "valentina": self.env.ref("kanban_portal.demo_user_salesperson_valentina"),
            "joaquin": self.env.ref("kanban_portal.demo_user_salesperson_joaquin"),
        }
        today = fields.Date.context_today(self)
        moves = {}
        for spec in self._get_portal_demo_documents_spec():
            currency = self.env.ref(f"base.{spec['currency']}") if spec.get("currency") else company.currency_id
            user_key = spec.get("user", "valentina")
            salesperson = users[user_key] if user_key else self.env["res.users"]
            if spec.get("refund_of"):
                origin = moves[spec["refund_of"]]
                reversal = (
                    self.env["account.move.reversal"]
                    .with_context(active_model="account.move", active_ids=origin.ids)
                    .create(
                        {
                            "date": today,
                            "journal_id": origin.journal_id.id,
                            "reason": self.env._("Returned goods"),
                        }
                    )
                )
                action = reversal.refund_moves()
                move = self.browse(action["res_id"])
                move.invoice_line_ids[:1].price_unit = spec["amount"]
                move.invoice_line_ids[1:].unlink()
                move.action_post()
            else:
                move = self.with_company(company).create(
                    {
                        "move_type": spec.get("move_type", "out_invoice"),
                        "partner_id": self.env.ref(f"kanban_portal.{spec['partner']}").id,
                        "invoice_user_id": salesperson.id,
                        "currency_id": currency.id,
                        "invoice_date": today + timedelta(days=spec["days"]),
                        "invoice_date_due": today + timedelta(days=spec["due"]),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": self.env._("Services and goods"),
                                    "quantity": 1,
                                    "price_unit": spec["amount"],
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
                move.action_post()
                if spec.get("pay"):
                    amount = move.amount_residual if spec["pay"] is True else spec["pay"]
                    self.env["account.payment.register"].with_context(
                        active_model="account.move", active_ids=move.ids
                    ).create(
                        {
                            "amount": amount,
                            "currency_id": move.currency_id.id,
                            "payment_date": min(today, move.invoice_date + timedelta(days=5)),
                        }
                    )._create_payments()
                if spec.get("reverse"):
                    move._reverse_moves([{"date": today, "ref": self.env._("Reversal of %s", move.name)}], cancel=True)
            moves[spec["key"]] = move
            IMD._update_xmlids([{"xml_id": f"kanban_portal.demo_move_{spec['key']}", "record": move, "noupdate": True}])
        return True
