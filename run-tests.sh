#!/usr/bin/env bash
# Runs the whole test suite: lint; install on a fresh throwaway database with
# demo data and Odoo's demo payment provider (log checked); the addon's tests
# through pytest-odoo (HTTP and Chromium tours included; a skipped test is a
# failure); Odoo's own tests of account, portal and account_payment on that
# database (tools/odoo_tests.sh); the emails-within-a-minute end-to-end script
# (a real server with its cron thread, an SMTP sink); the payment-reminder run
# killed with SIGKILL and run again (benchmarks/bench_reminders.sh, small); the upgrade of a
# database built with the last release (e2e/upgrade.sh); then install and
# uninstall on a fresh database without demo data, as a production database
# is (demo data holds posted journal entries, which Odoo never deletes); then,
# on a fresh database with Odoo's Sales app, the story once more, the
# sales-order bridge (kanban_portal_sale) and sale's own portal tests; then,
# on a fresh database with Odoo's Uruguayan localization, kanban_portal_l10n_uy.
#
#   ./run-tests.sh [extra pytest args, e.g. -k grouped]
#
# Environment: PYTHON (default python3), ODOO_ADDONS_PATH (Odoo's standard
# addons folder, found beside the odoo package by default), KP_PG_PORT,
# KP_DB_HOST/KP_DB_PORT/KP_DB_USER/KP_DB_PASSWORD (use an existing server),
# KP_KEEP_DB=1 (keep the test database), KP_SKIP_LINT=1.
source "$(dirname "${BASH_SOURCE[0]}")/tools/lib.sh"
cd "$KP_ROOT"
start=$(date +%s)

kp_check_odoo
kp_ensure_tools

if [ "${KP_SKIP_LINT:-}" != 1 ]; then
    log "lint: ruff check, ruff format --check, pylint-odoo"
    "$PYTHON" -m ruff check . || die "ruff check failed"
    "$PYTHON" -m ruff format --check . || die "ruff format --check failed (run: $PYTHON -m ruff format .)"
    "$PYTHON" -m pylint --rcfile=.pylintrc kanban_portal kanban_portal_sale kanban_portal_l10n_uy || die "pylint-odoo failed"
fi

kp_start_pg
conf=$(kp_write_conf)
db="kp_test_$(date +%Y%m%d_%H%M%S)_$$"
logs="$KP_RUN/logs"; mkdir -p "$logs"
cleanup() {
    if [ "${KP_KEEP_DB:-}" != 1 ]; then
        kp_odoo db -c "$conf" drop "$db" >/dev/null 2>&1 || true
        kp_odoo db -c "$conf" drop "${db}_nodemo" >/dev/null 2>&1 || true
        kp_odoo db -c "$conf" drop "${db}_sale" >/dev/null 2>&1 || true
        kp_odoo db -c "$conf" drop "${db}_uy" >/dev/null 2>&1 || true
    else
        log "kept database $db"
    fi
}
kp_on_exit cleanup

# Lines of an Odoo log that are errors, or warnings about this addon.
check_log() {
    local file=$1 what=$2 bad
    bad=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^[0-9-]+ [0-9:,]+ [0-9]+ WARNING .*kanban_portal' "$file" || true)
    if [ -n "$bad" ]; then
        printf '%s\n' "$bad" >&2
        die "$what: the log above has errors or warnings (full log: $file)"
    fi
}

# payment_demo: Odoo's demo payment provider, for the online payment tests
log "installing kanban_portal (and payment_demo) with demo data on fresh database $db"
kp_odoo -c "$conf" -d "$db" -i kanban_portal,payment_demo --with-demo --stop-after-init \
    --log-level=info >"$logs/install.log" 2>&1 || { tail -40 "$logs/install.log" >&2; die "install failed"; }
check_log "$logs/install.log" "install"

