"""Test bases of kanban_portal, built like Odoo's own
(``AccountTestInvoicingCommon`` for data, ``AccountTestInvoicingHttpCommon``
for routes); fixtures are created once per class, in ``setUpClass``.

``KanbanPortalCommon``
    Data only (a ``TransactionCase``): two customer companies with portal
    contacts and one open invoice; builders of documents in every payment
    situation for the unit tests that need them.
``KanbanPortalHttpCommon``
    The same data, and the portal's routes as the browser calls them: the
    chatter's upload and post, ``/my/counters``, pages read as HTML.
``KanbanPortalCommentHttpCommon``
    The staff a customer's comment may notify (the invoice's salesperson, the
    customer's, the company's responsible) and what they receive.
``KanbanPortalDocumentsHttpCommon``
    Every payment situation for both customers (24 documents, in two
    currencies), for the pages that list, sum, export and protect them.
"""

from collections import defaultdict
from datetime import timedelta
from unittest.mock import patch

from lxml import html

from odoo import Command, fields, http
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon, AccountTestInvoicingHttpCommon


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


# ----------------------------------------------------------------------
# Amounts as the customer sees them, from Odoo's own fields
# ----------------------------------------------------------------------


def signed_residual(move):
    """What the customer still owes on ``move``, negative for a credit note
    (written independently of the addon)."""
    return (-1 if move.move_type == "out_refund" else 1) * move.amount_residual


def owed_by(moves, key):
    """``{key(move): sum of signed_residual}`` over ``moves``."""
    totals = defaultdict(float)
    for move in moves:
        totals[key(move)] += signed_residual(move)
    return dict(totals)


def cents(amounts):
    """``{key: amount}`` rounded to cents, the zeros left out: the amounts a
    page shows."""
    return {key: round(amount, 2) for key, amount in amounts.items() if round(amount, 2)}


def read_amount(element, attribute="data-amount"):
    """An amount a page gives in a ``data-*`` attribute of ``element``."""
    return float(element.get(attribute))


