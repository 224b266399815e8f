import re
from datetime import timedelta

from lxml import html

from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon, AccountTestInvoicingHttpCommon


class KanbanPortalUyCase(AccountTestInvoicingHttpCommon):
    """A Uruguayan company (Odoo's Uruguayan chart, e-Factura numbering, UYU,
    invoices in UYU and USD) and a second, American company in the same
    database, each with its own customers and portal contacts; one customer of
    both companies.

    Portal users see the documents of the companies they are allowed in
    (``res.users.company_ids``): Odoo's multi-company rule on ``account.move``
    applies to them as to anybody, on Odoo's own portal list as on ours.
    """

    @classmethod
    @AccountTestInvoicingCommon.setup_country("uy")
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["account.move"])
        cls.company_uy = cls.env.company
        cls.uyu = cls.company_uy.currency_id
        cls.usd = cls.env.ref("base.USD")
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.usd.id, "company_id": cls.company_uy.id, "name": "2000-01-01", "rate": 0.025}
        )
        cls.company_us = cls.setup_other_company(
            name="Northwind Trading LLC", country_id=cls.env.ref("base.us").id, currency_id=cls.usd.id
        )["company"]
        cls.e_invoice = cls.env.ref("l10n_uy.dc_e_inv")
        cls.e_credit_note = cls.env.ref("l10n_uy.dc_cn_e_inv")
        rut = cls.env.ref("l10n_uy.it_rut")
        Partner = cls.env["res.partner"]
        uy = cls.env.ref("base.uy")
        # customer of the Uruguayan company only, identified by its RUT
        cls.customer_uy = Partner.create(
            {
                "name": "Transportes Rincón S.A.",
                "is_company": True,
                "country_id": uy.id,
                "l10n_latam_identification_type_id": rut.id,
                "vat": "215555550010",
            }
        )
        cls.user_uy = cls._portal_user("kp_uy_martina", "Martina Acosta", cls.customer_uy, cls.company_uy)
        # customer of the American company only
        cls.customer_us = Partner.create({"name": "Northwind Customer Inc.", "is_company": True})
        cls.user_us = cls._portal_user("kp_us_john", "John Carter", cls.customer_us, cls.company_us)
        # customer of both companies: one contact allowed in both, one in the
        # Uruguayan company only
        cls.customer_both = Partner.create(
            {
                "name": "Distribuidora Atlántida S.A.",
                "is_company": True,
                "country_id": uy.id,
                "l10n_latam_identification_type_id": rut.id,
                "vat": "213333330018",
            }
        )
        cls.user_both = cls._portal_user(
            "kp_both_lucia", "Lucía Fernández", cls.customer_both, cls.company_uy, cls.company_uy | cls.company_us
        )
        cls.user_both_uy = cls._portal_user("kp_both_martin", "Martín Rodríguez", cls.customer_both, cls.company_uy)

        cls.docs_uy = {
            "uyu_not_due": cls._invoice(cls.customer_uy, 1000.0, cls.uyu, ref="OC-RINCON-1"),
            "uyu_overdue": cls._invoice(cls.customer_uy, 2000.0, cls.uyu, days=-60, due=-30),
            "usd_partial_overdue": cls._invoice(cls.customer_uy, 300.0, cls.usd, days=-50, due=-5),
            "usd_paid": cls._invoice(cls.customer_uy, 500.0, cls.usd),
            "usd_not_due": cls._invoice(cls.customer_uy, 70.0, cls.usd),
            "uyu_credit_note": cls._invoice(cls.customer_uy, 400.0, cls.uyu, move_type="out_refund"),
        }
        cls._pay(cls.docs_uy["usd_partial_overdue"], 100.0)
        cls._pay(cls.docs_uy["usd_paid"])
        cls.docs_both_uy = {
            "uyu_not_due": cls._invoice(cls.customer_both, 111.0, cls.uyu),
            "usd_overdue": cls._invoice(cls.customer_both, 222.0, cls.usd, days=-40, due=-10),
        }
        cls.docs_us = {
            "not_due": cls._invoice(cls.customer_us, 777.0, cls.usd, company=cls.company_us, ref="NW-PO-777"),
        }
        cls.docs_both_us = {
            "overdue": cls._invoice(
                cls.customer_both, 888.0, cls.usd, company=cls.company_us, days=-70, due=-40, ref="NW-ATL-888"
            ),
            "paid": cls._invoice(cls.customer_both, 999.0, cls.usd, company=cls.company_us, ref="NW-ATL-999"),
        }
        cls._pay(cls.docs_both_us["paid"])

    @classmethod
    def _portal_user(cls, login, name, parent, company, companies=None):
        user = cls._create_new_portal_user(
            login=login,
            name=name,
            company_id=company.id,
            company_ids=[Command.set((companies or company).ids)],
        )
        user.partner_id.parent_id = parent
        return user

    @classmethod
    def _invoice(cls, partner, amount, currency, company=None, days=-10, due=20, move_type="out_invoice", ref=None):
        company = company or cls.company_uy
        values = {
            "move_type": move_type,
            "partner_id": partner.id,
            "currency_id": currency.id,
            "invoice_date": cls.today + timedelta(days=days),
            "invoice_date_due": cls.today + timedelta(days=due),
            "ref": ref,
            "invoice_line_ids": [Command.create({"name": "Flete", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        }
        if company == cls.company_uy:
            values["l10n_latam_document_type_id"] = (
                cls.e_credit_note if move_type == "out_refund" else cls.e_invoice
            ).id
        move = cls.env["account.move"].with_company(company).create(values)
        move.action_post()
        return move

    @classmethod
    def _pay(cls, move, amount=None):
        cls.env["account.payment.register"].with_company(move.company_id).with_context(
            active_model="account.move", active_ids=move.ids
        ).create(
            {"amount": amount or move.amount_residual, "currency_id": move.currency_id.id, "payment_date": cls.today}
        )._create_payments()

    # helpers -----------------------------------------------------------

    @classmethod
    def moves(cls, *docs):
        return cls.env["account.move"].union(*(move for group in docs for move in group.values()))

    def login(self, user):
        self.authenticate(user.login, user.login)

    @staticmethod
    def parse(response):
        return html.fromstring(response.content)

    def assert_number_shown(self, text, name):
        """``name`` is the whole text of an element (a link, a cell) of ``text``."""
        self.assertTrue(re.search(rf">\s*{re.escape(name)}\s*<", text), f"{name} is not shown")

    def grouped_ids(self, query=""):
        """Ids of the documents on kanban_portal's grouped page, by group."""
        response = self.url_open(f"/my/invoices{query}")
        self.assertEqual(response.status_code, 200, response.text[:300])
        return {
            section.get("data-payment-group"): [
                int(tr.get("data-invoice-id")) for tr in section.xpath(".//tr[@data-invoice-id]")
            ]
            for section in self.parse(response).xpath("//section[@data-payment-group]")
        }

    def standard_list_ids(self):
        """Ids of the documents on Odoo's own portal list (``filterby=all``)."""
        response = self.url_open("/my/invoices?filterby=all")
        self.assertEqual(response.status_code, 200, response.text[:300])
        return {int(move_id) for move_id in re.findall(r'href="/my/invoices/(\d+)', response.text)}
