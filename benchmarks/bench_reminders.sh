#!/usr/bin/env bash
# Benchmark of the daily payment-reminder run for KP_REM_CUSTOMERS (10,000)
# customers with KP_REM_DOCS (100,000) open documents, and its restart after a
# real kill -9. Prints the queries per customer of a batch of customers with 2
# documents against one with 18 (they must not grow with the documents), the
# run's time per 1,000 customers, queries per customer and peak memory, and the
# INTERRUPT line. Exits non-zero if the queries grow or the restart check fails.
#
#   benchmarks/bench_reminders.sh                                  # 10,000 / 100,000
#   KP_REM_CUSTOMERS=300 KP_REM_DOCS=3000 benchmarks/bench_reminders.sh   # quick restart check
#
# Databases: $KP_REM_DB_TEMPLATE (kp_rem_tmpl: kanban_portal without demo data,
# Spanish loaded), installed the first time and upgraded only when the addon's
# files changed; each run copies it to $KP_REM_DB (kp_rem, the measured run) and
# ${KP_REM_DB}_kill (the interrupted one), dropped and rebuilt every time.
# KP_REM_SKIP_RUN=1 skips the measured full run (the restart check alone).
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
tmpl=${KP_REM_DB_TEMPLATE:-kp_rem_tmpl}
db=${KP_REM_DB:-kp_rem}
export KP_REM_CUSTOMERS=${KP_REM_CUSTOMERS:-10000} KP_REM_DOCS=${KP_REM_DOCS:-100000}
started=$SECONDS
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)

# SQL on the server's maintenance database; values reach Python through argv
kp_rem_sql() {
    "$PYTHON" - "$@" <<'PY'
import os, sys, psycopg2
conn = psycopg2.connect(
    host=os.environ["PGHOST"], port=os.environ["PGPORT"], user=os.environ["PGUSER"],
    password=os.environ.get("PGPASSWORD") or None, dbname="postgres",
)
conn.autocommit = True
cur = conn.cursor()
action, *args = sys.argv[1:]
if action == "comment":  # the database's comment, or nothing
    cur.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (args[0],))
    row = cur.fetchone()
    print(row[0] or "" if row else "")
elif action == "set-comment":
    cur.execute(f'COMMENT ON DATABASE "{args[0]}" IS %s', (args[1],))
elif action == "copy":  # drop args[1] and copy args[0] to it
    cur.execute(f'DROP DATABASE IF EXISTS "{args[1]}" WITH (FORCE)')
    cur.execute(f'CREATE DATABASE "{args[1]}" TEMPLATE "{args[0]}"')
PY
}
kp_rem_copy() {
    kp_rem_sql copy "$1" "$2"
    rm -rf "$KP_RUN/data/filestore/$2"
    if [ -d "$KP_RUN/data/filestore/$1" ]; then cp -a "$KP_RUN/data/filestore/$1" "$KP_RUN/data/filestore/$2"; fi
}

# the template: upgraded only when the addon changed (its files' checksum is the database's comment)
source_sum=$(find kanban_portal -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-20)
if [ "$(kp_rem_sql comment "$tmpl")" != "$source_sum" ]; then
    kp_bench_db "$tmpl" bench-reminders-install
    log "loading Spanish into $tmpl"
    echo "env['base.language.install'].create({'lang_ids': [(6, 0, env['res.lang'].with_context(active_test=False).search([('code', '=', 'es_ES')]).ids)]}).lang_install(); env.cr.commit()" \
        | kp_odoo shell -c "$conf" -d "$tmpl" --no-http --log-level=warn >"$KP_RUN/logs/bench-reminders-lang.log" 2>&1 \
        || die "loading Spanish failed (log: $KP_RUN/logs/bench-reminders-lang.log)"
    kp_rem_sql set-comment "$tmpl" "$source_sum"
fi
log "copying $tmpl to $db ($((SECONDS - started))s)"
kp_rem_copy "$tmpl" "$db"
log "bench data: $KP_REM_CUSTOMERS customers, $KP_REM_DOCS documents"
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn <benchmarks/bench_reminders_data.py 2>&1 \
    | grep -v "^Running as user" || die "bench data failed"
kp_rem_copy "$db" "${db}_kill"
log "data ready ($((SECONDS - started))s)"

status=0
"$PYTHON" benchmarks/bench_reminders.py queries "$conf" "$db" || status=1
if [ "${KP_REM_SKIP_RUN:-0}" != 1 ]; then
    run_start=$SECONDS
    "$PYTHON" benchmarks/bench_reminders.py run "$conf" "$db" || status=1
    log "full run took $((SECONDS - run_start))s"
fi
interrupt_start=$SECONDS
"$PYTHON" benchmarks/bench_reminders.py interrupt "$conf" "${db}_kill" || status=1
log "restart check took $((SECONDS - interrupt_start))s; all in $((SECONDS - started))s"
exit $status
