#!/usr/bin/env bash
# Load: KP_LOAD_USERS (20) concurrent logged-in customers for KP_LOAD_SECONDS
# (60) against Odoo with 2 workers: the grouped overview, a group page and a
# PDF; then, in the same run, Odoo's standard /my/invoices list under the same
# load. Prints requests/s, p50, p95 and errors of each. Database kp_load
# (created on first run, then reused); loopback only; stops by itself.
#
#   tests/load_portal.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${KP_LOAD_DB:-kp_load}
port=${KP_LOAD_PORT:-8079}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
KP_ODOO_BIN=$(kp_find_odoo_bin)
mkdir -p "$KP_RUN/logs"
if ! kp_psql_db_exists "$db"; then
    log "creating $db with kanban_portal (no demo data)"
    kp_odoo -c "$conf" -d "$db" -i kanban_portal --stop-after-init >"$KP_RUN/logs/load-install.log" 2>&1 \
        || die "install failed (log: $KP_RUN/logs/load-install.log)"
else
    kp_odoo -c "$conf" -d "$db" -u kanban_portal --stop-after-init >"$KP_RUN/logs/load-install.log" 2>&1 \
        || die "upgrade failed (log: $KP_RUN/logs/load-install.log)"
fi
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn < tests/load_portal_data.py 2>&1 \
    | grep -v "^Running as user" || die "load data failed"
"$PYTHON" "$KP_ODOO_BIN" -c "$conf" -d "$db" --db-filter="^$db\$" --http-interface=127.0.0.1 -p "$port" \
    --gevent-port=$((port + 100)) --workers=2 --max-cron-threads=0 --limit-time-real=600 --limit-time-cpu=300 \
    --logfile="$KP_RUN/logs/load-server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/web/login" >/dev/null 2>&1 && break; sleep 1; done
"$PYTHON" tests/load_portal.py "http://127.0.0.1:$port" "${KP_LOAD_USERS:-20}" "${KP_LOAD_SECONDS:-60}"
