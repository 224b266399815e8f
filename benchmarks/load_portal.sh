#!/usr/bin/env bash
# Load: KP_LOAD_USERS (20) concurrent logged-in customers for KP_LOAD_SECONDS
# (60) against Odoo with 2 workers: the grouped overview, a group page and a
# PDF; then, in the same run, Odoo's standard /my/invoices list under the same
# load. Prints requests/s, p50, p95 and errors of each. Database kp_load
# (created on first run, then reused); loopback only; stops by itself.
#
#   benchmarks/load_portal.sh
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${KP_LOAD_DB:-kp_load}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
kp_bench_db "$db" load-install
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn < benchmarks/load_portal_data.py 2>&1 \
    | grep -v "^Running as user" || die "load data failed"
port=${KP_LOAD_PORT:-8079}
# wkhtmltopdf fetches each PDF's stylesheets and fonts over HTTP. From the same
# 2 workers, concurrent PDFs hold both while they wait for them, Odoo's standard
# page as much as ours, until limit_time_real: a production server has more
# workers, or a proxy, for those. Here a second, threaded Odoo serves them.
assets_port=$((port + 1))
kp_report_url "$db" "http://127.0.0.1:$assets_port"
kp_serve "$db" "$assets_port" "$KP_RUN/logs/load-assets-server.log" --workers=0
kp_serve "$db" "$port" "$KP_RUN/logs/load-server.log" --gevent-port=$((port + 100)) --workers=2 \
    --limit-time-real=600 --limit-time-cpu=300
"$PYTHON" benchmarks/load_portal.py "http://127.0.0.1:$port" "${KP_LOAD_USERS:-20}" "${KP_LOAD_SECONDS:-60}"
