import base64
import io
import zipfile

from PIL import Image

from odoo.tests import tagged

from .common import KanbanPortalCase, make_pdf


def image_bytes(image_format, size=(4, 4), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=image_format)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCustomerFiles(KanbanPortalCase):
    """A customer's file is what it claims to be: a PDF that a PDF parser
    opens, an image that Pillow decodes, stored under the extension and
    mimetype of what it really is, whatever route brought it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls.docs_a["not_due"]
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

    def _call_message_post(self, **kwargs):
        return self.url_open(
            "/web/dataset/call_kw/account.move/message_post",
            json={
                "params": {
                    "model": "account.move",
                    "method": "message_post",
                    "args": [self.invoice.ids],
                    "kwargs": {"message_type": "comment", "subtype_xmlid": "mail.mt_comment", **kwargs},
                }
            },
        ).json()

    def test_forged_files_refused_on_upload(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        Attachment = self.env["ir.attachment"].sudo()
        before = Attachment.search_count([])
        for name, content in self.forged.items():
            with self.subTest(name=name):
                response = self.upload(self.invoice, name, content).json()
                self.assertIn("only PDF files and images", response.get("error", ""))
        self.assertEqual(Attachment.search_count([]), before, "a refused file was stored")

    def test_stored_under_what_it_really_is(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        Attachment = self.env["ir.attachment"].sudo()
        for name, content, stored, mimetype in (
            ("comprobante.js", image_bytes("GIF"), "comprobante.gif", "image/gif"),
            ("transferencia", make_pdf("transfer"), "transferencia.pdf", "application/pdf"),
            ("foto.jpeg", image_bytes("JPEG"), "foto.jpeg", "image/jpeg"),
            ("captura.PNG.html", image_bytes("PNG"), "captura.PNG.png", "image/png"),
        ):
            with self.subTest(name=name):
                response = self.upload(self.invoice, name, content).json()
                self.assertNotIn("error", response)
                attachment = Attachment.browse(response["data"]["attachment_id"])
                self.assertEqual((attachment.name, attachment.mimetype), (stored, mimetype))

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
        return self.url_open(
            "/mail/message/post",
            json={
                "params": {
                    "thread_model": "account.move",
                    "thread_id": self.invoice.id,
                    "post_data": {"body": body, "message_type": "comment", **post_data},
                }
            },
        ).json()

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
                    self.assertIn("only PDF files and images", response["error"]["data"]["message"])
                # message_post called directly (call_kw) with raw files
                response = self._call_message_post(
                    body="raw", attachments=[(name, content.decode("latin-1"), {"encoding": "latin-1"})]
                )
                self.assertIn("only PDF files and images", response["error"]["data"]["message"])
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
                response = self._call_message_post(body="suplantando", author_id=author.id, email_from=author.email)
                posted = self.invoice.message_ids - before
                if posted:
                    self.assertEqual(posted.author_id, self.user_a1.partner_id)
                else:
                    self.assertIn("error", response)
