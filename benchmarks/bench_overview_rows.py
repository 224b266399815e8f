"""What the overview would cost with fewer rows per group (issue 17).

Run by benchmarks/bench_overview_rows.sh through ``odoo shell`` (``env`` is
the shell's): requests go through Odoo's WSGI application in this process, so
that the number of rows each group shows on the overview
(``PaymentGroupsPortal._payment_group_overview_rows``, 5) can be changed
between two requests. Every variant, Odoo's list and the floor (/my/account)
are requested in turn, in each round, so that they share the machine's state.
Without an HTTP server in between, every page costs a few ms less than in
benchmarks/bench_grouped.sh, whose ratios are therefore higher: compare
variants with each other, not with that script's figures.
"""

import functools
import os
import re
import statistics
import time

from werkzeug.test import Client
from werkzeug.wrappers import Response

from odoo import http

from odoo.addons.kanban_portal.controllers.portal import PaymentGroupsPortal

LOGIN = "bench.customer@example.com"
RUNS = int(os.environ.get("KP_BENCH_RUNS", "25"))
VARIANTS = (5, 4, 3, 2, 1, 0)

env.cr.rollback()  # noqa: F821 (odoo shell)
client = Client(http.root, Response, use_cookies=True)
for method in ("get", "post"):
    setattr(client, method, functools.partial(getattr(client, method), environ_base={"REMOTE_ADDR": "127.0.0.1"}))
page = client.get("/web/login").get_data(as_text=True)
csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
answer = client.post("/web/login", data={"login": LOGIN, "password": LOGIN, "csrf_token": csrf})
assert answer.status_code in (302, 303), "bench customer could not log in"


def fetch(path):
    """(seconds, rows shown) of one GET of path."""
    start = time.perf_counter()
    answer = client.get(path)
    elapsed = time.perf_counter() - start
    assert answer.status_code == 200, (path, answer.status_code)
    return elapsed, answer.get_data(as_text=True).count("o_portal_payment_group_row")


pages = {rows: "/my/invoices" for rows in VARIANTS}
pages.update({"Odoo's list": "/my/invoices?filterby=all", "floor": "/my/account"})
default_rows = PaymentGroupsPortal._payment_group_overview_rows
times = {name: [] for name in pages}
shown = {}
try:
    for rnd in range(RUNS + 2):  # two warm-up rounds
        for name, path in pages.items():
            PaymentGroupsPortal._payment_group_overview_rows = name if name in VARIANTS else default_rows
            elapsed, shown[name] = fetch(path)
            if rnd >= 2:
                times[name].append(elapsed)
finally:
    PaymentGroupsPortal._payment_group_overview_rows = default_rows
medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
listing = medians["Odoo's list"]
print(f"{RUNS} rounds, in process (no HTTP server): median per page; ratio to Odoo's list")
print(f"{'page':36} {'rows':>5} {'median':>9} {'ratio':>6}")
for name, median in medians.items():
    if name in VARIANTS:
        label = f"overview, {name} row{'' if name == 1 else 's'} per group"
        label += " (today)" if name == default_rows else ""
        rows = str(shown[name])
    else:
        label, rows = name, "-"
    print(f"{label:36} {rows:>5} {median:6.1f} ms {median / listing:6.2f}")
full, empty = medians[VARIANTS[0]], medians[0]
if shown[VARIANTS[0]]:
    print(
        f"one overview row: {(full - empty) / shown[VARIANTS[0]]:.2f} ms;"
        f" the overview without rows, above the floor: {empty - medians['floor']:.1f} ms"
    )
