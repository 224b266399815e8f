# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Times granting portal access to N new contacts in one wizard run.

Run by benchmarks/bench_wizard.sh in two databases built the same way: one with
kanban_portal (its bulk grant), one with Odoo's standard portal wizard only
(its per-line grant, as staff click it)."""

import os
import time

n = int(os.environ.get("KP_BENCH_CONTACTS", "500"))
tag = f"bench{int(time.time())}"
company = env["res.partner"].create({"name": f"Bench wizard {tag}", "is_company": True})
contacts = env["res.partner"].create(
    [{"name": f"Contact {i}", "email": f"{tag}.{i}@example.com", "parent_id": company.id} for i in range(n)]
)
env.cr.commit()
wizard = env["portal.wizard"].with_context(active_ids=company.ids, active_model="res.partner").create({})
started = time.perf_counter()
if hasattr(wizard, "action_grant_all"):
    wizard.action_grant_all()
    flavour = "kanban_portal bulk grant"
else:
    for line in wizard.user_ids.filtered(lambda line: line.partner_id != company):
        # as staff click "Grant Access" on each line: one line per request
        line.with_prefetch((line.id,)).action_grant_access()
    flavour = "Odoo standard wizard, line by line"
env.cr.commit()
elapsed = time.perf_counter() - started
granted = env["res.users"].search_count([("partner_id", "in", contacts.ids)])
queued = env["mail.mail"].search_count([("recipient_ids", "in", contacts.ids)])
print(f"RESULT {flavour}: {granted}/{n} contacts granted in {elapsed:.1f}s, {queued} invitations recorded")
