from . import attachment, portal, thread
