# shellcheck shell=bash
# Shared helpers of run-demo.sh, run-tests.sh, tools/odoo_tests.sh and the
# scripts of benchmarks/ and e2e/. Sourced, never executed.
#
# Everything the project starts lives under $KP_RUN (default: .run/ in the
# checkout, git-ignored): the PostgreSQL cluster, Odoo's filestore, logs and
# the generated odoo.conf.
set -euo pipefail

KP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KP_RUN=${KP_RUN:-$KP_ROOT/.run}
PYTHON=${PYTHON:-python3}
KP_PG_PORT=${KP_PG_PORT:-54329}
KP_HTTP_PORT=${KP_HTTP_PORT:-8069}

log() { printf '\033[1m[kanban_portal]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[kanban_portal] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# --- cleanup on exit --------------------------------------------------------
# One EXIT trap for the script and these helpers: a `trap ... EXIT` would
# replace the one set before it, so register cleanup commands with
# `kp_on_exit "command"` instead. They run last registered first, each even if
# another failed; the script's exit status stays its own.
declare -p KP_ON_EXIT_COMMANDS >/dev/null 2>&1 || KP_ON_EXIT_COMMANDS=()
kp_on_exit() { KP_ON_EXIT_COMMANDS+=("$1"); }
kp_run_on_exit() {
    local i
    for ((i = ${#KP_ON_EXIT_COMMANDS[@]} - 1; i >= 0; i--)); do
        eval "${KP_ON_EXIT_COMMANDS[i]}" || true
    done
}
trap kp_run_on_exit EXIT

# --- Odoo ------------------------------------------------------------------
kp_check_odoo() {
    command -v "$PYTHON" >/dev/null 2>&1 || die "Python interpreter '$PYTHON' not found (set PYTHON=/path/to/python3)."
    local version
    if ! version=$("$PYTHON" -c 'import odoo.release as r; print(r.major_version)' 2>/dev/null); then
        die "Odoo is not importable from $PYTHON ('import odoo' failed).
  kanban_portal is an addon: it needs Odoo 19.0 Community installed in that Python.
  Install Odoo 19.0 Community from its source (its requirements.txt, then the source itself,
  e.g. 'pip install -e <odoo-19-source>'), or point PYTHON=... at a Python that has it.
  Odoo's standard addons folder (account, portal, ...) is found beside the odoo package;
  otherwise set ODOO_ADDONS_PATH=/path/to/odoo-source/addons."
    fi
    [ "$version" = "19.0" ] || die "Found Odoo $version in $PYTHON, but kanban_portal needs Odoo 19.0."
    if [ -z "${ODOO_ADDONS_PATH:-}" ]; then
        ODOO_ADDONS_PATH=$("$PYTHON" - <<'PY'
import os, odoo
found = []
for p in odoo.__path__:
    for cand in (os.path.join(os.path.dirname(p), 'addons'), os.path.join(p, 'addons')):
        if os.path.isfile(os.path.join(cand, 'account', '__manifest__.py')):
            found.append(cand)
print(found[0] if found else '')
PY
)
        [ -n "$ODOO_ADDONS_PATH" ] || die "Odoo 19 is installed, but its standard addons (account, portal...) were not found beside the odoo package.
  Set ODOO_ADDONS_PATH=/path/to/odoo-19-source/addons."
    fi
    [ -f "${ODOO_ADDONS_PATH%%,*}/portal/__manifest__.py" ] || die "ODOO_ADDONS_PATH=$ODOO_ADDONS_PATH does not contain Odoo's 'portal' addon."
    case ",$ODOO_ADDONS_PATH," in *",$KP_ROOT,"*) ;; *) ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$KP_ROOT" ;; esac
    # Odoo itself reads ODOO_ADDONS_PATH (over its config file): keep it whole.
    export ODOO_ADDONS_PATH
}

# Odoo's launcher: the "odoo" script installed beside this Python, else
# odoo-bin beside the odoo package; "python -m odoo" as the last resort (it
# cannot respawn its gevent worker with --workers).
kp_find_odoo_bin() {
    "$PYTHON" - <<'PY'
import os, sys, odoo
for cand in [os.path.join(os.path.dirname(sys.executable), "odoo")] + [
    os.path.join(os.path.dirname(p), "odoo-bin") for p in odoo.__path__
]:
    if os.path.isfile(cand):
        print(cand)
        break
PY
}
kp_odoo() {
    [ -n "${KP_ODOO_BIN:-}" ] || KP_ODOO_BIN=$(kp_find_odoo_bin)
    if [ -n "$KP_ODOO_BIN" ]; then "$PYTHON" "$KP_ODOO_BIN" "$@"; else "$PYTHON" -m odoo "$@"; fi
}

# --- the project's own tools (PyPI + Debian), idempotent --------------------
kp_ensure_tools() {
    if ! "$PYTHON" -c 'import pytest_odoo, websocket, pylint_odoo, ruff, aiosmtpd' >/dev/null 2>&1; then
        log "installing the project's Python tools (requirements-dev.txt)"
        "$PYTHON" -m pip install -q --disable-pip-version-check -r "$KP_ROOT/requirements-dev.txt" \
            || die "pip could not install requirements-dev.txt"
    fi
    local missing=()
    command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            log "installing ${missing[*]} from Debian"
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
                || die "apt-get could not install ${missing[*]}"
        else
            die "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]})."
        fi
    fi
}

# --- PostgreSQL ------------------------------------------------------------
# Uses the server given by PGHOST/PGPORT/PGUSER when KP_DB_HOST is set;
# otherwise runs a project-local cluster on 127.0.0.1:$KP_PG_PORT.
kp_pg_bindir() {
    local d
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/pg_ctl" ]; then
        pg_config --bindir; return
    fi
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    done
    d=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")
    [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    die "PostgreSQL server binaries (pg_ctl, initdb) not found. Debian: apt-get install postgresql."
}

kp_start_pg() {
    if [ -n "${KP_DB_HOST:-}" ]; then
        DB_HOST=$KP_DB_HOST; DB_PORT=${KP_DB_PORT:-5432}; DB_USER=${KP_DB_USER:-odoo}; DB_PASSWORD=${KP_DB_PASSWORD:-}
        export PGHOST=$DB_HOST PGPORT=$DB_PORT PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD
        unset PGDATABASE
        return
    fi
    DB_HOST=127.0.0.1; DB_PORT=$KP_PG_PORT; DB_USER=odoo; DB_PASSWORD=
    # Odoo reads PG* variables over its config file: make them agree with it.
    export PGHOST=$DB_HOST PGPORT=$DB_PORT PGUSER=$DB_USER
    unset PGPASSWORD PGDATABASE
    local bindir pgdata="$KP_RUN/pgdata" as=()
    bindir=$(kp_pg_bindir)
    mkdir -p "$KP_RUN"
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: run the cluster as an unprivileged user.
        local pguser=${KP_PG_OS_USER:-postgres}
        id "$pguser" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$pguser"
        if ! runuser -u "$pguser" -- test -x "$KP_RUN" 2>/dev/null; then
            # the checkout lies under a folder that user cannot enter (e.g. /root)
            pgdata="/var/tmp/kanban_portal-pg-$(printf '%s' "$KP_ROOT" | md5sum | cut -c1-10)"
        fi
        as=(runuser -u "$pguser" --)
        mkdir -p "$pgdata"; chown "$pguser" "$pgdata"; chmod 700 "$pgdata"
    else
        mkdir -p "$pgdata"; chmod 700 "$pgdata"
    fi
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        log "creating a project-local PostgreSQL cluster in $pgdata"
        "${as[@]}" "$bindir/initdb" -D "$pgdata" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$KP_RUN/initdb.log" 2>&1 \
            || { cat "$KP_RUN/initdb.log" >&2; die "initdb failed"; }
    fi
    if "${as[@]}" "$bindir/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        return
    fi
    log "starting PostgreSQL on 127.0.0.1:$DB_PORT"
    "${as[@]}" "$bindir/pg_ctl" -D "$pgdata" -w -t 60 -l "$pgdata/server.log" \
        -o "-p $DB_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=200" start >/dev/null \
        || { tail -20 "$pgdata/server.log" >&2; die "PostgreSQL did not start (port $DB_PORT busy? set KP_PG_PORT)"; }
}

# The connection values reach Python through libpq's environment variables,
# never pasted into its code.
kp_psql_db_exists() {
    PGHOST=$DB_HOST PGPORT=$DB_PORT PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD "$PYTHON" - "$1" <<'PY'
import os, sys, psycopg2
conn = psycopg2.connect(
    host=os.environ["PGHOST"], port=os.environ["PGPORT"], user=os.environ["PGUSER"],
    password=os.environ["PGPASSWORD"] or None, dbname="postgres",
)
cur = conn.cursor()
cur.execute("SELECT 1 FROM pg_database WHERE datname=%s", (sys.argv[1],))
sys.exit(0 if cur.fetchone() else 1)
PY
}

# odoo.conf for the given database
kp_write_conf() {
    local conf="$KP_RUN/odoo.conf"
    mkdir -p "$KP_RUN/data"
    cat >"$conf" <<CONF
[options]
addons_path = $ODOO_ADDONS_PATH
data_dir = $KP_RUN/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
${DB_PASSWORD:+db_password = $DB_PASSWORD
}http_interface = 127.0.0.1
http_port = $KP_HTTP_PORT
list_db = False
max_cron_threads = 1
CONF
    echo "$conf"
}

# For the scripts of benchmarks/ and e2e/: database $1 with
# kanban_portal, installed (without demo data) the first time, upgraded after;
# the log goes to $KP_RUN/logs/$2.log. Needs $conf (kp_write_conf).
kp_bench_db() {
    local db=$1 log_file="$KP_RUN/logs/$2.log" action=-u
    mkdir -p "$KP_RUN/logs"
    if ! kp_psql_db_exists "$db"; then
        log "creating $db with kanban_portal (no demo data)"
        action=-i
    fi
    kp_odoo -c "$conf" -d "$db" "$action" kanban_portal --stop-after-init >"$log_file" 2>&1 \
        || die "install or upgrade of $db failed (log: $log_file)"
}

# For the benchmarks of one customer with KP_BENCH_DOCS (10,000) documents:
# database $1 as kp_bench_db makes it, with that customer and their documents
# (benchmarks/bench_grouped_data.py: created on the first run, then reused).
# Needs $conf.
kp_bench_customer_db() {
    kp_bench_db "$1" bench-install
    log "bench data (${KP_BENCH_DOCS:-10000} documents; first run takes minutes)"
    KP_BENCH_DOCS=${KP_BENCH_DOCS:-10000} kp_odoo shell -c "$conf" -d "$1" --no-http --log-level=warn \
        < "$KP_ROOT/benchmarks/bench_grouped_data.py" 2>&1 | grep -v "^Running as user" || die "bench data failed"
}

# wkhtmltopdf fetches a report's stylesheets and fonts from report.url (else
# web.base.url): point it at the server a script starts, or its PDFs come out
# unstyled, and faster than anybody's. The URL reaches the shell's code through
# the environment.
kp_report_url() {
    echo "import os; env['ir.config_parameter'].sudo().set_param('report.url', os.environ['KP_REPORT_URL']); env.cr.commit()" \
        | KP_REPORT_URL=$2 kp_odoo shell -c "$conf" -d "$1" --no-http --log-level=warn 2>&1 | { grep -v "^Running as user" || true; }
}

# Odoo on 127.0.0.1:$2 for database $1 in the background, logging to $3, with
# any further Odoo options; stopped when the script exits (kp_on_exit: each
# server a script starts); returns once it answers, its process id in
# KP_SERVER_PID. Needs $conf.
kp_serve() {
    local db=$1 port=$2 logfile=$3
    shift 3
    : >"$logfile"
    "$PYTHON" "$(kp_find_odoo_bin)" -c "$conf" -d "$db" --db-filter="^$db\$" --http-interface=127.0.0.1 \
        -p "$port" --max-cron-threads=0 --logfile="$logfile" "$@" &
    KP_SERVER_PID=$!
    kp_on_exit "kill $KP_SERVER_PID 2>/dev/null; wait $KP_SERVER_PID 2>/dev/null"
    for _ in $(seq 90); do
        curl -sf "http://127.0.0.1:$port/web/login" >/dev/null 2>&1 && return
        sleep 1
    done
    die "Odoo did not answer on port $port (log: $logfile)"
}
