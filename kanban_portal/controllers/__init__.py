from . import attachment, export, my_account, payment_report, portal, thread
