from . import account_payment_register, kanban_portal_reminder_preview, portal_wizard
