import zipfile
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, format_amount
from odoo.tools.misc import split_every

from ..tools.spreadsheet import Column, write_csv, write_xlsx

# Customer documents shown in the payment groups: vendor bills never count.
PORTAL_MOVE_TYPES = ("out_invoice", "out_refund", "out_receipt")
# Documents that can fall due: an open credit note is credit in the customer's favour.
DUE_MOVE_TYPES = ("out_invoice", "out_receipt")
# Documents whose amounts the portal shows negative: credit in the customer's favour.
CREDIT_MOVE_TYPES = ("out_refund",)
# ``blocked`` (payment on hold) still has to be paid: it is treated as open.
OPEN_PAYMENT_STATES = ("not_paid", "partial", "blocked")
# Paid, or being paid: nothing left for the customer to do.
PAID_PAYMENT_STATES = ("paid", "in_payment", "invoicing_legacy")
# Rows read (and PDFs rendered) per batch: memory does not grow with the export.
EXPORT_BATCH = 500
PDF_BATCH = 20


class AccountMove(models.Model):
    _name = "account.move"
    # the mixin first: its message_post and notification overrides run
    # before account's own (and those of the modules account.move had so far)
    _inherit = ["kanban_portal.customer.comment.mixin", "account.move"]  # noqa: RUF012

    kanban_portal_payment_report_ids = fields.Many2many(
        "kanban_portal.payment.report",
        "kanban_portal_payment_report_move_rel",
        "move_id",
        "report_id",
        string="Payments reported",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
    )
    kanban_portal_payment_reported = fields.Boolean(
        string="Payment reported",
        compute="_compute_kanban_portal_payment_reported",
        search="_search_kanban_portal_payment_reported",
        help="The customer reported a payment of this document from the portal, and it is being verified "
        "while the document is still to be paid.",
    )
    kanban_portal_reminder_line_ids = fields.One2many(
        "kanban_portal.reminder.line",
        "move_id",
        string="Payment reminders",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
    )
    kanban_portal_last_reminder_date = fields.Date(
        string="Last reminder",
        compute="_compute_kanban_portal_last_reminder_date",
        groups="account.group_account_invoice",
        help="When the customer was last sent a payment reminder listing this document.",
    )

    # ------------------------------------------------------------
    # Portal links
    # ------------------------------------------------------------

    def _compute_access_url(self):
        """Odoo gives a sales receipt no portal page address ('#'): its
        customer sees it on the portal like an invoice."""
        result = super()._compute_access_url()
        for move in self.filtered(lambda m: m.move_type == "out_receipt"):
            move.access_url = f"/my/invoices/{move.id}"
        return result

    def _portal_ensure_token(self):
        """On the payment groups a logged-in customer sees their own documents,
        and the page writes nothing (read-only cursor): links of the rows that
        Odoo and other modules build (``get_portal_url``: Pay Now...) open
        through the customer's session, without a new token."""
        if self.env.context.get("kanban_portal_session_links") and self.env.cr.readonly and not self.access_token:
            return ""
        return super()._portal_ensure_token()

    # ------------------------------------------------------------
    # Payment reminders
    # ------------------------------------------------------------

    @api.depends("kanban_portal_reminder_line_ids.date")
    def _compute_kanban_portal_last_reminder_date(self):
        last = dict(
            self.env["kanban_portal.reminder.line"]
            .sudo()
            ._read_group([("move_id", "in", self._origin.ids)], ["move_id"], ["date:max"])
        )
        for move in self:
            move.kanban_portal_last_reminder_date = last.get(move._origin, False)

    @api.model
    def _get_portal_reminder_domain(self, company, today):
        """Documents of ``company`` a payment reminder may list on ``today``:
        still to pay (``_get_portal_due_domain``: no credit note, nothing
        paid), past the company's first step, and none of: payment on hold,
        a payment reported and being verified, an online payment pending, a
        customer who asked for no reminders. ``Domain.FALSE`` when the company
        sends none."""
        steps = company.kanban_portal_reminder_step_ids
        if not company.kanban_portal_reminder_enabled or not steps:
            return Domain.FALSE
        domain = (
            self._get_portal_document_domain()
            & self._get_portal_due_domain()
            & Domain("company_id", "=", company.id)
            & Domain("payment_state", "!=", "blocked")
            & Domain("amount_residual", ">", 0)
            & Domain("invoice_date_due", "<=", today - timedelta(days=min(steps.mapped("days"))))
            & ~Domain("kanban_portal_payment_reported", "=", True)
            & Domain("commercial_partner_id.kanban_portal_no_reminder", "=", False)
        )
        if "transaction_ids" in self._fields:  # account_payment (installed with invoicing)
            domain &= ~Domain("transaction_ids", "any", [("state", "in", ("pending", "authorized"))])
        return domain

    # ------------------------------------------------------------
    # Payments reported from the portal
    # ------------------------------------------------------------

    @api.depends("kanban_portal_payment_report_ids.state", "state", "move_type", "payment_state")
    def _compute_kanban_portal_payment_reported(self):
        # one query for the whole prefetch set (the rows of a portal page);
        # customers see the marker, never the reports themselves. Only a
        # document still to pay is "being verified": one paid otherwise
        # meanwhile (a bank statement, an online payment) or cancelled is not,
        # whatever its report's state.
        # sudo: the marker shows to whoever reads the document's form, as before
        ids = tuple(self._origin.sudo()._get_portal_payable().ids)
        reported = set()
        if ids:
            self.env["kanban_portal.payment.report"].flush_model(["state"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT rel.move_id
                      FROM kanban_portal_payment_report_move_rel rel
                      JOIN kanban_portal_payment_report report ON report.id = rel.report_id
                     WHERE report.state = 'reported' AND rel.move_id IN %s
                    """,
                    ids,
                )
            )
            reported = {move_id for (move_id,) in self.env.cr.fetchall()}
        for move in self:
            move.kanban_portal_payment_reported = move._origin.id in reported

    def _search_kanban_portal_payment_reported(self, operator, value):
        if operator != "in":
            return NotImplemented
        assert list(value) == [True]
        reports = self.env["kanban_portal.payment.report"].sudo()._search([("state", "=", "reported")])
        rel = SQL(
            "(SELECT move_id FROM kanban_portal_payment_report_move_rel WHERE report_id IN (%s))", reports.subselect()
        )
        return Domain("id", "in", rel) & self._get_portal_document_domain() & self._get_portal_due_domain()

    def _get_portal_payment_reports(self, limit=3):
        """The latest payments the customer reported for this document, for its
        portal page: ``[{'state', 'amount', 'currency', 'date', 'reject_reason'}]``."""
        self.ensure_one()
        reports = self.sudo().kanban_portal_payment_report_ids.sorted("id", reverse=True)[:limit]
        return [
            {
                "state": report.state,
                "amount": report.amount,
                "currency": report.currency_id,
                "date": report.date,
                "reject_reason": report.reject_reason or "",
            }
            for report in reports
        ]

    # ------------------------------------------------------------
    # Payment groups: the one definition
    # ------------------------------------------------------------

    @api.model
    def _get_portal_document_domain(self):
        """Posted customer documents (access itself is left to record rules)."""
        return Domain("state", "=", "posted") & Domain("move_type", "in", PORTAL_MOVE_TYPES)

    @api.model
    def _get_portal_due_domain(self):
        """Documents still to be paid by the customer: open, and of a type
        that falls due (an open credit note is credit, not a debt)."""
        return Domain("move_type", "in", DUE_MOVE_TYPES) & Domain("payment_state", "in", OPEN_PAYMENT_STATES)

    @api.model
    def _get_portal_overdue_domain(self, today=None):
        today = today or fields.Date.context_today(self)
        return self._get_portal_due_domain() & Domain("invoice_date_due", "<", today)

    @api.model
    def _get_portal_payment_group_conditions(self, today=None):
        """The payment groups, in display order, as a document meets them:
        ``{key: {'label', 'match', 'icon', 'badge', 'pending', 'selectable',
        'overdue'}}``. A document goes to the first group whose condition
        (``match``) it meets. Override this to add or change a group;
        ``_get_portal_payment_groups`` derives each group's domain from it.

        Flags: ``pending``, still to be paid (counted on the home tile, and
        what is owed); ``selectable``, a payment can be reported of its
        documents; ``overdue``, past its due date (its aging bucket is counted
        from the due date: at least one day overdue).

        ``blocked`` (payment on hold) is open money, so it goes with
        ``not_paid`` (or ``overdue``); ``invoicing_legacy`` (documents from
        before accounting was installed, whose payment Odoo does not know)
        goes with ``paid``, as Odoo's own overdue filter does.
        """

        def group(label, match, icon, badge, pending=False, is_overdue=False):
            return {
                "label": label,
                "match": match,
                "icon": icon,
                "badge": badge,
                "pending": pending,
                "selectable": pending,
                "overdue": is_overdue,
            }

        def state_in(*states):
            return Domain("payment_state", "in", states)

        return {
            "overdue": group(
                self.env._("Overdue"),
                self._get_portal_overdue_domain(today),
                "fa-exclamation-triangle",
                "text-bg-danger",
                True,
                True,
            ),
            "not_paid": group(
                self.env._("Awaiting payment"), state_in("not_paid", "blocked"), "fa-clock-o", "text-bg-primary", True
            ),
            "partial": group(self.env._("Partially paid"), state_in("partial"), "fa-adjust", "text-bg-warning", True),
            "in_payment": group(
                self.env._("Payment in process"), state_in("in_payment"), "fa-hourglass-half", "text-bg-dark"
            ),
            "paid": group(
                self.env._("Paid"),
                state_in("paid", "invoicing_legacy"),
                "fa-check",
                "bg-success-subtle text-success-emphasis border border-success-subtle",
            ),
            "reversed": group(self.env._("Reversed"), state_in("reversed"), "fa-undo", "text-bg-secondary"),
        }

    @api.model
    def _get_portal_payment_groups(self, today=None):
        """The payment groups (``_get_portal_payment_group_conditions``), each
        with its ``domain``: the group's rule, its condition and none of the
        earlier groups', so that on the portal's documents
        (``_get_portal_document_domain``) the groups' domains are a partition.
        Group pages and exports filter by it; a document's group and the
        summary's SQL come from the conditions in order, which is the same."""
        groups = self._get_portal_payment_group_conditions(today)
        earlier = Domain.FALSE
        for values in groups.values():
            values["domain"] = values["match"] & ~earlier
            earlier |= values["match"]
        return groups

    @api.model
    def _get_portal_payment_group_domain(self, key, today=None):
        """Domain of one payment group (see ``_get_portal_payment_groups``)."""
        return self._get_portal_payment_groups(today)[key]["domain"]

    def _get_portal_payment_group_keys(self, today=None):
        """``{move_id: group key}`` of the portal's documents in ``self``,
        found by the groups' conditions themselves, in order
        (``filtered_domain``, in memory); documents the portal does not show
        have no key."""
        keys = {}
        remaining = self.filtered_domain(self._get_portal_document_domain())
        for key, group in self._get_portal_payment_groups(today).items():
            matched = remaining.filtered_domain(group["match"])
            keys.update(dict.fromkeys(matched.ids, key))
            remaining -= matched
        return keys

    def _get_portal_payment_group(self, today=None):
        """Group key of this document, or ``None`` when the portal does not show it."""
        self.ensure_one()
        return self._get_portal_payment_group_keys(today).get(self.id)

    def _get_portal_payable(self):
        """The documents of ``self`` the customer still has to pay."""
        return self.filtered_domain(self._get_portal_document_domain() & self._get_portal_due_domain())

    def _is_portal_payable(self):
        """Whether the customer still has this document to pay."""
        self.ensure_one()
        return bool(self._get_portal_payable())

    # ------------------------------------------------------------
    # Amounts as the customer sees them
    # ------------------------------------------------------------

    def _get_portal_sign(self):
        """1, or -1 for a document in the customer's favour (a credit note)."""
        self.ensure_one()
        return -1 if self.move_type in CREDIT_MOVE_TYPES else 1

    @api.model
    def _get_portal_sign_sql(self, alias):
        """``_get_portal_sign`` in SQL, for the table ``alias``."""
        return SQL("(CASE WHEN %s IN %s THEN -1 ELSE 1 END)", SQL.identifier(alias, "move_type"), CREDIT_MOVE_TYPES)

    def _get_portal_amount_due(self):
        """Amount still due in the document's currency, negative for credit notes."""
        return self._get_portal_sign() * self.amount_residual

    def _get_portal_amount_total(self):
        """Total in the document's currency, negative for credit notes."""
        return self._get_portal_sign() * self.amount_total

    def _get_portal_due_label(self, today=None):
        """ "Due in N days" / "N days overdue" for an open document."""
        self.ensure_one()
        if not self.invoice_date_due:
            return ""
        days = (self.invoice_date_due - (today or fields.Date.context_today(self))).days
        if days < -1:
            return self.env._("%(days)s days overdue", days=-days)
        if days == -1:
            return self.env._("1 day overdue")
        if days == 0:
            return self.env._("Due today")
        if days == 1:
            return self.env._("Due tomorrow")
        return self.env._("Due in %(days)s days", days=days)

    @api.model
    def _get_portal_document_count_label(self, count):
        if count == 1:
            return self.env._("1 document")
        return self.env._("%(count)s documents", count=count)

    def _get_portal_payments(self):
        """Payments and credit notes applied to this document, for the portal page.

        :return: list of ``{'date', 'amount', 'currency', 'is_refund', 'ref'}``
        """
        self.ensure_one()
        content = (self.invoice_payments_widget or {}).get("content", [])
        currencies = self.env["res.currency"].browse({line["currency_id"] for line in content})
        by_id = {currency.id: currency for currency in currencies}
        return [
            {
                "date": line["date"],
                "amount": line["amount"],
                "currency": by_id[line["currency_id"]],
                "is_refund": line["is_refund"],
                "ref": line["ref"],
            }
            for line in content
            if not line.get("is_exchange")
        ]

    # ------------------------------------------------------------
    # Summary and aging of what is owed
    # ------------------------------------------------------------

    @api.model
    def _get_portal_aging_buckets(self):
        """Ordered aging buckets: ``[{'key', 'label', 'days'}]``, where ``days``
        is the most days overdue of the bucket (``0``: not yet due; ``None``:
        no limit)."""
        return [
            {"key": "not_due", "label": self.env._("Not yet due"), "days": 0},
            {"key": "1_30", "label": self.env._("1–30 days overdue"), "days": 30},
            {"key": "31_60", "label": self.env._("31–60 days overdue"), "days": 60},
            {"key": "61_90", "label": self.env._("61–90 days overdue"), "days": 90},
            {"key": "over_90", "label": self.env._("Over 90 days overdue"), "days": None},
        ]

    @api.model
    def _get_portal_document_query(self, domain=None):
        """Query of the portal's documents (and ``domain``) that the current
        user may read: record rules are resolved once, and the summary and the
        rows of a page are read from the same query."""
        if not self.has_access("read"):
            return self.browse()._as_query()
        return self._search(self._get_portal_document_domain() & Domain(domain or Domain.TRUE))

    @api.model
    def _get_portal_payment_group_sql(self, query, groups):
        """The payment group of a row of ``query``, in SQL: the position of
        the first of ``groups`` (``_get_portal_payment_groups``) whose
        condition it meets (an integer sorts and groups faster than a text),
        NULL for a document in no group."""
        return SQL(
            "(CASE %s ELSE NULL END)",
            SQL(" ").join(
                SQL("WHEN %s THEN %s", self._get_portal_domain_sql(query, group["match"]), position)
                for position, group in enumerate(groups.values())
            ),
        )

    @api.model
    def _get_portal_domain_sql(self, query, domain):
        """``domain`` as an SQL condition on the rows of ``query``."""
        return Domain(domain).optimize_full(self)._to_sql(self, query.table, query)

    @api.model
    def _get_portal_payment_summary(self, domain=None, today=None, query=None, first_rows=None):
        """Counts and amounts due per payment group and per currency, and the
        aging of what is owed, in one SQL query built from the groups'
        conditions: the documents of the portal (and ``domain``: search, dates)
        that the current user may read (record rules).

        What is owed is what the pending groups' documents still owe. An open
        credit note is credit in the customer's favour: it counts negative,
        under "not yet due", so that the aging buckets of a currency add up to
        what is owed in it. Every bucket but the first is overdue, exactly as
        the overdue group.

        With ``first_rows`` (``(order, limit)``), the same query also finds
        the first documents of each group in that order (``ids``): the
        overview's rows, without a second pass over the documents.

        :return: ``{'groups': {key: {'count', 'amounts': [(currency, amount)], 'ids'}},
            'currencies': [{'currency', 'owed', 'overdue', 'overdue_count',
            'next_due', 'owed_display', 'overdue_count_label',
            'aging': [{'key', 'label', 'amount'}]}], 'pending_count', 'total_count'}``
        :param query: ``_get_portal_document_query(domain)``, when the caller has it
        """
        today = today or fields.Date.context_today(self)
        groups = self._get_portal_payment_groups(today)
        buckets = self._get_portal_aging_buckets()
        counts = {key: {"count": 0, "amounts": {}, "ids": []} for key in groups}
        result = {"groups": counts, "currencies": [], "pending_count": 0, "total_count": 0}
        query = query if query is not None else self._get_portal_document_query(domain)
        if query.is_empty():
            return result
        self.flush_model(["currency_id", "move_type", "payment_state", "invoice_date_due", "amount_residual"])
        alias = query.table

        due_date = SQL.identifier(alias, "invoice_date_due")
        # the aging bucket by days overdue (the first one: not yet due); it
        # counts only for the overdue groups, the other pending groups are
        # not yet due
        days = SQL("(%s - %s)", today, due_date)
        bucket_sql = SQL(
            "(CASE WHEN %s IS NULL OR %s <= %s THEN %s %s ELSE %s END)",
            due_date,
            days,
            buckets[0]["days"],
            buckets[0]["key"],
            SQL(" ").join(
                SQL("WHEN %s <= %s THEN %s", days, bucket["days"], bucket["key"]) for bucket in buckets[1:-1]
            ),
            buckets[-1]["key"],
        )
        columns = [
            self._get_portal_payment_group_sql(query, groups),
            SQL.identifier(alias, "currency_id"),
            bucket_sql,
            SQL("COUNT(*)"),
            SQL("SUM(%s * %s)", self._get_portal_sign_sql(alias), SQL.identifier(alias, "amount_residual")),
            SQL(
                "MIN(%s) FILTER (WHERE %s)",
                due_date,
                self._get_portal_domain_sql(query, self._get_portal_due_domain()),
            ),
        ]
        if first_rows:
            order, limit = first_rows
            order_sql = self._order_to_sql(order, query)
            # the first rows of each (group, currency, bucket): the group's
            # first rows are among them
            columns.append(SQL("(ARRAY_AGG(%s ORDER BY %s))[1:%s]", SQL.identifier(alias, "id"), order_sql, limit))
        query.groupby = SQL("1, 2, 3")
        select = query.select(*columns)
        query.groupby = None  # the query stays the caller's
        keys = list(groups)
        rows = [
            (keys[position], *values)
            for position, *values in self.env.execute_query(select)
            if position is not None  # in no group: not on the portal, as in Python
        ]
        if first_rows:
            candidates = {move_id: row[0] for row in rows for move_id in row[-1]}
            rows = [row[:-1] for row in rows]
            # the candidates in the page's order (found above under the
            # user's record rules; ordering them reads no other document)
            for move_id in self.sudo()._search([("id", "in", list(candidates))], order=order):
                ids = counts[candidates[move_id]]["ids"]
                if len(ids) < limit:
                    ids.append(move_id)
        currencies = self.env["res.currency"].browse({row[1] for row in rows})
        by_id = {currency.id: currency for currency in currencies}
        per_currency = {}
        for key, currency_id, bucket_key, count, amount, next_due in rows:
            currency = by_id[currency_id]
            group = groups[key]
            if not group["pending"]:
                bucket_key = None
            elif not group["overdue"]:
                bucket_key = buckets[0]["key"]
            counts[key]["count"] += count
            counts[key]["amounts"][currency] = counts[key]["amounts"].get(currency, 0.0) + amount
            result["total_count"] += count
            if group["pending"]:
                result["pending_count"] += count
            line = per_currency.setdefault(
                currency,
                {
                    "currency": currency,
                    "owed": 0.0,
                    "overdue": 0.0,
                    "overdue_count": 0,
                    "next_due": None,
                    "aging": dict.fromkeys((bucket["key"] for bucket in buckets), 0.0),
                },
            )
            if group["pending"]:
                # what is owed is the pending groups' only: a document paid or
                # in payment may keep a residual (a payment without journal
                # entry, one from before accounting)
                line["owed"] += amount
            if bucket_key:
                line["aging"][bucket_key] += amount
            if group["overdue"]:
                line["overdue"] += amount
                line["overdue_count"] += count
            elif next_due and (not line["next_due"] or next_due < line["next_due"]):
                line["next_due"] = next_due
        for line in sorted(per_currency.values(), key=lambda item: item["currency"].name):
            line["owed_display"] = format_amount(self.env, line["owed"], line["currency"])
            line["overdue_count_label"] = self._get_portal_document_count_label(line["overdue_count"])
            line["aging"] = [
                {"key": bucket["key"], "label": bucket["label"], "amount": line["aging"][bucket["key"]]}
                for bucket in buckets
            ]
            result["currencies"].append(line)
        for values in counts.values():
            values["amounts"] = sorted(values["amounts"].items(), key=lambda item: item[0].name)
        return result

    @api.model
    def _get_portal_payment_group_page(self, query, key, order, limit, offset=0, today=None):
        """Ids of one page (``limit``, ``offset``) of the payment group ``key``
        of ``query`` (``_get_portal_document_query``), in ``order``. The
        group, order and page are added to ``query``: read anything else
        (the summary) from it first."""
        if query.is_empty():
            return []
        domain = self._get_portal_payment_groups(today or fields.Date.context_today(self))[key]["domain"]
        query.add_where(self._get_portal_domain_sql(query, domain))
        query.order = self._order_to_sql(order, query)
        query.limit = limit
        query.offset = offset
        return list(query)

    # ------------------------------------------------------------
    # Exports of the portal list
    # ------------------------------------------------------------

    @api.model
    def _get_portal_export_columns(self):
        """Columns of the CSV/XLSX exports."""
        return [
            Column("name", self.env._("Number")),
            Column("ref", self.env._("Reference")),
            Column("type", self.env._("Type")),
            Column("invoice_date", self.env._("Date"), "date"),
            Column("due_date", self.env._("Due date"), "date"),
            Column("currency", self.env._("Currency")),
            Column("total", self.env._("Total"), "amount"),
            Column("amount_due", self.env._("Amount due"), "amount"),
            Column("status", self.env._("Status")),
        ]

    @api.model
    def _prepare_portal_export_rows(self, ids, today=None):
        """One dict per document of ``ids``, in their order, read in batches
        whose cache is dropped after use."""
        groups = self._get_portal_payment_groups(today)
        types = dict(self._fields["move_type"]._description_selection(self.env))
        for batch_ids in split_every(EXPORT_BATCH, ids):
            batch = self.browse(batch_ids)
            keys = batch._get_portal_payment_group_keys(today)
            for move in batch:
                key = keys.get(move.id)
                yield {
                    "name": move.name,
                    "ref": move.ref or "",
                    "type": types.get(move.move_type, move.move_type),
                    "invoice_date": move.invoice_date,
                    "due_date": move.invoice_date_due,
                    "currency": move.currency_id.name,
                    "total": move.currency_id.round(move._get_portal_amount_total()),
                    "amount_due": move.currency_id.round(move._get_portal_amount_due()),
                    "status": groups[key]["label"] if key else "",
                }
            batch.invalidate_recordset()
            self.env["res.currency"].invalidate_model()

    @api.model
    def _write_portal_export(self, file_format, ids, fileobj, today=None):
        """Write the export of ``ids`` in ``file_format`` (``csv``, ``xlsx``
        or ``zip`` of the PDFs) into the binary ``fileobj``."""
        if file_format == "zip":
            return self._write_portal_pdf_zip(ids, fileobj)
        columns = self._get_portal_export_columns()
        rows = self._prepare_portal_export_rows(ids, today)
        if file_format == "csv":
            return write_csv(fileobj, columns, rows)
        if file_format == "xlsx":
            return write_xlsx(fileobj, columns, rows, self.env._("Documents"))
        raise ValueError(file_format)

    @api.model
    def _write_portal_pdf_zip(self, ids, fileobj):
        """Write a ZIP of the PDFs of ``ids`` into ``fileobj``, as the portal
        gives them one by one: the PDF Odoo keeps for a sent invoice, else a
        pro forma rendered now (one document per call to the PDF engine, as
        the portal does: an unpatched wkhtmltopdf renders no more)."""
        report = self.env.ref("account.account_invoices")
        Report = self.env["ir.actions.report"].with_context(proforma_invoice=True)
        names = set()
        with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for batch_ids in split_every(PDF_BATCH, ids):
                batch = self.browse(batch_ids)
                for move in batch:
                    if move.invoice_pdf_report_id:
                        name, content = move.invoice_pdf_report_id.name, move.invoice_pdf_report_id.raw
                    else:
                        streams = Report._render_qweb_pdf_prepare_streams(report.report_name, {}, res_ids=move.ids)
                        stream = streams[move.id]["stream"]
                        name, content = move._get_invoice_proforma_pdf_report_filename(), stream.getvalue()
                        stream.close()
                    if name in names:
                        name = f"{move.id}_{name}"
                    names.add(name)
                    archive.writestr(name, content)
                batch.invalidate_recordset()

    # ------------------------------------------------------------
    # Customer comments reach the salesperson (kanban_portal.customer.comment.mixin)
    # ------------------------------------------------------------

    def _is_portal_customer_document(self):
        return self.move_type in PORTAL_MOVE_TYPES

    def _get_portal_salesperson(self, group=None):
        """The document's salesperson, else the customer's, else the company's
        responsible (Settings); never an archived, shared, public or bot user.

        :param str group: xml id of a group the user must be in (the first
            candidate who is)
        """
        self.ensure_one()
        candidates = (
            self.invoice_user_id,
            self.commercial_partner_id.user_id,
            self.company_id.kanban_portal_responsible_id,
        )
        for user in candidates:
            user = user.sudo()
            if (
                user
                and user.active
                and user._is_internal()
                and not user._is_superuser()
                and (not group or user.has_group(group))
            ):
                return user
        return self.env["res.users"]

    def _message_set_main_attachment_id(self, attachments, force=False, filter_xml=True):
        """A customer's file never becomes the document's main attachment."""
        staff_files = attachments.filtered(lambda attachment: attachment.sudo().create_uid._is_internal())
        return super()._message_set_main_attachment_id(staff_files, force=force, filter_xml=filter_xml)

    def _notify_by_email_prepare_rendering_context(self, message, msg_vals=False, **kwargs):
        """Customer comments: the email says what is still due and the payment
        state (after Odoo's own subtitles, which account sets)."""
        context = super()._notify_by_email_prepare_rendering_context(message, msg_vals=msg_vals, **kwargs)
        if self._is_portal_customer_comment(message, msg_vals):
            # rendered once per language of the recipients
            move = self.with_context(lang=context.get("lang") or self.env.lang)
            key = move._get_portal_payment_group()
            subtitles = list(context.get("subtitles", []))
            if key:
                subtitles.append(
                    move.env._(
                        "Amount due: %(amount)s · %(state)s",
                        amount=format_amount(move.env, move._get_portal_amount_due(), move.currency_id),
                        state=move._get_portal_payment_groups()[key]["label"],
                    )
                )
            author = message.author_id.sudo()
            if not author.with_context(active_test=False).user_ids:
                subtitles.append(move.env._("Posted through a document link, without logging in"))
            context["subtitles"] = subtitles
        return context
