import re
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.base.models import ir_cron

from ..models.kanban_portal_reminder import KanbanPortalReminder
from .common import KanbanPortalCommon, KanbanPortalHttpCommon


class KanbanPortalReminderCommon(KanbanPortalCommon):
    """Reminders on for the test company (Odoo's default steps -3, +3, +15,
    +30), and customers in every situation a reminder rule speaks of."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # only this company's run (a database with demo data has them on for its main company)
        cls.env["res.company"].sudo().search([]).kanban_portal_reminder_enabled = False
        cls.company.kanban_portal_reminder_enabled = True
        cls.steps = cls.env["kanban_portal.reminder.step"]._create_default_steps(cls.company)
        cls.step = {step.days: step for step in cls.steps}
        cls.cron = cls.env.ref("kanban_portal.ir_cron_send_payment_reminders")
        Partner = cls.env["res.partner"]
        doc = cls._make_document
        # A: two portal contacts; documents in every situation
        cls.a_late5 = doc(cls.customer_a, 100.0, days=-35, due=-5)
        cls.a_late20 = doc(cls.customer_a, 200.0, days=-50, due=-20)
        cls.a_soon = doc(cls.customer_a, 300.0, days=-28, due=2)
        cls.a_partial = doc(cls.customer_a, 400.0, days=-50, due=-20)
        cls._pay(cls.a_partial, 150.0)
        cls.a_eur = doc(cls.customer_a, 50.0, days=-35, due=-5, currency=cls.eur)
        cls.a_never = {
            "later": doc(cls.customer_a, 10.0, days=-20, due=10),
            "credit_note": doc(cls.customer_a, 20.0, days=-50, due=-20, move_type="out_refund"),
            "paid": doc(cls.customer_a, 30.0, days=-50, due=-20),
            "reported": doc(cls.customer_a, 40.0, days=-50, due=-20),
            "blocked": doc(cls.customer_a, 60.0, days=-50, due=-20),
        }
        cls._pay(cls.a_never["paid"])
        cls.a_never["blocked"].action_toggle_block_payment()
        cls.env["kanban_portal.payment.report"].sudo().create(
            {
                "company_id": cls.company.id,
                "partner_id": cls.customer_a.id,
                "currency_id": cls.a_never["reported"].currency_id.id,
                "amount": 40.0,
                "date": cls.today,
                "method": "transfer",
                "move_ids": [Command.set(cls.a_never["reported"].ids)],
            }
        )
        # B: one portal contact
        cls.b_late5 = doc(cls.customer_b, 500.0, days=-35, due=-5)
        # C: no portal access, an invoice address
        cls.customer_c = Partner.create(
            {"name": "Casa Tres S.R.L.", "is_company": True, "email": "info@tres.example.com"}
        )
        cls.invoice_address_c = Partner.create(
            {
                "name": "Cuentas Tres",
                "type": "invoice",
                "parent_id": cls.customer_c.id,
                "email": "cuentas@tres.example.com",
            }
        )
        cls.c_late5 = doc(cls.customer_c, 70.0, days=-35, due=-5)
        # D: no portal access, no invoice address: the company's own email
        cls.customer_d = Partner.create({"name": "Don Cuatro", "is_company": True, "email": "don@cuatro.example.com"})
        cls.d_late5 = doc(cls.customer_d, 80.0, days=-35, due=-5)
        # E: asked for no reminders (set on the company, it covers the contact invoiced)
        cls.customer_e = Partner.create(
            {
                "name": "Eco Cinco",
                "is_company": True,
                "email": "eco@cinco.example.com",
                "kanban_portal_no_reminder": True,
            }
        )
        contact_e = Partner.create(
            {"name": "Elena Cinco", "parent_id": cls.customer_e.id, "email": "elena@cinco.example.com"}
        )
        cls.e_late5 = doc(contact_e, 90.0, days=-35, due=-5)
        # F: its only address is on the mail blacklist
        cls.customer_f = Partner.create({"name": "Faro Seis", "is_company": True, "email": "faro@seis.example.com"})
        cls.env["mail.blacklist"].sudo()._add("faro@seis.example.com")
        cls.f_late5 = doc(cls.customer_f, 95.0, days=-35, due=-5)

    def run_reminders(self, batch_size=None):
        """Odoo's scheduler running the daily job (its own transaction, with
        the job's commits); the error it logged, if any."""
        if batch_size:
            self.cron.code = f"model._cron_send_reminders(batch_size={batch_size})"
        with self.enter_registry_test_mode():
            result = self.cron.method_direct_trigger()
        self.env.invalidate_all()
        return result

    def reminders(self, partner=None):
        domain = [("company_id", "=", self.company.id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["kanban_portal.reminder"].search(domain)

    def sent(self):
        """``{(move, step days)}`` sent so far."""
        lines = self.env["kanban_portal.reminder.line"].search([("company_id", "=", self.company.id)])
        return {(line.move_id, line.step_id.days) for line in lines}


@tagged("post_install", "-at_install")
class TestReminderRules(KanbanPortalReminderCommon):
    def _expected_first_run(self):
        return {
            (self.a_late5, 3),
            (self.a_late20, 15),
            (self.a_soon, -3),
            (self.a_partial, 15),
            (self.a_eur, 3),
            (self.b_late5, 3),
            (self.c_late5, 3),
            (self.d_late5, 3),
        }

    def test_documents_that_reached_a_step(self):
        self.run_reminders()
        self.assertEqual(self.sent(), self._expected_first_run())
        for move in [*self.a_never.values(), self.e_late5, self.f_late5]:
            self.assertFalse(move.sudo().kanban_portal_reminder_line_ids, move.name)

    def test_one_email_per_customer_and_currency(self):
        self.run_reminders()
        reminders_a = self.reminders(self.customer_a)
        self.assertEqual(sorted(reminders_a.currency_id.mapped("name")), sorted(["USD", "EUR"]))
        company_currency = reminders_a.filtered(lambda r: r.currency_id == self.company.currency_id)
        self.assertEqual(
            set(company_currency.line_ids.move_id), {self.a_late5, self.a_late20, self.a_soon, self.a_partial}
        )
        self.assertEqual(company_currency.step_id, self.step[15], "the latest step's wording")
        self.assertEqual(company_currency.amount_due, 100.0 + 200.0 + 300.0 + 250.0)
        self.assertEqual(company_currency.amount_overdue, 100.0 + 200.0 + 250.0, "the courtesy one is not overdue")
        for reminder in self.reminders():
            self.assertEqual(
                reminder.line_ids.move_id.commercial_partner_id, reminder.partner_id, "only the customer's documents"
            )

    def test_recipients(self):
        self.run_reminders()
        portal_contacts = self.user_a1.partner_id | self.user_a2.partner_id
        self.assertEqual(self.reminders(self.customer_a).recipient_ids, portal_contacts)
        self.assertTrue(all(self.reminders(self.customer_a).mapped("portal_access")))
        self.assertEqual(self.reminders(self.customer_c).recipient_ids, self.invoice_address_c)
        self.assertEqual(self.reminders(self.customer_d).recipient_ids, self.customer_d)
        self.assertFalse(self.reminders(self.customer_e), "no reminders")
        self.assertFalse(self.reminders(self.customer_f), "blacklisted")

    def test_email_content_and_links(self):
        self.run_reminders()
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.customer_d.ids)])
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing", "queued, not sent inside the run")
        self.assertIn(self.d_late5.name, mails.body_html)
        link = self.d_late5.get_base_url() + self.d_late5.get_portal_url()
        self.assertIn(link.replace("&", "&amp;"), mails.body_html, "no portal access: the document's own link")
        self.assertIn("access_token=", link)
        self.assertIn("Payment reminder", mails.subject)
        portal_mail = self.env["mail.mail"].search([("recipient_ids", "in", self.user_a1.partner_id.ids)])
        self.assertEqual(len(portal_mail), 2, "one per currency")
        for mail in portal_mail:
            self.assertIn("/my/invoices?group=overdue", mail.body_html)
            self.assertNotIn("access_token", mail.body_html, "portal contacts log in")
            self.assertNotIn(self.b_late5.name, mail.body_html)
        usd = portal_mail.filtered(lambda m: self.a_late20.name in m.body_html)
        self.assertIn(self.step[15].body, usd.body_html)
        self.assertNotIn(self.a_never["credit_note"].name, usd.body_html)
        # the queue is woken: the emails leave within a minute, not at the hourly run
        trigger = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.env.ref("mail.ir_cron_mail_scheduler_action").id)]
        )
        self.assertTrue(trigger)

    def test_mail_server_down_reminder_sent_once_back(self):
        """The mail server cannot be reached when the queue sends a reminder:
        Odoo marks it failed and would never try again (its step is recorded
        as sent). The retry job queues it again; an email refused for a bad
        address stays failed, as in stock Odoo."""
        self.run_reminders()
        refused = self.env["mail.mail"].search([("recipient_ids", "in", self.customer_d.ids)])
        invalid = self.env["mail.mail"].search([("recipient_ids", "in", self.invoice_address_c.ids)])
        self.assertEqual(self.reminders(self.customer_d).mail_ids, refused)
        # as mail.mail._send_mail writes it when ir.mail_server cannot connect
        refused.write({"state": "exception", "failure_reason": "[Errno 111] Connection refused"})
        refused._postprocess_sent_message(success_pids=[], success_emails=[], failure_type="mail_smtp")
        invalid.write({"state": "exception", "failure_type": "mail_email_invalid", "failure_reason": "bad address"})
        self.assertTrue(refused.exists(), "Odoo keeps a failed email")
        self.env["mail.mail"]._retry_unreachable_server()
        self.assertEqual(refused.state, "outgoing")
        self.assertFalse(refused.failure_reason)
        self.assertEqual(invalid.state, "exception")

    def test_traces_on_the_document(self):
        self.run_reminders()
        message = self.a_late5.message_ids[0]
        self.assertIn("Payment reminder", message.body)
        self.assertIn(self.user_a1.partner_id.email, message.body)
        self.assertEqual(self.a_late5.kanban_portal_last_reminder_date, self.today)
        self.assertFalse(self.a_never["paid"].kanban_portal_last_reminder_date)

    def test_same_step_never_twice_next_steps_later(self):
        self.run_reminders()
        first = self.sent()
        mails = self.env["mail.mail"].search_count([])
        self.run_reminders()
        self.assertEqual(self.sent(), first, "same day again: nothing")
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        with freeze_time(self.today + timedelta(days=11)):
            self.run_reminders()
        new = self.sent() - first
        self.assertIn((self.a_late5, 15), new, "16 days late: the second step")
        self.assertIn((self.a_soon, 3), new, "9 days late: the first step after the courtesy one")
        self.assertIn((self.a_late20, 30), new)
        self.assertNotIn((self.a_late20, 15), new)

    def test_latest_step_only_when_several_reached(self):
        with freeze_time(self.today + timedelta(days=40)):
            self.run_reminders()
        self.assertEqual({days for (move, days) in self.sent() if move == self.a_late5}, {30})

    def test_sender_and_salesperson_copy(self):
        sender = self._create_billing_user("kp_rem_sender", "Cobranzas", email="cobranzas@example.com")
        seller = self._create_billing_user("kp_rem_seller", "Vera Vendedora", email="vera@example.com")
        self.d_late5.invoice_user_id = seller
        self.company.write(
            {"kanban_portal_reminder_user_id": sender.id, "kanban_portal_reminder_salesperson_copy": True}
        )
        self.run_reminders()
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.customer_d.ids)])
        self.assertIn("cobranzas@example.com", mails.email_from)
        copy = self.env["mail.mail"].search([("recipient_ids", "in", seller.partner_id.ids)])
        self.assertEqual(len(copy), 1)
        self.assertIn(self.d_late5.name, copy.body_html)

    def test_each_recipient_in_their_language(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"]._load_module_terms(["kanban_portal"], ["es_419"], overwrite=True)
        # the steps were created before Spanish was loaded: loading it gave them their Spanish wording
        self.assertEqual(self.step[3].with_context(lang="es_419").name, "Recordatorio de pago")
        self.user_a1.partner_id.lang = "es_419"
        self.run_reminders()
        mails = self.env["mail.mail"].search([("recipient_ids", "in", (self.user_a1 | self.user_a2).partner_id.ids)])
        spanish = mails.filtered(lambda m: self.user_a1.partner_id in m.recipient_ids)
        english = mails.filtered(lambda m: self.user_a2.partner_id in m.recipient_ids)
        self.assertFalse(spanish & english, "one email per language")
        self.assertTrue(all("recordatorio de pago" in m.subject.lower() for m in spanish), spanish.mapped("subject"))
        self.assertTrue(all("Documento" in m.body_html for m in spanish))
        self.assertTrue(all("reminder" in m.subject for m in english), english.mapped("subject"))

    def test_staff_wording_kept_when_a_language_is_loaded(self):
        self.step[15].with_context(lang="en_US").name = "Please pay now"
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"]._load_module_terms(["kanban_portal"], ["es_419"], overwrite=True)
        self.assertEqual(self.step[15].with_context(lang="es_419").name, "Please pay now")
        self.assertEqual(self.step[3].with_context(lang="es_419").name, "Recordatorio de pago")

    def test_pending_online_transaction(self):
        if "transaction_ids" not in self.env["account.move"]._fields:
            self.skipTest("account_payment is not installed")
        provider = self.env["payment.provider"].sudo().search([("code", "=", "demo")], limit=1)
        if not provider:
            self.skipTest("payment_demo is not installed")
        if provider.company_id != self.company:
            provider = provider.copy({"company_id": self.company.id})
        self.env["payment.transaction"].sudo().create(
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "reference": "KP-REM-PENDING",
                "amount": self.d_late5.amount_residual,
                "currency_id": self.d_late5.currency_id.id,
                "partner_id": self.customer_d.id,
                "invoice_ids": [Command.set(self.d_late5.ids)],
                "state": "pending",
            }
        )
        self.run_reminders()
        self.assertFalse(self.reminders(self.customer_d), "paying online: not reminded")

    def test_switched_off(self):
        self.company.kanban_portal_reminder_enabled = False
        self.run_reminders()
        self.assertFalse(self.reminders())

    def test_switched_off_during_the_run(self):
        """Staff switch reminders off while a run is under way (another
        transaction: written in SQL, behind the run's cache): the batches
        after that send nothing."""
        send = KanbanPortalReminder._send_reminder_plan

        def send_then_switch_off(model, company, today, plan):
            result = send(model, company, today, plan)
            model.env.cr.execute(
                SQL("UPDATE res_company SET kanban_portal_reminder_enabled = FALSE WHERE id = %s", company.id)
            )
            return result

        with patch.object(KanbanPortalReminder, "_send_reminder_plan", send_then_switch_off):
            self.run_reminders(batch_size=1)
        self.assertEqual(len(self.reminders().partner_id), 1)

    def test_failed_batch_skipped_sent_by_the_next_run_nothing_twice(self):
        """A batch fails after it queued its emails, before its commit: it is
        rolled back and logged, the run goes on; the next run sends what was
        left, and nothing twice. (A worker killed outright: benchmarks/
        bench_reminders.sh kills one with SIGKILL and runs again.)"""
        send = KanbanPortalReminder._send_reminder_plan
        calls = []

        def send_then_fail(model, company, today, plan):
            calls.append([email["partner"] for email in plan])
            result = send(model, company, today, plan)
            if len(calls) == 3:
                raise OSError("connection to the mail queue lost")
            return result

        Mail = self.env["mail.mail"].sudo()
        last_mail = Mail.search([], order="id desc", limit=1).id or 0
        with (
            patch.object(KanbanPortalReminder, "_send_reminder_plan", send_then_fail),
            self.assertLogs("odoo.addons.kanban_portal.models.kanban_portal_reminder", "ERROR"),
        ):
            self.run_reminders(batch_size=1)
        self.assertEqual(calls[2], [self.customer_c])
        self.assertFalse(self.reminders(self.customer_c), "the failed batch was rolled back")
        self.assertTrue(self.reminders(self.customer_d), "the run went on")
        calls.clear()
        with patch.object(KanbanPortalReminder, "_send_reminder_plan", send_then_fail):
            self.run_reminders(batch_size=1)
        self.assertEqual([partner for batch in calls for partner in batch], [self.customer_c], "only what was left")
        self.assertEqual(len(self.reminders().partner_id), 4, "A, B, C and D")
        lines = self.env["kanban_portal.reminder.line"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(lines), len(set(lines.mapped(lambda line: (line.move_id, line.step_id)))))
        self.assertEqual(Mail.search_count([("id", ">", last_mail)]), sum(self.reminders().mapped("mail_count")))
        self.assertEqual(self.sent(), self._expected_first_run())

    def test_out_of_time_runs_go_on_where_they_stopped(self):
        """Each call of the job gets no time (Odoo's budget spent): it sends
        one batch and returns; the scheduler's next calls list only the
        customers with something left, so the run moves on instead of
        starting over."""
        with (
            patch.object(ir_cron, "MIN_TIME_PER_JOB", 0),
            patch.object(ir_cron, "MIN_RUNS_PER_JOB", 2),
        ):
            self.run_reminders(batch_size=1)
            self.assertEqual(len(self.reminders().partner_id), 2, "two calls, one batch each")
            self.run_reminders(batch_size=1)
            self.assertEqual(len(self.reminders().partner_id), 4, "the next two, not the first two again")
            self.run_reminders(batch_size=1)
        self.assertEqual(self.sent(), self._expected_first_run())

    def test_queries_do_not_grow_with_documents(self):
        """Plan and send for a customer with one document and for one with
        six: the same number of queries."""
        Reminder = self.env["kanban_portal.reminder"].sudo()
        warm = self.env["res.partner"].create({"name": "Antes", "is_company": True, "email": "antes@example.com"})
        few = self.env["res.partner"].create({"name": "Pocos", "is_company": True, "email": "pocos@example.com"})
        many = self.env["res.partner"].create({"name": "Muchos", "is_company": True, "email": "muchos@example.com"})
        self._make_document(warm, 10.0, days=-35, due=-5)
        self._make_document(few, 10.0, days=-35, due=-5)
        for amount in range(6):
            self._make_document(many, 10.0 + amount, days=-35, due=-5)
        counts = {}
        for partner in (warm, few, many):  # the first fills Odoo's caches
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            plan = Reminder._get_reminder_plan(self.company, self.today, partner)
            Reminder._send_reminder_plan(self.company, self.today, plan)
            self.env.flush_all()
            counts[partner.name] = self.env.cr.sql_log_count - before
            self.assertEqual(len(plan[0]["lines"]), 6 if partner == many else 1)
        self.assertEqual(counts["Pocos"], counts["Muchos"], counts)

    def test_preview_is_tomorrows_run_and_sends_nothing(self):
        action = self.env["kanban_portal.reminder.preview"].action_open()
        preview = self.env["kanban_portal.reminder.preview"].browse(action["res_id"])
        self.assertFalse(self.reminders())
        self.assertFalse(self.env["mail.mail"].search([("recipient_ids", "in", self.customer_d.ids)]))
        by_customer = {line.partner_id: line for line in preview.line_ids}
        self.assertEqual(set(by_customer), {self.customer_a, self.customer_b, self.customer_c, self.customer_d})
        self.assertIn(self.d_late5.name, by_customer[self.customer_d].body_html)
        self.assertIn("don@cuatro.example.com", by_customer[self.customer_d].recipients)
        with freeze_time(self.today + timedelta(days=1)):
            self.run_reminders()
        sent = {(r.partner_id, r.currency_id) for r in self.reminders()}
        self.assertEqual(sent, {(line.partner_id, line.currency_id) for line in preview.line_ids})


