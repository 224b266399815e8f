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
