# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""The bounds of the heavy renders and what renders exactly at them, for
benchmarks/bench_exports.sh: prints ``KP_...=value`` lines the script reads.

* the company's settings: PDFs per ZIP, lines per statement PDF, rows per
  export (``kanban_portal_zip_max``, ``kanban_portal_statement_max_lines``,
  ``kanban_portal_export_max``);
* a customer with exactly as many documents as a ZIP may hold (created the
  first time, ``bench.zip<N>@example.com``), whose ZIP is the largest allowed;
* for the bench customer of benchmarks/bench_grouped.sh, the earliest start date
  whose statement (to today) stays within the statement's maximum: the
  largest statement PDF allowed, and its number of lines.
"""

from datetime import timedelta

from odoo import Command, fields

LOGIN = "bench.customer@example.com"
user = env["res.users"].search([("login", "=", LOGIN)])
company = user.company_id
zip_max = company.kanban_portal_zip_max
statement_max = company.kanban_portal_statement_max_lines
export_max = company.kanban_portal_export_max
today = fields.Date.context_today(user)

# the largest ZIP: a customer with exactly zip_max documents, PDFs not stored
zip_login = f"bench.zip{zip_max}@example.com"
zip_user = env["res.users"].search([("login", "=", zip_login)])
if not zip_user:
    zip_partner = env["res.partner"].create({"name": f"Bench ZIP {zip_max} S.A.", "is_company": True})
    zip_user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": f"Bench ZIP {zip_max} Contact",
                "login": zip_login,
                "password": zip_login,
                "email": zip_login,
                "group_ids": [Command.set([env.ref("base.group_portal").id])],
            }
        )
    )
    zip_user.partner_id.parent_id = zip_partner
    env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": zip_partner.id,
                "invoice_date": today - timedelta(days=index),
                "ref": f"BENCH-ZIP-{index}",
                "invoice_line_ids": [
                    Command.create({"name": "Item", "quantity": 1, "price_unit": 10 + index, "tax_ids": []})
                ],
            }
            for index in range(zip_max)
        ]
    ).action_post()
    env.cr.commit()

# the largest statement PDF: the earliest start whose statement fits
partner = user.partner_id.commercial_partner_id
Statement = (
    env["report.kanban_portal.report_statement"]
    .with_user(user)
    .sudo()
    .with_context(allowed_company_ids=user.company_ids.ids, lang=user.lang)
)
first = fields.Date.to_date("2000-01-01")
all_lines = Statement._get_statement_line_count(partner, first, today)
low, high = first, today  # the statement from ``high`` fits, from ``low`` may not
if not statement_max or all_lines <= statement_max:
    high = first
while (high - low).days > 1:
    middle = low + (high - low) / 2
    if Statement._get_statement_line_count(partner, middle, today) <= statement_max:
        high = middle
    else:
        low = middle
print(f"KP_ZIP_MAX={zip_max}")
print(f"KP_STATEMENT_MAX={statement_max}")
print(f"KP_EXPORT_MAX={export_max}")
print(f"KP_ZIP_LOGIN={zip_login}")
print(f"KP_STATEMENT_BEGIN={high}")
print(f"KP_STATEMENT_LINES={Statement._get_statement_line_count(partner, high, today)}")
print(f"KP_ALL_LINES={all_lines}")
env.cr.rollback()
