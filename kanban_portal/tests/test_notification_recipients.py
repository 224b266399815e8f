from unittest.mock import patch

from markupsafe import Markup

from odoo.tests import tagged

from .common import KanbanPortalCommentHttpCommon


@tagged("post_install", "-at_install")
class TestNotificationRecipients(KanbanPortalCommentHttpCommon):
    """A customer's comment reaches the document's salesperson (or who stands
    in for them), exactly once, by email (queued) and in the Odoo inbox;
    other posts notify as in stock Odoo."""

    def test_salesperson_not_follower_with_inbox_preference(self):
        self.assertNotIn(self.seller.partner_id, self.invoice.message_partner_ids)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self.post_customer_comment(self.invoice)
        self.assertEqual(message.author_id, self.user_a1.partner_id)
        mail = self.assertNotifiedOnce(message, self.seller)
        # internal link only: no token, hash or signup link for the salesperson
        self.assertNotIn("access_token", mail.body_html)
        self.assertNotIn("/web/signup", mail.body_html)
        self.assertIn(self.invoice.name, mail.body_html)
        # the customer is not notified of their own message
        self.assertFalse(self.notifications(message, self.user_a1))
        # the salesperson sees it in the inbox
        self.assertIn(message, self.env["mail.message"].with_user(self.seller).search([("needaction", "=", True)]))

    def test_salesperson_follower_with_email_preference(self):
        self.seller.notification_type = "email"
        self.invoice.message_subscribe(self.seller.partner_id.ids)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        message = self.post_customer_comment(self.invoice)
        self.assertNotifiedOnce(message, self.seller)
        # every comment, every time
        second = self.post_customer_comment(self.invoice, "Segundo mensaje")
        self.assertNotifiedOnce(second, self.seller)

    def test_fallback_chain(self):
        self.authenticate(self.user_a1.login, self.user_a1.login)
        # archived document salesperson -> the customer's salesperson
        self.seller.active = False
        message = self.post_customer_comment(self.invoice, "uno")
        self.assertFalse(self.notifications(message, self.seller))
        self.assertNotifiedOnce(message, self.account_manager)
        # no salesperson anywhere -> the company's responsible
        self.customer_a.user_id = False
        self.invoice.company_id.kanban_portal_responsible_id = self.responsible
        message = self.post_customer_comment(self.invoice, "dos")
        self.assertNotifiedOnce(message, self.responsible)
        # still nobody: no crash, nobody internal notified
        self.invoice.company_id.kanban_portal_responsible_id = False
        message = self.post_customer_comment(self.invoice, "tres")
        internal = message.notification_ids.res_partner_id.user_ids.filtered(lambda u: u._is_internal())
        self.assertFalse(internal)

    def test_never_public_user_or_bot(self):
        self.invoice.invoice_user_id = self.env.ref("base.user_root")
        self.customer_a.user_id = self.env.ref("base.public_user")
        self.assertFalse(self.invoice._get_portal_salesperson())

    def test_comment_through_access_token(self):
        """No login: posted with the document's access token, as the customer."""
        token = self.invoice._portal_ensure_token()
        message = self.post_customer_comment(self.invoice, "Sin cuenta", token=token)
        self.assertEqual(message.author_id, self.invoice.partner_id)
        mail = self.assertNotifiedOnce(message, self.seller)
        self.assertIn("Posted through a document link", mail.body_html)
        self.assertNotIn(token, mail.body_html)

    def test_staff_note_keeps_standard_behaviour(self):
        self.invoice.with_user(self.account_manager).message_post(
            body="nota interna", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertFalse(self.notifications(message, self.seller))
        self.invoice.with_user(self.account_manager).message_post(body="staff reply", message_type="comment")
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertFalse(self.notifications(message, self.seller))

    def test_customer_context_and_type_change_nothing(self):
        """Whatever the customer's call says of its context, type or subtype:
        their comment, queued (never sent in their request), to the salesperson."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self.chatter_post(
            self.invoice,
            {"body": "apurado", "message_type": "notification", "subtype_xmlid": "mail.mt_activities"},
            context={"mail_notify_force_send": True, "kanban_portal_session_links": True},
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
            # the automation's post comes last
            self.post_customer_comment(self.invoice, "dispara", expect="automática")
        self.assertTrue(done)
        comment = self.invoice.message_ids.filtered(lambda m: "dispara" in str(m.body))
        self.assertNotifiedOnce(comment, self.seller)
        auto = self.invoice.message_ids.filtered(lambda m: "automática" in str(m.body))
        self.assertEqual(auto.partner_ids, outsider)
        self.assertIn("<b>automática</b>", str(auto.body))
        self.assertIn(outsider, auto.notified_partner_ids)
        self.assertFalse(self.notifications(auto, self.seller), "no customer-comment email for the salesperson")

    def test_comment_without_subtype_still_notifies(self):
        """A raw RPC without subtype gets Odoo's default (note): still the customer's words."""
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self.chatter_post(self.invoice, {"body": "sin subtipo"})
        self.assertNotIn("error", response.json(), response.text)
        message = self.invoice.message_ids.sorted("id")[-1]
        self.assertIn("sin subtipo", str(message.body))
        self.assertNotifiedOnce(message, self.seller)

    def test_query_count_independent_of_followers(self):
        """A customer's post costs the same whatever the number of followers:
        the queries of Odoo's own post emailing the same people, and 5 more
        (the inbox notification kept unread, 2; the mail queue's wake-up, 3).
        Counted with one follower, then with 10 more."""
        self.seller.notification_type = "email"
        self.invoice.message_subscribe(self.seller.partner_id.ids)
        self.authenticate(self.user_a1.login, self.user_a1.login)
        Move = type(self.env["account.move"])
        added = 5

        def post(standard=False):
            # "standard": the same post, as Odoo treats any other post
            customer_request = (lambda *args: False) if standard else Move._is_portal_customer_request
            with patch.object(Move, "_is_portal_customer_request", customer_request):
                response = self.post_comment(self.invoice, "cost")
            self.assertNotIn("error", response.json(), response.text)

        def assert_post_costs(odoo_post):
            post()  # warm caches
            post(standard=True)
            with self.assertQueryCount(odoo_post):
                post(standard=True)
            with self.assertQueryCount(odoo_post + added):
                post()

        assert_post_costs(odoo_post=32)
        followers = self.env["res.partner"].create([{"name": f"F{i}", "email": f"f{i}@example.com"} for i in range(10)])
        self.invoice.message_subscribe(followers.ids)
        assert_post_costs(odoo_post=34)
