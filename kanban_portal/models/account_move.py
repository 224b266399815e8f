import csv
import io
import zipfile
from datetime import timedelta

import xlsxwriter
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL
from odoo.tools.mail import html2plaintext, is_html_empty, plaintext2html
from odoo.tools.misc import formatLang, split_every

from ..tools.customer_file import customer_file_name, customer_file_type

# Customer documents shown in the payment groups: vendor bills never count.
PORTAL_MOVE_TYPES = ("out_invoice", "out_refund", "out_receipt")
# Documents that can fall due: an open credit note is credit in the customer's favour.
DUE_MOVE_TYPES = ("out_invoice", "out_receipt")
# ``blocked`` (payment on hold) still has to be paid: it is treated as open.
OPEN_PAYMENT_STATES = ("not_paid", "partial", "blocked")
# Context key message_post sets on the posts it finds to be a customer's own.
CUSTOMER_POST_KEY = "kanban_portal_customer_post"
# The payment groups, in display order (labels: _kanban_portal_group_labels).
# ``pending``: still to be paid (counted on the home tile, a payment can be
# reported of its documents).
PAYMENT_GROUPS = {
    "overdue": {
        "payment_states": OPEN_PAYMENT_STATES,
        "icon": "fa-exclamation-triangle",
        "badge": "text-bg-danger",
        "pending": True,
    },
    "not_paid": {
        "payment_states": ("not_paid", "blocked"),
        "icon": "fa-clock-o",
        "badge": "text-bg-primary",
        "pending": True,
    },
    "partial": {"payment_states": ("partial",), "icon": "fa-adjust", "badge": "text-bg-warning", "pending": True},
    "in_payment": {"payment_states": ("in_payment",), "icon": "fa-hourglass-half", "badge": "text-bg-dark"},
    "paid": {
        "payment_states": ("paid", "invoicing_legacy"),
        "icon": "fa-check",
        "badge": "bg-success-subtle text-success-emphasis border border-success-subtle",
    },
    "reversed": {"payment_states": ("reversed",), "icon": "fa-undo", "badge": "text-bg-secondary"},
}

# A spreadsheet runs a cell starting with one of these as a formula
# (OWASP "CSV injection"): text cells that do are prefixed with a quote.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# Rows read (and PDFs rendered) per batch: memory does not grow with the export.
EXPORT_BATCH = 500
PDF_BATCH = 20