@tagged("post_install", "-at_install")
class TestReminderAccess(KanbanPortalReminderCommon):
    def test_customers_read_nothing_of_reminders(self):
        self.run_reminders()
        for model in ("kanban_portal.reminder", "kanban_portal.reminder.line", "kanban_portal.reminder.step"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_a1).search([])
        with self.assertRaises(AccessError):
            self.a_late5.with_user(self.user_a1).read(["kanban_portal_last_reminder_date"])

    def test_staff_of_another_company_see_none(self):
        self.run_reminders()
        other = self.setup_other_company()["company"]
        clerk = new_test_user(
            self.env,
            "kp_rem_clerk",
            groups="base.group_user,account.group_account_invoice",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(self.env["kanban_portal.reminder"].with_user(clerk).search([]))
        self.assertTrue(
            self.env["kanban_portal.reminder"].with_user(self._create_billing_user("kp_rem_b", "B")).search([])
        )


@tagged("post_install", "-at_install")
class TestReminderLinks(KanbanPortalReminderCommon, KanbanPortalHttpCommon):
    def test_document_link_opens_that_document_only(self):
        self.run_reminders()
        link = self.d_late5.get_portal_url()
        token = self.d_late5.access_token
        own = self.url_open(link, allow_redirects=False)
        self.assertEqual(own.status_code, 200)
        self.assertIn(self.d_late5.name, own.text)
        foreign = self.url_open(f"/my/invoices/{self.c_late5.id}?access_token={token}", allow_redirects=False)
        self.assertNotEqual(foreign.status_code, 200)
        self.assertNotIn(self.c_late5.name, foreign.text)

    def test_portal_link_shows_own_documents_only(self):
        self.run_reminders()
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.user_b1.partner_id.ids)])
        self.assertIn("/my/invoices?group=overdue", mail.body_html)
        self.authenticate(self.user_b1.login, self.user_b1.login)
        page = self.url_open("/my/invoices?group=overdue").text
        self.assertIn(self.b_late5.name, page)
        for move in (self.a_late5, self.a_late20, self.c_late5, self.d_late5):
            self.assertNotIn(move.name, page)

    def test_customers_cannot_reach_reminders_by_rpc(self):
        self.run_reminders()
        self.authenticate(self.user_a1.login, self.user_a1.login)
        for model in ("kanban_portal.reminder", "kanban_portal.reminder.line"):
            with self.assertRaises(Exception) as error:
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {"model": model, "method": "search_read", "args": [[]], "kwargs": {"fields": ["display_name"]}},
                )
            self.assertIn("AccessError", str(error.exception))


