#!/usr/bin/env bash
# Print speed and memory figures of the addon's hot paths (not a test).
#   BENCH_ACCOUNTS  accounts to create (default 5000)
source "$(dirname "$0")/../scripts/common.sh"

prepare
db="kam_bench_$(date +%s)_$$"
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
cleanup() { dropdb -U "$DB_USER" --if-exists "$db" >/dev/null 2>&1 || true; rm -rf "$HOME/.local/share/Odoo/filestore/$db"; }
trap cleanup EXIT
info "installing $MODULE in $db (log: $logdir/bench.log)"
odoo_bin -d "$db" -i "$MODULE" --stop-after-init --no-http > "$logdir/bench.log" 2>&1 \
    || die "install failed; see $logdir/bench.log"
args=()
mapfile -t args < <(odoo_args)
"$PY" "$ODOO_SRC/odoo-bin" shell "${args[@]}" -d "$db" --no-http --log-level=warn \
    < "$PROJECT_DIR/bench/key_accounts.py"
"$PY" "$ODOO_SRC/odoo-bin" shell "${args[@]}" -d "$db" --no-http --log-level=warn < "$PROJECT_DIR/bench/access_rules.py"
