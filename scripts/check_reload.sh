#!/usr/bin/env bash
# Prove that `make run` survives Odoo's own reload: start `make run` on a free
# port with a throwaway database, wait until it serves, send SIGHUP (Odoo then
# re-executes itself, as after a request past the real-time limit), and check
# that the same process serves again from a second start. Stops the server and
# drops the database at the end. Exits 0 when it survived, 1 otherwise.
#   KAM_DEMO  passed to make run (default 0: no demo data, a quicker install)
source "$(dirname "$0")/common.sh"

prepare
export KAM_DB="kam_reload_$(date +%s)_$$"
export KAM_PORT
KAM_PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export KAM_DEMO="${KAM_DEMO:-0}"
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
log="$logdir/check-reload.log"
url="http://127.0.0.1:$KAM_PORT/web/health"
make_pid=""

odoo_pid() { pgrep -P "$make_pid" -f odoo-bin | head -n 1; }
started() { grep -c 'HTTP service (werkzeug) running' "$log" || true; }
serving() { curl -fsS -m 5 "$url" >/dev/null 2>&1; }

cleanup() {
    local pid
    if [ -n "$make_pid" ] && kill -0 "$make_pid" 2>/dev/null; then
        pid="$(odoo_pid || true)"
        [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 30); do kill -0 "$make_pid" 2>/dev/null || break; sleep 1; done
        kill -0 "$make_pid" 2>/dev/null && { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; kill -TERM "$make_pid" 2>/dev/null; }
    fi
    dropdb -U "$DB_USER" --if-exists "$KAM_DB" >/dev/null 2>&1 || true
    rm -rf "$HOME/.local/share/Odoo/filestore/$KAM_DB" "$logdir/$KAM_DB.stamp"
}
trap cleanup EXIT

# wait_for COUNT SECONDS: until COUNT starts are logged and the server answers
wait_for() {
    local deadline=$(( $(date +%s) + $2 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        kill -0 "$make_pid" 2>/dev/null || return 1
        if [ "$(started)" -ge "$1" ] && serving; then
            return 0
        fi
        sleep 2
    done
    return 1
}

info "make run on port $KAM_PORT with database $KAM_DB (log: $log)"
(cd "$PROJECT_DIR" && exec make run) > "$log" 2>&1 &
make_pid=$!
if ! wait_for 1 900; then
    tail -n 20 "$log" >&2
    echo "FAILED: make run did not serve on port $KAM_PORT"
    exit 1
fi
pid="$(odoo_pid)"
info "serving (pid $pid); sending SIGHUP"
kill -HUP "$pid"
if ! wait_for 2 180; then
    tail -n 20 "$log" >&2
    echo "FAILED: make run did not come back after SIGHUP"
    exit 1
fi
[ "$(odoo_pid)" = "$pid" ] || { echo "FAILED: another process serves (pid $(odoo_pid), expected $pid)"; exit 1; }
info "serving again after the reload (pid $pid, $(started) starts in the log)"
echo "OK: make run survived a reload"
