from odoo import api, fields, models
from odoo.fields import Domain

from ..models.account_move import PORTAL_MOVE_TYPES
from ..tools.amounts import amount_formatter

TABLE_ROWS = 250


class ReportStatement(models.AbstractModel):
    """Statement of account (estado de cuenta) of one customer for a period."""

    _name = "report.kanban_portal.report_statement"
    _description = "Customer statement of account"

    @api.model
    def _statement_domain(self, partner):
        """Posted receivable lines of ``partner`` and its contacts, in the
        companies of the environment only.

        The statement is read with ``sudo()`` (payments and adjustments are
        not documents a portal user may read): ``self.env.companies`` stands
        for Odoo's multi-company rule, as for any record the user reads (the
        portal route passes the request's allowed companies, checked against
        the user's). A line of zero in its currency (an exchange difference
        booked in the company's currency only) changes no balance of the
        statement and is left out.
        """
        return (
            Domain("partner_id", "child_of", partner.commercial_partner_id.id)
            & Domain("parent_state", "=", "posted")
            & Domain("account_id.account_type", "=", "asset_receivable")
            & Domain("company_id", "in", self.env.companies.ids)
            & Domain("amount_currency", "!=", 0)
        )

    @api.model
    def _statement_lines_domain(self, partner, date_from, date_to):
        """The lines of the statement of ``partner`` between the two dates."""
        return self._statement_domain(partner) & Domain("date", ">=", date_from) & Domain("date", "<=", date_to)

    @api.model
    def _get_statement_line_count(self, partner, date_from, date_to):
        """How many lines the statement of ``partner`` has between the two
        dates: what its PDF costs is about proportional to it."""
        return self.env["account.move.line"].search_count(self._statement_lines_domain(partner, date_from, date_to))

    @api.model
    def _line_label(self, line, types):
        """``(label, number, reference)`` of ``line`` as the customer reads them.

        A document of the customer (invoice, receipt, credit note) shows its
        type, number and the customer's reference; a payment (Odoo's payments
        and bank transactions) its number and memo, as on the receipt sent to
        the customer. Any other entry on the customer's receivable (a
        write-off, an opening balance, a correction) is written by accounting
        for accounting: it shows as an *Adjustment* with its date and amount,
        without the entry's number (its prefix is the journal's code) nor its
        label or reference ("bad debt - litigation"). Its amount stays, so the
        balance is still what the customer owes in the accounting (what
        ``res.partner.credit`` says), and the customer who asks about it quotes
        its date and amount.
        """
        move = line.move_id
        if line.payment_id or move.statement_line_id:
            return self.env._("Payment"), line.move_name, (move.ref or "") if line.payment_id else ""
        if move.move_type in PORTAL_MOVE_TYPES:
            return types.get(move.move_type, ""), line.move_name, move.ref or line.ref or ""
        return self.env._("Adjustment"), "", ""

    @api.model
    def _get_statement_lines(self, partner, date_from, date_to):
        """The lines of the statement of ``partner`` between the two dates, in
        date order, as the customer reads them (``_line_label``).

        :return: list of ``{'company', 'currency', 'date', 'number', 'label',
            'ref', 'due_date', 'debit', 'credit'}``, amounts in the line's
            currency
        """
        types = dict(self.env["account.move"]._fields["move_type"]._description_selection(self.env))
        lines = self.env["account.move.line"].search_fetch(
            self._statement_lines_domain(partner, date_from, date_to),
            [
                "date",
                "move_id",
                "move_name",
                "ref",
                "date_maturity",
                "amount_currency",
                "currency_id",
                "company_id",
                "payment_id",
            ],
            order="date, move_name, id",
        )
        lines.move_id.fetch(["move_type", "ref", "statement_line_id"])
        result = []
        for line in lines:
            amount = line.amount_currency
            label, number, ref = self._line_label(line, types)
            result.append(
                {
                    "company": line.company_id,
                    "currency": line.currency_id,
                    "date": line.date,
                    "number": number,
                    "label": label,
                    "ref": ref,
                    "due_date": line.date_maturity
                    if amount > 0 and line.move_id.move_type in PORTAL_MOVE_TYPES
                    else None,
                    "debit": amount if amount > 0 else 0.0,
                    "credit": -amount if amount < 0 else 0.0,
                }
            )
        return result

    @api.model
    def _get_statement(self, partner, date_from, date_to):
        """The statement of ``partner`` from ``date_from`` to ``date_to``, per
        company and currency, in the document's currency.

        :return: list of ``{'company', 'currency', 'opening', 'lines': [{'date',
            'number', 'label', 'ref', 'due_date', 'debit', 'credit', 'balance'}],
            'debit', 'credit', 'closing'}``, opening balance first, running
            balance on each line, in date order.
        """
        sections = {}

        def section(company, currency):
            return sections.setdefault(
                (company.id, currency.id),
                {
                    "company": company,
                    "currency": currency,
                    "opening": 0.0,
                    "lines": [],
                    "debit": 0.0,
                    "credit": 0.0,
                },
            )

        for company, currency, amount in self.env["account.move.line"]._read_group(
            self._statement_domain(partner) & Domain("date", "<", date_from),
            ["company_id", "currency_id"],
            ["amount_currency:sum"],
        ):
            section(company, currency)["opening"] = amount
        for line in self._get_statement_lines(partner, date_from, date_to):
            section(line.pop("company"), line.pop("currency"))["lines"].append(line)
        result = sorted(sections.values(), key=lambda s: (s["company"].name, s["currency"].name))
        for values in result:
            balance = values["opening"]
            for line in values["lines"]:
                balance += line["debit"] - line["credit"]
                line["balance"] = balance
                values["debit"] += line["debit"]
                values["credit"] += line["credit"]
            values["closing"] = balance
        return result

    @api.model
    def _prepare_statement_display(self, statements):
        """Add to each section of ``statements`` (``_get_statement``) its
        values as the PDF prints them (``display``) and its lines cut into
        tables (``chunks``).

        Amounts and dates are formatted here, once per value, in the reader's
        language: a statement can hold thousands of lines, and QWeb's widgets
        per cell would cost more than the PDF engine itself.
        """
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US") or self.env["res.lang"]._lang_get("en_US")
        date_format = lang.date_format

        def fmt_date(value):
            return value.strftime(date_format) if value else ""

        for values in statements:
            currency = values["currency"]

            money = amount_formatter(lang, currency)
            for line in values["lines"]:
                line["display"] = (
                    fmt_date(line["date"]),
                    f"{line['label']} {line['number']}".strip(),
                    line["ref"],
                    fmt_date(line["due_date"]),
                    money(line["debit"]) if line["debit"] else "",
                    money(line["credit"]) if line["credit"] else "",
                    money(line["balance"]),
                )
            # cut into tables of TABLE_ROWS lines: the PDF engine lays out many
            # short tables much faster than one long one
            lines = values["lines"]
            values["chunks"] = [lines[i : i + TABLE_ROWS] for i in range(0, len(lines), TABLE_ROWS)] or [[]]
            values["display"] = {key: money(values[key]) for key in ("opening", "debit", "credit", "closing")}
        return statements

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        partners = self.env["res.partner"].browse(docids)
        date_from = fields.Date.to_date(data.get("date_from"))
        date_to = fields.Date.to_date(data.get("date_to"))
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "date_from": date_from,
            "date_to": date_to,
            "statements": {
                partner.id: self._prepare_statement_display(self._get_statement(partner, date_from, date_to))
                for partner in partners
            },
            "multi_company": len(self.env.companies) > 1,
        }
