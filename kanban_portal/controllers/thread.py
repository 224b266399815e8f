from odoo.http import request, route

from odoo.addons.portal.controllers.thread import PortalThreadController


class PaymentPortalThreadController(PortalThreadController):
    @route()
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        """The portal chatter posts with sudo: the post of a portal or public
        user here is their own, that one post only (``account.move.message_post``
        checks the request's user again). A customer's context sets none of
        this addon's switches, nor whether the emails are sent in the request."""
        if request.env.user.share and thread_model == "account.move":
            context = {
                key: value
                for key, value in (context or {}).items()
                if not key.startswith(("kanban_portal", "mail_notify"))
            }
            request.env["account.move"].browse(int(thread_id))._mark_portal_customer_post()
        return super().mail_message_post(thread_model, thread_id, post_data, context=context, **kwargs)

    @classmethod
    def _can_edit_message(cls, message, **kwargs):
        """Customers cannot edit or delete what they posted on a document (a
        proof of payment already sent stays as it was sent)."""
        if message.model == "account.move" and not request.env.user._is_internal():
            return False
        return super()._can_edit_message(message, **kwargs)
