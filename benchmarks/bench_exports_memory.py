# ruff: noqa: F821  (runs in an odoo shell, which provides env)
"""Peak Python memory (tracemalloc) of the CSV and XLSX exports of the bench
customer's documents: all of them against 100. Run by benchmarks/bench_exports.sh."""

import tempfile
import time
import tracemalloc

LOGIN = "bench.customer@example.com"
user = env["res.users"].search([("login", "=", LOGIN)])
Move = env["account.move"].with_user(user).with_context(lang=user.lang)
ids = Move.search(Move._get_portal_document_domain(), order="invoice_date_due asc, id desc").ids
print(f"customer {LOGIN}: {len(ids)} documents (read as the customer, record rules apply)")
print(f"{'export':8} {'documents':>9} {'peak memory':>12} {'time':>8} {'file':>10}")
peaks = {}
for file_format, label in (("csv", "CSV"), ("xlsx", "XLSX")):
    for subset in (ids[:100], ids[:1000], ids[:5000], ids):
        env.invalidate_all()
        with tempfile.TemporaryFile() as fileobj:
            tracemalloc.start()
            start = time.perf_counter()
            Move._write_portal_export(file_format, subset, fileobj)
            elapsed = time.perf_counter() - start
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            size = fileobj.tell()
        peaks[label, len(subset)] = peak
        print(f"{label:8} {len(subset):9d} {peak / 1024 / 1024:9.2f} MB {elapsed:7.2f}s {size / 1024:7.0f} KB")
for label in ("CSV", "XLSX"):
    large = peaks[label, len(ids)]
    print(
        f"{label}: peak of {len(ids)} / peak of 1,000 = {large / peaks[label, min(1000, len(ids))]:.2f}, "
        f"/ peak of 100 = {large / peaks[label, min(100, len(ids))]:.2f} (rows are read 500 at a time: "
        "flat once past one batch)"
    )
env.cr.rollback()
