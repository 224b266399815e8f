from urllib.parse import urlencode

from odoo import fields, http
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager

# ``filterby`` values of /my/invoices that show the payment groups; any other
# standard filter (all, overdue_invoices, bills) keeps Odoo's own list.
GROUPED_FILTERS = (None, "", "invoices")
# query-string keys of the list a customer is looking at
LIST_KEYS = ("group", "search", "date_begin", "date_end", "sortby")


def parse_portal_date(value):
    """A ``YYYY-MM-DD`` date, or ``None`` for anything else."""
    if not value or not isinstance(value, str):
        return None
    try:
        return fields.Date.to_date(value)
    except ValueError:
        return None


class PortalListArgs:
    """The list a customer is looking at (payment group, search, dates,
    sorting), from the query string, cleaned: shared by the page, its
    exports and its error pages."""

    def __init__(self, params, sortings, group_keys):
        group = params.get("group")
        self.group = group if group in group_keys else None
        sortby = params.get("sortby")
        self.sortby = sortby if sortby in sortings else next(iter(sortings))
        self.order = sortings[self.sortby]["order"]
        search = params.get("search")
        self.search = search.strip()[:100] if isinstance(search, str) else ""
        self.date_from = parse_portal_date(params.get("date_begin"))
        self.date_to = parse_portal_date(params.get("date_end"))

    @property
    def domain(self):
        """Search and dates (not the group), on top of the portal's documents."""
        domain = Domain.TRUE
        if self.search:
            domain &= Domain("name", "ilike", self.search) | Domain("ref", "ilike", self.search)
        if self.date_from:
            domain &= Domain("invoice_date", ">=", self.date_from)
        if self.date_to:
            domain &= Domain("invoice_date", "<=", self.date_to)
        return domain

    @property
    def url_args(self):
        """Query-string values of the list, without the group."""
        return {
            "date_begin": self.date_from and fields.Date.to_string(self.date_from),
            "date_end": self.date_to and fields.Date.to_string(self.date_to),
            "sortby": self.sortby,
            "search": self.search or None,
        }

    def query_string(self, **extra):
        """The list's query string (with its group), plus ``extra``."""
        values = {**self.url_args, "group": self.group, **extra}
        return urlencode({key: value for key, value in values.items() if value})


def _is_grouped_request(controller, rule, args):
    """``readonly`` callable of /my/invoices: the grouped pages write nothing.

    Odoo's own list writes an access token on each document it shows, so it
    keeps a read/write cursor.
    """
    return request.httprequest.args.get("filterby") in GROUPED_FILTERS


