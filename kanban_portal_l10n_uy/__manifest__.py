{
    "name": "Kanban Portal: Uruguay",
    "summary": "Uruguayan companies (e-Factura numbers, RUT, UYU and USD) on the kanban_portal customer portal, "
    "installed automatically with Odoo's Uruguayan localization.",
    "version": "19.0.1.0.0",
    "category": "Accounting/Localizations",
    "license": "LGPL-3",
    "author": "kanban_portal developers",
    "website": "https://github.com/kanban-portal/kanban_portal",
    "depends": ["kanban_portal", "l10n_uy"],
    "demo": ["demo/res_company_demo.xml"],
    "auto_install": True,
}
