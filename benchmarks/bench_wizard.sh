#!/usr/bin/env bash
# Grant portal access to KP_BENCH_CONTACTS (500) contacts in one wizard run:
# kanban_portal's bulk grant against Odoo's standard wizard, on two databases
# built alike (kp_bench_wizard with the addon, kp_bench_wizard_std without).
# No mail server is configured, as in a fresh install: Odoo's wizard tries to
# send each invitation inside the request; kanban_portal queues them.
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
mkdir -p "$KP_RUN/logs"
for db in kp_bench_wizard kp_bench_wizard_std; do
    if ! kp_psql_db_exists "$db"; then
        modules=kanban_portal
        [ "$db" = kp_bench_wizard_std ] && modules=account,portal
        log "creating $db ($modules)"
        kp_odoo -c "$conf" -d "$db" -i "$modules" --stop-after-init >"$KP_RUN/logs/$db.log" 2>&1 || die "install failed"
    fi
done
for db in kp_bench_wizard kp_bench_wizard_std; do
    kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=error < benchmarks/bench_wizard_run.py 2>&1 | grep RESULT \
        || die "bench failed on $db"
done