@tagged("post_install", "-at_install")
class TestReminderTour(KanbanPortalReminderCommon, KanbanPortalHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_419")
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "portal", "account", "kanban_portal"], ["es_419"], overwrite=True
        )
        cls.user_b1.partner_id.lang = "es_419"
        cls.b_tour = cls._make_document(cls.customer_b, 120.0, days=-40, due=-10, ref="KP-REM-TOUR")

    def test_reminder_link_to_payment_report_in_spanish(self):
        """In Chromium, in Spanish: the customer opens the reminder's link,
        lands on their overdue documents, reports a payment of one with its
        receipt; the next run skips that document, not the other."""
        self.run_reminders()
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.user_b1.partner_id.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn("Recordatorio", mail.subject)
        link = re.search(r'href="[^"]*?(/my/invoices\?group=overdue)"', mail.body_html).group(1)
        self.assertEqual(self.sent() & {(self.b_tour, 3), (self.b_late5, 3)}, {(self.b_tour, 3), (self.b_late5, 3)})
        self.start_tour(link, "kanban_portal_reminder_tour", login=self.user_b1.login)
        self.assertTrue(self.b_tour.kanban_portal_payment_reported)
        with freeze_time(self.today + timedelta(days=11)):
            self.run_reminders()
        self.assertIn((self.b_late5, 15), self.sent(), "the other document goes on")
        self.assertNotIn((self.b_tour, 15), self.sent(), "the payment being verified is not reminded")
