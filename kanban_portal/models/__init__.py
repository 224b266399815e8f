from . import (
    account_move,
    kanban_portal_payment_report,
    mail_mail,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
)
