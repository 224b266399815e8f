"""The heavy renders against their bounds, through the portal routes of a
running Odoo (loopback only). Run by benchmarks/bench_exports.sh, which passes the
bounds and what renders exactly at them (benchmarks/bench_exports_bounds.py) in
the environment.

Prints: one invoice PDF's time (the measured per-PDF time); the chosen bounds;
the time of the largest ZIP and of the largest statement PDF allowed, against
Odoo's default ``limit_time_real`` (goal: within a quarter of it); that the
statement above the bound is refused at once with the spreadsheet offered, and
the statement as a spreadsheet; and two concurrent heavy renders of one
customer: one renders, the other is answered 429 at once.
"""

import io
import os
import re
import statistics
import sys
import threading
import time
import zipfile
from datetime import date

# tools/portal_client.py: the login the scripts of benchmarks/ and e2e/ share
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tools"))
import portal_client

BASE, LOGIN = sys.argv[1:3]
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
SERVER_LOG = sys.argv[4] if len(sys.argv) > 4 else None
assert BASE.startswith("http://127.0.0.1:"), "the benchmark only talks to loopback"
LIMIT_TIME_REAL = 120  # Odoo's default (odoo/tools/config.py)
ZIP_MAX = int(os.environ["KP_ZIP_MAX"])
STATEMENT_MAX = int(os.environ["KP_STATEMENT_MAX"])
EXPORT_MAX = int(os.environ["KP_EXPORT_MAX"])
ZIP_LOGIN = os.environ["KP_ZIP_LOGIN"]
STATEMENT_BEGIN = os.environ["KP_STATEMENT_BEGIN"]
STATEMENT_LINES = int(os.environ["KP_STATEMENT_LINES"])
ALL_LINES = int(os.environ["KP_ALL_LINES"])

session = portal_client.login(BASE, LOGIN)
overview = session.get(f"{BASE}/my/invoices?group=not_paid", timeout=300)
invoice_id = re.search(r'data-invoice-id="(\d+)"', overview.text).group(1)
zip_session = portal_client.login(BASE, ZIP_LOGIN)


def timed(client, path, status=200, start=b"%PDF"):
    started = time.perf_counter()
    response = client.get(f"{BASE}{path}", timeout=1800)
    elapsed = time.perf_counter() - started
    assert response.status_code == status, (path, response.status_code, response.text[:300])
    assert response.content.startswith(start), (path, response.content[:80])
    return elapsed, response


def median(client, path, **kwargs):
    runs = [timed(client, path, **kwargs) for _ in range(RUNS)]
    return statistics.median(seconds for seconds, _response in runs), runs[-1][1]


