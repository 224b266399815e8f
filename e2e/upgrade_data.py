# Run by e2e/upgrade.sh inside `odoo shell` (env is given), twice:
# KP_UPGRADE_STEP=before on the database installed with the old version (it
# records data a live database has, then a snapshot of it), and
# KP_UPGRADE_STEP=after once the new version upgraded it (the snapshot must be
# the same, and the new code must work on the old data).
# ruff: noqa: F821 (env comes from odoo shell)
import json
import os

from odoo import fields

from odoo.addons.kanban_portal.tests.common import make_pdf

STEP = os.environ["KP_UPGRADE_STEP"]
SNAPSHOT = os.environ["KP_UPGRADE_SNAPSHOT"]
Move = env["account.move"]
Report = env["kanban_portal.payment.report"]
company = env.ref("base.main_company")
portal_user = env.ref("kanban_portal.demo_user_portal_lucia")


def snapshot():
    reports = Report.search([], order="id")
    sequence = env["ir.sequence"].search([("code", "=", "kanban_portal.payment.report")])
    users = env["res.users"].with_context(active_test=False).search([("share", "=", True)], order="id")
    settings = {
        name: (value.id if hasattr(value, "id") else value)
        for name, value in ((name, company[name]) for name in company._fields if name.startswith("kanban_portal_"))
    }
    return {
        "reports": [
            [
                report.name,
                report.state,
                report.amount,
                report.move_ids.ids,
                report.attachment_ids.ids,
                report.partner_id.id,
                report.reject_reason or "",
            ]
            for report in reports
        ],
        "sequence": [[s.number_next_actual, s.prefix, s.padding] for s in sequence],
        "settings": settings,
        "portal_users": [
            [
                u.login,
                u.active,
                fields.Datetime.to_string(u.kanban_portal_invited_on),
                u.partner_id.kanban_portal_status,
            ]
            for u in users
        ],
        "payment_reported": Move.search([("kanban_portal_payment_reported", "=", True)], order="id").ids,
        "xmlids": sorted(env["ir.model.data"].search([("module", "=", "kanban_portal")]).mapped("name")),
    }


if STEP == "before":
    # what a live database holds: Settings changed from their defaults, a
    # payment being verified, one rejected, a portal user invited
    company.write(
        {
            "kanban_portal_max_file_mb": 7,
            "kanban_portal_max_files": 4,
            "kanban_portal_review_activity": False,
            "kanban_portal_export_max": 4321,
            "kanban_portal_zip_max": 9,
            "kanban_portal_statement_max_lines": 777,
            "kanban_portal_responsible_id": env.ref("base.user_admin").id,
        }
    )
    pending = Move.with_user(portal_user).search(
        [("move_type", "=", "out_invoice"), ("state", "=", "posted"), ("payment_state", "=", "not_paid")],
        order="id",
        limit=2,
    )
    assert len(pending) == 2, "the demo data has no two pending invoices for %s" % portal_user.login
    for move, reject in zip(pending, (False, True), strict=True):
        report = Report.with_user(portal_user)._create_from_portal(
            move,
            {
                "amount": move.amount_residual,
                "date": fields.Date.context_today(move),
                "method": "transfer",
                "bank": "BROU",
                "reference": "UPG-%s" % move.id,
            },
            [("receipt.pdf", make_pdf("receipt"))],
        )
        if reject:
            report.reject_reason = "Not received"
            report.action_reject()
    env.cr.commit()
    data = snapshot()
    assert data["reports"] and data["payment_reported"], data
    with open(SNAPSHOT, "w") as fileobj:
        json.dump(data, fileobj, indent=1, sort_keys=True)
    print("UPGRADE before: %s reports, %s documents marked" % (len(data["reports"]), len(data["payment_reported"])))
else:
    with open(SNAPSHOT) as fileobj:
        before = json.load(fileobj)
    after = snapshot()
    problems = []
    # Settings the new version adds are new keys: the old ones must be kept
    after["settings"] = {name: after["settings"].get(name, "(missing)") for name in before["settings"]}
    for key in ("reports", "sequence", "settings", "portal_users", "payment_reported"):
        if before[key] != after[key]:
            problems.append("%s changed:\n  before %s\n  after  %s" % (key, before[key], after[key]))
    lost = sorted(set(before["xmlids"]) - set(after["xmlids"]))
    if lost:
        problems.append("xml ids lost: %s" % lost)
    # the new code on the old data: the customer's summary and groups, the
    # next report number, the scheduled action
    summary = Move.with_user(portal_user)._get_portal_payment_summary()
    if not summary["total_count"]:
        problems.append("the customer's summary is empty after the upgrade")
    reported = Move.browse(after["payment_reported"])
    if not all(reported._get_portal_payment_group_keys().values()):
        problems.append("documents of the old database have no payment group")
    number = env["ir.sequence"].next_by_code("kanban_portal.payment.report")
    expected = before["sequence"][0][0]
    if not number.endswith(str(expected).zfill(before["sequence"][0][2])):
        problems.append("the next report number is %s, expected number %s" % (number, expected))
    env.ref("kanban_portal.ir_cron_retry_unreachable_server").method_direct_trigger()
    # payment reminders (new in 19.0.1.3.0) switched on for the old data: tomorrow's run has emails
    company._enable_portal_reminders()
    Reminder = env["kanban_portal.reminder"]
    today = company._get_portal_reminder_today()
    customers = env["res.partner"].browse(Reminder._get_reminder_customers(company, today))
    if not Reminder._get_reminder_plan(company, today, customers):
        problems.append("payment reminders switched on after the upgrade plan no email for the old data")
    env.cr.rollback()
    if problems:
        print("UPGRADE FAILED")
        for problem in problems:
            print(problem)
    else:
        print(
            "UPGRADE ok: %s reports, sequence at %s, %s Settings, %s portal users, %s documents marked, "
            "%s xml ids kept"
            % (
                len(after["reports"]),
                expected,
                len(after["settings"]),
                len(after["portal_users"]),
                len(after["payment_reported"]),
                len(before["xmlids"]),
            )
        )
