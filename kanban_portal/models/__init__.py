from . import account_move, mail_mail, res_company, res_config_settings, res_partner, res_users
