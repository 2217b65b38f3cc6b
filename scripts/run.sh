#!/usr/bin/env bash
# Install (or upgrade) the demo database and serve the app.
#   KAM_DB    database name (default kam_demo)
#   KAM_PORT  HTTP port (default 8069)
#   KAM_DEMO  1 (default): a new database gets the demo data and Chinese;
#             0: the addon alone (quicker, e.g. for scripts/check_reload.sh)
#   KAM_WORKERS  number of HTTP worker processes (default 0: one threaded
#             process, for development); in production about 2 x cores + 1
#             (docs/system-administrators.md, "Scale-out")
source "$(dirname "$0")/common.sh"

KAM_WORKERS="${KAM_WORKERS:-0}"
[[ "$KAM_WORKERS" =~ ^[0-9]+$ ]] \
    || die "KAM_WORKERS=$KAM_WORKERS is not a number of workers: use e.g. 'KAM_WORKERS=5 make run' (0: threaded)."

prepare
ensure_deb wkhtmltopdf:wkhtmltopdf

if "$PY" - "$KAM_PORT" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("0.0.0.0", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
then
    die "port $KAM_PORT is taken (another Odoo running?): stop it or run 'KAM_PORT=8070 make run'."
fi

exists="$(psql -U "$DB_USER" -d postgres -Atqc "select 1 from pg_database where datname = '$KAM_DB'" || true)"
installed=""
if [ "$exists" = 1 ]; then
    installed="$(psql -U "$DB_USER" -d "$KAM_DB" -Atqc \
        "select 1 from ir_module_module where name = '$MODULE' and state = 'installed'" 2>/dev/null || true)"
fi
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
if [ "$installed" = 1 ]; then
    # Upgrade only when a file of the addon changed since the last run.
    stamp="$logdir/$KAM_DB.stamp"
    changed="$(find "$PROJECT_DIR" \( -path "$VENV" -o -path "$logdir" -o -path "$PROJECT_DIR/.git" \
        -o -path "$PROJECT_DIR/.addons" \) -prune -o -type f -newer "$stamp" -print 2>/dev/null | head -n 1)"
    if [ ! -f "$stamp" ] || [ -n "$changed" ]; then
        info "upgrading $MODULE in $KAM_DB (log: $logdir/run-upgrade.log)"
        odoo_bin -d "$KAM_DB" -u "$MODULE" --stop-after-init --no-http \
            > "$logdir/run-upgrade.log" 2>&1 || die "upgrading $MODULE failed; see $logdir/run-upgrade.log"
        touch "$stamp"
    fi
else
    [ "$exists" = 1 ] && info "database $KAM_DB exists without $MODULE; installing it there"
    demo=(--with-demo --load-language=zh_CN)
    [ "${KAM_DEMO:-1}" = 0 ] && demo=(--without-demo)
    info "creating $KAM_DB with $MODULE ${demo[*]} (a few minutes; log: $logdir/run-install.log)"
    odoo_bin -d "$KAM_DB" -i "$MODULE" "${demo[@]}" --stop-after-init --no-http \
        > "$logdir/run-install.log" 2>&1 \
        || die "installing $MODULE failed; see $logdir/run-install.log"
    touch "$logdir/$KAM_DB.stamp"
fi

# wkhtmltopdf fetches the PDFs' styles from web.base.url, which Odoo sets
# only when the administrator logs in (default http://localhost:8069): point
# it at this server, or the PDFs the demo users print come out unstyled
# (no margins, narrow tables). A frozen URL (web.base.url.freeze) is kept.
psql -U "$DB_USER" -d "$KAM_DB" -qAtc "
    UPDATE ir_config_parameter SET value = 'http://localhost:$KAM_PORT'
     WHERE key = 'web.base.url'
       AND NOT EXISTS (SELECT 1 FROM ir_config_parameter
                        WHERE key = 'web.base.url.freeze' AND value = 'True')" >/dev/null \
    || die "could not set web.base.url in $KAM_DB"

cat <<MSG

  Key Account Management is serving at http://localhost:$KAM_PORT
  Database: $KAM_DB
  Workers: $KAM_WORKERS (0: one threaded process; KAM_WORKERS=5 make run for five)
  Logins (password = login):
    admin      administrator (Key Accounts administrator)
    kam_head   赵敏, head of the key-account department (all accounts)
    zhangwei   张伟, account manager of 华东能源集团
    lina       李娜, account manager
    wangqiang  王强, account manager
    chenjing   陈静, account manager in 杭州 (targets demo)
    sunlei     孙磊, account manager in 宁波 (targets demo)
    kam_province  钱峰, provincial head: second approval of larger discounts
    zhoujie    周杰, region head of 杭州市 (also the accounts of 杭州 and its districts)
    chengang   陈刚, network operations (department work only)
    lintao     林涛, IT support centre (department work only)
  Portal (http://localhost:$KAM_PORT/my):
    east_energy_it   刘洋, IT director of 华东能源集团 (sees the whole group)
    east_gas_clerk   吴芳, office clerk of 华东燃气 (sees her company only)
    agent_hz         钱志远, service lead of the agent 杭州联通达 (the accounts it serves)
  Stop with Ctrl+C.

MSG
# Odoo reloads itself (SIGHUP, a request past the real-time limit, some
# settings) by exec'ing sys.executable with argv[0] = "python": Python then
# looks "python" up on PATH to find its prefix, so the venv's bin must come
# first or the new process starts outside the venv and dies on its imports.
export PATH="$VENV/bin:$PATH"
exec "$PY" "$ODOO_SRC/odoo-bin" $(odoo_args | tr '\n' ' ') -d "$KAM_DB" --db-filter="^$KAM_DB\$" \
    --http-port="$KAM_PORT" --gevent-port="$((KAM_PORT + 3))" --workers="$KAM_WORKERS"
