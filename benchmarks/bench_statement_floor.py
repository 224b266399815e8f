# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Where the statement's render time goes, and the least the PDF engine needs
for the same lines: the bench customer's statement (all documents) and one of
its invoices, each through Odoo's own PDF pipeline (``_render_qweb_pdf``), with
the wkhtmltopdf call timed; then the statement's very body again through
wkhtmltopdf with no stylesheet, no header or footer and no JavaScript delay.
That last figure is a floor: no styling of the lines makes the PDF engine
faster than an unstyled page. Run by benchmarks/bench_exports.sh, with the server
that serves the stylesheets up (report.url)."""

import os
import re
import statistics
import subprocess
import time
from datetime import date

from odoo.addons.base.models import ir_actions_report

LOGIN = "bench.customer@example.com"
RUNS = 3
user = env["res.users"].search([("login", "=", LOGIN)])
partner = user.partner_id.commercial_partner_id
invoice = env["account.move"].search(
    [("partner_id", "child_of", partner.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted")], limit=1
)
Report = env["ir.actions.report"].with_context(lang=user.lang)
run_wkhtmltopdf = ir_actions_report._run_wkhtmltopdf
calls = []
floors = []
measure_floor = False


def floor(args):
    """The same wkhtmltopdf call on the same body, without stylesheets, header,
    footer or JavaScript delay."""
    body_path = next(arg for arg in args if "report.body.tmp." in arg)
    with open(body_path, encoding="utf-8") as body:
        html = re.sub(r"<link[^>]*rel=\"stylesheet\"[^>]*>|<style>.*?</style>", "", body.read(), flags=re.DOTALL)
    bare = body_path.replace("report.body.tmp.", "report.bare.tmp.")
    with open(bare, "w", encoding="utf-8") as body:
        body.write(html)
    drop = {"--header-html", "--footer-html", "--javascript-delay", "--header-spacing", "--cookie-jar"}
    command, skip = [], False
    for arg in args[:-1]:
        if skip:
            skip = False
        elif arg in drop:
            skip = True
        elif "report.body.tmp." not in arg:
            command.append(arg)
    try:
        start = time.perf_counter()
        subprocess.run(
            [ir_actions_report._wkhtml().bin, *command, bare, bare + ".pdf"], check=True, capture_output=True
        )
        return time.perf_counter() - start
    finally:
        for path in (bare, bare + ".pdf"):
            os.unlink(path)


def timed_wkhtmltopdf(args):
    start = time.perf_counter()
    process = run_wkhtmltopdf(args)
    calls.append(time.perf_counter() - start)
    if measure_floor:
        # Odoo deletes the body once this call returns
        floors.append(floor(args))
    return process


def render(report_ref, res_ids, data=None):
    calls.clear()
    start = time.perf_counter()
    Report._render_qweb_pdf(report_ref, res_ids, data=data)
    return time.perf_counter() - start, calls[0]


statement_data = {"date_from": "2000-01-01", "date_to": str(date.today())}
figures = {"invoice": [], "statement": []}
ir_actions_report._run_wkhtmltopdf = timed_wkhtmltopdf
try:
    for _run in range(RUNS):
        measure_floor = False
        figures["invoice"].append(render("account.account_invoices", invoice.ids))
        figures["statement"].append(render("kanban_portal.action_report_statement", partner.ids, statement_data))
        measure_floor = True
        render("kanban_portal.action_report_statement", partner.ids, statement_data)
finally:
    ir_actions_report._run_wkhtmltopdf = run_wkhtmltopdf
env.cr.rollback()


invoice_total = statistics.median(t for t, _e in figures["invoice"])
statement_total = statistics.median(t for t, _e in figures["statement"])
statement_engine = statistics.median(e for _t, e in figures["statement"])
floor_total = statement_total - statement_engine + statistics.median(floors)
print(f"in an odoo shell, through _render_qweb_pdf, median of {RUNS}:")
print(f"  one invoice PDF                              {invoice_total:6.2f}s")
print(
    f"  statement, all documents                     {statement_total:6.2f}s  ({statement_total / invoice_total:.1f}x)"
)
print(f"    of which HTML (QWeb and Odoo's preparation) {statement_total - statement_engine:6.2f}s")
print(f"    of which wkhtmltopdf                        {statement_engine:6.2f}s")
print(
    f"  floor: the same body, wkhtmltopdf alone, no stylesheet, header, footer or delay "
    f"{statistics.median(floors):.2f}s; with the HTML: {floor_total:.2f}s = {floor_total / invoice_total:.1f}x "
    "one invoice PDF"
)
