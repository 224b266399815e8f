from odoo import api, fields, models
from odoo.fields import Domain

TABLE_ROWS = 250


class ReportStatement(models.AbstractModel):
    """Statement of account (estado de cuenta) of one customer for a period."""

    _name = "report.kanban_portal.report_statement"
    _description = "Customer statement of account"

    @api.model
    def _statement_domain(self, partner):
        """Posted receivable lines of ``partner`` and its contacts."""
        return (
            Domain("partner_id", "child_of", partner.commercial_partner_id.id)
            & Domain("parent_state", "=", "posted")
            & Domain("account_id.account_type", "=", "asset_receivable")
        )

    @api.model
    def _line_label(self, line, types):
        if line.payment_id:
            return self.env._("Payment")
        if line.move_id.move_type != "entry":
            return types.get(line.move_id.move_type, "")
        return self.env._("Journal entry")

    @api.model
    def _get_statement(self, partner, date_from, date_to):
        """The statement of ``partner`` from ``date_from`` to ``date_to``, per
        company and currency, in the document's currency.

        :return: list of ``{'company', 'currency', 'opening', 'lines': [{'date',
            'number', 'label', 'ref', 'due_date', 'debit', 'credit', 'balance'}],
            'debit', 'credit', 'closing'}``, opening balance first, running
            balance on each line, in date order.
        """
        Line = self.env["account.move.line"]
        domain = self._statement_domain(partner)
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

        for company, currency, amount in Line._read_group(
            domain & Domain("date", "<", date_from), ["company_id", "currency_id"], ["amount_currency:sum"]
        ):
            section(company, currency)["opening"] = amount
        types = dict(self.env["account.move"]._fields["move_type"]._description_selection(self.env))
        lines = Line.search_fetch(
            domain & Domain("date", ">=", date_from) & Domain("date", "<=", date_to),
            ["date", "move_id", "move_name", "ref", "date_maturity", "amount_currency", "currency_id", "company_id"],
            order="date, move_name, id",
        )
        lines.move_id.fetch(["move_type", "ref"])
        for line in lines:
            values = section(line.company_id, line.currency_id)
            amount = line.amount_currency
            values["lines"].append(
                {
                    "date": line.date,
                    "number": line.move_name,
                    "label": self._line_label(line, types),
                    "ref": line.move_id.ref or line.ref or "",
                    "due_date": line.date_maturity if amount > 0 and line.move_id.move_type != "entry" else None,
                    "debit": amount if amount > 0 else 0.0,
                    "credit": -amount if amount < 0 else 0.0,
                }
            )
        # amounts and dates formatted here, once per value, in the reader's
        # language: a statement can hold tens of thousands of lines, and
        # QWeb's widgets per cell would cost more than the PDF engine itself
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US") or self.env["res.lang"]._lang_get("en_US")
        date_format = lang.date_format
        fast_grouping = lang.grouping in ("[3,0]", "[3, 0]", "[3]")
        separators = str.maketrans({",": lang.thousands_sep or "", ".": lang.decimal_point})

        def fmt_date(value):
            return value.strftime(date_format) if value else ""

        result = []
        for values in sorted(sections.values(), key=lambda s: (s["company"].name, s["currency"].name)):
            currency = values["currency"]

            def money(amount, currency=currency, pattern=f"%.{currency.decimal_places}f"):
                # formatLang's result, without its per-call lookups (Python's
                # own grouping when the language groups by thousands)
                if fast_grouping:
                    text = f"{currency.round(amount):,.{currency.decimal_places}f}".translate(separators)
                else:
                    text = lang.format(pattern, currency.round(amount), grouping=True)
                if not currency.symbol:
                    return text
                if currency.position == "after":
                    return f"{text}\N{NO-BREAK SPACE}{currency.symbol}"
                return f"{currency.symbol}\N{NO-BREAK SPACE}{text}"

            balance = values["opening"]
            for line in values["lines"]:
                balance += line["debit"] - line["credit"]
                line["balance"] = balance
                values["debit"] += line["debit"]
                values["credit"] += line["credit"]
                line["display"] = (
                    fmt_date(line["date"]),
                    f"{line['label']} {line['number']}",
                    line["ref"],
                    fmt_date(line["due_date"]),
                    money(line["debit"]) if line["debit"] else "",
                    money(line["credit"]) if line["credit"] else "",
                    money(balance),
                )
            values["closing"] = balance
            # cut into tables of TABLE_ROWS lines: the PDF engine lays out many
            # short tables much faster than one long one
            lines = values["lines"]
            values["chunks"] = [lines[i : i + TABLE_ROWS] for i in range(0, len(lines), TABLE_ROWS)] or [[]]
            values["display"] = {key: money(values[key]) for key in ("opening", "debit", "credit", "closing")}
            result.append(values)
        return result

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
            "statements": {partner.id: self._get_statement(partner, date_from, date_to) for partner in partners},
            "multi_company": len(self.env.companies) > 1,
        }
