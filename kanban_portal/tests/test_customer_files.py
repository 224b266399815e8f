import base64
import io
import zipfile

from PIL import Image

from odoo.tests import tagged

from .common import KanbanPortalHttpCommon, make_pdf

# the only files a customer may attach
REFUSED = "only PDF files and images"


def image_bytes(image_format, size=(4, 4), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=image_format)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCustomerFiles(KanbanPortalHttpCommon):
    """A customer's file is what it claims to be: a PDF that a PDF parser
    opens, an image that Pillow decodes, stored under the extension and
    mimetype of what it really is, whatever route brought it; within the size
    and number set in Settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as archive:
            archive.writestr("payload.html", "<script>alert(1)</script>")
        cls.forged = {
            # a GIF header followed by script
            "comprobante.js": b"GIF89a/*\x01\x00\x01\x00*/=1;alert(document.domain);//",
            # %PDF- followed by a ZIP
            "comprobante.pdf": b"%PDF-1.4\n" + zipped.getvalue(),
            # a PNG signature and nothing of an image behind it
            "foto.png": base64.b64decode("iVBORw0KGgo=") + b"<html><script>alert(1)</script></html>",
            # a few KB that would decode to 100 million pixels
            "bomba.png": image_bytes("PNG", size=(10000, 10000), mode="1"),
        }

    def test_forged_files_refused_on_upload(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        for name, content in self.forged.items():
            with self.subTest(name=name):
                self.assertUploadRefused(self.invoice, name, content, REFUSED)

    def test_customer_files_checked_by_content_and_size(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        # an executable named .pdf, and a text file
        for name, content in (("comprobante.pdf", b"MZ\x90\x00" + b"\x00" * 200), ("nota.txt", b"hola")):
            with self.subTest(name=name):
                self.assertUploadRefused(self.invoice, name, content, REFUSED)
        # too large for the limit set in Settings
        self.invoice.company_id.kanban_portal_max_file_mb = 1
        self.assertUploadRefused(self.invoice, "grande.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), "too large")
        # a real PNG is accepted
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        )
        attachment, _token = self.upload_attachment(self.invoice, "foto.png", png)
        self.assertEqual(attachment.mimetype, "image/png")

    def test_stored_under_what_it_really_is(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        for name, content, stored, mimetype in (
            ("comprobante.js", image_bytes("GIF"), "comprobante.gif", "image/gif"),
            ("transferencia", make_pdf("transfer"), "transferencia.pdf", "application/pdf"),
            ("foto.jpeg", image_bytes("JPEG"), "foto.jpeg", "image/jpeg"),
            ("captura.PNG.html", image_bytes("PNG"), "captura.PNG.png", "image/png"),
        ):
            with self.subTest(name=name):
                attachment, _token = self.upload_attachment(self.invoice, name, content)
                self.assertEqual((attachment.name, attachment.mimetype), (stored, mimetype))

    def test_too_many_files_refused_and_nothing_posted(self):
        self.invoice.company_id.kanban_portal_max_files = 1
        self.authenticate(self.user_a1.login, self.user_a1.login)
        before = self.invoice.message_ids
        uploads = [self.upload_attachment(self.invoice, name, make_pdf(name)) for name in ("a.pdf", "b.pdf")]
        post_data = {
            "body": "dos archivos",
            "attachment_ids": [attachment.id for attachment, _token in uploads],
            "attachment_tokens": [token for _attachment, token in uploads],
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        }
        response = self.chatter_post(self.invoice, post_data)
        self.assertIn("At most 1 files can be attached", response.json()["error"]["data"]["message"])
        self.assertEqual(self.invoice.message_ids, before)

    def test_customer_file_never_imported_nor_main_attachment(self):
        main = self.invoice.message_main_attachment_id
        moves_before = self.env["account.move"].search_count([])
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self.post_customer_comment(self.invoice, attachments=[("factura.pdf", make_pdf("invoice-looking"))])
        self.assertEqual(self.invoice.message_main_attachment_id, main)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)

    def _pending(self, name, content):
        """A file of the customer's own that did not come through the
        invoice's chatter upload (as one uploaded to another record they
        reach): its id and ownership token, as the portal composer posts them."""
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.user_a1)
            .sudo()
            .create({"name": name, "raw": content, "res_model": "mail.compose.message", "res_id": 0})
        )
        return attachment, {"attachment_ids": attachment.ids, "attachment_tokens": [attachment._get_ownership_token()]}

    def _post(self, body, **post_data):
        return self.chatter_post(self.invoice, {"body": body, "message_type": "comment", **post_data}).json()

    def test_checks_hold_whatever_brought_the_file(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        before = self.invoice.message_ids
        for name, content in self.forged.items():
            with self.subTest(name=name):
                # posted with the chatter, from elsewhere (Odoo shrinks a
                # stored image of huge dimensions itself: no such file is pending)
                if name != "bomba.png":
                    _attachment, files = self._pending(name, content)
                    response = self._post("pending", **files)
                    self.assertIn(REFUSED, response["error"]["data"]["message"])
                # message_post called directly (call_kw) with raw files
                response = self.call_message_post(
                    self.invoice, body="raw", attachments=[(name, content.decode("latin-1"), {"encoding": "latin-1"})]
                )
                self.assertIn(REFUSED, response["error"]["data"]["message"])
        self.assertEqual(self.invoice.message_ids, before, "nothing posted")
        # a good file from elsewhere: attached under what it is
        attachment, files = self._pending("comprobante.js", image_bytes("GIF"))
        self.assertNotIn("error", self._post("bueno", **files))
        self.assertEqual(self.invoice.message_ids.sorted("id")[-1].attachment_ids, attachment)
        self.assertEqual((attachment.name, attachment.mimetype), ("comprobante.gif", "image/gif"))

    def test_author_of_another_partner_never_taken(self):
        """A direct call may not post in someone else's name (an internal
        partner, a colleague): the post is the customer's own, or none."""
        seller = self.env["res.users"].search([("share", "=", False), ("partner_id.email", "!=", False)], limit=1)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        for author in (seller.partner_id, self.user_a2.partner_id):
            with self.subTest(author=author.name):
                before = self.invoice.message_ids
                response = self.call_message_post(
                    self.invoice, body="suplantando", author_id=author.id, email_from=author.email
                )
                posted = self.invoice.message_ids - before
                if posted:
                    self.assertEqual(posted.author_id, self.user_a1.partner_id)
                else:
                    self.assertIn("error", response)
