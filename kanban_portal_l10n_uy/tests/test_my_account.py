from odoo.tests import tagged

from .common import KanbanPortalUyCase


@tagged("post_install", "-at_install")
class TestMyAccount(KanbanPortalUyCase):
    """A contact of a Uruguayan customer company edits their details on
    /my/account: l10n_latam_base sends the company's identification type back
    in a hidden input, unchanged. Stock Odoo 19 refused the form ("The
    Identification Type is managed on your company account"), so no contact
    of a company could save anything; kanban_portal fixes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.user_uy.partner_id
        cls.contact.write(
            {
                "email": "martina@rincon.example.com",
                "phone": "+598 99 111 222",
                "street": "Av. España 1020",
                "city": "Paysandú",
                "zip": "60000",
                "country_id": cls.env.ref("base.uy").id,
                "state_id": cls.env.ref("base.state_uy_11").id,
            }
        )

    def form_values(self):
        """What the browser submits from /my/account: the form's fields as
        rendered (portal/static/src/interactions/address.js posts its FormData)."""
        response = self.url_open("/my/account")
        self.assertEqual(response.status_code, 200)
        form = self.parse(response).xpath("//form[@name='address_form']")[0]
        return dict(form.form_values())

    def submit(self, values):
        response = self.url_open("/my/address/submit", data=values)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.env.invalidate_all()
        return response.json()

    def test_contact_saves_details(self):
        self.assertEqual(self.contact.l10n_latam_identification_type_id, self.env.ref("l10n_uy.it_rut"))
        self.assertEqual(self.contact.vat, "215555550010")
        self.login(self.user_uy)
        values = self.form_values()
        # the company's identification, sent back as it is
        self.assertEqual(values["l10n_latam_identification_type_id"], str(self.env.ref("l10n_uy.it_rut").id))
        values["phone"] = "+598 99 333 444"
        values["street"] = "Av. España 1030"
        result = self.submit(values)
        self.assertEqual(result, {"redirectUrl": "/my"})
        self.assertEqual(self.contact.phone, "+598 99 333 444")
        self.assertEqual(self.contact.street, "Av. España 1030")
        self.assertEqual(self.contact.l10n_latam_identification_type_id, self.env.ref("l10n_uy.it_rut"))
        self.assertEqual(self.customer_uy.vat, "215555550010")

    def test_contact_cannot_change_company_identification(self):
        """The company's identification stays the company's: a contact who
        changes it is refused, and nothing is saved."""
        self.login(self.user_uy)
        for field, value in (
            ("l10n_latam_identification_type_id", str(self.env.ref("l10n_uy.it_ci").id)),
            ("l10n_latam_identification_type_id", ""),
            ("vat", "213333330018"),
        ):
            with self.subTest(field=field, value=value):
                values = self.form_values()
                values["phone"] = "+598 99 555 666"
                values[field] = value
                result = self.submit(values)
                self.assertIn(field, result.get("invalid_fields", []), result)
                self.assertTrue(any("managed on your company account" in m for m in result["messages"]), result)
                self.assertEqual(self.contact.phone, "+598 99 111 222")
                self.assertEqual(self.contact.l10n_latam_identification_type_id, self.env.ref("l10n_uy.it_rut"))
                self.assertEqual(self.contact.vat, "215555550010")
