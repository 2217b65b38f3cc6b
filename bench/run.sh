#!/usr/bin/env bash
# Print speed and memory figures of the addon's hot paths (not a test): a
# throwaway database gets the addon and the data set of bench/dataset.py,
# then every other bench/*.py script runs on it and prints its figures.
#   BENCH_ACCOUNTS  key accounts of the data set (default 20000; the rest scales with it)
#   BENCH_ONLY      run only the parts whose name contains it: the bench/*.py
#                   scripts (e.g. workbook) and "install" (bench/install.sh:
#                   install time into a bare zh_CN database, no data set needed)
#   BENCH_KEEP      1: keep the database afterwards (its name is printed), e.g. to profile
#   BENCH_RERUNS    0: bench/jobs.py leaves out the next-day reruns of the jobs
source "$(dirname "$0")/../scripts/common.sh"

prepare
if [ -z "${BENCH_ONLY:-}" ] || [[ install == *"$BENCH_ONLY"* ]]; then
    info "bench/install.sh"
    bash "$PROJECT_DIR/bench/install.sh" || die "bench/install.sh failed"
    # nothing else asked for: no data set to build
    if [ -n "${BENCH_ONLY:-}" ] && ! ls "$PROJECT_DIR"/bench/*"$BENCH_ONLY"*.py >/dev/null 2>&1; then
        exit 0
    fi
fi
db="kam_bench_$(date +%s)_$$"
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] && { info "kept database $db"; return; }; dropdb -U "$DB_USER" --if-exists "$db" >/dev/null 2>&1 || true; rm -rf "$HOME/.local/share/Odoo/filestore/$db"; }
trap cleanup EXIT
info "installing $MODULE in $db (log: $logdir/bench.log)"
odoo_bin -d "$db" -i "$MODULE" --stop-after-init --no-http > "$logdir/bench.log" 2>&1 \
    || die "install failed; see $logdir/bench.log"
args=()
mapfile -t args < <(odoo_args)
shell() { "$PY" "$ODOO_SRC/odoo-bin" shell "${args[@]}" -d "$db" --no-http --log-level=warn < "$1"; }
info "making the data set (BENCH_ACCOUNTS=${BENCH_ACCOUNTS:-20000})"
shell "$PROJECT_DIR/bench/dataset.py" || die "making the data set failed"
for script in "$PROJECT_DIR"/bench/*.py; do
    [ "$(basename "$script")" = dataset.py ] && continue
    [ -n "${BENCH_ONLY:-}" ] && [[ "$(basename "$script")" != *"$BENCH_ONLY"* ]] && continue
    info "bench/$(basename "$script")"
    shell "$script" || die "bench/$(basename "$script") failed"
done
