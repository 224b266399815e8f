from datetime import timedelta

from odoo import api, fields, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model
    def _retry_unreachable_server(self, max_age_hours=72, limit=1000):
        """Queue again the emails of customers' comments on documents, and
        of payment reminders, that failed because the mail server could not be
        reached (connection refused, timeout...).

        Odoo marks those emails as failed and never tries them again; a customer's
        comment must still reach the salesperson once the server is back, a
        payment reminder its customer (its step is recorded as sent). Only
        the posts of customers (authors without an internal user) and the
        payment reminders are retried:
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
        mails = notifications.mail_mail_id | self._get_unreachable_reminder_mails(max_age_hours, limit)
        if mails:
            notifications.write({"notification_status": "ready", "failure_type": False, "failure_reason": False})
            mails.write({"failure_type": False, "failure_reason": False})
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

    @api.model
    def _get_unreachable_reminder_mails(self, max_age_hours, limit):
        """The payment reminders' emails (a customer's own, sent by no one by
        hand) that failed because the mail server could not be reached: not
        those refused for a bad address."""
        reminders = (
            self.env["kanban_portal.reminder"]
            .sudo()
            .search(
                [
                    ("create_date", ">=", fields.Datetime.now() - timedelta(hours=max_age_hours)),
                    ("mail_ids.state", "=", "exception"),
                ],
                limit=limit,
            )
        )
        return reminders.mail_ids.filtered(
            lambda mail: mail.state == "exception" and mail.failure_type in (False, "mail_smtp")
        )
