#!/usr/bin/env bash
# What the grouped overview would cost with 5, 4, ... 0 rows per group, against
# Odoo's list and the floor, for the customer of benchmarks/bench_grouped.sh
# (database kp_bench, created by that script's data on first run), in process.
#
#   benchmarks/bench_overview_rows.sh      # KP_BENCH_RUNS=25
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${KP_BENCH_DB:-kp_bench}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
kp_bench_customer_db "$db"
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn < benchmarks/bench_overview_rows.py 2>&1 \
    | grep -v "^Running as user" || die "benchmark failed"
