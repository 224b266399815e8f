# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Builds, in an ``odoo shell``, KP_LOAD_USERS customer companies with one
portal user each and KP_LOAD_DOCS posted documents each (a third paid, a third
overdue, a third not yet due). Idempotent. Run by benchmarks/load_portal.sh."""

import os
import time
from datetime import timedelta

from odoo import Command, fields

USERS = int(os.environ.get("KP_LOAD_USERS", "20"))
DOCS = int(os.environ.get("KP_LOAD_DOCS", "30"))
started = time.time()
Move = env["account.move"]
Users = env["res.users"].with_context(no_reset_password=True)
today = fields.Date.today()
bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1)
created = 0
for n in range(USERS):
    login = f"load.customer{n:02d}@example.com"
    if Users.search_count([("login", "=", login)]):
        continue
    company = env["res.partner"].create({"name": f"Cliente de carga {n:02d} S.A.", "is_company": True})
    user = Users.create(
        {
            "name": f"Contacto de carga {n:02d}",
            "login": login,
            "password": login,
            "email": login,
            "group_ids": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    user.partner_id.parent_id = company
    vals = []
    for i in range(DOCS):
        kind = i % 3  # 0 paid, 1 overdue, 2 not yet due
        vals.append(
            {
                "move_type": "out_invoice",
                "partner_id": company.id,
                "invoice_date": today - timedelta(days=10 + i + (60 if kind == 1 else 0)),
                "invoice_date_due": today + timedelta(days=-20 - i if kind == 1 else 20 + i),
                "ref": f"LOAD-{n:02d}-{i:03d}",
                "invoice_line_ids": [
                    Command.create({"name": "Servicio", "quantity": 1, "price_unit": 100 + i, "tax_ids": []})
                ],
            }
        )
    moves = Move.create(vals)
    moves.action_post()
    paid = moves[0::3]
    payment = env["account.payment"].create(
        {
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": company.id,
            "amount": sum(paid.mapped("amount_residual")),
            "journal_id": bank.id,
            "date": today,
        }
    )
    payment.action_post()
    (payment.move_id.line_ids | paid.line_ids).filtered(
        lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
    ).reconcile()
    env.cr.commit()
    created += 1
print(f"load data: {USERS} customers x {DOCS} documents ({created} created now) in {time.time() - started:.0f}s")
