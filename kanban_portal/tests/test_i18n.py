from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader, translation_file_reader

from .common import KanbanPortalDocumentsHttpCommon


@tagged("post_install", "-at_install")
class TestSpanishTranslation(TransactionCase):
    def test_es_translation_complete(self):
        """Every term the addon has today (code, views, demo) is translated in es.po."""
        terms = {
            source
            for _module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, ["kanban_portal"]
            )
        }
        self.assertTrue(terms)
        with open(file_path("kanban_portal/i18n/es.po"), "rb") as po_file:
            translated = {entry["src"]: entry["value"] for entry in translation_file_reader(po_file, fileformat="po")}
        missing = sorted(term for term in terms if not translated.get(term))
        self.assertFalse(missing, f"terms missing from i18n/es.po: {missing}")


@tagged("post_install", "-at_install")
class TestSpanishPages(KanbanPortalDocumentsHttpCommon):
    def test_grouped_page_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"]._load_module_terms(["kanban_portal"], ["es_419"], overwrite=True)
        self.user_a1.lang = "es_419"
        self.authenticate(self.user_a1.login, self.user_a1.login)
        page = self.url_open("/my/invoices").text
        for label in ("Vencidos", "Pendientes de pago", "Pagados parcialmente", "Total adeudado", "Vence en"):
            self.assertIn(label, page)
        self.assertIn("En proceso de pago", self.url_open("/my/invoices?group=in_payment").text)

    def test_page_says_its_language(self):
        """The portal's pages give their language (``<html lang>``), the
        customer's; a module that sets it itself (website, in ``html_data``)
        keeps its value."""
        self.env["res.lang"]._activate_lang("es_419")
        self.user_a1.lang = "es_419"
        self.authenticate(self.user_a1.login, self.user_a1.login)
        self.assertEqual(self.parse(self.url_open("/my/invoices")).get("lang"), "es-419")
        self.env["ir.ui.view"].create(
            {
                "name": "html_data as website sets it",
                "type": "qweb",
                "inherit_id": self.env.ref("portal.frontend_layout").id,
                "arch": """<xpath expr="//html" position="before">
                    <t t-set="html_data" t-value="{'lang': 'fr-BE', 'data-kp-test': '1'}"/>
                </xpath>""",
            }
        )
        root = self.parse(self.url_open("/my/invoices"))
        self.assertEqual(root.get("data-kp-test"), "1")
        self.assertEqual(root.get("lang"), "fr-BE")
