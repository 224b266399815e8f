{
    "name": "Kanban Portal: sales orders",
    "summary": "Links each document on the portal to the sales order it comes from, "
    "when Odoo's Sales app is installed.",
    "version": "19.0.1.1.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "kanban_portal developers",
    "website": "https://github.com/kanban-portal/kanban_portal",
    "depends": ["kanban_portal", "sale"],
    "data": ["views/account_portal_templates.xml"],
    "assets": {
        "web.assets_tests": ["kanban_portal_sale/static/tests/tours/*.js"],
    },
    "auto_install": True,
}
