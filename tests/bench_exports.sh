#!/usr/bin/env bash
# Benchmark of the statement of account and of the exports, for the customer
# of tests/bench_grouped.sh (KP_BENCH_DOCS=10000 documents, database kp_bench,
# created on first run, then reused). Loopback only; stops by itself.
#
# Prints: the peak Python memory of a CSV (and XLSX) export of all the
# documents against exports of 100, 1,000 and 5,000 of them (goal: flat); the
# statement's render time against one invoice PDF's (goal <= 3x); where that
# time goes (HTML, wkhtmltopdf) and wkhtmltopdf's floor for the same lines (no
# stylesheet, header, footer or delay).
#
#   tests/bench_exports.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${KP_BENCH_DB:-kp_bench}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
kp_bench_db "$db" bench-install
log "bench data (${KP_BENCH_DOCS:-10000} documents; first run takes minutes)"
KP_BENCH_DOCS=${KP_BENCH_DOCS:-10000} kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
    < tests/bench_grouped_data.py 2>&1 | grep -v "^Running as user" || die "bench data failed"
log "export memory"
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
    < tests/bench_exports_memory.py 2>&1 | grep -v "^Running as user" || die "export memory failed"
port=${KP_BENCH_PORT:-8078}
kp_report_url "$db" "http://127.0.0.1:$port"
server_log="$KP_RUN/logs/bench-exports-server.log"
kp_serve "$db" "$port" "$server_log" --workers=0
"$PYTHON" tests/bench_exports_http.py "http://127.0.0.1:$port" bench.customer@example.com "${KP_BENCH_RUNS:-3}" "$server_log"
log "where the statement's time goes, and the PDF engine's floor for the same lines"
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
    < tests/bench_statement_floor.py 2>&1 | grep -v "^Running as user" || die "statement floor failed"
