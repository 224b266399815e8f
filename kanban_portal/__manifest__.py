{
    "name": "Kanban Portal: paid and pending documents",
    "summary": "Customers see their invoices, receipts and credit notes on the portal, "
    "grouped by payment state, with what they owe.",
    "version": "19.0.1.3.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "kanban_portal developers",
    "website": "https://github.com/kanban-portal/kanban_portal",
    "depends": ["account", "portal", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "security/account_move_security.xml",
        "data/ir_cron_data.xml",
        "data/ir_sequence_data.xml",
        "report/statement_report.xml",
        "views/portal_templates.xml",
        "views/account_portal_templates.xml",
        "views/kanban_portal_payment_report_templates.xml",
        "views/res_config_settings_views.xml",
        "views/portal_wizard_views.xml",
        "views/res_partner_views.xml",
        "views/kanban_portal_payment_report_views.xml",
        "views/account_move_views.xml",
        "views/kanban_portal_reminder_templates.xml",
        "views/kanban_portal_reminder_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/account_move_demo.xml",
        "demo/res_company_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "kanban_portal/static/src/scss/portal.scss",
        ],
        "web.assets_backend": [
            "kanban_portal/static/src/chatter/chatter_a11y.xml",
        ],
        "portal.assets_chatter": [
            "kanban_portal/static/src/chatter/chatter_a11y.xml",
        ],
        "portal.assets_chatter_style": [
            "kanban_portal/static/src/chatter/chatter_a11y.scss",
        ],
        "web.assets_tests": [
            "kanban_portal/static/tests/tours/*.js",
        ],
    },
}
