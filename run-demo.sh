#!/usr/bin/env bash
# Starts the demo: PostgreSQL (project-local cluster unless KP_DB_HOST is set),
# the database "kanban_demo" with kanban_portal and its demo data (created on
# the first run, reused after), and Odoo on http://127.0.0.1:8069.
#
#   ./run-demo.sh            # Ctrl+C stops Odoo (PostgreSQL keeps running)
#
# Environment: PYTHON, ODOO_ADDONS_PATH, KP_HTTP_PORT (8069), KP_PG_PORT,
# KP_DEMO_DB (kanban_demo), KP_UPDATE=1 (upgrade the addon before starting).
source "$(dirname "${BASH_SOURCE[0]}")/tools/lib.sh"
cd "$KP_ROOT"
db=${KP_DEMO_DB:-kanban_demo}

kp_check_odoo
kp_ensure_tools
kp_start_pg
conf=$(kp_write_conf)
mkdir -p "$KP_RUN/logs"

if ! kp_psql_db_exists "$db"; then
    log "creating database $db with kanban_portal, a Uruguayan company and demo data (about 3 minutes, once)"
    kp_odoo -c "$conf" -d "$db" -i kanban_portal,kanban_portal_l10n_uy --with-demo --load-language=es_419 --stop-after-init \
        >"$KP_RUN/logs/demo-install.log" 2>&1 \
        || { tail -40 "$KP_RUN/logs/demo-install.log" >&2; die "could not create $db (log: $KP_RUN/logs/demo-install.log)"; }
elif [ "${KP_UPDATE:-}" = 1 ]; then
    log "upgrading kanban_portal in $db"
    kp_odoo -c "$conf" -d "$db" -i kanban_portal_l10n_uy -u kanban_portal --stop-after-init >"$KP_RUN/logs/demo-update.log" 2>&1 \
        || { tail -40 "$KP_RUN/logs/demo-update.log" >&2; die "upgrade failed"; }
fi

url="http://127.0.0.1:$KP_HTTP_PORT"
cat >&2 <<MSG

  kanban_portal demo — $url
    Staff:        $url/odoo            admin / admin
    Salespeople:  $url/odoo            valentina / valentina, joaquin / joaquin
    Customers:    $url/my/invoices     lucia@atlantida.example.com / lucia
                                       sofia@delsur.example.com / sofia
                                       martina@rincon.example.com / martina   (Uruguayan company)
  Logs go to this terminal; Ctrl+C stops Odoo.

MSG
KP_ODOO_BIN=$(kp_find_odoo_bin)
exec "$PYTHON" ${KP_ODOO_BIN:--m odoo} -c "$conf" -d "$db" --db-filter="^$db\$" --http-interface=127.0.0.1 -p "$KP_HTTP_PORT"
