from datetime import timedelta
from unittest.mock import patch

from lxml import html

from odoo import Command, fields, http

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon


def make_pdf(note="proof of payment"):
    """A small real PDF (one blank page; a PDF parser opens it), as a
    customer's proof of payment; ``note`` goes in a comment line."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
    ]
    pdf = b"%PDF-1.4\n% " + note.encode() + b"\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj%sendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return pdf + b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def expected_group(move, today):
    """The payment group a document belongs to, from Odoo's own fields only
    (the table of the grouped-portal issue, written independently of the addon)."""
    state = move.payment_state
    if move.move_type != "out_refund" and state in ("not_paid", "partial", "blocked") and move.invoice_date_due < today:
        return "overdue"
    return {"blocked": "not_paid", "invoicing_legacy": "paid"}.get(state, state)


class KanbanPortalCase(AccountTestInvoicingHttpCommon):
    """Two customer companies with portal contacts, and documents in every
    payment situation, in two currencies, built through Odoo's own flows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["account.move"])
        cls.eur = cls.setup_other_currency("EUR", rates=[("1900-01-01", 2.0)])
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create({"name": "Acme Uno S.A.", "is_company": True})
        cls.customer_b = Partner.create({"name": "Beta Dos Ltda.", "is_company": True})
        cls.user_a1 = cls._create_new_portal_user(login="kp_portal_a1", name="Ana Uno")
        cls.user_a1.partner_id.parent_id = cls.customer_a
        cls.user_a2 = cls._create_new_portal_user(login="kp_portal_a2", name="Andrés Uno")
        cls.user_a2.partner_id.parent_id = cls.customer_a
        cls.user_b1 = cls._create_new_portal_user(login="kp_portal_b1", name="Bruno Dos")
        cls.user_b1.partner_id.parent_id = cls.customer_b
        cls.docs_a = cls._create_documents(cls.customer_a, "A")
        cls.docs_b = cls._create_documents(cls.customer_b, "B")

    @classmethod
    def _make_document(cls, partner, amount, days=-10, due=20, move_type="out_invoice", currency=None, ref=None):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "currency_id": (currency or cls.company_data["currency"]).id,
                "invoice_date": cls.today + timedelta(days=days),
                "invoice_date_due": cls.today + timedelta(days=due),
                "ref": ref,
                "invoice_line_ids": [
                    Command.create({"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _pay(cls, move, amount=None):
        cls.env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
            {"amount": amount or move.amount_residual, "currency_id": move.currency_id.id, "payment_date": cls.today}
        )._create_payments()

    @classmethod
    def _create_documents(cls, partner, tag):
        """Every payment situation for one customer; returns ``{key: move}``."""
        docs = {
            "not_due": cls._make_document(partner, 100.0, ref=f"PO-{tag}-NOTDUE"),
            "overdue": cls._make_document(partner, 200.0, days=-60, due=-30),
            "partial": cls._make_document(partner, 300.0, currency=cls.eur),
            "partial_overdue": cls._make_document(partner, 400.0, days=-50, due=-5),
            "paid": cls._make_document(partner, 500.0, currency=cls.eur),
            "reversed": cls._make_document(partner, 600.0),
            "receipt_open": cls._make_document(partner, 70.0, move_type="out_receipt", days=-40, due=-40),
            "credit_note": cls._make_document(partner, 80.0, move_type="out_refund", days=-40, due=-40),
            "in_payment": cls._make_document(partner, 90.0),
            "blocked": cls._make_document(partner, 110.0, days=-30, due=-1),
            "vendor_bill": cls._make_document(partner, 999.0, move_type="in_invoice"),
        }
        draft = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [Command.create({"name": "Draft", "price_unit": 123.0, "tax_ids": []})],
            }
        )
        docs["draft"] = draft
        cls._pay(docs["partial"], 100.0)
        cls._pay(docs["partial_overdue"], 150.0)
        cls._pay(docs["paid"])
        docs["reversed"]._reverse_moves([{"date": cls.today}], cancel=True)
        docs["blocked"].action_toggle_block_payment()
        # Only Odoo Enterprise's accounting app produces ``in_payment``: patch its hook.
        with patch.object(type(cls.env["account.move"]), "_get_invoice_in_payment_state", lambda self: "in_payment"):
            cls._pay(docs["in_payment"])
            cls.env.flush_all()  # payment_state is computed on flush: while the hook is patched
        return docs

    # helpers -----------------------------------------------------------

    def customer_documents(self, commercial_partner):
        """Posted customer documents of a company, read as the superuser."""
        return self.env["account.move"].search(
            [
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
                ("partner_id", "child_of", commercial_partner.id),
            ]
        )

    def upload(self, move, name, content, token=None):
        """Upload a file for ``move``'s chatter as the portal composer does."""
        return self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "is_pending": "true",
                "thread_id": move.id,
                "thread_model": "account.move",
                **({"token": token} if token else {}),
            },
            files={"ufile": (name, content, "application/pdf")},
        )

    def post_comment(self, move, body, attachments=(), token=None, partner_ids=None):
        """Post ``body`` on ``move``'s chatter with ``attachments`` ((name,
        content) pairs) as the portal composer does
        (portal/static/src/interactions/portal_composer.js): each file uploaded
        first, then the message with their ownership tokens."""
        post_data = {
            "body": body,
            "attachment_ids": [],
            "attachment_tokens": [],
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
            **({"partner_ids": partner_ids} if partner_ids else {}),
        }
        for name, content in attachments:
            upload = self.upload(move, name, content, token=token)
            self.assertEqual(upload.status_code, 200, upload.text[:300])
            data = upload.json()["data"]
            attachment = next(a for a in data["store_data"]["ir.attachment"] if a["id"] == data["attachment_id"])
            post_data["attachment_ids"].append(attachment["id"])
            post_data["attachment_tokens"].append(attachment["ownership_token"])
        params = {"thread_model": "account.move", "thread_id": move.id, "post_data": post_data}
        if token:
            params["token"] = token
        return self.url_open("/mail/message/post", json={"params": params})

    @staticmethod
    def parse(response):
        return html.fromstring(response.content)

    @staticmethod
    def rows_by_group(tree):
        return {
            section.get("data-payment-group"): [
                int(tr.get("data-invoice-id")) for tr in section.xpath(".//tr[@data-invoice-id]")
            ]
            for section in tree.xpath("//section[@data-payment-group]")
        }
