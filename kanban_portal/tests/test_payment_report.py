from datetime import timedelta

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import KanbanPortalDocumentsHttpCommon, expected_group, make_pdf

PDF = make_pdf("receipt")


@tagged("post_install", "-at_install")
class TestPaymentReport(KanbanPortalDocumentsHttpCommon):
    """A customer reports a payment with its receipt; accounting registers or rejects it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = cls._create_billing_user("kp_pr_seller", "Paula Pagos", email="paula@example.com")
        for move in cls.docs_a.values():
            move.invoice_user_id = cls.seller

    def _report(self, moves, amount=None, date=None, files=None, **extra):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "invoice_ids": [str(move_id) for move_id in (moves.ids if hasattr(moves, "ids") else moves)],
            "amount": str(amount if amount is not None else 50.0),
            "date": str(date or self.today),
            "method": "transfer",
            "bank": "BROU",
            "reference": "TRX-123",
            **extra,
        }
        if files is None:
            files = [("receipt", ("comprobante.pdf", PDF, "application/pdf"))]
        return self.url_open("/my/invoices/report_payment", data=data, files=files or None, allow_redirects=False)

    def _counts(self):
        return (
            self.env["kanban_portal.payment.report"].search_count([]),
            self.env["mail.message"].search_count([("model", "=", "account.move"), ("message_type", "=", "comment")]),
            self.env["ir.attachment"].search_count([("res_model", "=", "account.move")]),
        )

    def test_report_payment_of_two_documents(self):
        moves = self.docs_a["not_due"] | self.docs_a["overdue"]
        self.authenticate(self.user_a1.login, self.user_a1.login)
        form = self.url_open(f"/my/invoices/report_payment?invoice_ids={moves[0].id}&invoice_ids={moves[1].id}")
        self.assertEqual(form.status_code, 200)
        tree = self.parse(form)
        prefilled = tree.xpath("//input[@name='amount']/@value")[0]
        self.assertEqual(float(prefilled), sum(moves.mapped("amount_residual")))
        # the breadcrumb leads back to the documents
        crumbs = tree.xpath("//ol[contains(@class, 'o_portal_submenu')]/li")
        self.assertEqual(crumbs[-2].xpath(".//a/@href"), ["/my/invoices"])
        self.assertEqual(crumbs[-1].text_content().strip(), "Report a payment")

        response = self._report(moves, amount=250.0)
        self.assertEqual(response.status_code, 303, response.text[:500])
        report = self.env["kanban_portal.payment.report"].search([("move_ids", "in", moves.ids)])
        self.assertEqual(len(report), 1)
        self.assertRecordValues(
            report,
            [
                {
                    "state": "reported",
                    "amount": 250.0,
                    "date": self.today,
                    "method": "transfer",
                    "bank": "BROU",
                    "reference": "TRX-123",
                    "partner_id": self.customer_a.id,
                    "author_id": self.user_a1.partner_id.id,
                }
            ],
        )
        self.assertEqual(report.move_ids, moves)
        self.assertEqual(len(report.attachment_ids), 1)
        # back office: the marker and the search filter
        self.assertTrue(all(moves.mapped("kanban_portal_payment_reported")))
        found = self.env["account.move"].search([("kanban_portal_payment_reported", "=", True)])
        self.assertEqual(found & self.customer_documents(self.customer_a), moves)
        # the salesperson gets it like a comment (once), and an activity on the report
        message = self.env["mail.message"].search(
            [("model", "=", "account.move"), ("res_id", "=", report.move_ids.sorted("invoice_date_due")[0].id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(message.author_id, self.user_a1.partner_id)
        self.assertEqual(message.attachment_ids, report.attachment_ids)
        notifications = message.notification_ids.filtered(lambda n: n.res_partner_id == self.seller.partner_id)
        self.assertEqual(len(notifications), 1)
        self.assertEqual(report.activity_ids.user_id, self.seller)
        # no second review to-do on the document for the same files
        self.assertFalse(
            self.env["mail.activity"].search([("res_model", "=", "account.move"), ("res_id", "in", moves.ids)])
        )
        # portal: a marker inside the document's own group, not a new group
        tree = self.parse(self.url_open("/my/invoices"))
        for move in moves:
            row = tree.xpath(f"//tr[@data-invoice-id='{move.id}']")
            self.assertEqual(row[0].get("data-payment-reported"), "1")
        self.assertEqual(
            set(self.rows_by_group(tree)), {"overdue", "not_paid", "partial", "in_payment", "paid", "reversed"}
        )
        page = self.url_open(f"/my/invoices/{moves[0].id}")
        self.assertIn('data-payment-report-state="reported"', page.text)
        self.assertNotIn("o_portal_payments_report_payment", page.text)
        # a second report of the same open one is refused
        before = self._counts()
        response = self._report(moves[0], amount=10.0)
        self.assertEqual(response.status_code, 400)
        self.assertIn("already being verified", response.text)
        self.assertEqual(self._counts(), before)

    def test_bad_reports_are_refused_and_store_nothing(self):
        not_due, partial_eur = self.docs_a["not_due"], self.docs_a["partial"]
        foreign = self.docs_b["not_due"]
        self.env.company.kanban_portal_max_file_mb = 1
        self.env.company.kanban_portal_max_files = 2
        self.authenticate(self.user_a1.login, self.user_a1.login)
        cases = [
            ("zero amount", not_due, {"amount": 0}, "greater than zero"),
            ("negative amount", not_due, {"amount": -5}, "greater than zero"),
            ("not a number", not_due, {"amount": "abc"}, "must be a number"),
            ("not a finite number", not_due, {"amount": "nan"}, "must be a number"),
            ("infinite", not_due, {"amount": "-inf"}, "must be a number"),
            ("above what is due", not_due, {"amount": not_due.amount_residual + 0.01}, "more than what is due"),
            ("future date", not_due, {"date": self.today + timedelta(days=1)}, "cannot be in the future"),
            ("no receipt", not_due, {"files": []}, "Attach the receipt"),
            (
                "not a pdf or image",
                not_due,
                {"files": [("receipt", ("x.pdf", b"MZ\x90\x00 executable", "application/pdf"))]},
                "not accepted",
            ),
            (
                "file too large",
                not_due,
                {"files": [("receipt", ("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), "application/pdf"))]},
                "too large",
            ),
            (
                "too many files",
                not_due,
                {"files": [("receipt", (f"r{i}.pdf", PDF, "application/pdf")) for i in range(3)]},
                "At most 2 files",
            ),
            ("mixed currencies", not_due | partial_eur, {}, "one payment per currency"),
            ("foreign document", foreign, {}, "not found among yours"),
            ("own and foreign", not_due | foreign, {}, "not found among yours"),
            ("missing document", [foreign.id + 100000], {}, "not found among yours"),
            ("already paid", self.docs_a["paid"], {}, "already paid"),
            ("credit note", self.docs_a["credit_note"], {}, "cannot be paid"),
            ("mangled id", ["1 OR 1=1"], {}, "Choose at least one"),
        ]
        for label, moves, kwargs, message in cases:
            with self.subTest(label):
                before = self._counts()
                response = self._report(moves, **kwargs)
                self.assertEqual(response.status_code, 400, label)
                self.assertIn(message, response.text)
                self.assertEqual(self._counts(), before)
                if label == "foreign document":
                    self.assertNotIn(foreign.name, response.text)
        # what was typed is kept
        response = self._report(not_due, amount=0, reference="TRX-KEEP")
        self.assertIn('value="TRX-KEEP"', response.text)

    def test_spanish_error(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["kanban_portal"], ["es_ES"], overwrite=True)
        self.user_a1.lang = "es_ES"
        self.authenticate(self.user_a1.login, self.user_a1.login)
        response = self._report(self.docs_a["not_due"], amount=0)
        self.assertIn("El importe debe ser mayor que cero", response.text)
        crumbs = self.parse(response).xpath("//ol[contains(@class, 'o_portal_submenu')]/li")
        self.assertEqual([crumb.text_content().strip() for crumb in crumbs[-2:]], ["Facturas", "Informar un pago"])

    def test_register_from_report(self):
        move = self.docs_a["not_due"]
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self._report(move, amount=40.0)
        report = self.env["kanban_portal.payment.report"].search([("move_ids", "=", move.id)])
        accountant = self._create_billing_user("kp_pr_accountant", "Contadora")
        action = report.with_user(accountant).action_register_payment()
        wizard = self.env["account.payment.register"].browse(action["res_id"])
        self.assertEqual((wizard.amount, wizard.payment_date, wizard.communication), (40.0, self.today, "TRX-123"))
        Form(wizard.with_user(accountant)).save().action_create_payments()
        self.assertEqual(report.state, "registered")
        self.assertTrue(report.payment_ids)
        self.assertEqual(move.amount_residual, 60.0)
        self.assertFalse(move.kanban_portal_payment_reported)
        self.assertFalse(report.activity_ids)
        # the customer can report the rest now
        response = self._report(move, amount=60.0)
        self.assertEqual(response.status_code, 303)

    def test_paid_otherwise_meanwhile(self):
        """The document is paid another way while the report waits: it is no
        longer "being verified", and *Register payment* closes the report as
        registered (the customer is thanked, not told it was refused)."""
        move = self.docs_a["overdue"]
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self._report(move, amount=move.amount_residual)
        report = self.env["kanban_portal.payment.report"].search([("move_ids", "=", move.id)])
        Move = self.env["account.move"]

        def marked():
            group_page = self.url_open(f"/my/invoices?group={expected_group(move, self.today)}").text
            return "o_portal_payments_reported" in group_page

        self.assertTrue(move.kanban_portal_payment_reported)
        self.assertIn(move, Move.search([("kanban_portal_payment_reported", "=", True)]))
        self.assertTrue(marked())
        self._pay(move)
        self.assertFalse(move.kanban_portal_payment_reported)
        self.assertNotIn(move, Move.search([("kanban_portal_payment_reported", "=", True)]))
        self.assertFalse(marked())
        accountant = self._create_billing_user("kp_pr_accountant2", "Contadora Dos")
        self.assertIs(report.with_user(accountant).action_register_payment(), True)
        self.assertEqual(report.state, "registered")
        self.assertFalse(report.activity_ids)
        thanks = move.message_ids.filtered(lambda message: report.author_id in message.partner_ids)[:1]
        self.assertIn("registered", str(thanks.body))

    def test_cancelled_meanwhile_is_not_registered(self):
        """A document cancelled while its report waits is not paid: the
        report cannot be closed as registered, only rejected."""
        move = self.docs_a["not_due"]
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self._report(move, amount=10.0)
        report = self.env["kanban_portal.payment.report"].search([("move_ids", "=", move.id)])
        move.button_draft()
        move.button_cancel()
        self.assertFalse(move.kanban_portal_payment_reported)
        with self.assertRaisesRegex(UserError, "can no longer be paid"):
            report.action_register_payment()
        self.assertEqual(report.state, "reported")

    def test_reject_with_reason_customer_sees_it(self):
        move = self.docs_a["overdue"]
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self._report(move, amount=20.0)
        report = self.env["kanban_portal.payment.report"].search([("move_ids", "=", move.id)])
        with self.assertRaisesRegex(UserError, "reason"):
            report.action_reject()
        report.reject_reason = "El comprobante no corresponde a nuestra cuenta"
        report.action_reject()
        self.assertEqual(report.state, "rejected")
        with self.assertRaises(UserError):
            report.action_register_payment()
        page = self.url_open(f"/my/invoices/{move.id}")
        self.assertIn("El comprobante no corresponde a nuestra cuenta", page.text)
        self.assertIn('data-payment-report-state="rejected"', page.text)
        self.assertIn("o_portal_payments_report_payment", page.text)  # may report again

    def test_other_customer_cannot_see_reports(self):
        move = self.docs_a["overdue"]
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self._report(move, amount=20.0)
        self.authenticate(self.user_b1.login, self.user_b1.login)
        self.assertNotIn(move.name, self.url_open("/my/invoices").text)
        form = self.url_open(f"/my/invoices/report_payment?invoice_ids={move.id}")
        self.assertEqual(form.status_code, 400)
        self.assertNotIn(move.name, form.text)
        Report = self.env["kanban_portal.payment.report"].with_user(self.user_b1)
        with self.assertRaises(AccessError):
            Report.search([])

    def test_reports_are_for_billing_and_accounting(self):
        """Customer, amount, bank and reference: billing and accounting read
        them, not every employee."""
        move = self.docs_a["overdue"]
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self._report(move, amount=20.0)
        report = self.env["kanban_portal.payment.report"].search([("move_ids", "in", move.ids)])
        self.assertEqual(len(report), 1)
        employee = new_test_user(self.env, "kp_pr_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            report.with_user(employee).read(["amount", "bank", "reference"])
        with self.assertRaises(AccessError):
            move.with_user(employee).read(["kanban_portal_payment_report_ids"])
        self.assertEqual(report.with_user(self.seller).read(["bank"])[0]["bank"], "BROU")
        # the employee still opens the invoice form with its payment-reported badge
        self.assertTrue(move.with_user(employee).kanban_portal_payment_reported)