log "running the tests (pytest-odoo, HTTP and Chromium tours)"
set +e
"$PYTHON" -m pytest kanban_portal/tests \
    --odoo-config="$conf" --odoo-database="$db" --odoo-http \
    -p no:cacheprovider -o console_output_style=classic -rfEsP "$@" 2>&1 | tee "$logs/tests.log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "tests failed (exit $rc)"

# Odoo's own tests of invoices, portal and payment, with kanban_portal installed
source tools/odoo_tests.sh
kp_odoo_tests "$db" portal || die "Odoo's own tests failed with kanban_portal installed"

log "emails within a minute: a real server with its cron thread and an SMTP sink"
e2e/e2e_mail_queue.sh "$db" || die "emails did not arrive within a minute"

log "payment reminders: a run killed with SIGKILL, the next one sends the rest (300 customers, 3,000 documents)"
KP_REM_CUSTOMERS=300 KP_REM_DOCS=3000 benchmarks/bench_reminders.sh || die "the payment-reminder run did not restart cleanly"

log "upgrade of a live database: built with the last release, upgraded to this checkout"
e2e/upgrade.sh || die "upgrade from the last release lost data"

log "install and uninstall on fresh database ${db}_nodemo (no demo data)"
kp_odoo -c "$conf" -d "${db}_nodemo" -i kanban_portal --stop-after-init \
    --log-level=info >"$logs/install-nodemo.log" 2>&1 || { tail -40 "$logs/install-nodemo.log" >&2; die "install without demo failed"; }
check_log "$logs/install-nodemo.log" "install without demo data"
kp_odoo shell -c "$conf" -d "${db}_nodemo" --no-http --log-level=info >"$logs/uninstall.log" 2>&1 <<'PY' || { tail -40 "$logs/uninstall.log" >&2; die "uninstall failed"; }
module = env["ir.module.module"].search([("name", "=", "kanban_portal")])
module.button_immediate_uninstall()
env.cr.commit()
env.invalidate_all()
left = env["ir.model.data"].search_count([("module", "=", "kanban_portal")])
assert module.state == "uninstalled", module.state
assert not left, "%s ir.model.data records left by kanban_portal" % left
print("kanban_portal uninstalled cleanly")
PY
check_log "$logs/uninstall.log" "uninstall"
grep -q "uninstalled cleanly" "$logs/uninstall.log" || die "uninstall check did not run"

log "with Odoo's Sales app: kanban_portal_sale on fresh database ${db}_sale"
kp_odoo -c "$conf" -d "${db}_sale" -i kanban_portal_sale --stop-after-init \
    --log-level=info >"$logs/install-sale.log" 2>&1 || { tail -40 "$logs/install-sale.log" >&2; die "install with sale failed"; }
check_log "$logs/install-sale.log" "install with sale"
set +e
"$PYTHON" -m pytest kanban_portal_sale/tests \
    --odoo-config="$conf" --odoo-database="${db}_sale" --odoo-http \
    -p no:cacheprovider -o console_output_style=classic -rfEs 2>&1 | tee "$logs/tests-sale.log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "tests with sale failed (exit $rc)"
kp_odoo_tests "${db}_sale" sale || die "Odoo's own sales portal tests failed with kanban_portal_sale installed"

log "with Odoo's Uruguayan localization: kanban_portal_l10n_uy on fresh database ${db}_uy"
kp_odoo -c "$conf" -d "${db}_uy" -i kanban_portal_l10n_uy --with-demo --stop-after-init \
    --log-level=info >"$logs/install-uy.log" 2>&1 || { tail -40 "$logs/install-uy.log" >&2; die "install with l10n_uy failed"; }
check_log "$logs/install-uy.log" "install with l10n_uy"
set +e
"$PYTHON" -m pytest kanban_portal_l10n_uy/tests \
    --odoo-config="$conf" --odoo-database="${db}_uy" --odoo-http \
    -p no:cacheprovider -o console_output_style=classic -rfEs 2>&1 | tee "$logs/tests-uy.log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "tests with l10n_uy failed (exit $rc)"

log "all green in $(( $(date +%s) - start ))s"
