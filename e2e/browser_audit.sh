#!/usr/bin/env bash
# In the real Chromium, on the demo data in Spanish: an axe-core audit of the
# portal overview, a group page, a document page with comments, the payment
# report form and the grant-access wizard, at desktop and phone width (fails
# on any critical or serious violation, prints the count of the others), and
# the README's screenshots (docs/screenshots/), taken by the script, not by hand.
# Database kp_audit (fresh each run); loopback only; stops by itself.
#
#   e2e/browser_audit.sh              # KP_AUDIT_SCREENSHOTS=0 skips writing the screenshots
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
cd "$KP_ROOT"
db=${KP_AUDIT_DB:-kp_audit}
port=${KP_AUDIT_PORT:-8081}
kp_check_odoo
kp_ensure_tools
command -v node >/dev/null || die "Node.js is needed for the audit (playwright-core and axe-core run on it)"
kp_start_pg
conf=$(kp_write_conf)
mkdir -p "$KP_RUN/logs" "$KP_RUN/node"
if [ ! -f "$KP_RUN/node/node_modules/axe-core/axe.min.js" ] || [ ! -d "$KP_RUN/node/node_modules/playwright-core" ]; then
    log "installing playwright-core and axe-core (npm) into $KP_RUN/node"
    (cd "$KP_RUN/node" && npm init -y >/dev/null && npm install --no-audit --no-fund playwright-core@1.65 axe-core@4.11 >/dev/null) \
        || die "npm install failed"
fi
kp_odoo db -c "$conf" drop "$db" >/dev/null 2>&1 || true
log "creating $db with demo data and Spanish"
kp_odoo -c "$conf" -d "$db" -i kanban_portal --with-demo --load-language=es_419 --stop-after-init \
    >"$KP_RUN/logs/audit-install.log" 2>&1 || die "install failed (log: $KP_RUN/logs/audit-install.log)"
kp_odoo shell -c "$conf" -d "$db" --no-http --log-level=warn < e2e/browser_audit_data.py 2>&1 \
    | grep -v "^Running as user" || die "audit data failed"
kp_serve "$db" "$port" "$KP_RUN/logs/audit-server.log" --workers=0
NODE_PATH="$KP_RUN/node/node_modules" KP_AUDIT_SCREENSHOTS=${KP_AUDIT_SCREENSHOTS:-1} \
    node e2e/browser_audit.cjs "http://127.0.0.1:$port" "$KP_ROOT/docs/screenshots"
