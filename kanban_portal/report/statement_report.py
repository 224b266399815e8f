from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, format_amount

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
    def _get_statement_transfers(self, partner, date_to):
        """Payments (and other entries that are not documents) of the
        statement of ``partner`` up to ``date_to`` that settle a document in
        another currency: a USD invoice paid in UYU. What they settle counts
        in the document's currency, at the amounts of Odoo's reconciliation,
        as the document's page shows its payments; the rest stays in their
        own currency.

        When the rate moved between the document and the payment, Odoo books
        the difference on the payment's side (an exchange difference entry in
        the payment's currency, reconciled with it, dated when the two were
        matched, and not always on the partial that caused it): it is part of
        what the payment settled, so it is folded into it, whatever its date,
        and shows as no line of its own.

        :return: ``({line id: [(document company, document currency, amount
            in the line's currency, amount in the document's currency)]},
            {exchange line id: (company, currency, date, amount)})``, amounts
            signed as the lines
        """
        Line = self.env["account.move.line"]
        Partial = self.env["account.partial.reconcile"]
        base = self._statement_domain(partner) & Domain("date", "<=", date_to)
        query = Partial._search(Domain("debit_move_id", "any", base) | Domain("credit_move_id", "any", base))
        query.add_where(
            SQL(
                "%s != %s",
                SQL.identifier(query.table, "debit_currency_id"),
                SQL.identifier(query.table, "credit_currency_id"),
            )
        )
        partials = Partial.browse(query)
        if not partials:
            return {}, {}
        lines = partials.debit_move_id | partials.credit_move_id
        lines.move_id.fetch(["move_type"])
        in_statement = Line.search(base & Domain("id", "in", lines.ids))
        transfers = defaultdict(list)
        for partial in partials:
            debit, credit = partial.debit_move_id, partial.credit_move_id
            debit_document = debit.move_id.move_type in PORTAL_MOVE_TYPES
            credit_document = credit.move_id.move_type in PORTAL_MOVE_TYPES
            if debit_document and not credit_document and credit in in_statement:
                # a payment settles an invoice
                line, document = credit, debit
                own_amount, amount_settled = -partial.credit_amount_currency, -partial.debit_amount_currency
            elif credit_document and not debit_document and debit in in_statement:
                # a refund paid out settles a credit note
                line, document = debit, credit
                own_amount, amount_settled = partial.debit_amount_currency, partial.credit_amount_currency
            else:
                continue
            transfers[line.id].append([document.company_id, document.currency_id, own_amount, amount_settled])
        # the exchange differences of those payments, from any of their
        # partials, at any date (the statement's lines, without its end)
        payments = Line.browse(list(transfers))
        exchange_moves = (payments.matched_debit_ids | payments.matched_credit_ids).exchange_move_id
        exchange = {}
        differences = (
            Line.search(self._statement_domain(partner) & Domain("move_id", "in", exchange_moves.ids))
            if exchange_moves
            else Line
        )
        for payment in payments:
            moves = (payment.matched_debit_ids | payment.matched_credit_ids).exchange_move_id
            for difference in differences.filtered(
                lambda line, moves=moves, payment=payment: (
                    line.move_id in moves and line.currency_id == payment.currency_id and line.id not in exchange
                )
            ):
                transfers[payment.id][0][2] -= difference.amount_currency
                exchange[difference.id] = (
                    difference.company_id,
                    difference.currency_id,
                    difference.date,
                    difference.amount_currency,
                )
        return transfers, exchange

    @api.model
    def _get_statement_lines(self, partner, date_from, date_to, transfers=None, exchange=None):
        """The lines of the statement of ``partner`` between the two dates, in
        date order, as the customer reads them (``_line_label``). A payment
        that settles a document in another currency (``transfers``) gives a
        line in the document's currency for what it settles, its own amount in
        the reference, and one in its own currency for the rest, if any.

        :return: list of ``{'company', 'currency', 'date', 'number', 'label',
            'ref', 'due_date', 'debit', 'credit'}``, amounts in the currency
            of the line (``currency``)
        """
        transfers, exchange = transfers or {}, exchange or {}
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

        def add(line, company, currency, amount, label, number, ref):
            result.append(
                {
                    "company": company,
                    "currency": currency,
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

        for line in lines:
            if line.id in exchange:  # folded into the payment it belongs to
                continue
            amount = line.amount_currency
            label, number, ref = self._line_label(line, types)
            for company, currency, own_amount, amount_settled in transfers.get(line.id, ()):
                amount -= own_amount
                paid_as = format_amount(self.env, abs(own_amount), line.currency_id)
                add(line, company, currency, amount_settled, label, number, f"{ref} ({paid_as})" if ref else paid_as)
            if not line.currency_id.is_zero(amount):
                add(line, line.company_id, line.currency_id, amount, label, number, ref)
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
        transfers, exchange = self._get_statement_transfers(partner, date_to)
        # what payments before the period settled in another currency
        for line in self.env["account.move.line"].browse(list(transfers)):
            if line.date < date_from:
                for company, currency, own_amount, amount_settled in transfers[line.id]:
                    section(line.company_id, line.currency_id)["opening"] -= own_amount
                    section(company, currency)["opening"] += amount_settled
        for company, currency, date, amount in exchange.values():
            if date < date_from:
                section(company, currency)["opening"] -= amount
        for line in self._get_statement_lines(partner, date_from, date_to, transfers, exchange):
            section(line.pop("company"), line.pop("currency"))["lines"].append(line)
        result = sorted(
            (
                values
                for values in sections.values()
                # a currency whose payments all went to documents in another one
                if values["lines"] or not values["currency"].is_zero(values["opening"])
            ),
            key=lambda s: (s["company"].name, s["currency"].name),
        )
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