class PaymentGroupsPortal(PortalAccount):
    """/my/invoices grouped by payment state, and the home tile."""

    # rows of each group on the overview; the group page is paged as usual
    _payment_group_overview_rows = 5

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "pending_invoice_count" in counters or "owed_amount" in counters:
            summary = request.env["account.move"]._get_portal_payment_summary()
            if "pending_invoice_count" in counters:
                values["pending_invoice_count"] = summary["pending_count"]
            if "owed_amount" in counters:
                values["owed_amount"] = " · ".join(line["owed_display"] for line in summary["currencies"])
        return values

    def _get_payment_group_searchbar_sortings(self):
        return {
            "duedate": {"label": request.env._("Due date"), "order": "invoice_date_due asc, id desc"},
            "date": {"label": request.env._("Date"), "order": "invoice_date desc, id desc"},
            "name": {"label": request.env._("Number"), "order": "name desc, id desc"},
            "amount": {"label": request.env._("Amount due"), "order": "amount_residual desc, id desc"},
        }

    def _get_portal_list_args(self, params):
        """:class:`PortalListArgs` of the query string ``params``."""
        return PortalListArgs(
            params,
            self._get_payment_group_searchbar_sortings(),
            request.env["account.move"]._get_portal_payment_groups(),
        )

    @http.route(readonly=_is_grouped_request)
    def portal_my_invoices(self, page=1, date_begin=None, date_end=None, sortby=None, filterby=None, **kw):
        if filterby in GROUPED_FILTERS:
            args = self._get_portal_list_args({**kw, "date_begin": date_begin, "date_end": date_end, "sortby": sortby})
            values = self._prepare_my_invoices_grouped_values(args, page=page, filterby=filterby)
            return request.render("kanban_portal.portal_my_invoices_grouped", values)
        # Odoo's own list: unknown menu keys fall back to the defaults instead of a 500
        if sortby not in self._get_account_searchbar_sortings():
            sortby = None
        if filterby not in self._get_account_searchbar_filters():
            filterby = None
        if not (parse_portal_date(date_begin) and parse_portal_date(date_end)):
            date_begin = date_end = None
        return super().portal_my_invoices(
            page=page, date_begin=date_begin, date_end=date_end, sortby=sortby, filterby=filterby, **kw
        )

    def _get_payment_group_rows(self, args, query, summary, page, today):
        """``(ids by group key, pager)`` of the rows shown: the first rows of
        each group on the overview (found with the summary), one page of the
        group on a group page, read from ``query``, the summary's."""
        Move = request.env["account.move"]
        if not args.group:
            return {key: group["ids"] for key, group in summary["groups"].items() if group["ids"]}, None
        count = summary["groups"][args.group]["count"]
        pager = portal_pager(
            url="/my/invoices",
            url_args={**args.url_args, "group": args.group},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        ids = {}
        if count:
            ids[args.group] = Move._get_portal_payment_group_page(
                query, args.group, args.order, self._items_per_page, pager["offset"], today
            )
        return ids, pager

    def _prepare_my_invoices_grouped_values(self, args, page=1, filterby=None):
        values = self._prepare_portal_layout_values()
        Move = request.env["account.move"]
        today = fields.Date.context_today(Move)
        groups = Move._get_portal_payment_groups(today)
        # record rules resolved once: the summary and the rows come from one query
        query = Move._get_portal_document_query(args.domain)
        first_rows = None if args.group else (args.order, self._payment_group_overview_rows)
        summary = Move._get_portal_payment_summary(args.domain, today, query=query, first_rows=first_rows)
        ids_by_group, pager = self._get_payment_group_rows(args, query, summary, page, today)
        # Odoo's rows (``_get_invoice_portal_extra_values``, which other modules
        # extend), in one prefetch set. The documents were found as the
        # customer (record rules): they render as Odoo's document page renders
        # its document, with sudo, which reads the rows' lines, payments and
        # transactions in a few queries for all of them instead of record-rule
        # checks row by row. Their links open through the customer's session.
        records = (
            Move.sudo()
            .with_context(kanban_portal_session_links=True)
            .browse([move_id for ids in ids_by_group.values() for move_id in ids])
        )
        rows = {move.id: move._get_invoice_portal_extra_values() for move in records}
        shown_groups = [
            {
                "key": key,
                **groups[key],
                **summary["groups"][key],
                "count_label": Move._get_portal_document_count_label(summary["groups"][key]["count"]),
                "rows": [rows[move_id] for move_id in ids_by_group.get(key, [])],
            }
            for key in ([args.group] if args.group else groups)
            if args.group or summary["groups"][key]["count"]
        ]
        request.session["my_invoices_history"] = records.ids[:100]
        url_args = args.url_args
        values.update(
            {
                "page_name": "invoice",
                "default_url": "/my/invoices",
                "invoices": summary["total_count"],
                "payment_summary": summary,
                "payment_groups": shown_groups,
                # the rows' documents still to pay, found once for all of them
                "payable_ids": set(records._get_portal_payable().ids),
                "current_group": args.group,
                "list_url_args": url_args,
                "today": today,
                "search_text": args.search,
                "list_date_begin": url_args["date_begin"],
                "list_date_end": url_args["date_end"],
                "pager": pager,
                "searchbar_sortings": self._get_payment_group_searchbar_sortings(),
                "sortby": args.sortby,
                "searchbar_filters": dict(sorted(self._get_account_searchbar_filters().items())),
                "filterby": filterby or "invoices",
                **self._get_my_invoices_counts(),
            }
        )
        return values

    def _get_my_invoices_counts(self):
        """Odoo's ``overdue_invoice_count`` (for the *Pay overdue* button of
        ``account_payment``) and ``bill_count`` (whether the customer has
        vendor bills), in one query: the record rules are resolved once for
        both. The overdue documents are those of Odoo's
        ``_get_overdue_invoices_domain``, counted as Odoo's
        ``_get_overdue_invoice_count`` counts them; when a module overrides
        that method, the page asks it instead, as Odoo's list does."""
        Move = request.env["account.move"]
        counts = {"overdue_invoice_count": 0, "bill_count": 0}
        if not Move.has_access("read"):
            return counts
        overdue = Domain(self._get_overdue_invoices_domain())
        bills = self._get_invoices_domain("in")
        # a module's own count (an override of Odoo's method) is asked, as Odoo's list asks it
        count_overridden = type(self)._get_overdue_invoice_count is not PortalAccount._get_overdue_invoice_count
        conditions = (
            {"bill_count": bills} if count_overridden else {"overdue_invoice_count": overdue, "bill_count": bills}
        )
        query = Move._search(Domain.OR(conditions.values()))
        if not query.is_empty():
            [row] = request.env.execute_query(
                query.select(
                    *(
                        SQL("COUNT(*) FILTER (WHERE %s)", Move._get_portal_domain_sql(query, domain))
                        for domain in conditions.values()
                    )
                )
            )
            counts.update(zip(conditions, row, strict=True))
        if count_overridden:
            counts["overdue_invoice_count"] = self._get_overdue_invoice_count()
        return counts

    def _render_my_invoices_grouped_error(self, args, message, status=400, link=None):
        """The customer's list (the one they downloaded from) with ``message``
        above it and, when given, ``link`` (``{'url', 'label'}``) to the same
        data in another form, answered with HTTP ``status`` (429: try again
        later)."""
        values = self._prepare_my_invoices_grouped_values(args)
        values.update({"page_error": message, "page_error_link": link})
        headers = None
        if status == 429:
            values["page_error_level"] = "warning"
            headers = [("Retry-After", "30")]
        return request.render("kanban_portal.portal_my_invoices_grouped", values, status=status, headers=headers)

    def _render_my_invoices_busy(self, args):
        """HTTP 429: a heavy render of the same customer is still running
        (``try_lock_heavy_render``); this request does not hold a second
        worker waiting for it."""
        return self._render_my_invoices_grouped_error(
            args,
            request.env._("We are still preparing your previous file. Wait for it to download, then try again."),
            status=429,
        )