class KanbanPortalCommon(AccountTestInvoicingCommon):
    """Two customer companies with portal contacts (two for A, one for B) and
    one open invoice of A, not yet due (``invoice``)."""

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
        cls.invoice = cls._make_document(cls.customer_a, 100.0, ref="PO-A-NOTDUE")

    @classmethod
    def _create_billing_user(cls, login, name, **values):
        """An employee who invoices (Odoo's Billing group): a salesperson, an accountant."""
        return new_test_user(
            cls.env, login, groups="base.group_user,account.group_account_invoice", name=name, **values
        )

    @classmethod
    def _make_document(cls, partner, amount, days=-10, due=20, move_type="out_invoice", currency=None, ref=None):
        """A posted document of ``partner``, issued ``days`` from today and due
        ``due`` days from today."""
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
    def _create_documents(cls, partner, tag, not_due=None):
        """Every payment situation for one customer, through Odoo's own flows
        (``not_due``: an open invoice of theirs to use as the not yet due one);
        returns ``{key: move}``."""
        docs = {
            "not_due": not_due or cls._make_document(partner, 100.0, ref=f"PO-{tag}-NOTDUE"),
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
        cls._pay_in_payment(docs["in_payment"])
        return docs

    @classmethod
    def _pay_in_payment(cls, move):
        """Pay ``move`` in full, its payment not yet matched with a bank
        statement: ``in_payment``. Only Odoo Enterprise's accounting app
        produces that state: its hook is patched."""
        with patch.object(type(cls.env["account.move"]), "_get_invoice_in_payment_state", lambda self: "in_payment"):
            cls._pay(move)
            cls.env.flush_all()  # payment_state is computed on flush: while the hook is patched

    def customer_documents(self, commercial_partner):
        """Posted customer documents of a company, read as the superuser."""
        return self.env["account.move"].search(
            [
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
                ("partner_id", "child_of", commercial_partner.id),
            ]
        )


class KanbanPortalHttpCommon(KanbanPortalCommon, AccountTestInvoicingHttpCommon):
    """The light data, through the portal's routes."""

    # chatter: upload and post as the portal composer does ----------------
    # (portal/static/src/interactions/portal_composer.js)

    def upload(self, move, name, content, token=None):
        """Upload a file for ``move``'s chatter: the raw answer. A refusal is
        an HTTP 200 too, with an ``error`` the chatter shows: check it with
        ``upload_attachment`` or ``assertUploadRefused``."""
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

    def upload_attachment(self, move, name, content, token=None):
        """Upload a file that must be accepted: the attachment stored, pending
        for the next post, and the ownership token the answer gives for it."""
        result = self.upload(move, name, content, token=token).json()
        self.assertNotIn("error", result, f"{name} refused")
        data = result["data"]
        attachment = self.env["ir.attachment"].sudo().browse(data["attachment_id"]).exists()
        self.assertTrue(attachment, f"{name}: the answer names no stored attachment")
        self.assertEqual((attachment.res_model, attachment.res_id), ("mail.compose.message", 0), "pending")
        token = next(a["ownership_token"] for a in data["store_data"]["ir.attachment"] if a["id"] == attachment.id)
        return attachment, token

    def assertUploadRefused(self, move, name, content, message, token=None):
        """The upload is refused with ``message`` (shown by the chatter) and
        stores nothing."""
        Attachment = self.env["ir.attachment"].sudo()
        # with "id" in the domain, Odoo searches the binary fields' attachments too
        last = Attachment.search([("id", ">", 0)], order="id desc", limit=1).id
        result = self.upload(move, name, content, token=token).json()
        self.assertIn(message, result.get("error", ""), f"{name} accepted: {result}")
        self.assertNotIn("data", result)
        self.assertFalse(Attachment.search([("id", ">", last)]), f"{name}: a refused file was stored")

    def chatter_post(self, move, post_data, token=None, **params):
        """``/mail/message/post`` on ``move``'s chatter: the raw JSON-RPC
        answer (an error is an HTTP 200 too, with an ``error``)."""
        params = {"thread_model": "account.move", "thread_id": move.id, "post_data": post_data, **params}
        if token:
            params["token"] = token
        return self.url_open("/mail/message/post", json={"params": params})

    def post_comment(self, move, body, attachments=(), token=None, partner_ids=None):
        """Post ``body`` on ``move``'s chatter with ``attachments`` ((name,
        content) pairs): each file uploaded first (and accepted), then the
        message with their ownership tokens. The raw answer of the post."""
        post_data = {
            "body": body,
            "attachment_ids": [],
            "attachment_tokens": [],
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
            **({"partner_ids": partner_ids} if partner_ids else {}),
        }
        for name, content in attachments:
            attachment, ownership_token = self.upload_attachment(move, name, content, token=token)
            post_data["attachment_ids"].append(attachment.id)
            post_data["attachment_tokens"].append(ownership_token)
        return self.chatter_post(move, post_data, token=token)

    def post_customer_comment(self, move, body="Adjunto comprobante", attachments=(), token=None, expect=None):
        """``post_comment`` that must succeed: the last message on ``move``,
        whose body holds ``expect`` (by default ``body``)."""
        response = self.post_comment(move, body, attachments, token=token)
        self.assertNotIn("error", response.json(), response.text)
        message = move.message_ids.sorted("id")[-1]
        self.assertIn(expect or body, str(message.body))
        return message

    def call_message_post(self, move, **kwargs):
        """``message_post`` on ``move`` called directly through ``call_kw`` (any
        user may, on a document they read): the JSON-RPC answer."""
        kwargs = {"message_type": "comment", "subtype_xmlid": "mail.mt_comment", **kwargs}
        return self.url_open(
            "/web/dataset/call_kw/account.move/message_post",
            json={"params": {"model": "account.move", "method": "message_post", "args": [move.ids], "kwargs": kwargs}},
        ).json()

    # pages -----------------------------------------------------------------

    def my_counters(self, *counters):
        """The home tiles' counters, as ``/my`` fetches them: ``{name: value}``."""
        return self.make_jsonrpc_request("/my/counters", {"counters": list(counters)})

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


class KanbanPortalCommentHttpCommon(KanbanPortalHttpCommon):
    """The invoice's salesperson (inbox notifications), the customer's
    salesperson (email notifications) and the company's responsible, who may
    be notified of a customer's comment on ``invoice``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = cls._create_billing_user(
            "kp_seller", "Sonia Seller", email="seller@example.com", notification_type="inbox"
        )
        cls.account_manager = cls._create_billing_user(
            "kp_manager", "Carla Cuenta", email="manager@example.com", notification_type="email"
        )
        cls.responsible = cls._create_billing_user("kp_resp", "Rita Responsable", email="resp@example.com")
        cls.invoice.invoice_user_id = cls.seller
        cls.customer_a.user_id = cls.account_manager

    def notifications(self, message, user):
        return self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id), ("res_partner_id", "=", user.partner_id.id)]
        )

    def assertNotifiedOnce(self, message, user):
        """``user`` notified of ``message`` once, by an email waiting in the
        queue, the inbox notification still to be read: that email."""
        notification = self.notifications(message, user)
        self.assertEqual(len(notification), 1, f"{user.name} notified {len(notification)} times")
        self.assertEqual(notification.notification_type, "email")
        self.assertFalse(notification.is_read, "the notification does not need action in the inbox")
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        to_user = mails.filtered(lambda m: user.partner_id in m.recipient_ids)
        self.assertEqual(len(to_user), 1, f"{len(to_user)} emails for {user.name}")
        self.assertEqual(to_user.state, "outgoing", "the email must wait in the queue, not be sent in the request")
        return to_user


class KanbanPortalDocumentsHttpCommon(KanbanPortalHttpCommon):
    """Every payment situation for both customers, in two currencies:
    ``docs_a`` and ``docs_b`` (``docs_a['not_due']`` is ``invoice``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.docs_a = cls._create_documents(cls.customer_a, "A", not_due=cls.invoice)
        cls.docs_b = cls._create_documents(cls.customer_b, "B")
