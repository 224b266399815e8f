from unittest.mock import patch

from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalAccount(HttpCase):
    """A contact of a customer company saves their details on /my/account
    although the form sends back a many2one commercial field unchanged.

    Odoo 19 compares the stored record with the submitted id, so an unchanged
    many2one counted as a change and the whole form was refused ("The ... is
    managed on your company account"). Localizations put such fields in the
    form: l10n_latam_base the identification type, in a hidden input. Here
    the contact's industry (a commercial field of base) plays that part: it is
    made writable from the portal and sent back as such a form does.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Industry = cls.env["res.partner.industry"]
        cls.industry = Industry.create({"name": "Wholesale of hardware"})
        cls.other_industry = Industry.create({"name": "Retail"})
        country = cls.env.ref("base.uy")
        cls.company = cls.env["res.partner"].create(
            {"name": "Ferretería del Norte S.A.", "is_company": True, "industry_id": cls.industry.id}
        )
        cls.user = new_test_user(cls.env, login="kp_account_contact", groups="base.group_portal", name="Iris Núñez")
        cls.contact = cls.user.partner_id
        cls.contact.write(
            {
                "parent_id": cls.company.id,
                "email": "iris@norte.example.com",
                "phone": "+598 99 000 111",
                "street": "Calle 25 de Mayo 300",
                "city": "Salto",
                "zip": "50000",
                "country_id": country.id,
                "state_id": country.state_ids[:1].id,
            }
        )

    def setUp(self):
        super().setUp()
        Partner = type(self.env["res.partner"])
        writable = Partner._get_frontend_writable_fields

        def with_industry(partner):
            return writable(partner) | {"industry_id"}

        patcher = patch.object(Partner, "_get_frontend_writable_fields", with_industry)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.authenticate(self.user.login, self.user.login)

    def form_values(self, **changes):
        """What the browser submits from /my/account (the form's fields as
        rendered, as portal/static/src/interactions/address.js posts them),
        with the industry the contact has, and ``changes``."""
        response = self.url_open("/my/account")
        self.assertEqual(response.status_code, 200)
        form = html.fromstring(response.content).xpath("//form[@name='address_form']")[0]
        return {**dict(form.form_values()), "industry_id": str(self.contact.industry_id.id), **changes}

    def submit(self, values):
        response = self.url_open("/my/address/submit", data=values)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.env.invalidate_all()
        return response.json()

    def test_unchanged_many2one_is_no_change(self):
        self.assertEqual(self.contact.industry_id, self.industry)
        result = self.submit(self.form_values(phone="+598 99 222 333"))
        self.assertEqual(result, {"redirectUrl": "/my"})
        self.assertEqual(self.contact.phone, "+598 99 222 333")
        self.assertEqual(self.contact.industry_id, self.industry)

    def test_changed_many2one_is_refused(self):
        """The company's fields stay the company's: another value, or none, is
        refused, and nothing of the form is saved."""
        for value in (str(self.other_industry.id), ""):
            with self.subTest(industry=value):
                result = self.submit(self.form_values(phone="+598 99 444 555", industry_id=value))
                self.assertEqual(result["invalid_fields"], ["industry_id"])
                self.assertEqual(result["messages"], ["The Industry is managed on your company account."])
                self.assertEqual(self.contact.phone, "+598 99 000 111")
                self.assertEqual(self.contact.industry_id, self.industry)
                self.assertEqual(self.company.industry_id, self.industry)
