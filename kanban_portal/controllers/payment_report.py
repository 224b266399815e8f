from odoo import fields, http
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import parse_portal_date

# documents a customer may report a payment of at once
MAX_REPORTED_DOCUMENTS = 100


class PaymentReportPortal(CustomerPortal):
    """Report a payment (informar pago) of one or several pending documents."""

    def _get_report_payment_moves(self, invoice_ids):
        """The customer's documents among ``invoice_ids`` (record rules), or a
        UserError that does not tell a foreign id from a missing one."""
        try:
            ids = list(dict.fromkeys(int(move_id) for move_id in invoice_ids))
        except (TypeError, ValueError):
            ids = None
        Move = request.env["account.move"]
        if not ids or len(ids) > MAX_REPORTED_DOCUMENTS or not Move.has_access("read"):
            raise UserError(request.env._("Choose at least one pending document."))
        moves = Move.search(Move._get_portal_document_domain() & Domain("id", "in", ids), order="invoice_date_due, id")
        if len(moves) != len(ids):
            raise UserError(request.env._("One of the documents chosen was not found among yours."))
        return moves

    @http.route("/my/invoices/report_payment", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_my_invoices_report_payment(self, **post):
        """Report a payment of one or several pending documents, with its receipt."""
        Report = request.env["kanban_portal.payment.report"]
        invoice_ids = request.httprequest.values.getlist("invoice_ids")
        error = None
        moves = request.env["account.move"]
        try:
            moves = self._get_report_payment_moves(invoice_ids)
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
                values = {**form, "amount": amount, "date": parse_portal_date(form["date"])}
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
                "page_name": "report_payment",
                "report_moves": moves,
                "report_form": form,
                "page_error": error,
                "report_methods": Report._fields["method"]._description_selection(request.env),
                "receipt_help": request.env._(
                    "PDF or image, at most %(size)s MB each, %(count)s files.",
                    size=company.kanban_portal_max_file_mb,
                    count=company.kanban_portal_max_files,
                ),
            }
        )
        return request.render("kanban_portal.portal_report_payment", values, status=400 if error else 200)
