#!/usr/bin/env bash
# Prove that Odoo's multi-process server runs with the venv: start it with
# --workers 2 on free ports, see its HTTP workers answer and its gevent
# process (the websocket bus behind Discuss, live chatter and notifications)
# answer a ping on /websocket, and find no crash in its log (e.g. gevent's
# "No module named 'pkg_resources'"). Stops the server at the end.
#   check_workers.sh [DB]  DB: a database with the addon installed, reused
#                          as it is (make test passes its own); without it, a
#                          throwaway database is made and dropped at the end.
# Exits 0 when the server answered and logged no error, 1 otherwise.
source "$(dirname "$0")/common.sh"

prepare
db="${1:-}"
own_db=""
if [ -z "$db" ]; then
    db="kam_workers_$(date +%s)_$$"
    own_db=1
fi
http_port="$(free_port)"
gevent_port="$(free_port)"
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
log="$logdir/check-workers.log"
server_pid=""

cleanup() {
    stop_server "$server_pid"
    if [ -n "$own_db" ]; then drop_throwaway "$db"; fi
}
trap cleanup EXIT

if [ -n "$own_db" ]; then install_throwaway "$db" "$logdir/check-workers-install.log"; fi

start=$(date +%s)
info "odoo --workers 2 on $db: http port $http_port, websocket port $gevent_port (log: $log)"
mapfile -t args < <(odoo_args)
"$PY" "$ODOO_SRC/odoo-bin" "${args[@]}" -d "$db" --db-filter="^$db\$" --workers=2 --max-cron-threads=0 \
    --http-interface=127.0.0.1 --http-port="$http_port" --gevent-port="$gevent_port" --log-level=info \
    > "$log" 2>&1 &
server_pid=$!

rc=0
"$PY" "$PROJECT_DIR/scripts/websocket_probe.py" "$http_port" "$gevent_port" 120 "$log" || rc=1
# what the workers and the gevent process logged while answering
errors="$(grep -E ' (ERROR|CRITICAL) |Traceback|pkg_resources' "$log" || true)"
if [ -n "$errors" ]; then
    printf '%s\n' "$errors" | awk '!seen[$0]++' | head -n 20
    rc=1
fi
if [ "$rc" != 0 ]; then
    echo "FAILED: odoo --workers 2 did not serve its websocket cleanly; see $log"
    exit 1
fi
echo "OK: odoo --workers 2 served HTTP and the websocket in $(( $(date +%s) - start ))s"
