"""Measures the grouped overview against Odoo's standard /my/invoices list.

Run by benchmarks/bench_grouped.sh against a running Odoo (loopback only). Prints,
for the bench customer: the first (cold) view and the median of repeated views
of each page, with the number of SQL queries Odoo logged for each request.
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


def fetch(path):
    """GET path; return (seconds, queries logged by Odoo for that request)."""
    global counter
    counter += 1
    tag = f"_bench={counter}"
    url = f"{BASE}{path}{'&' if '?' in path else '?'}{tag}"
    start = time.perf_counter()
    response = session.get(url, timeout=300)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    assert "/web/login" not in response.url, "not logged in"
    for _ in range(50):
        with open(LOG, encoding="utf-8", errors="replace") as log:
            for line in log:
                if tag in line and '" 200 ' in line:
                    # werkzeug line: "GET ... HTTP/1.1" 200 - <queries> <query time> <other time>
                    return elapsed, int(line.split('" 200 - ')[1].split()[0])
        time.sleep(0.1)
    return elapsed, -1


pages = {
    "grouped overview (/my/invoices)": "/my/invoices",
    "grouped page (?group=paid)": "/my/invoices?group=paid",
    "Odoo standard list (?filterby=all)": "/my/invoices?filterby=all",
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
results = {}
for name, path in pages.items():
    first = fetch(path)
    warm = [fetch(path) for _ in range(RUNS)]
    results[name] = (first, statistics.median(t for t, _q in warm), warm[-1][1])
print(f"{'page':40} {'first view':>18} {'median warm':>12} {'queries':>8}")
for name, ((first_s, first_q), median_s, queries) in results.items():
    print(f"{name:40} {first_s * 1000:9.0f} ms {first_q:4d} q {median_s * 1000:9.0f} ms {queries:8d}")
grouped = results["grouped overview (/my/invoices)"]
standard = results["Odoo standard list (?filterby=all)"]
print(f"ratio grouped/standard, median warm: {grouped[1] / standard[1]:.2f} (goal <= 1.0)")
print(f"ratio grouped/standard, first view:  {grouped[0][0] / standard[0][0]:.2f}")
