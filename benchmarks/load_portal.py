"""Drives N concurrent logged-in customers against a running Odoo (loopback
only) for S seconds per scenario, then stops. Run by benchmarks/load_portal.sh.

Scenario "kanban_portal": each customer loops over the grouped overview, a
group page and the PDF of one of their documents. Scenario "Odoo standard":
the same customers loop over Odoo's standard /my/invoices list, its second
page and the same PDF. Prints requests/s, p50, p95 and errors of each.
"""

import os
import re
import statistics
import sys
import threading
import time

import requests

# tools/portal_client.py: the login the scripts of benchmarks/ and e2e/ share
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tools"))
import portal_client

BASE = sys.argv[1]
USERS = int(sys.argv[2])
SECONDS = float(sys.argv[3])
assert BASE.startswith("http://127.0.0.1:"), "the load only goes to loopback"


def login(n):
    name = f"load.customer{n:02d}@example.com"
    session = portal_client.login(BASE, name)
    overview = session.get(f"{BASE}/my/invoices", timeout=120)
    assert "/web/login" not in overview.url, f"{name} not logged in"
    invoice_id = re.search(r'data-invoice-id="(\d+)"', overview.text).group(1)
    return session, invoice_id


def run(scenario, sessions):
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + SECONDS

    def worker(session, invoice_id):
        paths = scenario(invoice_id)
        i = 0
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            try:
                response = session.get(f"{BASE}{path}", timeout=120)
                ok = response.status_code == 200 and "/web/login" not in response.url
            except requests.RequestException:
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(path)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=item) for item in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0
    return len(latencies) / wall, statistics.median(latencies), p95, len(errors), len(latencies)


sessions = [login(n) for n in range(USERS)]
scenarios = {
    "kanban_portal (overview, group, PDF)": lambda inv: [
        "/my/invoices",
        "/my/invoices?group=overdue",
        f"/my/invoices/{inv}?report_type=pdf&download=true",
    ],
    "Odoo standard (list, page 2, PDF)": lambda inv: [
        "/my/invoices?filterby=all",
        "/my/invoices/page/2?filterby=all",
        f"/my/invoices/{inv}?report_type=pdf&download=true",
    ],
    "kanban_portal pages only (overview, group)": lambda inv: ["/my/invoices", "/my/invoices?group=overdue"],
    "Odoo standard pages only (list, page 2)": lambda inv: [
        "/my/invoices?filterby=all",
        "/my/invoices/page/2?filterby=all",
    ],
}
print(f"{USERS} concurrent customers, {SECONDS:.0f} s per scenario, Odoo with 2 workers")
print(f"{'scenario':44} {'req/s':>7} {'p50':>8} {'p95':>8} {'errors':>7} {'requests':>9}")
results = {}
for name, scenario in scenarios.items():
    rps, p50, p95, errors, count = run(scenario, sessions)
    results[name] = rps
    print(f"{name:44} {rps:7.1f} {p50 * 1000:6.0f}ms {p95 * 1000:6.0f}ms {errors:7d} {count:9d}", flush=True)
names = list(results)
print(f"ratio with PDF: {results[names[0]] / results[names[1]]:.2f} (goal >= 0.9)")
print(f"ratio pages only: {results[names[2]] / results[names[3]]:.2f} (goal >= 0.9)")