def neutralize_formula(value):
    """``value`` as a spreadsheet shows it as text, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class AccountMove(models.Model):
    _inherit = "account.move"

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
        help="The customer reported a payment of this document from the portal: it is being verified.",
    )

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

    @api.depends("kanban_portal_payment_report_ids.state")
    def _compute_kanban_portal_payment_reported(self):
        # one query for the whole prefetch set (the rows of a portal page);
        # customers see the marker, never the reports themselves
        ids = tuple(self._origin.ids)
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
        return Domain("id", "in", rel)

    def _kanban_portal_payment_reports(self, limit=3):
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

    @api.model
    def _kanban_portal_format_amount(self, amount, currency):
        return formatLang(self.env, amount, currency_obj=currency)

    @api.model
    def _kanban_portal_group_labels(self):
        return {
            "overdue": self.env._("Overdue"),
            "not_paid": self.env._("Awaiting payment"),
            "partial": self.env._("Partially paid"),
            "in_payment": self.env._("Payment in process"),
            "paid": self.env._("Paid"),
            "reversed": self.env._("Reversed"),
        }

    @api.model
    def _kanban_portal_groups(self):
        """Ordered payment groups: ``{key: {'label', 'payment_states', 'icon', 'badge'}}``.

        ``payment_states`` are the payment states a document may have to land in
        the group; ``overdue`` takes the open ones past their due date first.
        ``blocked`` (payment on hold) is open money, so it goes with ``not_paid``
        (or ``overdue``); ``invoicing_legacy`` (documents from before accounting
        was installed, whose payment Odoo does not know) goes with ``paid``, as
        Odoo's own overdue filter does.
        """
        labels = self._kanban_portal_group_labels()
        return {
            key: {"pending": False, **values, "label": labels[key], "selectable": values.get("pending", False)}
            for key, values in PAYMENT_GROUPS.items()
        }

    def _kanban_portal_due_label(self, today=None):
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
    def _kanban_portal_base_domain(self):
        """Posted customer documents (access itself is left to record rules)."""
        return Domain("state", "=", "posted") & Domain("move_type", "in", PORTAL_MOVE_TYPES)

    @api.model
    def _kanban_portal_overdue_domain(self, today=None):
        today = today or fields.Date.context_today(self)
        return (
            Domain("move_type", "in", DUE_MOVE_TYPES)
            & Domain("payment_state", "in", OPEN_PAYMENT_STATES)
            & Domain("invoice_date_due", "<", today)
        )

    @api.model
    def _kanban_portal_group_domain(self, key, today=None):
        """Domain of one payment group; the groups partition the base domain."""
        groups = self._kanban_portal_groups()
        overdue = self._kanban_portal_overdue_domain(today)
        if key == "overdue":
            return overdue
        return Domain("payment_state", "in", groups[key]["payment_states"]) & ~overdue

    @api.model
    def _kanban_portal_group_key(self, payment_state, move_type, date_due, today=None):
        """Group key of one document from its values (mirror of the domains)."""
        today = today or fields.Date.context_today(self)
        if move_type in DUE_MOVE_TYPES and payment_state in OPEN_PAYMENT_STATES and date_due and date_due < today:
            return "overdue"
        for key, group in self._kanban_portal_groups().items():
            if key != "overdue" and payment_state in group["payment_states"]:
                return key
        return "paid"

    @api.model
    def _kanban_portal_aging_buckets(self):
        """Ordered aging buckets: ``{key: label}``."""
        return {
            "not_due": self.env._("Not yet due"),
            "1_30": self.env._("1–30 days overdue"),
            "31_60": self.env._("31–60 days overdue"),
            "61_90": self.env._("61–90 days overdue"),
            "over_90": self.env._("Over 90 days overdue"),
        }

    @api.model
    def _kanban_portal_aging(self, domain=None, today=None):
        """What is owed by age, per currency, in one SQL query.

        Open documents of the base domain (and ``domain``), as the current user
        may read them (record rules apply). An open credit note is credit in the
        customer's favour: it counts negative under "not yet due", so that the
        buckets of a currency add up to what is owed in it.

        Every bucket but ``not_due`` is overdue, exactly as
        ``_kanban_portal_overdue_domain``: the portal summary takes its overdue
        figures from here.

        :return: ``{currency_id: {bucket_key: {'count', 'amount'}}}``
        """
        today = today or fields.Date.context_today(self)
        query = self._search(
            self._kanban_portal_base_domain()
            & Domain(domain or Domain.TRUE)
            & Domain("payment_state", "in", OPEN_PAYMENT_STATES)
        )
        if query.is_empty():
            return {}
        self.flush_model(["currency_id", "move_type", "invoice_date_due", "amount_residual"])
        days = SQL("(%s - move.invoice_date_due)", today)
        self.env.cr.execute(
            SQL(
                """
                SELECT move.currency_id,
                       CASE WHEN move.move_type NOT IN %(due_types)s
                                 OR move.invoice_date_due IS NULL OR %(days)s <= 0 THEN 'not_due'
                            WHEN %(days)s <= 30 THEN '1_30'
                            WHEN %(days)s <= 60 THEN '31_60'
                            WHEN %(days)s <= 90 THEN '61_90'
                            ELSE 'over_90'
                       END AS bucket,
                       COUNT(*),
                       SUM(CASE WHEN move.move_type = 'out_refund' THEN -move.amount_residual
                                ELSE move.amount_residual END)
                  FROM account_move move
                 WHERE move.id IN (%(ids)s)
              GROUP BY 1, 2
                """,
                due_types=DUE_MOVE_TYPES,
                days=days,
                ids=query.subselect(),
            )
        )
        result = {}
        for currency_id, bucket, count, amount in self.env.cr.fetchall():
            result.setdefault(currency_id, {})[bucket] = {"count": count, "amount": amount}
        return result

    def _kanban_portal_signed_residual(self):
        """Amount still due in the document's currency, negative for credit notes."""
        self.ensure_one()
        return -self.amount_residual if self.move_type == "out_refund" else self.amount_residual

    def _kanban_portal_payments(self):
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
    # Customer comments reach the salesperson
    # ------------------------------------------------------------

    def _kanban_portal_salesperson(self, group=None):
        """Internal user to notify of a customer's comment on this document.

        The document's salesperson, else the customer's, else the company's
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

    def _kanban_portal_is_customer_request(self):
        """Whether this runs for a customer: the request's user is a portal or
        the public user (a customer logged in, or one holding a document
        link), and this environment acts for that user.

        Decided from the caller only, never from what the caller sends
        (``author_id``, ``email_from``, context): staff, automations, scheduled
        actions and the mail gateway never run as a portal user in a request.
        """
        req_env = getattr(request, "env", None) if request else None
        return bool(req_env) and req_env.user.share and self.env.uid == req_env.uid

    def _kanban_portal_mark_customer_post(self):
        """Mark the next post on this document, in this request, as the
        customer's own: for a route that posts a customer's words with sudo
        (the portal chatter, a payment report). Taken by that one post only:
        whatever else posts later in the request (an automation reacting to
        the comment) is not the customer's."""
        self.ensure_one()
        if request:  # outside a request, nothing is a customer's post
            request.kanban_portal_customer_post = (self._name, self.id)

    def _kanban_portal_take_customer_post_mark(self):
        mark = getattr(request, "kanban_portal_customer_post", None) if request else None
        if mark and mark == (self._name, self.id):
            request.kanban_portal_customer_post = None
            return True
        return False

    def _kanban_portal_is_customer_comment(self, message, msg_vals=None):
        """Whether ``message`` is a customer's comment on one of their documents.

        ``message_post`` decides that a post is the customer's (see there) and
        says so in the context of everything it runs; the request is checked
        again, so that no staff call can claim it.
        """
        if len(self) != 1 or self.move_type not in PORTAL_MOVE_TYPES:
            return False
        return bool(self.env.context.get(CUSTOMER_POST_KEY)) and self._kanban_portal_is_customer_request()

    @api.model
    def _kanban_portal_check_customer_file(self, filename, content, company=None):
        """Raise a translated UserError unless ``content`` is a PDF or a common
        image (one that opens as such, not a name nor first bytes) within the
        company's size limit.

        :return: ``(name, mimetype)`` to store it under: the name takes the
            extension of what the file really is
        """
        company = company or self.env.company
        limit = company.kanban_portal_max_file_mb * 1024 * 1024
        if limit and len(content) > limit:
            raise UserError(
                self.env._(
                    "The file %(name)s is too large: at most %(limit)s MB are allowed.",
                    name=filename,
                    limit=company.kanban_portal_max_file_mb,
                )
            )
        mimetype = customer_file_type(content)
        if not mimetype:
            raise UserError(
                self.env._(
                    "The file %(name)s is not accepted: only PDF files and images (PNG, JPEG, GIF, WebP) are.",
                    name=filename,
                )
            )
        return customer_file_name(filename, mimetype), mimetype

    def _message_compute_author(self, author_id=None, email_from=None):
        """A customer's name can hold line breaks: never let them reach an email
        header (the ``From`` of the notifications is built from it)."""
        author_id, email_from = super()._message_compute_author(author_id=author_id, email_from=email_from)
        if email_from and self.env.context.get(CUSTOMER_POST_KEY):
            email_from = " ".join(email_from.split())
        return author_id, email_from

    def _message_set_main_attachment_id(self, attachments, force=False, filter_xml=True):
        """A customer's file never becomes the document's main attachment."""
        staff_files = attachments.filtered(lambda attachment: attachment.sudo().create_uid._is_internal())
        return super()._message_set_main_attachment_id(staff_files, force=force, filter_xml=filter_xml)

    def message_post(self, **kwargs):
        """A customer's post: their words as text, to the document's followers
        and salesperson only, with files that pass the customer file checks.

        A post is the customer's when a portal or public user posts on their
        document themselves: a direct call as that user, or the portal chatter,
        which posts with sudo after its route has marked that one post (see
        ``_kanban_portal_mark_customer_post``), never from what the call says
        of its author or its context. Any other post running in a customer's
        request with sudo (an automation reacting to the comment, online
        payment, sending the invoice) is the system's, and stays as in stock
        Odoo.
        """
        customer = (
            len(self) == 1
            and self._kanban_portal_is_customer_request()
            and (self._kanban_portal_take_customer_post_mark() or not self.env.su)
        )
        # always overwritten: nobody claims or disclaims a customer's post
        move = self.with_context(**{CUSTOMER_POST_KEY: customer})
        if customer:
            # the salesperson's email waits in the queue, whatever the caller's context says
            move = move.with_context(mail_notify_force_send=False)
            kwargs["attachments"] = move._kanban_portal_check_customer_post_files(
                kwargs.get("attachments"), kwargs.get("attachment_ids")
            )
            # a customer's words are a comment, from themselves, to the
            # document's followers and salesperson only
            kwargs.update(message_type="comment", subtype_xmlid="mail.mt_comment", partner_ids=[])
            for key in ("subtype_id", "outgoing_email_to", "email_from"):
                kwargs.pop(key, None)
            if not self.env.user._is_public():
                kwargs["author_id"] = self.env.user.partner_id.id
            # a customer writes text: markup they send by hand (images loading
            # a URL in the salesperson's browser, links) is shown as text
            if kwargs.get("body") and not is_html_empty(kwargs["body"]):
                kwargs["body"] = plaintext2html(html2plaintext(kwargs["body"]).strip())
        message = super(AccountMove, move).message_post(**kwargs)
        if customer:
            # the emails it queued leave within the minute
            self.env["mail.mail"]._kanban_portal_wake_queue()
        return message

    def _kanban_portal_check_customer_post_files(self, attachments=None, attachment_ids=None):
        """The files of a customer's post: at most the company's number, each
        one a PDF or an image within its size, whatever route brought it (a
        file uploaded to another document they reach, raw files of a direct
        call), stored under the name and mimetype of what it really is.

        :return: ``attachments`` (raw files) under their checked names
        """
        # the customer's own pending files, the only ones Odoo attaches for them
        # (``_process_attachments_for_post``)
        existing = (
            self.env["ir.attachment"]
            .sudo()
            .browse(attachment_ids or [])
            .exists()
            .filtered(
                lambda attachment: (
                    attachment.res_model in ("mail.compose.message", "mail.scheduled.message")
                    and attachment.create_uid.id == self.env.uid
                )
            )
        )
        limit = self.company_id.kanban_portal_max_files
        if limit and len(attachments or []) + len(existing) > limit:
            raise UserError(self.env._("At most %(limit)s files can be attached to a comment.", limit=limit))
        checked = []
        for name, content, *info in attachments or []:
            if isinstance(content, str):  # as message_post encodes it
                encoding = info and info[0] and info[0].get("encoding")
                try:
                    content = content.encode(encoding or "utf-8")
                except UnicodeEncodeError:
                    content = content.encode("utf-8")
            if not isinstance(content, bytes):
                raise UserError(self.env._("The file %(name)s is not accepted.", name=name))
            name, _mimetype = self._kanban_portal_check_customer_file(name, content, company=self.company_id)
            checked.append((name, content, *info))
        for attachment in existing:
            name, mimetype = self._kanban_portal_check_customer_file(
                attachment.name, attachment.raw or b"", company=self.company_id
            )
            if (name, mimetype) != (attachment.name, attachment.mimetype):
                attachment.write({"name": name, "mimetype": mimetype})
        return checked

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        """A customer's comment reaches the salesperson, follower or not, once,
        by email (the inbox notification is kept unread by
        ``_notify_thread_by_email``), whatever their notification preference."""
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        if not self._kanban_portal_is_customer_comment(message, msg_vals):
            return recipients
        salesperson = self._kanban_portal_salesperson()
        author_id = (msg_vals or {}).get("author_id") or message.author_id.id
        if not salesperson or salesperson.partner_id.id == author_id:
            return recipients
        pid = salesperson.partner_id.id
        for recipient in recipients:
            if recipient["id"] == pid:
                recipient["notif"] = "email"
                break
        else:
            subtype_id = (msg_vals or {}).get("subtype_id") or message.subtype_id.id
            data = self.env["mail.followers"]._get_recipient_data(self, "comment", subtype_id, [pid])
            recipient = data[self.id].get(pid)
            if recipient:
                recipients.append({**recipient, "notif": "email"})
        return recipients

    def _notify_thread_by_email(self, message, recipients_data, *, msg_vals=False, force_send=True, **kwargs):
        """Customer comments: the email goes through the mail queue (never sent
        inside the customer's request; ``message_post`` wakes the queue), and
        the salesperson's notification also needs action in their Odoo inbox."""
        customer_comment = self._kanban_portal_is_customer_comment(message, msg_vals)
        if customer_comment:
            force_send = False
        result = super()._notify_thread_by_email(
            message, recipients_data, msg_vals=msg_vals, force_send=force_send, **kwargs
        )
        if customer_comment:
            salesperson = self._kanban_portal_salesperson()
            if salesperson:
                self.env["mail.notification"].sudo().search(
                    [
                        ("mail_message_id", "=", message.id),
                        ("res_partner_id", "=", salesperson.partner_id.id),
                        ("notification_type", "=", "email"),
                        ("is_read", "=", True),
                    ]
                ).is_read = False
        return result

    def _message_post_after_hook(self, new_message, message_values):
        """A customer's file asks the notified user to review it (Settings)."""
        result = super()._message_post_after_hook(new_message, message_values)
        if (
            new_message.attachment_ids
            and self.company_id.kanban_portal_review_activity
            and not self.env.context.get("kanban_portal_payment_report")
            and self._kanban_portal_is_customer_comment(new_message)
        ):
            salesperson = self._kanban_portal_salesperson()
            if salesperson:
                # the customer's name is theirs to write (/my/account): text, never markup
                note = Markup("<p>%s</p>") % self.env._(
                    "%(customer)s sent files with a comment.", customer=new_message.author_id.name
                )
                self.sudo().with_context(mail_activity_quick_update=True).activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Review proof of payment"),
                    note=note,
                    user_id=salesperson.id,
                )
        return result

    def _notify_by_email_prepare_rendering_context(self, message, msg_vals=False, **kwargs):
        """Customer comments: the email says what is still due and the payment state."""
        context = super()._notify_by_email_prepare_rendering_context(message, msg_vals=msg_vals, **kwargs)
        if self._kanban_portal_is_customer_comment(message, msg_vals):
            # rendered once per language of the recipients
            move = self.with_context(lang=context.get("lang") or self.env.lang)
            groups = move._kanban_portal_groups()
            key = move._kanban_portal_group_key(move.payment_state, move.move_type, move.invoice_date_due)
            subtitles = [
                *context.get("subtitles", []),
                move.env._(
                    "Amount due: %(amount)s · %(state)s",
                    amount=formatLang(move.env, move._kanban_portal_signed_residual(), currency_obj=move.currency_id),
                    state=groups[key]["label"],
                ),
            ]
            author = message.author_id.sudo()
            if not author.with_context(active_test=False).user_ids:
                subtitles.append(move.env._("Posted through a document link, without logging in"))
            context["subtitles"] = subtitles
        return context

    # ------------------------------------------------------------
    # Exports of the portal list
    # ------------------------------------------------------------

    @api.model
    def _kanban_portal_export_columns(self):
        """Columns of the CSV/XLSX exports: ``[(key, label)]``."""
        labels = dict(
            name=self.env._("Number"),
            ref=self.env._("Reference"),
            type=self.env._("Type"),
            invoice_date=self.env._("Date"),
            due_date=self.env._("Due date"),
            currency=self.env._("Currency"),
            total=self.env._("Total"),
            amount_due=self.env._("Amount due"),
            status=self.env._("Status"),
        )
        return list(labels.items())

    @api.model
    def _kanban_portal_export_rows(self, ids):
        """One dict per document of ``ids``, in their order, read in batches
        whose cache is dropped after use."""
        today = self.env.context.get("kanban_portal_today")
        groups = self._kanban_portal_groups()
        types = dict(self._fields["move_type"]._description_selection(self.env))
        for batch_ids in split_every(EXPORT_BATCH, ids):
            batch = self.browse(batch_ids)
            for move in batch:
                sign = -1 if move.move_type == "out_refund" else 1
                key = move._kanban_portal_group_key(move.payment_state, move.move_type, move.invoice_date_due, today)
                yield dict(
                    name=move.name,
                    ref=move.ref or "",
                    type=types.get(move.move_type, move.move_type),
                    invoice_date=move.invoice_date,
                    due_date=move.invoice_date_due,
                    currency=move.currency_id.name,
                    total=move.currency_id.round(sign * move.amount_total),
                    amount_due=move.currency_id.round(sign * move.amount_residual),
                    status=groups[key]["label"],
                )
            batch.invalidate_recordset()
            self.env["res.currency"].invalidate_model()

    @api.model
    def _kanban_portal_write_csv(self, ids, fileobj):
        """Write the CSV export of ``ids`` into the binary ``fileobj``."""
        text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="", write_through=True)
        columns = self._kanban_portal_export_columns()
        writer = csv.writer(text)
        writer.writerow([label for _key, label in columns])
        for row in self._kanban_portal_export_rows(ids):
            writer.writerow(
                [
                    value.isoformat() if hasattr(value, "isoformat") else neutralize_formula(value)
                    for value in (row[key] for key, _label in columns)
                ]
            )
        text.flush()
        text.detach()

    @api.model
    def _kanban_portal_write_xlsx(self, ids, fileobj):
        """Write the XLSX export of ``ids`` into ``fileobj``; rows are flushed
        to disk as they are written (``constant_memory``)."""
        workbook = xlsxwriter.Workbook(fileobj, {"constant_memory": True, "strings_to_formulas": False})
        sheet = workbook.add_worksheet(self.env._("Documents"))
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        amount_format = workbook.add_format({"num_format": "#,##0.00"})
        columns = self._kanban_portal_export_columns()
        for col, (_key, label) in enumerate(columns):
            sheet.write_string(0, col, label, bold)
        sheet.set_column(0, 2, 18)
        sheet.set_column(3, 4, 12)
        sheet.set_column(6, 8, 16)
        for row_index, row in enumerate(self._kanban_portal_export_rows(ids), start=1):
            for col, (key, _label) in enumerate(columns):
                value = row[key]
                if key in ("total", "amount_due"):
                    sheet.write_number(row_index, col, value, amount_format)
                elif key in ("invoice_date", "due_date"):
                    if value:
                        sheet.write_datetime(row_index, col, value, date_format)
                else:
                    sheet.write_string(row_index, col, neutralize_formula(value or ""))
        workbook.close()

    @api.model
    def _kanban_portal_write_pdf_zip(self, ids, fileobj):
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
    # Demo data
    # ------------------------------------------------------------

    @api.model
    def _kanban_portal_demo_documents_spec(self):
        """Return the demo documents to build, one dict each.

        ``days``/``due`` are relative to today; ``pay`` is the part paid
        (``True`` for all of it); ``reverse`` reverses the invoice with a
        credit note reconciled against it; ``refund_of`` builds an open
        credit note of the given invoice.
        """
        return [
            # Distribuidora Atlántida S.A. (salesperson Valentina)
            dict(key="atl_not_due", partner="demo_partner_atlantida", days=-5, due=25, amount=1000.0),
            dict(key="atl_overdue", partner="demo_partner_atlantida", days=-60, due=-30, amount=500.0),
            dict(key="atl_partial", partner="demo_partner_atlantida", days=-10, due=20, amount=800.0, pay=300.0),
            dict(
                key="atl_partial_overdue",
                partner="demo_partner_atlantida",
                days=-45,
                due=-15,
                amount=40000.0,
                currency="UYU",
                pay=10000.0,
            ),
            dict(key="atl_paid", partner="demo_partner_atlantida", days=-40, due=-10, amount=1200.0, pay=True),
            dict(key="atl_reversed", partner="demo_partner_atlantida", days=-35, due=-5, amount=300.0, reverse=True),
            dict(
                key="atl_receipt_paid",
                partner="demo_partner_atlantida",
                move_type="out_receipt",
                days=-3,
                due=-3,
                amount=2000.0,
                currency="UYU",
                pay=True,
            ),
            dict(
                key="atl_not_due_uyu",
                partner="demo_partner_atlantida",
                days=-2,
                due=28,
                amount=25000.0,
                currency="UYU",
            ),
            # a credit note applied to the invoice it refunds, and one left open
            # (credit in the customer's favour)
            dict(key="atl_credit_note", partner="demo_partner_atlantida", refund_of="atl_not_due_uyu", amount=5000.0),
            dict(
                key="atl_open_credit_note",
                partner="demo_partner_atlantida",
                move_type="out_refund",
                days=-1,
                due=-1,
                amount=3000.0,
                currency="UYU",
            ),
            # Ferretería del Sur Ltda. (salesperson Joaquín)
            dict(key="sur_not_due", partner="demo_partner_delsur", days=-1, due=29, amount=640.0, user="joaquin"),
            dict(key="sur_overdue", partner="demo_partner_delsur", days=-75, due=-45, amount=910.0, user="joaquin"),
            dict(
                key="sur_paid_uyu",
                partner="demo_partner_delsur",
                days=-20,
                due=10,
                amount=15000.0,
                currency="UYU",
                pay=True,
                user="joaquin",
            ),
            dict(
                key="sur_partial",
                partner="demo_partner_delsur",
                days=-8,
                due=22,
                amount=2000.0,
                pay=500.0,
                user="joaquin",
            ),
            # Ana Gómez, individual customer: no salesperson on her documents
            dict(key="ana_not_due", partner="demo_partner_ana", days=-4, due=26, amount=150.0, user=None),
            dict(key="ana_paid", partner="demo_partner_ana", days=-30, due=0, amount=90.0, pay=True, user=None),
        ]

    @api.model
    def _kanban_portal_create_demo_documents(self):
        """Build the demo documents through Odoo's own flows (idempotent)."""
        IMD = self.env["ir.model.data"]
        if IMD._xmlid_to_res_id("kanban_portal.demo_move_atl_not_due", raise_if_not_found=False):
            return True
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            return True  # no accounting configured: nothing sensible to build
        uyu = self.env.ref("base.UYU")
        if not uyu.active:
            uyu.active = True
        if not uyu.rate_ids.filtered(lambda r: r.company_id == company):
            self.env["res.currency.rate"].create(
                {
                    "currency_id": uyu.id,
                    "company_id": company.id,
                    "name": fields.Date.today() - timedelta(days=365),
                    "rate": 40.0 * company.currency_id.rate,
                }
            )
        users = {
            "valentina": self.env.ref("kanban_portal.demo_user_salesperson_valentina"),
            "joaquin": self.env.ref("kanban_portal.demo_user_salesperson_joaquin"),
        }
        today = fields.Date.context_today(self)
        moves = {}
        for spec in self._kanban_portal_demo_documents_spec():
            currency = self.env.ref(f"base.{spec['currency']}") if spec.get("currency") else company.currency_id
            user_key = spec.get("user", "valentina")
            salesperson = users[user_key] if user_key else self.env["res.users"]
            if spec.get("refund_of"):
                origin = moves[spec["refund_of"]]
                reversal = (
                    self.env["account.move.reversal"]
                    .with_context(active_model="account.move", active_ids=origin.ids)
                    .create(
                        {
                            "date": today,
                            "journal_id": origin.journal_id.id,
                            "reason": self.env._("Returned goods"),
                        }
                    )
                )
                action = reversal.refund_moves()
                move = self.browse(action["res_id"])
                move.invoice_line_ids[:1].price_unit = spec["amount"]
                move.invoice_line_ids[1:].unlink()
                move.action_post()
            else:
                move = self.with_company(company).create(
                    {
                        "move_type": spec.get("move_type", "out_invoice"),
                        "partner_id": self.env.ref(f"kanban_portal.{spec['partner']}").id,
                        "invoice_user_id": salesperson.id,
                        "currency_id": currency.id,
                        "invoice_date": today + timedelta(days=spec["days"]),
                        "invoice_date_due": today + timedelta(days=spec["due"]),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": self.env._("Services and goods"),
                                    "quantity": 1,
                                    "price_unit": spec["amount"],
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
                move.action_post()
                if spec.get("pay"):
                    amount = move.amount_residual if spec["pay"] is True else spec["pay"]
                    self.env["account.payment.register"].with_context(
                        active_model="account.move", active_ids=move.ids
                    ).create(
                        {
                            "amount": amount,
                            "currency_id": move.currency_id.id,
                            "payment_date": min(today, move.invoice_date + timedelta(days=5)),
                        }
                    )._create_payments()
                if spec.get("reverse"):
                    move._reverse_moves([{"date": today, "ref": self.env._("Reversal of %s", move.name)}], cancel=True)
            moves[spec["key"]] = move
            IMD._update_xmlids([{"xml_id": f"kanban_portal.demo_move_{spec['key']}", "record": move, "noupdate": True}])
        return True
