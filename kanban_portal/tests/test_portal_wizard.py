from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KanbanPortalHttpCommon


@tagged("post_install", "-at_install")
class TestPortalWizard(KanbanPortalHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.company = Partner.create({"name": "Gamma Tres S.A.", "is_company": True})
        cls.good = Partner.create({"name": "Good", "email": "good@gamma.example.com", "parent_id": cls.company.id})
        cls.staff = new_test_user(cls.env, "kp_staff", groups="base.group_user,base.group_partner_manager")
        cls.salesman = new_test_user(cls.env, "kp_salesman", groups="base.group_user")

    def _wizard(self, partners, user=None):
        Wizard = self.env["portal.wizard"].with_user(user or self.staff)
        return Wizard.with_context(active_ids=partners.ids, active_model="res.partner").create({})

    def _line(self, wizard, partner):
        return wizard.user_ids.filtered(lambda line: line.partner_id == partner)

    def _invitations(self, partner):
        return self.env["mail.mail"].sudo().search([("recipient_ids", "in", partner.ids)])

    def test_single_grant(self):
        wizard = self._wizard(self.good)
        line = self._line(wizard, self.good)
        self.assertEqual(line.kanban_portal_status, "none")
        line.action_grant_access()
        user = self.good.user_ids
        portal = self.env.ref("base.group_portal")
        self.assertEqual(user.group_ids, portal | portal.all_implied_ids)
        self.assertEqual(line.kanban_portal_status, "invited")
        self.assertTrue(user.kanban_portal_invited_on)
        mail = self._invitations(self.good)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "the invitation must wait in the mail queue")
        self.assertIn("which are paid and which are pending", mail.body_html)
        self.assertIn("signup", mail.body_html)
        self.assertIn("Portal access granted", self.good.message_ids[:1].body)

    def test_company_expands_and_bulk_mixed_batch(self):
        Partner = self.env["res.partner"]
        internal = new_test_user(self.env, "kp_internal_login@example.com", email="kp_internal_login@example.com")
        archived = new_test_user(self.env, "kp_archived@example.com", groups="base.group_portal")
        archived.active = False
        portal_other = new_test_user(self.env, "kp_portal_other@example.com", groups="base.group_portal")
        cases = {
            "invalid": "not-an-email",
            "empty": False,
            "several": "a@gamma.example.com, b@gamma.example.com",
            "dup1": "Same@Gamma.example.com ",
            "dup2": " same@gamma.example.com",
            "internal": internal.login,
            "archived": archived.login,
            "portal": portal_other.login,
        }
        bad = {
            key: Partner.create({"name": key, "email": email, "parent_id": self.company.id})
            for key, email in cases.items()
        }
        wizard = self._wizard(self.company)  # the company expands to its contacts
        self.assertLessEqual(self.good | Partner.concat(*bad.values()), wizard.user_ids.partner_id)
        errors = {key: self._line(wizard, partner).kanban_portal_email_error for key, partner in bad.items()}
        self.assertIn("No email", errors["empty"])
        self.assertIn("not a valid", errors["invalid"])
        self.assertIn("Several email addresses", errors["several"])
        self.assertIn("another line", errors["dup1"])
        self.assertIn("another line", errors["dup2"])
        self.assertIn("internal user", errors["internal"])
        self.assertIn("archived user", errors["archived"])
        self.assertIn("another portal user", errors["portal"])
        self.assertFalse(self._line(wizard, self.good).kanban_portal_email_error)
        users_before = self.env["res.users"].with_context(active_test=False).search_count([])
        wizard.action_grant_all()
        self.assertEqual(self._line(wizard, self.good).kanban_portal_result, "Access granted, invitation queued.")
        self.assertTrue(self.good.user_ids)
        for key, partner in bad.items():
            with self.subTest(key=key):
                self.assertTrue(self._line(wizard, partner).kanban_portal_result.startswith("Not granted"))
                self.assertFalse(partner.with_context(active_test=False).user_ids)
                self.assertFalse(self._invitations(partner))
        # company itself has no email: not granted either
        users_after = self.env["res.users"].with_context(active_test=False).search_count([])
        self.assertEqual(users_after - users_before, 1)
        # the same grant again creates and sends nothing
        mails = self.env["mail.mail"].sudo().search_count([])
        wizard = self._wizard(self.company)
        wizard.action_grant_all()
        self.assertEqual(self.env["res.users"].with_context(active_test=False).search_count([]), users_after)
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails)
        self.assertIn("nothing done", self._line(wizard, self.good).kanban_portal_result)
        # a line's own grant button says exactly what is wrong
        with self.assertRaisesRegex(UserError, "Several email addresses"):
            self._line(wizard, bad["several"]).action_grant_access()

    def test_email_checks_are_odoos_similar_users_checks(self):
        """The login conflicts are Odoo's own (``email_state``, found with
        ``_get_similar_users_domain``), so that its overrides count: ``website``
        makes a login unique per website only. One search for all the lines."""
        Partner = self.env["res.partner"]
        elsewhere = new_test_user(self.env, "kp_elsewhere@example.com", groups="base.group_portal")
        here = new_test_user(self.env, "kp_here@example.com", groups="base.group_portal", name="Here User")
        partners = Partner.concat(
            *(
                Partner.create({"name": login, "email": login, "parent_id": self.company.id})
                for login in (elsewhere.login, here.login)
            )
        )
        Line = type(self.env["portal.wizard.user"])
        odoo_domain = Line._get_similar_users_domain
        calls = []

        def other_website(lines_self, lines):
            """As ``website`` would for a user of another website."""
            calls.append(lines)
            return [*odoo_domain(lines_self, lines), ("id", "!=", elsewhere.id)]

        with patch.object(Line, "_get_similar_users_domain", other_website):
            wizard = self._wizard(self.good | partners)
            errors = wizard.user_ids.mapped("kanban_portal_email_error")
            line_elsewhere = self._line(wizard, partners[0])
            line_here = self._line(wizard, partners[1])
            self.assertEqual(line_elsewhere.email_state, "ok")
            self.assertFalse(line_elsewhere.kanban_portal_email_error)
            self.assertEqual(line_here.email_state, "exist")
            self.assertIn("another portal user (Here User)", line_here.kanban_portal_email_error)
            self.assertEqual(errors.count(False), 2)
        self.assertEqual(len(calls), 2, "Odoo's search, then one to name the conflicting users, for all lines")
        # without the override, Odoo finds both
        self.assertIn("another portal user", self._line(self._wizard(partners), partners[0]).kanban_portal_email_error)

    def test_email_fixed_in_wizard_is_written_and_traced(self):
        partner = self.env["res.partner"].create({"name": "Typo", "email": "typo@@x", "parent_id": self.company.id})
        wizard = self._wizard(partner)
        line = self._line(wizard, partner)
        line.email = "fixed@gamma.example.com"
        line.action_grant_access()
        self.assertEqual(partner.email, "fixed@gamma.example.com")
        self.assertTrue(partner.message_ids.filtered(lambda m: "typo@@x" in str(m.body) and "fixed@" in str(m.body)))

    def test_resend_revoke_and_regrant(self):
        wizard = self._wizard(self.good)
        line = self._line(wizard, self.good)
        line.action_grant_access()
        user = self.good.user_ids
        line.action_invite_again()
        self.assertEqual(len(self._invitations(self.good)), 2)
        # the customer logs in, opens a document link sent by email
        user.password = "kp-secret-1"
        invoice = self._make_document(self.company, 42.0)
        token = invoice._portal_ensure_token()
        colleague = self._create_new_portal_user(login="kp_colleague")
        colleague.partner_id.parent_id = self.company
        self.authenticate(user.login, "kp-secret-1")
        self.assertEqual(self.url_open(f"/my/invoices/{invoice.id}", allow_redirects=False).status_code, 200)
        # revoke: the open session and the old link stop working, the colleague keeps access
        line.action_revoke_access()
        self.assertEqual(self._line(self._wizard(self.good), self.good).kanban_portal_status, "revoked")
        response = self.url_open("/my", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))
        self.opener.cookies.clear()
        response = self.url_open(f"/my/invoices/{invoice.id}?access_token={token}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.authenticate(colleague.login, colleague.login)
        self.assertEqual(self.url_open(f"/my/invoices/{invoice.id}", allow_redirects=False).status_code, 200)
        self.assertIn("Portal access revoked", self.good.message_ids[:1].body)
        # grant again: active, a new invitation
        line = self._line(self._wizard(self.good), self.good)
        line.action_grant_access()
        self.assertTrue(user.active)
        self.assertEqual(line.kanban_portal_status, "active")  # they had logged in before
        self.assertEqual(len(self._invitations(self.good)), 3)

    def test_never_internal_never_other_groups(self):
        internal = new_test_user(self.env, "kp_int2", email="kp_int2@example.com")
        line = self._line(self._wizard(internal.partner_id), internal.partner_id)
        with self.assertRaises(UserError):
            line.action_grant_access()
        self.assertTrue(internal._is_internal())
        # a template user with more rights gives them to nobody
        template = self.env.ref("base.template_portal_user_id")
        template.sudo().group_ids = [(4, self.env.ref("base.group_partner_manager").id)]
        line = self._line(self._wizard(self.good), self.good)
        line.action_grant_access()
        portal = self.env.ref("base.group_portal")
        self.assertEqual(self.good.user_ids.group_ids, portal | portal.all_implied_ids)

    def test_only_contact_managers(self):
        with self.assertRaises(AccessError):
            self._wizard(self.good, user=self.salesman)
        # nor through a direct RPC call
        self.authenticate(self.salesman.login, self.salesman.login)
        response = self.url_open(
            "/web/dataset/call_kw/portal.wizard/action_open_wizard",
            json={
                "params": {
                    "model": "portal.wizard",
                    "method": "action_open_wizard",
                    "args": [],
                    "kwargs": {"context": {"active_ids": self.good.ids, "active_model": "res.partner"}},
                }
            },
        )
        self.assertIn("error", response.json())
        self.assertFalse(self.good.user_ids)

    def test_invitation_in_the_contact_language(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"]._load_module_terms(["kanban_portal"], ["es_419"], overwrite=True)
        self.good.lang = "es_419"
        self._line(self._wizard(self.good), self.good).action_grant_access()
        self.assertIn("cuáles están pagados y cuáles pendientes", self._invitations(self.good).body_html)

    def test_mail_server_down_during_bulk_grant(self):
        second = self.env["res.partner"].create(
            {"name": "Second", "email": "second@gamma.example.com", "parent_id": self.company.id}
        )
        wizard = self._wizard(self.good | second)
        wizard.action_grant_all()
        mails = self._invitations(self.good) | self._invitations(second)
        with patch.object(type(self.env["ir.mail_server"]), "_connect__", side_effect=ConnectionRefusedError()):
            mails.send()
        self.assertEqual(set(mails.mapped("state")), {"exception"}, "the invitations are kept, marked failed")
        self.assertTrue(self.good.user_ids and second.user_ids, "the users were created all the same")
        # and they can be sent again
        self._line(wizard, second).action_invite_again()
        self.assertEqual(len(self._invitations(second).filtered(lambda m: m.state == "outgoing")), 1)

    def test_tour_staff_grant_from_contact_form(self):
        """In Chromium: a contact's form, Action > Grant portal access, grant."""
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{self.good.id}", "kanban_portal_grant_tour", login=self.staff.login
        )
        self.assertTrue(self.good.user_ids._is_portal())
        self.assertEqual(len(self._invitations(self.good)), 1)

    def test_regrant_kills_the_old_set_password_link(self):
        line = self._line(self._wizard(self.good), self.good)
        line.action_grant_access()
        old_token = self.good.sudo()._generate_signup_token()
        self.assertEqual(self.env["res.partner"]._get_partner_from_token(old_token), self.good)
        line.action_revoke_access()
        self.assertFalse(self.env["res.partner"]._get_partner_from_token(old_token))
        self._line(self._wizard(self.good), self.good).action_grant_access()
        self.assertFalse(self.env["res.partner"]._get_partner_from_token(old_token), "the old link works again")
        new_token = self.good.sudo()._generate_signup_token()
        self.assertEqual(self.env["res.partner"]._get_partner_from_token(new_token), self.good)
        # whatever the context says, a portal user gets the portal group only
        other = self.env["res.partner"].create({"name": "Ctx", "email": "ctx@gamma.example.com"})
        wizard = self._wizard(other).with_context(default_group_ids=[self.env.ref("base.group_system").id])
        self._line(wizard, other).action_grant_access()
        portal = self.env.ref("base.group_portal")
        self.assertEqual(other.user_ids.group_ids, portal | portal.all_implied_ids)
