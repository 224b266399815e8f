from . import account_demo
