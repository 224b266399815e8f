#!/usr/bin/env bash
# Benchmark of the grouped overview against Odoo's standard /my/invoices, for
# one customer with KP_BENCH_DOCS (10,000) documents, on database kp_bench
# (created on first run, then reused). Loopback only; stops by itself.
#
#   benchmarks/bench_grouped.sh            # KP_BENCH_DOCS=10000 KP_BENCH_RUNS=15
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${KP_BENCH_DB:-kp_bench}
port=${KP_BENCH_PORT:-8077}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
kp_bench_customer_db "$db"
server_log="$KP_RUN/logs/bench-server.log"
kp_serve "$db" "$port" "$server_log" --workers=0
"$PYTHON" benchmarks/bench_grouped.py "http://127.0.0.1:$port" "$server_log" "$db" \
    "host=$DB_HOST port=$DB_PORT user=$DB_USER" bench.customer@example.com "${KP_BENCH_RUNS:-15}"
