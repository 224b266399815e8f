#!/usr/bin/env bash
# End to end: the emails the addon queues reach their recipients within a
# minute, sent by Odoo's own cron thread, with every scheduled action's next
# run pushed to tomorrow so that only the addon's wake-ups can send them. A
# real Odoo server (threaded, one cron thread), a real PostgreSQL and a local
# SMTP sink, all on loopback; stops by itself.
#
#   e2e/e2e_mail_queue.sh DATABASE     # a database with kanban_portal and its demo data
#
# run-tests.sh runs it on its demo database once the tests have run.
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${1:?usage: e2e/e2e_mail_queue.sh DATABASE}
port=${KP_E2E_PORT:-8079}
smtp_port=${KP_SMTP_PORT:-2527}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
mkdir -p "$KP_RUN/logs"
sink_file="$KP_RUN/logs/e2e-mail-queue-sink.jsonl"
: >"$sink_file"
ids=$(KP_SMTP_PORT=$smtp_port kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
    < e2e/e2e_mail_queue_data.py 2>&1 | grep '^E2E ' | cut -c5-) || true
[ -n "$ids" ] || die "e2e mail queue: data step failed"
"$PYTHON" e2e/smtp_sink.py "$smtp_port" "$sink_file" >/dev/null 2>&1 &
sink_pid=$!
kp_on_exit "kill $sink_pid 2>/dev/null; wait $sink_pid 2>/dev/null"
kp_serve "$db" "$port" "$KP_RUN/logs/e2e-mail-queue-server.log" --max-cron-threads=1
"$PYTHON" e2e/e2e_mail_queue.py "http://127.0.0.1:$port" "$sink_file" "$ids"
