import tempfile
from collections import defaultdict
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound
from werkzeug.wsgi import wrap_file

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.http import content_disposition, request
from odoo.tools.misc import formatLang

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.account_move import DUE_MOVE_TYPES
from ..tools.heavy_render import try_lock_heavy_render
from ..tools.statement_xlsx import write_statement_xlsx

# ``filterby`` values of /my/invoices that show the payment groups; any other
# standard filter (all, overdue_invoices, bills) keeps Odoo's own list.
GROUPED_FILTERS = (None, "", "invoices")
# export format: (mimetype, account.move method writing the file)
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "_kanban_portal_write_csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "_kanban_portal_write_xlsx"),
    "zip": ("application/zip", "_kanban_portal_write_pdf_zip"),
}


def _is_grouped_request(controller, rule, args):
    """``readonly`` callable of /my/invoices: the grouped pages write nothing.

    Odoo's own list writes an access token on each document it shows, so it
    keeps a read/write cursor.
    """
    return request.httprequest.args.get("filterby") in GROUPED_FILTERS


class KanbanPortalAccount(PortalAccount):
    # rows of each group on the overview; the group page is paged as usual
    _kanban_portal_overview_rows = 5

    # ------------------------------------------------------------
    # Home tile
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kanban_pending_count" in counters or "kanban_owed" in counters:
            summary = self._kanban_portal_summary(Domain.TRUE)
            if "kanban_pending_count" in counters:
                values["kanban_pending_count"] = summary["pending_count"]
            if "kanban_owed" in counters:
                values["kanban_owed"] = " · ".join(line["owed_display"] for line in summary["currencies"])
        return values

    # ------------------------------------------------------------
    # Search menus (overridable hooks)
    # ------------------------------------------------------------

    def _kanban_portal_searchbar_sortings(self):
        return {
            "duedate": {"label": request.env._("Due date"), "order": "invoice_date_due asc, id desc"},
            "date": {"label": request.env._("Date"), "order": "invoice_date desc, id desc"},
            "name": {"label": request.env._("Number"), "order": "name desc, id desc"},
            "amount": {"label": request.env._("Amount due"), "order": "amount_residual desc, id desc"},
        }

    def _kanban_portal_search_domain(self, search):
        """Documents whose number or customer reference contains ``search``."""
        if not search:
            return Domain.TRUE
        return Domain("name", "ilike", search) | Domain("ref", "ilike", search)

    def _kanban_portal_count_label(self, count):
        if count == 1:
            return request.env._("1 document")
        return request.env._("%(count)s documents", count=count)

    @staticmethod
    def _kanban_portal_parse_date(value):
        """A ``YYYY-MM-DD`` date, or ``None`` for anything else."""
        if not value or not isinstance(value, str):
            return None
        try:
            return fields.Date.to_date(value)
        except ValueError:
            return None

    # ------------------------------------------------------------
    # /my/invoices
    # ------------------------------------------------------------

    @http.route(readonly=_is_grouped_request)
    def portal_my_invoices(self, page=1, date_begin=None, date_end=None, sortby=None, filterby=None, **kw):
        if filterby in GROUPED_FILTERS:
            values = self._kanban_portal_prepare_grouped_values(
                page, date_begin, date_end, sortby, filterby, kw.get("group"), kw.get("search")
            )
            return request.render("kanban_portal.portal_my_invoices_grouped", values)
        # Odoo's own list: unknown menu keys fall back to the defaults instead of a 500
        if sortby not in self._get_account_searchbar_sortings():
            sortby = None
        if filterby not in self._get_account_searchbar_filters():
            filterby = None
        if not (self._kanban_portal_parse_date(date_begin) and self._kanban_portal_parse_date(date_end)):
            date_begin = date_end = None
        return super().portal_my_invoices(
            page=page, date_begin=date_begin, date_end=date_end, sortby=sortby, filterby=filterby, **kw
        )

    def _kanban_portal_summary(self, domain):
        """Counts and amounts due per group and per currency, and the aging of
        what is owed, in two queries.

        :param domain: restriction on top of the posted customer documents
            (search, dates); record rules scope it to the user's documents.
        :return: ``{'groups': {key: {'count', 'amounts': {currency: amount}}},
            'currencies': [{'currency', 'owed', 'overdue', 'overdue_count',
            'next_due', 'owed_display', 'aging': [{'key', 'label', 'amount'}]}],
            'pending_count', 'total_count'}``
        """
        Move = request.env["account.move"]
        group_defs = Move._kanban_portal_groups()
        groups = {key: {"count": 0, "amounts": defaultdict(float)} for key in group_defs}
        result = {"groups": groups, "currencies": [], "pending_count": 0, "total_count": 0}
        if not Move.has_access("read"):
            return result
        today = fields.Date.context_today(Move)
        base = Move._kanban_portal_base_domain() & Domain(domain)
        overdue = Move._kanban_portal_overdue_domain(today)
        # the overdue group comes from the aging buckets (one SQL query), the
        # other groups from one _read_group
        aging = Move._kanban_portal_aging(domain, today)
        currencies = request.env["res.currency"].browse(aging)
        rows = []
        for currency in currencies:
            overdue_buckets = [values for key, values in aging[currency.id].items() if key != "not_due"]
            if overdue_buckets:
                rows.append(
                    (
                        "overdue",
                        DUE_MOVE_TYPES[0],
                        currency,
                        sum(values["count"] for values in overdue_buckets),
                        sum(values["amount"] for values in overdue_buckets),
                        None,
                    )
                )
        aggregates = ["__count", "amount_residual:sum", "invoice_date_due:min"]
        rows += [
            (
                Move._kanban_portal_group_key(payment_state, move_type, None, today),
                move_type,
                currency,
                count,
                residual,
                due if move_type in DUE_MOVE_TYPES and payment_state in ("not_paid", "partial", "blocked") else None,
            )
            for payment_state, move_type, currency, count, residual, due in Move._read_group(
                base & ~overdue, ["payment_state", "move_type", "currency_id"], aggregates
            )
        ]
        per_currency = {}
        for key, move_type, currency, count, residual, next_due in rows:
            signed = -residual if move_type == "out_refund" else residual
            groups[key]["count"] += count
            groups[key]["amounts"][currency] += signed
            result["total_count"] += count
            if group_defs[key]["pending"]:
                result["pending_count"] += count
            line = per_currency.setdefault(
                currency, {"currency": currency, "owed": 0.0, "overdue": 0.0, "overdue_count": 0, "next_due": None}
            )
            line["owed"] += signed
            if key == "overdue":
                line["overdue"] += signed
                line["overdue_count"] += count
            if next_due and (not line["next_due"] or next_due < line["next_due"]):
                line["next_due"] = next_due
        buckets = Move._kanban_portal_aging_buckets()
        for line in sorted(per_currency.values(), key=lambda item: item["currency"].name):
            line["owed_display"] = formatLang(request.env, line["owed"], currency_obj=line["currency"])
            amounts = aging.get(line["currency"].id, {})
            line["aging"] = [
                {"key": key, "label": label, "amount": amounts.get(key, {}).get("amount", 0.0)}
                for key, label in buckets.items()
            ]
            line["overdue_count_label"] = self._kanban_portal_count_label(line["overdue_count"])
            result["currencies"].append(line)
        for group in groups.values():
            group["amounts"] = [
                (currency, amount) for currency, amount in sorted(group["amounts"].items(), key=lambda i: i[0].name)
            ]
        return result

    def _kanban_portal_list_args(self, group, search, date_begin, date_end, sortby):
        """The list a customer is looking at, from the query string, cleaned.

        :return: dict with ``group`` (or ``None``), ``search``, ``date_from``,
            ``date_to``, ``sortby``, ``order`` and ``domain`` (search and dates,
            not the group), and ``url_args``
        """
        Move = request.env["account.move"]
        if group not in Move._kanban_portal_groups():
            group = None
        sortings = self._kanban_portal_searchbar_sortings()
        if sortby not in sortings:
            sortby = next(iter(sortings))
        search = search.strip()[:100] if isinstance(search, str) else ""
        date_from = self._kanban_portal_parse_date(date_begin)
        date_to = self._kanban_portal_parse_date(date_end)
        domain = self._kanban_portal_search_domain(search)
        if date_from:
            domain &= Domain("invoice_date", ">=", date_from)
        if date_to:
            domain &= Domain("invoice_date", "<=", date_to)
        return {
            "group": group,
            "search": search,
            "date_from": date_from,
            "date_to": date_to,
            "sortby": sortby,
            "order": sortings[sortby]["order"],
            "domain": domain,
            "url_args": {
                "date_begin": date_from and fields.Date.to_string(date_from),
                "date_end": date_to and fields.Date.to_string(date_to),
                "sortby": sortby,
                "search": search or None,
            },
        }

    def _kanban_portal_prepare_grouped_values(self, page, date_begin, date_end, sortby, filterby, group, search):
        values = self._prepare_portal_layout_values()
        Move = request.env["account.move"]
        group_defs = Move._kanban_portal_groups()
        args = self._kanban_portal_list_args(group, search, date_begin, date_end, sortby)
        group, search, sortby, order, domain = (args[key] for key in ("group", "search", "sortby", "order", "domain"))
        url_args = args["url_args"]
        sortings = self._kanban_portal_searchbar_sortings()
        summary = self._kanban_portal_summary(domain)
        base = Move._kanban_portal_base_domain() & domain
        today = fields.Date.context_today(Move)
        can_read = Move.has_access("read")

        # the rows of each group shown, in one prefetch set
        rows_by_group = {}
        pager = None
        if group:
            pager = portal_pager(
                url="/my/invoices",
                url_args={**url_args, "group": group},
                total=summary["groups"][group]["count"],
                page=page,
                step=self._items_per_page,
            )
            if can_read and summary["groups"][group]["count"]:
                rows_by_group[group] = Move.search(
                    base & Move._kanban_portal_group_domain(group, today),
                    order=order,
                    limit=self._items_per_page,
                    offset=pager["offset"],
                ).ids
        elif can_read:
            for key in group_defs:
                if summary["groups"][key]["count"]:
                    rows_by_group[key] = Move.search(
                        base & Move._kanban_portal_group_domain(key, today),
                        order=order,
                        limit=self._kanban_portal_overview_rows,
                    ).ids
        # Odoo's rows (``_get_invoice_portal_extra_values``, which other modules
        # extend), in one prefetch set. The documents were found as the
        # customer (record rules): they render as Odoo's document page renders
        # its document, with sudo, which reads the rows' lines, payments and
        # transactions in a few queries for all of them instead of record-rule
        # checks row by row. Their links open through the customer's session.
        records = (
            Move.sudo()
            .with_context(kanban_portal_session_links=True)
            .browse([move_id for ids in rows_by_group.values() for move_id in ids])
        )
        by_id = {move.id: move._get_invoice_portal_extra_values() for move in records}
        shown_groups = [
            {
                "key": key,
                **group_defs[key],
                **summary["groups"][key],
                "count_label": self._kanban_portal_count_label(summary["groups"][key]["count"]),
                "rows": [by_id[move_id] for move_id in rows_by_group.get(key, [])],
            }
            for key in ([group] if group else group_defs)
            if group or summary["groups"][key]["count"]
        ]
        request.session["my_invoices_history"] = records.ids[:100]

        searchbar_filters = self._get_account_searchbar_filters()
        values.update(
            {
                "page_name": "invoice",
                "default_url": "/my/invoices",
                "invoices": summary["total_count"],
                "kanban_summary": summary,
                "payment_groups": shown_groups,
                "kanban_group": group,
                "kanban_group_defs": group_defs,
                "kanban_url_args": url_args,
                "kanban_today": today,
                "kanban_search": search,
                "kanban_date_begin": url_args["date_begin"],
                "kanban_date_end": url_args["date_end"],
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": dict(sorted(searchbar_filters.items())),
                "filterby": filterby or "invoices",
                "overdue_invoice_count": self._get_overdue_invoice_count(),
                "bill_count": (Move.search_count(self._get_invoices_domain("in"), limit=1) if can_read else 0),
            }
        )
        return values

    # ------------------------------------------------------------
    # Exports of the list the customer is looking at
    # ------------------------------------------------------------

    @http.route("/my/invoices/export/<string:file_format>", type="http", auth="user", methods=["GET"], website=True)
    def kanban_portal_export(
        self, file_format, group=None, search=None, date_begin=None, date_end=None, sortby=None, **kw
    ):
        """CSV, XLSX or ZIP of the PDFs of the list shown with the same group,
        search, dates and sorting; written to a temporary file a batch at a
        time and streamed from it, refused above the company's maximum (a ZIP
        above its own, smaller one: its PDFs are rendered in the request, so
        the customer is offered the same list as a spreadsheet instead), and a
        ZIP refused while another heavy render of the same customer runs."""
        if file_format not in EXPORT_FORMATS:
            raise NotFound()
        Move = request.env["account.move"]
        args = self._kanban_portal_list_args(group, search, date_begin, date_end, sortby)
        today = fields.Date.context_today(Move)
        domain = Move._kanban_portal_base_domain() & args["domain"]
        if args["group"]:
            domain &= Move._kanban_portal_group_domain(args["group"], today)
        count = Move.search_count(domain) if Move.has_access("read") else 0
        company = request.env.company
        export_max = company.kanban_portal_export_max
        list_args = (date_begin, date_end, sortby, group, search)
        if export_max and count > export_max:
            return self._kanban_portal_render_list_error(
                request.env._(
                    "This list has %(count)s documents: at most %(limit)s can be exported at once. "
                    "Choose a group, a search or dates to narrow it.",
                    count=count,
                    limit=export_max,
                ),
                400,
                *list_args,
            )
        if file_format == "zip":
            zip_max = company.kanban_portal_zip_max
            if zip_max and count > zip_max:
                query = {key: value for key, value in args["url_args"].items() if value}
                if args["group"]:
                    query["group"] = args["group"]
                return self._kanban_portal_render_list_error(
                    " ".join(
                        (
                            request.env._(
                                "This list has %(count)s documents: at most %(limit)s PDFs fit in one ZIP.",
                                count=count,
                                limit=zip_max,
                            ),
                            request.env._(
                                "Choose a group, a search or dates to narrow it, or download the list as a spreadsheet."
                            ),
                        )
                    ),
                    400,
                    *list_args,
                    link={
                        "url": f"/my/invoices/export/xlsx?{urlencode(query)}",
                        "label": request.env._("Download this list as Excel"),
                    },
                )
            if not try_lock_heavy_render(request.env.cr, request.env.user.partner_id.commercial_partner_id.id):
                return self._kanban_portal_render_busy(*list_args)
        ids = Move.search(domain, order=args["order"]).ids if count else []
        mimetype, writer = EXPORT_FORMATS[file_format]
        records = Move.with_context(kanban_portal_today=today)
        if file_format == "zip":
            # the ids come from the customer's own search (record rules);
            # rendering needs the accounting the portal user does not read
            records = records.sudo()
        fileobj = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response once streamed)
        getattr(records, writer)(ids, fileobj)
        filename = "{}-{}.{}".format(request.env._("documents"), fields.Date.to_string(today), file_format)
        return self._kanban_portal_file_response(fileobj, mimetype, filename)

    def _kanban_portal_file_response(self, fileobj, mimetype, filename):
        """Stream the file just written into ``fileobj`` (a temporary file,
        closed by the response once sent) as a download."""
        size = fileobj.tell()
        fileobj.seek(0)
        headers = [
            ("Content-Type", mimetype),
            ("Content-Length", str(size)),
            ("Content-Disposition", content_disposition(filename)),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ]
        return request.make_response(wrap_file(request.httprequest.environ, fileobj), headers=headers)

    def _kanban_portal_render_list_error(
        self, message, status, date_begin=None, date_end=None, sortby=None, group=None, search=None, link=None
    ):
        """The customer's list (the one they downloaded from) with ``message``
        above it and, when given, ``link`` (``{'url', 'label'}``) to the same
        data in another form, answered with HTTP ``status``."""
        values = self._kanban_portal_prepare_grouped_values(1, date_begin, date_end, sortby, None, group, search)
        values.update({"kanban_error": message, "kanban_error_link": link})
        if status == 429:
            values["kanban_error_level"] = "warning"
        headers = [("Retry-After", "30")] if status == 429 else None
        return request.render("kanban_portal.portal_my_invoices_grouped", values, status=status, headers=headers)

    def _kanban_portal_render_busy(self, date_begin=None, date_end=None, sortby=None, group=None, search=None):
        """HTTP 429: a heavy render of the same customer is still running
        (``try_lock_heavy_render``); this request does not hold a second
        worker waiting for it."""
        return self._kanban_portal_render_list_error(
            request.env._("We are still preparing your previous file. Wait for it to download, then try again."),
            429,
            date_begin,
            date_end,
            sortby,
            group,
            search,
        )

    # ------------------------------------------------------------
    # Statement of account
    # ------------------------------------------------------------

    def _kanban_portal_statement_period(self, date_begin, date_end):
        """``(date_from, date_to)``: the dates asked, else the year to date."""
        today = fields.Date.context_today(request.env["account.move"])
        date_to = self._kanban_portal_parse_date(date_end) or today
        date_from = self._kanban_portal_parse_date(date_begin) or date_to.replace(month=1, day=1)
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return date_from, date_to

    @http.route("/my/invoices/statement", type="http", auth="user", methods=["GET"], website=True)
    def kanban_portal_statement(self, date_begin=None, date_end=None, **kw):
        """The logged-in customer's statement of account, as a PDF or, with
        ``format=xlsx``, as a spreadsheet; whose it is comes from the session
        only, never from the query string.

        It is read as the superuser (payments and adjustments are no
        documents a portal user reads) in the companies Odoo's multi-company
        rules give the user (``request.env.companies``). The PDF, rendered in
        the request, is bounded by the company's maximum of lines (above it
        the customer is offered the spreadsheet) and by one heavy render per
        customer at a time (HTTP 429 otherwise); the spreadsheet by the
        maximum of an export only.
        """
        file_format = kw.get("format") or "pdf"
        if file_format not in ("pdf", "xlsx"):
            raise NotFound()
        if not request.env["account.move"].has_access("read"):
            raise NotFound()
        date_from, date_to = self._kanban_portal_statement_period(date_begin, date_end)
        partner = request.env.user.partner_id.commercial_partner_id
        context = {"lang": request.env.user.lang, "allowed_company_ids": request.env.companies.ids}
        Statement = request.env["report.kanban_portal.report_statement"].sudo().with_context(**context)
        count = Statement._get_statement_line_count(partner, date_from, date_to)
        company = request.env.company
        export_max = company.kanban_portal_export_max
        period = {"date_begin": fields.Date.to_string(date_from), "date_end": fields.Date.to_string(date_to)}
        filename = "{}-{}-{}.{}".format(
            request.env._("statement"), period["date_begin"], period["date_end"], file_format
        )
        if file_format == "xlsx":
            if export_max and count > export_max:
                return self._kanban_portal_render_list_error(
                    " ".join(
                        (
                            request.env._(
                                "This statement has %(count)s lines: at most %(limit)s can be exported at once.",
                                count=count,
                                limit=export_max,
                            ),
                            request.env._("Choose a shorter period."),
                        )
                    ),
                    400,
                    date_begin,
                    date_end,
                )
            fileobj = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response once streamed)
            write_statement_xlsx(
                Statement.env,
                fileobj,
                partner,
                date_from,
                date_to,
                Statement._get_statement(partner, date_from, date_to),
            )
            return self._kanban_portal_file_response(fileobj, EXPORT_FORMATS["xlsx"][0], filename)
        max_lines = company.kanban_portal_statement_max_lines
        if max_lines and count > max_lines:
            spreadsheet = not export_max or count <= export_max
            return self._kanban_portal_render_list_error(
                " ".join(
                    (
                        request.env._(
                            "This statement has %(count)s lines: at most %(limit)s fit in one PDF.",
                            count=count,
                            limit=max_lines,
                        ),
                        request.env._("Choose a shorter period, or download it as a spreadsheet.")
                        if spreadsheet
                        else request.env._("Choose a shorter period."),
                    )
                ),
                400,
                date_begin,
                date_end,
                link={
                    "url": f"/my/invoices/statement?{urlencode({**period, 'format': 'xlsx'})}",
                    "label": request.env._("Download the statement as Excel"),
                }
                if spreadsheet
                else None,
            )
        if not try_lock_heavy_render(request.env.cr, partner.id):
            return self._kanban_portal_render_busy(date_begin, date_end)
        report = request.env["ir.actions.report"].sudo().with_context(**context)
        pdf, _type = report._render_qweb_pdf(
            "kanban_portal.action_report_statement",
            [partner.id],
            data={"date_from": period["date_begin"], "date_to": period["date_end"]},
        )
        headers = [
            ("Content-Type", "application/pdf"),
            ("Content-Length", str(len(pdf))),
            ("Content-Disposition", content_disposition(filename)),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ]
        return request.make_response(pdf, headers=headers)

    # ------------------------------------------------------------
    # Report a payment
    # ------------------------------------------------------------

    def _kanban_portal_report_moves(self, invoice_ids):
        """The customer's documents among ``invoice_ids`` (record rules), or a
        UserError that does not tell a foreign id from a missing one."""
        try:
            ids = list(dict.fromkeys(int(move_id) for move_id in invoice_ids))
        except (TypeError, ValueError):
            ids = None
        Move = request.env["account.move"]
        if not ids or len(ids) > 100 or not Move.has_access("read"):
            raise UserError(request.env._("Choose at least one pending document."))
        moves = Move.search(Move._kanban_portal_base_domain() & Domain("id", "in", ids), order="invoice_date_due, id")
        if len(moves) != len(ids):
            raise UserError(request.env._("One of the documents chosen was not found among yours."))
        return moves

    @http.route("/my/invoices/report_payment", type="http", auth="user", methods=["GET", "POST"], website=True)
    def kanban_portal_report_payment(self, **post):
        """Report a payment of one or several pending documents, with its receipt."""
        Report = request.env["kanban_portal.payment.report"]
        invoice_ids = request.httprequest.values.getlist("invoice_ids")
        error = None
        moves = request.env["account.move"]
        try:
            moves = self._kanban_portal_report_moves(invoice_ids)
        except UserError as exc:
            error = exc.args[0]
        form = {
            "amount": post.get("amount", ""),
            "date": post.get("date") or fields.Date.to_string(fields.Date.context_today(moves)),
            "method": post.get("method", "transfer"),
            "bank": (post.get("bank") or "")[:100],
            "reference": (post.get("reference") or "")[:100],
        }
        if not error and not form["amount"] and len(moves.currency_id) == 1:
            form["amount"] = str(moves.currency_id.round(sum(moves.mapped("amount_residual"))))
        if request.httprequest.method == "POST" and not error:
            files = [
                (ufile.filename or "receipt", ufile.read())
                for ufile in request.httprequest.files.getlist("receipt")
                if ufile.filename
            ]
            try:
                try:
                    amount = float(form["amount"].replace(",", "."))
                except ValueError:
                    raise UserError(request.env._("The amount must be a number.")) from None
                values = {**form, "amount": amount, "date": self._kanban_portal_parse_date(form["date"])}
                with request.env.cr.savepoint():
                    Report._create_from_portal(moves, values, files)
            except UserError as exc:
                error = exc.args[0]
            else:
                return request.redirect(moves[0].access_url)
        values = self._prepare_portal_layout_values()
        company = moves[:1].sudo().company_id or request.env.company
        values.update(
            {
                "page_name": "kanban_report_payment",
                "kanban_moves": moves,
                "kanban_form": form,
                "kanban_error": error,
                "kanban_methods": Report._fields["method"]._description_selection(request.env),
                "kanban_receipt_help": request.env._(
                    "PDF or image, at most %(size)s MB each, %(count)s files.",
                    size=company.kanban_portal_max_file_mb,
                    count=company.kanban_portal_max_files,
                ),
            }
        )
        return request.render("kanban_portal.portal_report_payment", values, status=400 if error else 200)
