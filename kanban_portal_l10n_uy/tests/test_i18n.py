from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader, translation_file_reader


@tagged("post_install", "-at_install")
class TestSpanish(TransactionCase):
    def test_es_translation_complete(self):
        """Every term the addon has today (code, demo, models) is translated in es.po."""
        terms = {
            source
            for _module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, ["kanban_portal_l10n_uy"]
            )
        }
        self.assertTrue(terms)
        with open(file_path("kanban_portal_l10n_uy/i18n/es.po"), "rb") as po_file:
            translated = {entry["src"]: entry["value"] for entry in translation_file_reader(po_file, fileformat="po")}
        missing = sorted(term for term in terms if not translated.get(term))
        self.assertFalse(missing, f"terms missing from i18n/es.po: {missing}")
