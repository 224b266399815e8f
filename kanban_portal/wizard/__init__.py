from . import account_payment_register, portal_wizard
