#!/usr/bin/env bash
# Benchmark of the statement of account and of the exports, for the customer
# of tests/bench_grouped.sh (KP_BENCH_DOCS=10000 documents, database kp_bench,
# created on first run, then reused). Loopback only; stops by itself.
#
# Prints: the statement's render time against one invoice PDF's (goal <= 3x),
# and the peak Python memory of a CSV (and XLSX) export of all the documents
# against an export of 100 of them (goal: flat).
#
#   tests/bench_exports.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${KP_BENCH_DB:-kp_bench}
port=${KP_BENCH_PORT:-8078}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
KP_ODOO_BIN=$(kp_find_odoo_bin)
mkdir -p "$KP_RUN/logs"
if ! kp_psql_db_exists "$db"; then
    log "creating $db with kanban_portal (no demo data)"
    kp_odoo -c "$conf" -d "$db" -i kanban_portal --stop-after-init >"$KP_RUN/logs/bench-install.log" 2>&1 \
        || die "install failed (log: $KP_RUN/logs/bench-install.log)"
else
    kp_odoo -c "$conf" -d "$db" -u kanban_portal --stop-after-init >"$KP_RUN/logs/bench-install.log" 2>&1 \
        || die "upgrade failed (log: $KP_RUN/logs/bench-install.log)"
fi
log "bench data (${KP_BENCH_DOCS:-10000} documents; first run takes minutes)"
KP_BENCH_DOCS=${KP_BENCH_DOCS:-10000} kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
    < tests/bench_grouped_data.py 2>&1 | grep -v "^Running as user" || die "bench data failed"
log "export memory"
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
    < tests/bench_exports_memory.py 2>&1 | grep -v "^Running as user" || die "export memory failed"
server_log="$KP_RUN/logs/bench-exports-server.log"
: >"$server_log"
"$PYTHON" "$KP_ODOO_BIN" -c "$conf" -d "$db" --db-filter="^$db\$" --http-interface=127.0.0.1 -p "$port" --workers=0 \
    --max-cron-threads=0 --logfile="$server_log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$port/web/login" >/dev/null 2>&1 && break
    sleep 1
done
"$PYTHON" tests/bench_exports_http.py "http://127.0.0.1:$port" bench.customer@example.com "${KP_BENCH_RUNS:-3}"
