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
        the business, only staff may remove it. Whoever does not own the file
        gets Odoo's own answer (not found), whatever it is attached to."""
        attachment = request.env["ir.attachment"].browse(int(attachment_id)).exists()
        if (
            attachment
            and not request.env.user._is_internal()
            and attachment._has_attachments_ownership([access_token])
            # sudo: ir.attachment: its owner reads where it is attached
            and attachment.sudo().res_model == "account.move"
            and attachment.sudo().res_id
        ):
            raise Forbidden()
        return super().mail_attachment_delete(attachment_id, access_token=access_token)
