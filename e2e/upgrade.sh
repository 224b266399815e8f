#!/usr/bin/env bash
# Upgrade of a live database: a database installed (with demo data) from an
# older version of kanban_portal, holding what a live database holds (payment
# reports being verified and rejected, their sequence, Settings changed from
# their defaults, portal users, the documents' "payment reported" markers),
# is upgraded to this checkout with `-u kanban_portal`; nothing may be lost,
# and the new code must work on the old data. Stops by itself.
#
#   e2e/upgrade.sh [OLD_REVISION]      # default: KP_UPGRADE_FROM, else 2c750d8
#
# run-tests.sh runs it. OLD_REVISION is any git revision of this repository.
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
rev=${1:-${KP_UPGRADE_FROM:-2c750d8}}
kp_check_odoo
kp_start_pg
conf=$(kp_write_conf)
db="kp_upgrade_$$"
old="$KP_RUN/upgrade-from"
logs="$KP_RUN/logs"
mkdir -p "$logs"
rm -rf "$old"
mkdir -p "$old"
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || die "upgrade: no revision $rev in this repository"
git archive "$rev" kanban_portal | tar -x -C "$old"
kp_on_exit "kp_odoo db -c '$conf' drop '$db' >/dev/null 2>&1; rm -rf '$old'"
old_path=${ODOO_ADDONS_PATH//$KP_ROOT/$old}
snapshot="$logs/upgrade-snapshot.json"

log "upgrade: installing kanban_portal as of $rev (with demo data) on $db"
ODOO_ADDONS_PATH=$old_path kp_odoo -c "$conf" -d "$db" -i kanban_portal --with-demo --stop-after-init \
    >"$logs/upgrade-install.log" 2>&1 || { tail -30 "$logs/upgrade-install.log" >&2; die "upgrade: install of $rev failed"; }
ODOO_ADDONS_PATH=$old_path KP_UPGRADE_STEP=before KP_UPGRADE_SNAPSHOT=$snapshot \
    kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn <e2e/upgrade_data.py >"$logs/upgrade-before.log" 2>&1 || true
grep -q "^UPGRADE before" "$logs/upgrade-before.log" || { tail -30 "$logs/upgrade-before.log" >&2; die "upgrade: data step failed"; }
grep "^UPGRADE before" "$logs/upgrade-before.log" >&2

log "upgrade: -u kanban_portal with this checkout"
kp_odoo -c "$conf" -d "$db" -u kanban_portal --stop-after-init --log-level=info \
    >"$logs/upgrade.log" 2>&1 || { tail -30 "$logs/upgrade.log" >&2; die "upgrade: -u kanban_portal failed"; }
if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^[0-9-]+ [0-9:,]+ [0-9]+ WARNING .*kanban_portal' "$logs/upgrade.log" >&2; then
    die "upgrade: the log above has errors or warnings (full log: $logs/upgrade.log)"
fi
KP_UPGRADE_STEP=after KP_UPGRADE_SNAPSHOT=$snapshot \
    kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn <e2e/upgrade_data.py >"$logs/upgrade-after.log" 2>&1 || true
if ! grep -q "^UPGRADE ok" "$logs/upgrade-after.log"; then
    tail -40 "$logs/upgrade-after.log" >&2
    die "upgrade: data lost or broken after the upgrade"
fi
grep "^UPGRADE ok" "$logs/upgrade-after.log" >&2
