from . import attachment, my_account, portal, thread
