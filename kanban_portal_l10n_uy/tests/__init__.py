from . import test_companies, test_demo_data, test_fiscal_numbers, test_i18n, test_my_account