def alert(response):
    match = re.search(r'o_portal_payments_error"[^>]*>(.*?)</div>', response.text, re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""
    link = re.search(r'o_portal_payments_error_link" href="([^"]+)"', response.text)
    return " ".join(text.split()), link and link.group(1).replace("&amp;", "&")


statement_path = f"/my/invoices/statement?date_begin={STATEMENT_BEGIN}&date_end={date.today()}"
one_pdf, _response = median(session, f"/my/invoices/{invoice_id}?report_type=pdf&download=true")
zip_seconds, response = median(zip_session, "/my/invoices/export/zip", start=b"PK")
pdfs = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
assert len(pdfs) == ZIP_MAX, (len(pdfs), ZIP_MAX)
statement_seconds, response = median(session, statement_path)
statement_size = len(response.content)

print(
    f"bounds (company settings): {ZIP_MAX} PDFs per ZIP, {STATEMENT_MAX:,} lines per statement PDF, "
    f"{EXPORT_MAX:,} rows per export (CSV, Excel, statement as Excel); Odoo's limit_time_real {LIMIT_TIME_REAL} s"
)
print(f"{'render':44} {'median':>8}  ({RUNS} runs each)")
print(f"{'one invoice PDF (the per-PDF time)':44} {one_pdf:7.2f}s")
print(
    f"{f'largest ZIP allowed: {ZIP_MAX} PDFs':44} {zip_seconds:7.2f}s  "
    f"= {zip_seconds / ZIP_MAX:.2f} s a PDF, {zip_seconds / LIMIT_TIME_REAL:.0%} of limit_time_real"
)
print(
    f"{f'largest statement allowed: {STATEMENT_LINES:,} lines':44} {statement_seconds:7.2f}s  "
    f"{statement_size / 1024:.0f} KB, {statement_seconds / LIMIT_TIME_REAL:.0%} of limit_time_real "
    f"(from {STATEMENT_BEGIN})"
)
quarter = LIMIT_TIME_REAL / 4
print(
    f"per-PDF time x {ZIP_MAX} = {one_pdf * ZIP_MAX:.1f} s; a quarter of limit_time_real ({quarter:.0f} s) "
    f"would hold {int(quarter / (zip_seconds / ZIP_MAX))} PDFs in a ZIP"
)
for name, seconds in (("ZIP", zip_seconds), ("statement", statement_seconds)):
    verdict = "met" if seconds <= quarter else "NOT MET"
    print(f"goal: largest {name} within a quarter of limit_time_real ({quarter:.0f} s): {verdict}")

# above the bound: refused at once, the spreadsheet offered when it may be had
link = None
if ALL_LINES > STATEMENT_MAX:
    seconds, response = timed(session, "/my/invoices/statement?date_begin=2000-01-01", status=400, start=b"<")
    message, link = alert(response)
    print(f"statement of all {ALL_LINES:,} lines as PDF: refused in {seconds:.2f}s: {message}")
if ALL_LINES <= EXPORT_MAX:
    # the whole statement as a spreadsheet: the link offered, if it was refused as a PDF
    assert ALL_LINES <= STATEMENT_MAX or (link and "format=xlsx" in link), link
    path = link or "/my/invoices/statement?date_begin=2000-01-01&format=xlsx"
else:
    # above the export maximum too: no spreadsheet offered; the largest period allowed
    assert not link, link
    path = f"{statement_path}&format=xlsx"
seconds, response = timed(session, path, start=b"PK")
print(f"statement as Excel ({path.split('?')[1]}): {seconds:.2f}s, {len(response.content) / 1024:.0f} KB")

# two heavy renders of one customer at once: one renders, one is answered 429
results = {}


def fetch(name, client):
    started = time.perf_counter()
    response = client.get(f"{BASE}{statement_path}", timeout=1800)
    results[name] = (response.status_code, time.perf_counter() - started, response.headers.get("Retry-After"))


second = portal_client.login(BASE, LOGIN)
threads = [threading.Thread(target=fetch, args=(name, client)) for name, client in (("a", session), ("b", second))]
threads[0].start()
time.sleep(1.0)  # the first one is rendering
threads[1].start()
for thread in threads:
    thread.join()
statuses = sorted(status for status, _s, _r in results.values())
print(
    "two concurrent statements of one customer: "
    + ", ".join(f"HTTP {status} in {seconds:.2f}s" for status, seconds, _r in results.values())
)
assert statuses == [200, 429], results
assert results["b"][0] == 429 and results["b"][1] < 5 and results["b"][2], results["b"]

if SERVER_LOG:
    # wkhtmltopdf exits 1 when a stylesheet or font did not load (Odoo logs it
    # and keeps the PDF): such figures are an unstyled page's, not the customer's
    with open(SERVER_LOG, encoding="utf-8") as log:
        failures = [line for line in log if "wkhtmltopdf:" in line and "network error" in line.lower()]
    if failures:
        sys.exit(f"PDFs rendered without their stylesheets (report.url?): {failures[0].strip()[:300]}")
    print("every PDF rendered with its stylesheets and fonts (no wkhtmltopdf network error in the server log)")
