from collections import defaultdict

from odoo import fields, http
from odoo.fields import Domain
from odoo.http import request
from odoo.tools.misc import formatLang

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.account_move import DUE_MOVE_TYPES

# ``filterby`` values of /my/invoices that show the payment groups; any other
# standard filter (all, overdue_invoices, bills) keeps Odoo's own list.
GROUPED_FILTERS = (None, "", "invoices")
PENDING_GROUPS = ("overdue", "not_paid", "partial")


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
        """Counts and amounts due per group and per currency, in two queries.

        :param domain: restriction on top of the posted customer documents
            (search, dates); record rules scope it to the user's documents.
        :return: ``{'groups': {key: {'count', 'amounts': {currency: amount}}},
            'currencies': [{'currency', 'owed', 'overdue', 'overdue_count',
            'next_due', 'owed_display'}], 'pending_count', 'total_count'}``
        """
        Move = request.env["account.move"]
        groups = {key: {"count": 0, "amounts": defaultdict(float)} for key in Move._kanban_portal_groups()}
        result = {"groups": groups, "currencies": [], "pending_count": 0, "total_count": 0}
        if not Move.has_access("read"):
            return result
        today = fields.Date.context_today(Move)
        base = Move._kanban_portal_base_domain() & Domain(domain)
        overdue = Move._kanban_portal_overdue_domain(today)
        aggregates = ["__count", "amount_residual:sum", "invoice_date_due:min"]
        rows = [
            ("overdue", move_type, currency, count, residual, None)
            for move_type, currency, count, residual, _due in Move._read_group(
                base & overdue, ["move_type", "currency_id"], aggregates
            )
        ] + [
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
            if key in PENDING_GROUPS:
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
        for line in sorted(per_currency.values(), key=lambda item: item["currency"].name):
            line["owed_display"] = formatLang(request.env, line["owed"], currency_obj=line["currency"])
            line["overdue_count_label"] = self._kanban_portal_count_label(line["overdue_count"])
            result["currencies"].append(line)
        for group in groups.values():
            group["amounts"] = [
                (currency, amount) for currency, amount in sorted(group["amounts"].items(), key=lambda i: i[0].name)
            ]
        return result

    def _kanban_portal_prepare_grouped_values(self, page, date_begin, date_end, sortby, filterby, group, search):
        values = self._prepare_portal_layout_values()
        Move = request.env["account.move"]
        group_defs = Move._kanban_portal_groups()
        if group not in group_defs:
            group = None
        sortings = self._kanban_portal_searchbar_sortings()
        if sortby not in sortings:
            sortby = next(iter(sortings))
        order = sortings[sortby]["order"]
        search = search.strip()[:100] if isinstance(search, str) else ""
        date_from = self._kanban_portal_parse_date(date_begin)
        date_to = self._kanban_portal_parse_date(date_end)

        domain = self._kanban_portal_search_domain(search)
        if date_from:
            domain &= Domain("invoice_date", ">=", date_from)
        if date_to:
            domain &= Domain("invoice_date", "<=", date_to)
        summary = self._kanban_portal_summary(domain)
        base = Move._kanban_portal_base_domain() & domain
        today = fields.Date.context_today(Move)
        url_args = {
            "date_begin": date_from and fields.Date.to_string(date_from),
            "date_end": date_to and fields.Date.to_string(date_to),
            "sortby": sortby,
            "search": search or None,
        }
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
        records = Move.browse([move_id for ids in rows_by_group.values() for move_id in ids])
        by_id = {move.id: move for move in records}
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
                "kanban_groups": shown_groups,
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
