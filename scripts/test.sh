#!/usr/bin/env bash
# Run every test of the addon (and none of Odoo's own) in a throwaway database,
# then (on a full run) the multi-worker check on that database: Odoo started
# with --workers 2 must serve HTTP and the websocket (scripts/check_workers.sh),
# and read from a streaming replica of it (scripts/check_replica.sh),
# and the wheel check: pip builds odoo-addon-key_account_management with the
# right metadata (scripts/check_wheel.sh). A full run starts with the lint
# (scripts/lint.sh: ruff and pylint-odoo); each check counts as one test.
#   TEST_TAGS      Odoo test tags (default: /key_account_management), e.g.
#                  TEST_TAGS=/key_account_management:TestInstall.test_menu_visibility
#   CHECK_WORKERS  1: run the multi-worker check, 0: not (default: 1 on a full
#                  run, 0 when TEST_TAGS picks some tests)
#   CHECK_REPLICA  1: reads served by a PostgreSQL streaming replica, writes by
#                  the primary, with --workers 2 (scripts/check_replica.sh),
#                  0: not (same default)
#   CHECK_WHEEL    1: build the addon's wheel and check its metadata
#                  (scripts/check_wheel.sh), 0: not (same default)
#   CHECK_LINT     1: ruff and pylint-odoo over the addon (scripts/lint.sh),
#                  0: not (same default)
source "$(dirname "$0")/common.sh"

prepare
# kannel: bearerbox and smsbox; kannel-extras: fakesmsc, the SMSC of the Kannel tests
ensure_deb chromium:chromium wkhtmltopdf:wkhtmltopdf fc-list:fontconfig \
    bearerbox:kannel /usr/lib/kannel/test/fakesmsc:kannel-extras
fc-list :lang=zh | grep -q . || ensure_deb __no_such_cmd__:fonts-noto-cjk

TEST_TAGS="${TEST_TAGS:-/$MODULE}"
full=0; [ "$TEST_TAGS" = "/$MODULE" ] && full=1
CHECK_WORKERS="${CHECK_WORKERS:-$full}"
CHECK_REPLICA="${CHECK_REPLICA:-$full}"
CHECK_WHEEL="${CHECK_WHEEL:-$full}"
CHECK_LINT="${CHECK_LINT:-$full}"
db="kam_test_$(date +%s)_$$"
port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
log="$logdir/test-$db.log"
ln -sfn "$(basename "$log")" "$logdir/test.log"  # .tmp/test.log: the latest run

cleanup() {
    dropdb -U "$DB_USER" --if-exists "$db" >/dev/null 2>&1 || true
    rm -rf "$HOME/.local/share/Odoo/filestore/$db"
    # keep the logs of the last five runs
    { ls -1t "$logdir"/test-kam_test_*.log 2>/dev/null | tail -n +6 | xargs -r rm -f; } || true
}
trap cleanup EXIT

checks=()
if [ "$CHECK_LINT" = 1 ]; then
    # first: a minute's answer before the long run
    lint_rc=0
    bash "$PROJECT_DIR/scripts/lint.sh" || lint_rc=$?
    checks+=("lint: ruff and pylint-odoo (scripts/lint.sh)=$lint_rc")
fi
info "testing $MODULE in throwaway database $db (tags $TEST_TAGS); full log: $log"
start=$(date +%s)
set +e
odoo_bin -d "$db" -i "$MODULE" --without-demo \
    --test-tags "$TEST_TAGS" --stop-after-init \
    --http-port="$port" --gevent-port="$((port + 1))" --http-interface=127.0.0.1 \
    --log-level=info --max-cron-threads=0 > "$log" 2>&1
odoo_rc=$?
set -e
info "odoo finished in $(( $(date +%s) - start ))s (exit $odoo_rc)"
if [ "$CHECK_WORKERS" = 1 ]; then
    # the test database has the addon installed: the check reuses it
    workers_rc=0
    bash "$PROJECT_DIR/scripts/check_workers.sh" "$db" || workers_rc=$?
    checks+=("multi-worker server (scripts/check_workers.sh)=$workers_rc")
fi
if [ "$CHECK_REPLICA" = 1 ]; then
    # the same database: read from a streaming replica of it
    replica_rc=0
    bash "$PROJECT_DIR/scripts/check_replica.sh" "$db" || replica_rc=$?
    checks+=("reads from a PostgreSQL replica (scripts/check_replica.sh)=$replica_rc")
fi
if [ "$CHECK_WHEEL" = 1 ]; then
    wheel_rc=0
    bash "$PROJECT_DIR/scripts/check_wheel.sh" || wheel_rc=$?
    checks+=("wheel odoo-addon-$MODULE (scripts/check_wheel.sh)=$wheel_rc")
fi
set +e
"$PY" "$PROJECT_DIR/scripts/test_report.py" "$log" ${checks[@]+"${checks[@]}"}
rc=$?
set -e
if [ "$rc" = 0 ] && [ "$odoo_rc" != 0 ]; then
    echo "odoo exited with status $odoo_rc; see $log"
    rc=1
fi
exit "$rc"
