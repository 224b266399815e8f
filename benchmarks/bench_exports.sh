#!/usr/bin/env bash
# Benchmark of the exports and of the heavy renders, for the customer of
# benchmarks/bench_grouped.sh (KP_BENCH_DOCS=10000 documents, database
# kp_bench, created on first run, then reused; KP_BENCH_DB to use another).
# Loopback only; stops by itself.
#
# Prints: the peak Python memory of a CSV (and XLSX) export of all the
# documents against exports of 100, 1,000 and 5,000 of them (goal: flat); one
# invoice PDF's time (the per-PDF time), the bounds of the heavy renders (PDFs
# per ZIP, lines per statement PDF: company settings) and the time of the
# largest ZIP and statement PDF they allow against Odoo's default
# limit_time_real (goal: within a quarter of it); the refusal above the bound,
# the statement as Excel, and two concurrent renders of one customer (one is
# answered 429). KP_BENCH_FLOOR=1 also prints where a statement PDF's time goes
# (HTML, wkhtmltopdf) and wkhtmltopdf's floor for the same lines.
#
#   benchmarks/bench_exports.sh
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${KP_BENCH_DB:-kp_bench}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
kp_bench_customer_db "$db"
log "export memory"
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
    < benchmarks/bench_exports_memory.py 2>&1 | grep -v "^Running as user" || die "export memory failed"
port=${KP_BENCH_PORT:-8078}
kp_report_url "$db" "http://127.0.0.1:$port"
server_log="$KP_RUN/logs/bench-exports-server.log"
kp_serve "$db" "$port" "$server_log" --workers=0
log "bounds of the heavy renders, and what renders exactly at them"
bounds=$(kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn < benchmarks/bench_exports_bounds.py 2>&1) \
    || die "bounds failed: $bounds"
printf '%s\n' "$bounds" | grep "^KP_" >&2 || die "bounds failed: $bounds"
eval "$(printf '%s\n' "$bounds" | grep -E "^KP_[A-Z_]+=[A-Za-z0-9@._-]*$" | sed 's/^/export /')"
log "heavy renders through the portal"
"$PYTHON" benchmarks/bench_exports_http.py "http://127.0.0.1:$port" bench.customer@example.com "${KP_BENCH_RUNS:-3}" "$server_log" \
    || die "heavy renders failed"
if [ -n "${KP_BENCH_FLOOR:-}" ]; then
    log "where the statement's time goes, and the PDF engine's floor for the same lines"
    kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
        < benchmarks/bench_statement_floor.py 2>&1 | grep -v "^Running as user" || die "statement floor failed"
fi
