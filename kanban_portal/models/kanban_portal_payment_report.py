import math

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_amount

from ..tools.customer_file import check_customer_file
from .account_move import PAID_PAYMENT_STATES
from .kanban_portal_customer_comment_mixin import PAYMENT_REPORT_KEY


class KanbanPortalPaymentReport(models.Model):
    """A payment a customer reports from the portal (informar pago), with its
    receipt, until accounting registers it or rejects it."""

    _name = "kanban_portal.payment.report"
    _description = "Payment reported by a customer"
    _inherit = ["mail.thread", "mail.activity.mixin"]  # noqa: RUF012 (Odoo reads it at class creation)
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        [("reported", "Being verified"), ("registered", "Registered"), ("rejected", "Rejected")],
        default="reported",
        required=True,
        readonly=True,
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True, help="The customer (company)."
    )
    author_id = fields.Many2one("res.partner", string="Reported by", readonly=True)
    move_ids = fields.Many2many(
        "account.move",
        "kanban_portal_payment_report_move_rel",
        "report_id",
        "move_id",
        string="Documents",
        required=True,
        readonly=True,
        check_company=True,
    )
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    date = fields.Date(string="Payment date", required=True, readonly=True)
    method = fields.Selection(
        [
            ("transfer", "Bank transfer"),
            ("deposit", "Bank deposit"),
            ("cash", "Cash"),
            ("cheque", "Cheque"),
            ("card", "Card"),
            ("other", "Other"),
        ],
        string="Payment method",
        required=True,
        readonly=True,
    )
    bank = fields.Char(string="Bank or network", readonly=True)
    reference = fields.Char(readonly=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Receipts", readonly=True)
    reject_reason = fields.Text(string="Reason for rejection", tracking=True)
    payment_ids = fields.Many2many("account.payment", string="Payments", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kanban_portal.payment.report") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------
    # Checks of what a customer reports
    # ------------------------------------------------------------

    @api.model
    def _check_report_values(self, moves, amount, date, files):
        """Raise a translated UserError unless a customer may report this
        payment; ``moves`` are the documents as the customer reads them.

        :param files: list of ``(filename, content)``
        """
        if not moves:
            raise UserError(self.env._("Choose at least one pending document."))
        moves_sudo = moves.sudo()
        groups = moves_sudo._get_portal_payment_groups()
        group_keys = moves_sudo._get_portal_payment_group_keys()
        for move in moves_sudo - moves_sudo._get_portal_payable():
            key = group_keys.get(move.id)
            if key and not groups[key]["pending"]:
                raise UserError(self.env._("%(name)s is already paid.", name=move.name))
            raise UserError(self.env._("%(name)s cannot be paid.", name=move.name))
        if len(moves.currency_id) > 1:
            raise UserError(self.env._("Report one payment per currency: the documents chosen are in several."))
        open_reports = self.sudo().search([("move_ids", "in", moves.ids), ("state", "=", "reported")], limit=1)
        if open_reports:
            names = ", ".join(open_reports.move_ids.filtered(lambda m: m in moves).mapped("name"))
            raise UserError(
                self.env._(
                    "A payment you reported for %(names)s is already being verified: "
                    "wait for it to be registered or rejected.",
                    names=names,
                )
            )
        currency = moves.currency_id
        due = currency.round(sum(moves.sudo().mapped("amount_residual")))
        if not isinstance(amount, float | int) or not math.isfinite(amount):
            raise UserError(self.env._("The amount must be a number."))
        if currency.compare_amounts(amount, 0) <= 0:
            raise UserError(self.env._("The amount must be greater than zero."))
        if currency.compare_amounts(amount, due) > 0:
            raise UserError(
                self.env._(
                    "The amount is more than what is due (%(due)s).",
                    due=format_amount(self.env, due, currency),
                )
            )
        if not date:
            raise UserError(self.env._("Enter the date of the payment."))
        if date > fields.Date.context_today(self):
            raise UserError(self.env._("The payment date cannot be in the future."))
        if not files:
            raise UserError(self.env._("Attach the receipt of the payment."))
        company = moves[:1].sudo().company_id
        if company.kanban_portal_max_files and len(files) > company.kanban_portal_max_files:
            raise UserError(
                self.env._("At most %(limit)s files can be attached.", limit=company.kanban_portal_max_files)
            )
        for filename, content in files:
            check_customer_file(self.env, filename, content, company)

    @api.model
    def _create_from_portal(self, moves, values, files):
        """Record the report of the current (portal) user and tell the
        salesperson, through the comment path of the documents.

        :param moves: documents as the customer reads them (record rules)
        :param values: ``amount``, ``date``, ``method``, ``bank``, ``reference``
        :return: the report (sudo)
        """
        self._check_report_values(moves, values["amount"], values["date"], files)
        method_labels = dict(self._fields["method"]._description_selection(self.env))
        if values["method"] not in method_labels:
            raise UserError(self.env._("Choose how you paid."))
        author = self.env.user.partner_id
        moves = moves.sudo()
        first = moves[0]
        report = self.sudo().create(
            {
                "company_id": first.company_id.id,
                "partner_id": first.commercial_partner_id.id,
                "author_id": author.id,
                "move_ids": [Command.set(moves.ids)],
                "currency_id": moves.currency_id.id,
                "amount": values["amount"],
                "date": values["date"],
                "method": values["method"],
                "bank": (values.get("bank") or "").strip()[:100],
                "reference": (values.get("reference") or "").strip()[:100],
            }
        )
        # the receipts go with the customer's comment on the first document:
        # pending files of the customer, which message_post moves onto it
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": filename[:200] or "receipt",
                        "raw": content,
                        "res_model": "mail.compose.message",
                        "res_id": 0,
                    }
                    for filename, content in files
                ]
            )
        )
        report.attachment_ids = [Command.set(attachments.ids)]
        # the customer's own comment, posted with sudo from their request
        first._mark_portal_customer_post()
        first.with_context(**{PAYMENT_REPORT_KEY: report}).message_post(
            author_id=author.id,
            body=report._portal_message_body(),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachments.ids,
        )
        # the report is for billing and accounting to read: the to-do goes to
        # the first of the salesperson, the customer's salesperson and the
        # responsible (Settings) who is one of them
        verifier = first._get_portal_salesperson(group="account.group_account_invoice")
        if verifier:
            report.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Verify reported payment"),
                note=report._portal_message_body(),
                user_id=verifier.id,
            )
        return report

    def _portal_message_body(self):
        self.ensure_one()
        method = dict(self._fields["method"]._description_selection(self.env))[self.method]
        details = ", ".join(part for part in (method, self.bank, self.reference) if part)
        return Markup("<p>%s</p><p>%s</p>") % (
            self.env._(
                "Payment reported: %(amount)s on %(date)s (%(details)s).",
                amount=format_amount(self.env, self.amount, self.currency_id),
                date=fields.Date.to_string(self.date),
                details=details,
            ),
            self.env._("Documents: %(names)s", names=", ".join(self.move_ids.mapped("name"))),
        )

    # ------------------------------------------------------------
    # Accounting acts on it
    # ------------------------------------------------------------

    def action_register_payment(self):
        """Odoo's register-payment wizard on the documents still open,
        prefilled with what the customer reported. When they were all paid
        otherwise meanwhile (a bank statement, an online payment, *Register
        Payment* on the document), the report is closed as registered: the
        customer is told their payment was registered."""
        self.ensure_one()
        if self.state != "reported":
            raise UserError(self.env._("Only a payment being verified can be registered."))
        moves = self.move_ids._get_portal_payable()
        if not moves:
            if self.move_ids.filtered_domain(
                ~Domain("state", "=", "posted") | ~Domain("payment_state", "in", PAID_PAYMENT_STATES)
            ):
                raise UserError(
                    self.env._(
                        "The documents of this report can no longer be paid (cancelled, draft or reversed): "
                        "reject it instead."
                    )
                )
            self._message_log(body=self.env._("The documents were already paid: the report is closed as registered."))
            self._mark_registered(self.env["account.payment"])
            return True
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(
                {
                    "payment_date": self.date,
                    "amount": self.amount,
                    "currency_id": self.currency_id.id,
                    "communication": self.reference or self.name,
                    "group_payment": True,
                    "kanban_portal_payment_report_id": self.id,
                }
            )
        )
        return {
            "name": self.env._("Register payment"),
            "type": "ir.actions.act_window",
            "res_model": "account.payment.register",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_model": "account.move", "active_ids": moves.ids},
        }

    def _mark_registered(self, payments):
        for report in self:
            report.write({"state": "registered", "payment_ids": [Command.link(p.id) for p in payments]})
            report.activity_feedback(["mail.mail_activity_data_todo"])
            report.move_ids[:1].with_context(mail_notify_force_send=False).message_post(
                body=self.env._("The payment you reported (%(name)s) was registered. Thank you.", name=report.name),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=report.author_id.ids,
            )
        # the customer's email waits in the queue, woken to send it now
        self.env["mail.mail"]._wake_mail_queue()

    def action_reject(self):
        for report in self:
            if report.state != "reported":
                raise UserError(self.env._("Only a payment being verified can be rejected."))
            if not (report.reject_reason or "").strip():
                raise UserError(self.env._("Write the reason for the rejection: the customer will see it."))
            report.state = "rejected"
            report.activity_feedback(["mail.mail_activity_data_todo"])
            report.move_ids[:1].with_context(mail_notify_force_send=False).message_post(
                body=self.env._(
                    "The payment you reported (%(name)s) was not accepted: %(reason)s",
                    name=report.name,
                    reason=report.reject_reason,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=report.author_id.ids,
            )
        self.env["mail.mail"]._wake_mail_queue()
        return True
