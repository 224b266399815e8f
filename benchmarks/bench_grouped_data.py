# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Builds, in an ``odoo shell``, one customer with N posted documents spread
over every payment group (idempotent). Run by benchmarks/bench_grouped.sh.

Documents are created and posted in batches; payments are batched too (one
payment reconciled against many invoices), so 10,000 documents take minutes,
not the half hour of paying them one by one.
"""

import os
import time
from datetime import timedelta

from odoo import Command, fields

N = int(os.environ.get("KP_BENCH_DOCS", "10000"))
BATCH = 500
LOGIN = "bench.customer@example.com"

Move = env["account.move"]
users = env["res.users"].with_context(no_reset_password=True)
user = users.search([("login", "=", LOGIN)])
if user and Move.search_count([("partner_id", "=", user.partner_id.commercial_partner_id.id)]) >= N:
    print(f"bench data already there for {LOGIN}")
else:
    started = time.time()
    company_partner = env["res.partner"].create({"name": "Bench Customer S.A.", "is_company": True})
    user = users.create(
        {
            "name": "Bench Contact",
            "login": LOGIN,
            "password": LOGIN,
            "email": LOGIN,
            "group_ids": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    user.partner_id.parent_id = company_partner
    today = fields.Date.today()
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", env.company.id)],
        limit=1,
    )
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)],
        limit=1,
    )

    def make(count, offset, move_type="out_invoice", overdue=False):
        moves = Move
        for start in range(0, count, BATCH):
            vals = []
            for i in range(start, min(count, start + BATCH)):
                day = (offset + i) % 300
                vals.append(
                    {
                        "move_type": move_type,
                        "partner_id": company_partner.id,
                        "journal_id": journal.id,
                        "invoice_date": today - timedelta(days=day + (60 if overdue else 0)),
                        "invoice_date_due": today + timedelta(days=(-30 - day % 60) if overdue else 30 + day % 60),
                        "ref": f"BENCH-{move_type}-{offset + i}",
                        "invoice_line_ids": [
                            Command.create({"name": "Item", "quantity": 1, "price_unit": 10 + i % 90, "tax_ids": []})
                        ],
                    }
                )
            batch = Move.create(vals)
            batch.action_post()
            moves |= batch
            env.cr.commit()
            print(f"  {move_type}: {len(moves)}/{count} ({time.time() - started:.0f}s)", flush=True)
        return moves

    def pay_batched(moves, fraction=1.0):
        """One payment per batch, reconciled against the batch's receivable lines."""
        for start in range(0, len(moves), BATCH):
            batch = moves[start : start + BATCH]
            for move in batch if fraction < 1 else [batch]:
                amount = sum(move.mapped("amount_residual")) * fraction
                payment = env["account.payment"].create(
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": company_partner.id,
                        "amount": amount,
                        "journal_id": bank.id,
                        "date": today,
                    }
                )
                payment.action_post()
                lines = (payment.move_id.line_ids | move.line_ids).filtered(
                    lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
                )
                lines.reconcile()
            env.cr.commit()
            print(f"  paid {min(len(moves), start + BATCH)}/{len(moves)} ({time.time() - started:.0f}s)", flush=True)

    n_paid, n_overdue, n_partial, n_reversed, n_refund = (
        int(N * 0.5),
        int(N * 0.2),
        int(N * 0.03),
        int(N * 0.02),
        int(N * 0.02),
    )
    n_open = N - n_paid - n_overdue - n_partial - n_reversed - n_refund
    pay_batched(make(n_paid, 0))
    make(n_overdue, 10_000, overdue=True)
    make(n_open, 20_000)
    pay_batched(make(n_partial, 30_000), fraction=0.5)
    reversed_moves = make(n_reversed, 40_000)
    for start in range(0, len(reversed_moves), BATCH):
        batch = reversed_moves[start : start + BATCH]
        batch._reverse_moves([{"date": today} for _move in batch], cancel=True)
        env.cr.commit()
    make(n_refund, 50_000, move_type="out_refund")
    env.cr.commit()
    print(f"bench data: {N} documents for {LOGIN} in {time.time() - started:.0f}s")
