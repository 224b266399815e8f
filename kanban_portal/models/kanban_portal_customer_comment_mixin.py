from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.mail import html2plaintext, is_html_empty, plaintext2html

from ..tools.customer_file import check_customer_file

# Context key message_post sets on the posts it finds to be a customer's own.
CUSTOMER_POST_KEY = "kanban_portal_customer_post"
# Context key of the post a payment report makes (it schedules its own to-do).
PAYMENT_REPORT_KEY = "kanban_portal_payment_report"


class KanbanPortalCustomerCommentMixin(models.AbstractModel):
    """A customer's comment on one of their documents reaches the document's
    salesperson, by email (through the mail queue, which it wakes) and in the
    Odoo inbox, every time, exactly once; the customer's words are text, and
    their files pass the customer file checks.

    Whether a post is a customer's is decided from the caller (the request's
    user), never from what the caller sends. Any other post stays as in stock
    Odoo. A model inheriting this mixin says which of its records are a
    customer's documents (``_is_portal_customer_document``) and who their
    salesperson is (``_get_portal_salesperson``).
    """

    _name = "kanban_portal.customer.comment.mixin"
    _inherit = "mail.thread"
    _description = "Customer comments reach the salesperson"

    # ------------------------------------------------------------
    # Hooks of the inheriting model
    # ------------------------------------------------------------

    def _is_portal_customer_document(self):
        """Whether this record is a document issued to a customer, whose
        comments go to its salesperson."""
        return False

    def _get_portal_salesperson(self, group=None):
        """Internal user to notify of a customer's comment on this record.

        :param str group: xml id of a group the user must be in
        """
        return self.env["res.users"]

    def _get_portal_document_company(self):
        """Company whose Settings (file limits, review to-do) apply."""
        return self.sudo().company_id if "company_id" in self._fields else self.env.company

    # ------------------------------------------------------------
    # Who is posting
    # ------------------------------------------------------------

    def _is_portal_customer_request(self):
        """Whether this runs for a customer: the request's user is a portal or
        the public user (a customer logged in, or one holding a document
        link), and this environment acts for that user.

        Decided from the caller only, never from what the caller sends
        (``author_id``, ``email_from``, context): staff, automations, scheduled
        actions and the mail gateway never run as a portal user in a request.
        """
        req_env = getattr(request, "env", None) if request else None
        return bool(req_env) and req_env.user.share and self.env.uid == req_env.uid

    def _mark_portal_customer_post(self):
        """Mark the next post on this record, in this request, as the
        customer's own: for a route that posts a customer's words with sudo
        (the portal chatter, a payment report). Taken by that one post only:
        whatever else posts later in the request (an automation reacting to
        the comment) is not the customer's."""
        self.ensure_one()
        if request:  # outside a request, nothing is a customer's post
            request.kanban_portal_customer_post = (self._name, self.id)

    def _take_portal_customer_post_mark(self):
        mark = getattr(request, "kanban_portal_customer_post", None) if request else None
        if mark and mark == (self._name, self.id):
            request.kanban_portal_customer_post = None
            return True
        return False

    def _is_portal_customer_comment(self, message, msg_vals=None):
        """Whether ``message`` is a customer's comment on one of their documents.

        ``message_post`` decides that a post is the customer's (see there) and
        says so in the context of everything it runs; the request is checked
        again, so that no staff call can claim it.
        """
        if len(self) != 1 or not self._is_portal_customer_document():
            return False
        return bool(self.env.context.get(CUSTOMER_POST_KEY)) and self._is_portal_customer_request()

    # ------------------------------------------------------------
    # The post
    # ------------------------------------------------------------

    def message_post(self, **kwargs):
        """A customer's post: their words as text, to the document's followers
        and salesperson only, with files that pass the customer file checks.

        A post is the customer's when a portal or public user posts on their
        document themselves: a direct call as that user, or the portal chatter,
        which posts with sudo after its route has marked that one post (see
        ``_mark_portal_customer_post``), never from what the call says of its
        author or its context. Any other post running in a customer's request
        with sudo (an automation reacting to the comment, online payment,
        sending the invoice) is the system's, and stays as in stock Odoo.
        """
        customer = (
            len(self) == 1
            and self._is_portal_customer_request()
            and (self._take_portal_customer_post_mark() or not self.env.su)
        )
        # always overwritten: nobody claims or disclaims a customer's post
        record = self.with_context(**{CUSTOMER_POST_KEY: customer})
        if customer:
            # the salesperson's email waits in the queue, whatever the caller's context says
            record = record.with_context(mail_notify_force_send=False)
            kwargs["attachments"] = record._check_portal_customer_files(
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
        message = super(KanbanPortalCustomerCommentMixin, record).message_post(**kwargs)
        if customer:
            # the emails it queued leave within the minute
            self.env["mail.mail"]._wake_mail_queue()
        return message

    def _check_portal_customer_files(self, attachments=None, attachment_ids=None):
        """The files of a customer's post: at most the company's number, each
        one a PDF or an image within its size, whatever route brought it (a
        file uploaded to another document they reach, raw files of a direct
        call), stored under the name and mimetype of what it really is.

        :return: ``attachments`` (raw files) under their checked names
        """
        company = self._get_portal_document_company()
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
        limit = company.kanban_portal_max_files
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
            name, _mimetype = check_customer_file(self.env, name, content, company)
            checked.append((name, content, *info))
        for attachment in existing:
            name, mimetype = check_customer_file(self.env, attachment.name, attachment.raw or b"", company)
            if (name, mimetype) != (attachment.name, attachment.mimetype):
                attachment.write({"name": name, "mimetype": mimetype})
        return checked

    def _message_compute_author(self, author_id=None, email_from=None):
        """A customer's name can hold line breaks: never let them reach an email
        header (the ``From`` of the notifications is built from it)."""
        author_id, email_from = super()._message_compute_author(author_id=author_id, email_from=email_from)
        if email_from and self.env.context.get(CUSTOMER_POST_KEY):
            email_from = " ".join(email_from.split())
        return author_id, email_from

    # ------------------------------------------------------------
    # Who is notified, and how
    # ------------------------------------------------------------

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        """A customer's comment reaches the salesperson, follower or not, once,
        by email (the inbox notification is kept unread by
        ``_notify_thread_by_email``), whatever their notification preference."""
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        if not self._is_portal_customer_comment(message, msg_vals):
            return recipients
        salesperson = self._get_portal_salesperson()
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
        customer_comment = self._is_portal_customer_comment(message, msg_vals)
        if customer_comment:
            force_send = False
        result = super()._notify_thread_by_email(
            message, recipients_data, msg_vals=msg_vals, force_send=force_send, **kwargs
        )
        if customer_comment:
            salesperson = self._get_portal_salesperson()
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
        """A customer's file asks the notified user to review it (Settings);
        the inheriting model has activities (``mail.activity.mixin``)."""
        result = super()._message_post_after_hook(new_message, message_values)
        if (
            new_message.attachment_ids
            and not self.env.context.get(PAYMENT_REPORT_KEY)
            and self._is_portal_customer_comment(new_message)
            and self._get_portal_document_company().kanban_portal_review_activity
        ):
            salesperson = self._get_portal_salesperson()
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
