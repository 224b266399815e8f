"""Measures the grouped overview against Odoo's standard /my/invoices list.

Run by benchmarks/bench_grouped.sh against a running Odoo (loopback only). Prints,
for the bench customer: the first (cold) view and the median of repeated views
of each page, with the number of SQL queries Odoo logged for each request and
the median of the time Odoo spent in SQL and outside it (Python, QWeb); the
home tile's counters (/my/counters) against Odoo's own invoice counter; and the
lightest portal page of the same user (/my/account, the portal layout alone),
the floor any portal page stands on.
"""

import os
import statistics
import sys
import time

import psycopg2

# tools/portal_client.py: the login the scripts of benchmarks/ and e2e/ share
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tools"))
import portal_client

BASE, LOG, DB, PG_DSN, LOGIN = sys.argv[1:6]
RUNS = int(sys.argv[6]) if len(sys.argv) > 6 else 15
assert BASE.startswith("http://127.0.0.1:"), "the benchmark only talks to loopback"

session = portal_client.login(BASE, LOGIN)
counter = 0


def fetch(path, counters=None):
    """GET path (POST of the home tile's ``counters`` when given); return
    (seconds, queries, SQL seconds, other seconds) as Odoo logged the request."""
    global counter
    counter += 1
    tag = f"_bench={counter}"
    url = f"{BASE}{path}{'&' if '?' in path else '?'}{tag}"
    start = time.perf_counter()
    if counters:
        response = session.post(url, json={"params": {"counters": counters}}, timeout=300)
    else:
        response = session.get(url, timeout=300)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    assert "/web/login" not in response.url, "not logged in"
    for _ in range(50):
        with open(LOG, encoding="utf-8", errors="replace") as log:
            for line in log:
                if tag in line and '" 200 ' in line:
                    # werkzeug line: "GET ... HTTP/1.1" 200 - <queries> <query time> <other time>
                    queries, sql_time, other_time = line.split('" 200 - ')[1].split()[:3]
                    return elapsed, int(queries), float(sql_time), float(other_time)
        time.sleep(0.1)
    return elapsed, -1, 0.0, 0.0


pages = {
    "grouped overview (/my/invoices)": ("/my/invoices", None),
    "grouped page (?group=paid)": ("/my/invoices?group=paid", None),
    "Odoo standard list (?filterby=all)": ("/my/invoices?filterby=all", None),
    "home tile (/my/counters)": ("/my/counters", ["pending_invoice_count", "owed_amount"]),
    "Odoo's invoice counter (/my/counters)": ("/my/counters", ["invoice_count"]),
    "floor: /my/account": ("/my/account", None),
}
with psycopg2.connect(PG_DSN, dbname=DB) as conn, conn.cursor() as cr:
    cr.execute(
        "SELECT count(*) FROM account_move m JOIN res_users u ON u.login = %s "
        "JOIN res_partner p ON p.id = u.partner_id WHERE m.partner_id = p.parent_id AND m.state = 'posted'",
        (LOGIN,),
    )
    documents = cr.fetchone()[0]
    # first view: no document carries an access token yet
    cr.execute("UPDATE account_move SET access_token = NULL WHERE access_token IS NOT NULL")

print(f"customer {LOGIN}: {documents} posted documents; {RUNS} warm runs per page")
firsts = {name: fetch(path, counters) for name, (path, counters) in pages.items()}
# warm runs round-robin over the pages: whatever else the machine does weighs
# on every page alike
warms = {name: [] for name in pages}
for _ in range(RUNS):
    for name, (path, counters) in pages.items():
        warms[name].append(fetch(path, counters))
results = {}
for name, warm in warms.items():
    results[name] = (
        firsts[name],
        statistics.median(run[0] for run in warm),
        warm[-1][1],
        statistics.median(run[2] for run in warm),
        statistics.median(run[3] for run in warm),
    )
print(f"{'page':40} {'first view':>18} {'median warm':>12} {'queries':>8} {'SQL':>8} {'Python+QWeb':>12}")
for name, ((first_s, first_q, _fs, _fo), median_s, queries, sql_s, other_s) in results.items():
    print(
        f"{name:40} {first_s * 1000:9.0f} ms {first_q:4d} q {median_s * 1000:9.0f} ms {queries:8d}"
        f" {sql_s * 1000:5.0f} ms {other_s * 1000:9.0f} ms"
    )
grouped = results["grouped overview (/my/invoices)"]
group_page = results["grouped page (?group=paid)"]
standard = results["Odoo standard list (?filterby=all)"]
floor = results["floor: /my/account"]
print(f"ratio grouped/standard, median warm: {grouped[1] / standard[1]:.2f} (goal <= 0.7)")
print(f"ratio grouped/standard, first view:  {grouped[0][0] / standard[0][0]:.2f}")
print(f"ratio group page/standard, median warm: {group_page[1] / standard[1]:.2f}")
print(f"overview above the floor (/my/account): {(grouped[1] - floor[1]) * 1000:.0f} ms")
print(
    "queries: overview %s, group page %s, home tile %s, Odoo's list %s (goal: each <= the list)"
    % (grouped[2], group_page[2], results["home tile (/my/counters)"][2], standard[2])
)
