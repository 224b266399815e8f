from datetime import timedelta

from odoo import api, fields, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model
    def _retry_unreachable_server(self, max_age_hours=72, limit=1000):
        """Queue again the emails of customers' comments on documents that
        failed because the mail server could not be reached (connection
        refused, timeout...).

        Odoo marks those emails as failed and never tries them again; a customer's
        comment must still reach the salesperson once the server is back. Only
        the posts of customers (authors without an internal user) are retried:
        what staff and automations send stays as in stock Odoo (failed, shown
        to staff, resent by hand). Emails older than ``max_age_hours`` are left
        failed, visible to staff.
        """
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("notification_type", "=", "email"),
                    ("notification_status", "=", "exception"),
                    ("failure_type", "=", "mail_smtp"),
                    ("mail_mail_id.state", "=", "exception"),
                    ("mail_message_id.model", "=", "account.move"),
                    ("mail_message_id.author_id.user_ids", "not any", [("share", "=", False)]),
                    ("mail_message_id.create_date", ">=", fields.Datetime.now() - timedelta(hours=max_age_hours)),
                ],
                limit=limit,
            )
        )
        mails = notifications.mail_mail_id
        if mails:
            notifications.write({"notification_status": "ready", "failure_type": False, "failure_reason": False})
            mails.mark_outgoing()
            self._wake_mail_queue()
        return mails

    @api.model
    def _wake_mail_queue(self):
        """Have Odoo's cron send the mail queue now (after this transaction
        commits), as the ``event`` module does: the emails this addon queues
        leave within the minute instead of waiting for the queue's next run
        (hourly by default), and are never sent inside the request."""
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
