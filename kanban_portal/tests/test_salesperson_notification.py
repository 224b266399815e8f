import base64
from unittest.mock import Mock, patch

from markupsafe import Markup

import odoo.sql_db
from odoo.tests import new_test_user, tagged

from .common import KanbanPortalCase, make_pdf


@tagged("post_install", "-at_install")
class TestSalespersonNotification(KanbanPortalCase):
    """A customer's comment reaches the document's salesperson, exactly once,
    by email (queued) and in the Odoo inbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,account.group_account_invoice"
        cls.seller = new_test_user(
            cls.env,
            "kp_seller",
            groups=groups,
            name="Sonia Seller",
            email="seller@example.com",
            notification_type="inbox",
        )
        cls.account_manager = new_test_user(
            cls.env,
            "kp_manager",
            groups=groups,
            name="Carla Cuenta",
            email="manager@example.com",
            notification_type="email",
        )
        cls.responsible = new_test_user(
            cls.env, "kp_resp", groups=groups, name="Rita Responsable", email="resp@example.com"
        )
        cls.invoice = cls.docs_a["not_due"]
        cls.invoice.invoice_user_id = cls.seller
        cls.customer_a.user_id = cls.account_manager

    def _upload(self, name, content, token=None):
        return self.upload(self.invoice, name, content, token=token)

    def _post_as_customer(self, body="Adjunto comprobante", attachments=(), token=None, expect=None):
        response = self.post_comment(self.invoice, body, attachments, token=token)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("error", response.json(), response.text)
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertIn(expect or body, str(message.body))
        return message

    def _notifications(self, message, user):
        return self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id), ("res_partner_id", "=", user.partner_id.id)]
        )

    def assertNotifiedOnce(self, message, user):
        notification = self._notifications(message, user)
        self.assertEqual(len(notification), 1, f"{user.name} notified {len(notification)} times")
        self.assertEqual(notification.notification_type, "email")
        self.assertFalse(notification.is_read, "the notification does not need action in the inbox")
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        to_user = mails.filtered(lambda m: user.partner_id in m.recipient_ids)
        self.assertEqual(len(to_user), 1, f"{len(to_user)} emails for {user.name}")
        self.assertEqual(to_user.state, "outgoing", "the email must wait in the queue, not be sent in the request")
        return to_user

    def test_salesperson_not_follower_with_inbox_preference(self):
        self.assertNotIn(self.seller.partner_id, self.invoice.message_partner_ids)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self._post_as_customer()
        self.assertEqual(message.author_id, self.user_a1.partner_id)
        mail = self.assertNotifiedOnce(message, self.seller)
        # internal link only: no token, hash or signup link for the salesperson
        self.assertNotIn("access_token", mail.body_html)
        self.assertNotIn("/web/signup", mail.body_html)
        self.assertIn(self.invoice.name, mail.body_html)
        # the customer is not notified of their own message
        self.assertFalse(self._notifications(message, self.user_a1))
        # the salesperson sees it in the inbox
        self.assertIn(message, self.env["mail.message"].with_user(self.seller).search([("needaction", "=", True)]))

    def test_salesperson_follower_with_email_preference(self):
        self.seller.notification_type = "email"
        self.invoice.message_subscribe(self.seller.partner_id.ids)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self._post_as_customer()
        self.assertNotifiedOnce(message, self.seller)
        # every comment, every time
        second = self._post_as_customer(body="Segundo mensaje")
        self.assertNotifiedOnce(second, self.seller)

    def test_fallback_chain(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        # archived document salesperson -> the customer's salesperson
        self.seller.active = False
        message = self._post_as_customer(body="uno")
        self.assertFalse(self._notifications(message, self.seller))
        self.assertNotifiedOnce(message, self.account_manager)
        # no salesperson anywhere -> the company's responsible
        self.customer_a.user_id = False
        self.invoice.company_id.kanban_portal_responsible_id = self.responsible
        message = self._post_as_customer(body="dos")
        self.assertNotifiedOnce(message, self.responsible)
        # still nobody: no crash, nobody internal notified
        self.invoice.company_id.kanban_portal_responsible_id = False
        message = self._post_as_customer(body="tres")
        internal = message.notification_ids.res_partner_id.user_ids.filtered(lambda u: u._is_internal())
        self.assertFalse(internal)

    def test_never_public_user_or_bot(self):
        self.invoice.invoice_user_id = self.env.ref("base.user_root")
        self.customer_a.user_id = self.env.ref("base.public_user")
        self.assertFalse(self.invoice._get_portal_salesperson())

    def test_salesperson_without_email(self):
        """No email address: the inbox notification still needs action; the
        email notification is kept for Odoo's queue, which marks it failed
        ('Missing email', the red envelope staff see on the message)."""
        self.seller.partner_id.email = False
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self._post_as_customer()
        notification = self._notifications(message, self.seller)
        self.assertEqual(len(notification), 1)
        self.assertEqual(notification.notification_type, "email")
        self.assertFalse(notification.is_read)
        self.assertIn(message, self.env["mail.message"].with_user(self.seller).search([("needaction", "=", True)]))
        # the queue runs (a mail server is reachable): the missing address shows as a failure
        IrMailServer = type(self.env["ir.mail_server"])
        with (
            patch.object(IrMailServer, "_disable_send", lambda *args: False),
            patch.object(IrMailServer, "_connect__", return_value=Mock()),
        ):
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)]).send()
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn(notification.failure_type, ("mail_email_missing", "mail_email_invalid"))
        self.assertTrue(message.with_user(self.account_manager).has_error)

    def test_comment_through_access_token(self):
        """No login: posted with the document's access token, as the customer."""
        token = self.invoice._portal_ensure_token()
        message = self._post_as_customer(body="Sin cuenta", token=token)
        self.assertEqual(message.author_id, self.invoice.partner_id)
        mail = self.assertNotifiedOnce(message, self.seller)
        self.assertIn("Posted through a document link", mail.body_html)
        self.assertNotIn(token, mail.body_html)

    def test_staff_note_keeps_standard_behaviour(self):
        self.invoice.with_user(self.account_manager).message_post(
            body="nota interna", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertFalse(self._notifications(message, self.seller))
        self.invoice.with_user(self.account_manager).message_post(body="staff reply", message_type="comment")
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertFalse(self._notifications(message, self.seller))

    def test_file_creates_review_activity(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self._post_as_customer(attachments=[("comprobante.pdf", make_pdf("proof"))])
        self.assertEqual(message.attachment_ids.mapped("name"), ["comprobante.pdf"])
        activity = self.invoice.activity_ids.filtered(lambda a: a.user_id == self.seller)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "Review proof of payment")
        # switched off in Settings: no activity
        activity.unlink()
        self.invoice.company_id.kanban_portal_review_activity = False
        self._post_as_customer(body="otro", attachments=[("b.pdf", make_pdf("b"))])
        self.assertFalse(self.invoice.activity_ids.filtered(lambda a: a.user_id == self.seller))

    def test_review_todo_shows_the_customer_name_as_text(self):
        """A customer writes their own name (/my/account): in the to-do's note
        it is text, never markup (a tracking image, a link)."""
        self.user_a1.partner_id.name = '<img src="https://evil.example.com/t.gif"> Ana'
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self._post_as_customer(attachments=[("comprobante.pdf", make_pdf("proof"))])
        activity = self.invoice.activity_ids.filtered(lambda a: a.user_id == self.seller)
        self.assertNotIn("<img", str(activity.note))
        self.assertIn("&lt;img", str(activity.note))

    def test_customer_context_and_type_change_nothing(self):
        """Whatever the customer's call says of its context, type or subtype:
        their comment, queued (never sent in their request), to the salesperson."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self.url_open(
            "/mail/message/post",
            json={
                "params": {
                    "thread_model": "account.move",
                    "thread_id": self.invoice.id,
                    "post_data": {
                        "body": "apurado",
                        "message_type": "notification",
                        "subtype_xmlid": "mail.mt_activities",
                    },
                    "context": {"mail_notify_force_send": True, "kanban_portal_session_links": True},
                }
            },
        )
        self.assertNotIn("error", response.json(), response.text)
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertIn("apurado", str(message.body))
        self.assertEqual((message.message_type, message.subtype_id), ("comment", self.env.ref("mail.mt_comment")))
        self.assertNotifiedOnce(message, self.seller)  # queued, not sent

    def test_automation_in_the_customer_request_posts_as_stock(self):
        """Something reacting to the customer's comment in the same request
        (an automation, posting with sudo) posts as in stock Odoo: its
        recipients and HTML stay, it is no customer comment."""
        outsider = self.env["res.partner"].create({"name": "Estudio", "email": "estudio@example.com"})
        Move = type(self.env["account.move"])
        original = Move._message_post_after_hook
        done = []

        def after_hook(move, message, msg_vals):
            result = original(move, message, msg_vals)
            if "dispara" in str(message.body) and not done:
                done.append(True)
                move.sudo().message_post(
                    body=Markup("<p>Respuesta <b>automática</b></p>"),
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=outsider.ids,
                )
            return result

        self.authenticate(self.user_a1.login, self.user_a1.login)
        with patch.object(Move, "_message_post_after_hook", after_hook):
            self._post_as_customer(body="dispara", expect="automática")  # the automation's post comes last
        self.assertTrue(done)
        comment = self.invoice.message_ids.filtered(lambda m: "dispara" in str(m.body))
        self.assertNotifiedOnce(comment, self.seller)
        auto = self.invoice.message_ids.filtered(lambda m: "automática" in str(m.body))
        self.assertEqual(auto.partner_ids, outsider)
        self.assertIn("<b>automática</b>", str(auto.body))
        self.assertIn(outsider, auto.notified_partner_ids)
        self.assertFalse(self._notifications(auto, self.seller), "no customer-comment email for the salesperson")

    def test_comment_without_subtype_still_notifies(self):
        """A raw RPC without subtype gets Odoo's default (note): still the customer's words."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self.url_open(
            "/mail/message/post",
            json={
                "params": {
                    "thread_model": "account.move",
                    "thread_id": self.invoice.id,
                    "post_data": {"body": "sin subtipo"},
                }
            },
        )
        self.assertEqual(response.status_code, 200)
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertIn("sin subtipo", str(message.body))
        self.assertNotifiedOnce(message, self.seller)

    def test_foreign_customer_cannot_comment(self):
        self.authenticate(self.user_b1.login, self.user_b1.login)
        before = self.invoice.message_ids
        response = self.url_open(
            "/mail/message/post",
            json={
                "params": {
                    "thread_model": "account.move",
                    "thread_id": self.invoice.id,
                    "post_data": {"body": "intrusion"},
                }
            },
        )
        self.assertTrue(response.status_code == 404 or "error" in response.json(), response.text[:300])
        self.assertEqual(self.invoice.message_ids, before)

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {"kanban_portal_responsible_id": self.responsible.id, "kanban_portal_review_activity": False}
        )
        settings.execute()
        self.assertEqual(self.env.company.kanban_portal_responsible_id, self.responsible)
        self.assertFalse(self.env.company.kanban_portal_review_activity)

    def test_customer_files_checked_by_content_and_size(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        Attachment = self.env["ir.attachment"].sudo()
        before = Attachment.search_count([])
        # an executable named .pdf, and a text file
        for name, content in (("comprobante.pdf", b"MZ\x90\x00" + b"\x00" * 200), ("nota.txt", b"hola")):
            response = self._upload(name, content)
            self.assertEqual(response.status_code, 200)  # the chatter shows "error" as a notification
            self.assertIn("only PDF files and images", response.json()["error"])
        # too large for the limit set in Settings
        self.invoice.company_id.kanban_portal_max_file_mb = 1
        response = self._upload("grande.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
        self.assertEqual(response.status_code, 200)  # the chatter shows "error" as a notification
        self.assertIn("too large", response.json()["error"])
        self.assertEqual(Attachment.search_count([]), before, "a refused file was stored")
        # a real PNG is accepted
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        )
        response = self._upload("foto.png", png).json()
        self.assertNotIn("error", response)
        self.assertEqual(Attachment.browse(response["data"]["attachment_id"]).mimetype, "image/png")

    def test_too_many_files_refused_and_nothing_posted(self):
        self.invoice.company_id.kanban_portal_max_files = 1
        self.authenticate(self.user_a1.login, self.user_a1.login)
        before = self.invoice.message_ids
        ids, tokens = [], []
        for name in ("a.pdf", "b.pdf"):
            data = self._upload(name, make_pdf(name)).json()["data"]
            attachment = next(a for a in data["store_data"]["ir.attachment"] if a["id"] == data["attachment_id"])
            ids.append(attachment["id"])
            tokens.append(attachment["ownership_token"])
        post_data = {
            "body": "dos archivos",
            "attachment_ids": ids,
            "attachment_tokens": tokens,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        }
        response = self.url_open(
            "/mail/message/post",
            json={"params": {"thread_model": "account.move", "thread_id": self.invoice.id, "post_data": post_data}},
        )
        self.assertIn("At most 1 files can be attached", response.json()["error"]["data"]["message"])
        self.assertEqual(self.invoice.message_ids, before)

    def test_customer_file_never_imported_nor_main_attachment(self):
        main = self.invoice.message_main_attachment_id
        moves_before = self.env["account.move"].search_count([])
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self._post_as_customer(attachments=[("factura.pdf", make_pdf("invoice-looking"))])
        self.assertEqual(self.invoice.message_main_attachment_id, main)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)

    def test_mail_server_down_then_up(self):
        """Connection refused: the comment is saved, the inbox notification
        exists, the failure is visible; once the server is back the email is
        queued again by the retry job and sent exactly once."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self._post_as_customer()
        mail = self.assertNotifiedOnce(message, self.seller)
        with patch.object(
            type(self.env["ir.mail_server"]), "_connect__", side_effect=ConnectionRefusedError("connection refused")
        ):
            mail.send()
        notification = self._notifications(message, self.seller)
        self.assertEqual(mail.state, "exception")
        self.assertEqual((notification.notification_status, notification.failure_type), ("exception", "mail_smtp"))
        self.assertFalse(notification.is_read, "the inbox notification is gone")
        # staff see the failed email on the document's message
        self.assertTrue(message.with_user(self.account_manager).has_error)
        retried = self.env["mail.mail"]._retry_unreachable_server()
        self.assertIn(mail, retried)
        self.assertEqual(mail.state, "outgoing")
        # nothing more to retry: never queued twice
        self.assertNotIn(mail, self.env["mail.mail"]._retry_unreachable_server())
        delivered = []

        def deliver(server, message, *args, **kwargs):
            delivered.append(message["To"])
            return "<kanban-portal-test@example.com>"

        IrMailServer = type(self.env["ir.mail_server"])
        with (
            patch.object(IrMailServer, "_disable_send", lambda *args: False),
            patch.object(IrMailServer, "_connect__", return_value=Mock()),
            patch.object(IrMailServer, "send_email", deliver),
        ):
            mail.send()
            mail.send()  # an overlapping queue run finds nothing left to send
        self.assertEqual(len(delivered), 1, delivered)
        self.assertIn("seller@example.com", delivered[0])
        self.assertEqual(self._notifications(message, self.seller).notification_status, "sent")

    def test_payloads_escaped_in_email_and_pages(self):
        payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
        self.user_a1.partner_id.name = 'Ana "Evil"\r\nBcc: victim@example.com'
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self._post_as_customer(
            body=f"hola {payload}", attachments=[(f"{payload}.pdf", make_pdf("x"))], expect="hola"
        )
        mail = self.assertNotifiedOnce(message, self.seller)
        for html in (mail.body_html, str(message.body), self.url_open(f"/my/invoices/{self.invoice.id}").text):
            self.assertNotIn("<script>alert(2)", html)
            self.assertNotIn('onerror="alert(1)"', html)
        # no header injection through the customer's name
        for header in (mail.email_from or "", mail.reply_to or "", mail.subject or ""):
            self.assertNotIn("\n", header)
            self.assertNotIn("\r", header)

    def test_query_count_independent_of_followers(self):
        """A customer's post costs the same whatever the number of followers,
        and at most 8 queries more than Odoo's own post emailing the same
        people: what the addon adds is the inbox notification kept unread (2)
        and the mail queue's wake-up (3), plus the salesperson's checks."""
        self.seller.notification_type = "email"
        self.invoice.message_subscribe(self.seller.partner_id.ids)

        self.authenticate(self.user_a1.login, self.user_a1.login)
        Move = type(self.env["account.move"])

        def post_cost(move, standard=False):
            # "standard": the same post, as Odoo treats any other post
            customer_request = (lambda *args: False) if standard else Move._is_portal_customer_request
            with patch.object(Move, "_is_portal_customer_request", customer_request):
                self.env.flush_all()
                before = odoo.sql_db.sql_counter
                self.assertEqual(self.post_comment(move, "cost").status_code, 200)
                self.env.flush_all()
                return odoo.sql_db.sql_counter - before

        post_cost(self.invoice)  # warm caches
        post_cost(self.invoice, standard=True)
        ours_few, odoo_few = post_cost(self.invoice), post_cost(self.invoice, standard=True)
        followers = self.env["res.partner"].create([{"name": f"F{i}", "email": f"f{i}@example.com"} for i in range(10)])
        self.invoice.message_subscribe(followers.ids)
        post_cost(self.invoice)
        post_cost(self.invoice, standard=True)
        ours_many, odoo_many = post_cost(self.invoice), post_cost(self.invoice, standard=True)
        self.assertLessEqual(ours_few - odoo_few, 8, f"{ours_few} queries, Odoo's own post {odoo_few}")
        self.assertLessEqual(ours_many - odoo_many, 8, f"{ours_many} queries, Odoo's own post {odoo_many}")
        # what the addon adds does not grow with the followers
        self.assertLessEqual(ours_many - ours_few, max(odoo_many - odoo_few, 0), (ours_few, ours_many))

    def test_tour_comment_with_file_reaches_inbox(self):
        """In Chromium: the customer comments with a PDF; the salesperson finds it in the inbox."""
        self.start_tour(f"/my/invoices/{self.invoice.id}", "kanban_portal_comment_tour", login=self.user_a1.login)
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertEqual(message.attachment_ids.mapped("name"), ["comprobante.pdf"])
        self.assertNotifiedOnce(message, self.seller)
        self.start_tour("/odoo/action-mail.action_discuss", "kanban_portal_inbox_tour", login=self.seller.login)

    def test_customer_cannot_add_recipients_nor_delete_what_they_sent(self):
        outsider = new_test_user(self.env, "kp_outsider", groups="base.group_user", email="outsider@example.com")
        # through the portal chatter, and through a direct call of message_post
        # (call_kw: the portal user may post on a document they read)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        chatter = self.post_comment(self.invoice, "por el chatter", partner_ids=outsider.partner_id.ids)
        self.assertNotIn("error", chatter.json(), chatter.text)
        response = self.url_open(
            "/web/dataset/call_kw/account.move/message_post",
            json={
                "params": {
                    "model": "account.move",
                    "method": "message_post",
                    "args": [self.invoice.ids],
                    "kwargs": {
                        "body": "<p>con <b>destinatarios</b></p>",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                        "partner_ids": outsider.partner_id.ids,
                        "outgoing_email_to": "someone@elsewhere.example.com",
                    },
                }
            },
        )
        self.assertNotIn("error", response.json(), response.text)
        for body in ("por el chatter", "destinatarios"):
            message = self.invoice.message_ids.filtered(lambda m, body=body: body in str(m.body))
            self.assertEqual(len(message), 1)
            self.assertFalse(message.partner_ids)
            self.assertFalse(message.outgoing_email_to)
            self.assertFalse(self._notifications(message, outsider))
            self.assertNotifiedOnce(message, self.seller)
            self.assertNotIn("<b>", str(message.body), "a customer's markup is shown as text")
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
            self.assertNotIn("elsewhere", " ".join(filter(None, mails.mapped("email_to") + mails.mapped("email_cc"))))
        # a proof already sent stays: no delete of the file, no edit of the message
        self.authenticate(self.user_a1.login, self.user_a1.login)
        sent = self._post_as_customer(attachments=[("comprobante.pdf", make_pdf("proof"))])
        attachment = sent.attachment_ids
        response = self.url_open(
            "/mail/attachment/delete",
            json={"params": {"attachment_id": attachment.id, "access_token": attachment._get_ownership_token()}},
        )
        self.assertIn("error", response.json())
        self.assertTrue(attachment.exists())
        response = self.url_open(
            "/mail/message/update_content",
            json={"params": {"message_id": sent.id, "update_data": {"body": "", "attachment_ids": []}}},
        )
        self.assertIn("error", response.json())
        self.assertIn("Adjunto comprobante", str(sent.body))
        self.assertEqual(sent.attachment_ids, attachment)

    def test_email_in_the_salesperson_language(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"]._load_module_terms(["kanban_portal"], ["es_419"], overwrite=True)
        self.seller.lang = "es_419"
        self.authenticate(self.user_a1.login, self.user_a1.login)
        mail = self.assertNotifiedOnce(self._post_as_customer(), self.seller)
        self.assertIn("Importe adeudado", mail.body_html)
        self.assertIn("Pendientes de pago", mail.body_html)
        # and in English for an English-speaking salesperson
        self.seller.lang = "en_US"
        mail = self.assertNotifiedOnce(self._post_as_customer(body="otra vez"), self.seller)
        self.assertIn("Amount due", mail.body_html)
