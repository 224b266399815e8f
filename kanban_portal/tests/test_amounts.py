from odoo.tests import TransactionCase, tagged
from odoo.tools import format_amount

from odoo.addons.kanban_portal.tools.amounts import amount_formatter


@tagged("post_install", "-at_install")
class TestAmountFormatter(TransactionCase):
    """The statement's amounts are Odoo's ``format_amount``, character for
    character, in every language and currency layout."""

    def test_same_as_format_amount(self):
        Lang = self.env["res.lang"]
        # es_419 groups by thousands (Python's grouping), en_IN by lakhs (Odoo's own)
        langs = [Lang._activate_lang(code) for code in ("en_US", "es_419", "en_IN")]
        usd, uyu, eur = (self.env.ref(f"base.{name}") for name in ("USD", "UYU", "EUR"))
        no_symbol = uyu.copy({"name": "XTS", "symbol": "", "decimal_places": 0})
        values = [0.0, 1.0, -1.0, 0.004, 0.005, 1234.5, -1234567.891, 999999999.99, -0.01]
        for lang in langs:
            env = self.env(context={"lang": lang.code})
            for currency in (usd, uyu, eur.with_env(env), no_symbol):
                format_one = amount_formatter(lang, currency)
                for value in values:
                    with self.subTest(lang=lang.code, currency=currency.name, value=value):
                        self.assertEqual(format_one(value), format_amount(env, value, currency))
