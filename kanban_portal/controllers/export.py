import tempfile
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound
from werkzeug.wsgi import wrap_file

from odoo import fields, http
from odoo.http import content_disposition, request

from ..tools.heavy_render import try_lock_heavy_render
from ..tools.statement_xlsx import write_statement_xlsx
from .portal import PaymentGroupsPortal, parse_portal_date

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "pdf": "application/pdf",
}


def download_headers(file_format, filename, size):
    """Headers of a file the customer downloads: never sniffed, never cached."""
    return [
        ("Content-Type", MIMETYPES[file_format]),
        ("Content-Length", str(size)),
        ("Content-Disposition", content_disposition(filename)),
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
    ]


def file_response(fileobj, file_format, filename):
    """Stream the file just written into ``fileobj`` (a temporary file,
    closed by the response once sent) as a download."""
    size = fileobj.tell()
    fileobj.seek(0)
    headers = download_headers(file_format, filename, size)
    return request.make_response(wrap_file(request.httprequest.environ, fileobj), headers=headers)


class PaymentGroupsExport(PaymentGroupsPortal):
    """The list a customer is looking at, and their statement of account, as files."""

    @http.route("/my/invoices/export/<string:file_format>", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_invoices_export(self, file_format, **kw):
        """CSV, XLSX or ZIP of the PDFs of the list shown with the same group,
        search, dates and sorting; written to a temporary file a batch at a
        time and streamed from it, refused above the company's maximum (a ZIP
        above its own, smaller one: its PDFs are rendered in the request, so
        the customer is offered the same list as a spreadsheet instead), and a
        ZIP refused while another heavy render of the same customer runs."""
        if file_format not in ("csv", "xlsx", "zip"):
            raise NotFound()
        args = self._get_portal_list_args(kw)
        Move = request.env["account.move"]
        today = fields.Date.context_today(Move)
        domain = Move._get_portal_document_domain() & args.domain
        if args.group:
            domain &= Move._get_portal_payment_group_domain(args.group, today)
        count = Move.search_count(domain) if Move.has_access("read") else 0
        company = request.env.company
        export_max = company.kanban_portal_export_max
        if export_max and count > export_max:
            return self._render_my_invoices_grouped_error(
                args,
                request.env._(
                    "This list has %(count)s documents: at most %(limit)s can be exported at once. "
                    "Choose a group, a search or dates to narrow it.",
                    count=count,
                    limit=export_max,
                ),
            )
        records = Move
        if file_format == "zip":
            zip_max = company.kanban_portal_zip_max
            if zip_max and count > zip_max:
                return self._render_my_invoices_grouped_error(
                    args,
                    request.env._(
                        "This list has %(count)s documents: at most %(limit)s PDFs fit in one ZIP. "
                        "Choose a group, a search or dates to narrow it, or download the list as a spreadsheet.",
                        count=count,
                        limit=zip_max,
                    ),
                    link={
                        "url": f"/my/invoices/export/xlsx?{args.query_string()}",
                        "label": request.env._("Download this list as Excel"),
                    },
                )
            if not try_lock_heavy_render(request.env.cr, request.env.user.partner_id.commercial_partner_id.id):
                return self._render_my_invoices_busy(args)
            # the ids come from the customer's own search (record rules);
            # rendering needs the accounting the portal user does not read
            records = Move.sudo()
        ids = Move.search(domain, order=args.order).ids if count else []
        fileobj = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response once streamed)
        records._write_portal_export(file_format, ids, fileobj, today)
        filename = "{}-{}.{}".format(request.env._("documents"), fields.Date.to_string(today), file_format)
        return file_response(fileobj, file_format, filename)

    def _get_statement_period(self, date_begin, date_end):
        """``(date_from, date_to)``: the dates asked, else the year to date."""
        today = fields.Date.context_today(request.env["account.move"])
        date_to = parse_portal_date(date_end) or today
        date_from = parse_portal_date(date_begin) or date_to.replace(month=1, day=1)
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return date_from, date_to

    @http.route("/my/invoices/statement", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_invoices_statement(self, date_begin=None, date_end=None, **kw):
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
        args = self._get_portal_list_args({"date_begin": date_begin, "date_end": date_end})
        date_from, date_to = self._get_statement_period(date_begin, date_end)
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
        spreadsheet_allowed = not export_max or count <= export_max
        if file_format == "xlsx":
            if not spreadsheet_allowed:
                return self._render_my_invoices_grouped_error(
                    args,
                    request.env._(
                        "This statement has %(count)s lines: at most %(limit)s can be exported at once. "
                        "Choose a shorter period.",
                        count=count,
                        limit=export_max,
                    ),
                )
            fileobj = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response once streamed)
            statements = Statement._get_statement(partner, date_from, date_to)
            write_statement_xlsx(Statement.env, fileobj, partner, date_from, date_to, statements)
            return file_response(fileobj, "xlsx", filename)
        max_lines = company.kanban_portal_statement_max_lines
        if max_lines and count > max_lines:
            if spreadsheet_allowed:
                message = request.env._(
                    "This statement has %(count)s lines: at most %(limit)s fit in one PDF. "
                    "Choose a shorter period, or download it as a spreadsheet.",
                    count=count,
                    limit=max_lines,
                )
                link = {
                    "url": f"/my/invoices/statement?{urlencode({**period, 'format': 'xlsx'})}",
                    "label": request.env._("Download the statement as Excel"),
                }
            else:
                message = request.env._(
                    "This statement has %(count)s lines: at most %(limit)s fit in one PDF. Choose a shorter period.",
                    count=count,
                    limit=max_lines,
                )
                link = None
            return self._render_my_invoices_grouped_error(args, message, link=link)
        if not try_lock_heavy_render(request.env.cr, partner.id):
            return self._render_my_invoices_busy(args)
        report = request.env["ir.actions.report"].sudo().with_context(**context)
        pdf, _type = report._render_qweb_pdf(
            "kanban_portal.action_report_statement",
            [partner.id],
            data={"date_from": period["date_begin"], "date_to": period["date_end"]},
        )
        return request.make_response(pdf, headers=download_headers("pdf", filename, len(pdf)))
