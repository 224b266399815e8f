# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Data of e2e/e2e_comments.sh: one salesperson, 10 customer companies with a
portal user each and 5 posted invoices each, and a mail server on the sink."""

import os

from odoo import Command

port = int(os.environ["KP_SMTP_PORT"])
env["ir.mail_server"].search([]).unlink()
env["ir.mail_server"].create(
    {"name": "e2e sink", "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_encryption": "none"}
)
env["ir.config_parameter"].set_param("mail.catchall.domain", "example.com")
users = env["res.users"].with_context(no_reset_password=True)
seller = users.create(
    {
        "name": "E2E Seller",
        "login": "e2e.seller",
        "email": "e2e.seller@example.com",
        "group_ids": [Command.set([env.ref("base.group_user").id, env.ref("account.group_account_invoice").id])],
    }
)
for i in range(10):
    company = env["res.partner"].create({"name": f"E2E Customer {i}", "is_company": True})
    user = users.create(
        {
            "name": f"E2E Contact {i}",
            "login": f"e2e.portal{i}@example.com",
            "password": f"e2e.portal{i}@example.com",
            "email": f"e2e.portal{i}@example.com",
            "group_ids": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    user.partner_id.parent_id = company
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": company.id,
                "invoice_user_id": seller.id,
                "invoice_line_ids": [Command.create({"name": "Item", "price_unit": 100 + n, "tax_ids": []})],
            }
            for n in range(5)
        ]
    )
    moves.action_post()
env.cr.commit()
print("e2e data ready")
