from . import attachment, portal
