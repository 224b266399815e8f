from odoo.http import request, route

from odoo.addons.portal.controllers.thread import PortalThreadController

from ..models.account_move import CUSTOMER_POST_KEY


class KanbanPortalThreadController(PortalThreadController):
    @route()
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        """The portal chatter posts with sudo: a post of a portal or public
        user here is their own (``account.move.message_post`` checks the
        request's user again). The caller's context never claims it."""
        context = {key: value for key, value in (context or {}).items() if key != CUSTOMER_POST_KEY}
        if thread_model == "account.move" and request.env.user.share:
            request.update_context(**{CUSTOMER_POST_KEY: True})
        return super().mail_message_post(thread_model, thread_id, post_data, context=context, **kwargs)

    @classmethod
    def _can_edit_message(cls, message, **kwargs):
        """Customers cannot edit or delete what they posted on a document (a
        proof of payment already sent stays as it was sent)."""
        if message.model == "account.move" and not request.env.user._is_internal():
            return False
        return super()._can_edit_message(message, **kwargs)
