from werkzeug.exceptions import Forbidden

from odoo.exceptions import UserError
from odoo.http import request, route

from odoo.addons.mail.controllers.attachment import AttachmentController

from ..tools.customer_file import check_customer_file


class PortalAttachmentController(AttachmentController):
    @route()
    def mail_attachment_upload(self, ufile, thread_id, thread_model, is_pending=False, **kwargs):
        """Customers attach PDF and images only, within the size set in Settings;
        anything else is refused before it is stored. Who may post comes
        first: without access to the document, Odoo answers (404) before the
        file is even looked at."""
        if thread_model == "account.move" and not request.env.user._is_internal():
            thread = self._get_thread_with_access_for_post(thread_model, thread_id, **kwargs)
            if not thread:
                return super().mail_attachment_upload(ufile, thread_id, thread_model, is_pending=is_pending, **kwargs)
            content = ufile.read()
            ufile.seek(0)
            try:
                # stored under the extension (and so the mimetype) of what it is
                ufile.filename, _mimetype = check_customer_file(
                    request.env, ufile.filename, content, thread.sudo().company_id
                )
            except UserError as error:
                # shown by the chatter as a notification, like Odoo's own upload refusals
                return request.make_json_response({"error": error.args[0]})
        return super().mail_attachment_upload(ufile, thread_id, thread_model, is_pending=is_pending, **kwargs)

    @route()
    def mail_attachment_delete(self, attachment_id, access_token=None):
        """A file a customer posted on a document stays: it is a proof sent to
        the business, only staff may remove it."""
        attachment = request.env["ir.attachment"].sudo().browse(int(attachment_id)).exists()
        if (
            attachment
            and attachment.res_model == "account.move"
            and attachment.res_id
            and not request.env.user._is_internal()
        ):
            raise Forbidden()
        return super().mail_attachment_delete(attachment_id, access_token=access_token)
