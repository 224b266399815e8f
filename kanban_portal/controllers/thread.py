from odoo.http import request

from odoo.addons.portal.controllers.thread import PortalThreadController


class KanbanPortalThreadController(PortalThreadController):
    @classmethod
    def _can_edit_message(cls, message, **kwargs):
        """Customers cannot edit or delete what they posted on a document (a
        proof of payment already sent stays as it was sent)."""
        if message.model == "account.move" and not request.env.user._is_internal():
            return False
        return super()._can_edit_message(message, **kwargs)
