#!/usr/bin/env bash
# End to end: 50 concurrent customer comments from 10 portal users against
# Odoo with 2 workers, a local SMTP sink, then a mail server outage. Fresh
# database kp_e2e each run; loopback only; stops by itself.
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=kp_e2e
port=${KP_E2E_PORT:-8078}
smtp_port=${KP_SMTP_PORT:-2526}
kp_check_odoo
kp_ensure_tools
kp_start_pg
conf=$(kp_write_conf)
mkdir -p "$KP_RUN/logs"
kp_odoo db -c "$conf" drop "$db" >/dev/null 2>&1 || true
log "installing kanban_portal on $db"
kp_odoo -c "$conf" -d "$db" -i kanban_portal --stop-after-init >"$KP_RUN/logs/e2e-install.log" 2>&1 || die "install failed"
KP_SMTP_PORT=$smtp_port kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn < e2e/e2e_comments_data.py \
    2>&1 | grep -v "^Running as user" || die "e2e data failed"
sink_file="$KP_RUN/logs/e2e-sink.jsonl"
: >"$sink_file"
kp_serve "$db" "$port" "$KP_RUN/logs/e2e-server.log" --gevent-port=$((port + 1)) --workers=2
"$PYTHON" e2e/e2e_comments.py "http://127.0.0.1:$port" "host=$DB_HOST port=$DB_PORT user=$DB_USER" "$db" \
    "$conf" "$smtp_port" "$sink_file"
