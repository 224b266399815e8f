# the mixin first: account.move inherits it
from . import kanban_portal_customer_comment_mixin  # isort: skip
from . import (
    account_move,
    ir_module_module,
    kanban_portal_payment_report,
    kanban_portal_reminder,
    kanban_portal_reminder_step,
    mail_mail,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
)
