"""Render time of the statement of account (all the bench customer's
documents and payments) against one invoice PDF, through the portal routes of a
running Odoo (loopback only). Run by tests/bench_exports.sh."""

import re
import statistics
import sys
import time
from datetime import date, timedelta

import portal_client  # tests/portal_client.py, beside this script

BASE, LOGIN = sys.argv[1:3]
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
SERVER_LOG = sys.argv[4] if len(sys.argv) > 4 else None
assert BASE.startswith("http://127.0.0.1:"), "the benchmark only talks to loopback"

session = portal_client.login(BASE, LOGIN)
overview = session.get(f"{BASE}/my/invoices?group=not_paid", timeout=300)
invoice_id = re.search(r'data-invoice-id="(\d+)"', overview.text).group(1)


def timed(path):
    start = time.perf_counter()
    response = session.get(f"{BASE}{path}", timeout=1800)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    assert response.content.startswith(b"%PDF"), (path, response.content[:80])
    return elapsed, len(response.content)


cases = {
    "one invoice PDF": f"/my/invoices/{invoice_id}?report_type=pdf&download=true",
    "statement, all documents": "/my/invoices/statement?date_begin=2000-01-01",
    "statement, year to date": "/my/invoices/statement",
    "statement, last 30 days": f"/my/invoices/statement?date_begin={date.today() - timedelta(days=30)}",
}
results = {}
for name, path in cases.items():
    runs = [timed(path) for _ in range(RUNS)]
    results[name] = (statistics.median(t for t, _s in runs), runs[-1][1])
print(f"{'render':28} {'median':>9} {'size':>9}  ({RUNS} runs each)")
for name, (seconds, size) in results.items():
    print(f"{name:28} {seconds:8.2f}s {size / 1024:7.0f} KB")
if SERVER_LOG:
    # wkhtmltopdf exits 1 when a stylesheet or font did not load (Odoo logs it
    # and keeps the PDF): such figures are an unstyled page's, not the customer's
    with open(SERVER_LOG, encoding="utf-8") as log:
        failures = [line for line in log if "wkhtmltopdf:" in line and "network error" in line.lower()]
    if failures:
        sys.exit(f"PDFs rendered without their stylesheets (report.url?): {failures[0].strip()[:300]}")
    print("every PDF rendered with its stylesheets and fonts (no wkhtmltopdf network error in the server log)")
base = results["one invoice PDF"][0]
for name in ("statement, all documents", "statement, year to date", "statement, last 30 days"):
    print(f"ratio {name} / one invoice PDF: {results[name][0] / base:.2f} (goal <= 3)")
