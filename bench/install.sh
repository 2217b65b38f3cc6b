#!/usr/bin/env bash
# Install time of the addon as an administrator meets it in Apps: a bare
# Chinese database (base and zh_CN only, no demo data), then the addon with
# every module it pulls in, their Chinese included. In a second copy of the
# same bare database the dependencies are installed first, then the addon
# alone: its own share, measured by itself rather than as a difference of
# two noisy totals. Run by bench/run.sh (BENCH_ONLY=install make bench);
# prints seconds, the peak memory of each Odoo process (its maximum resident
# set size) and Odoo's own log line for the addon; then the upgrade of the
# installed addon (-u), as an administrator's upgrade meets it.
#   BENCH_INSTALL_PARTNERS  partners already in the database (default 0; e.g.
#                        100000: a CRM in use, a fifth companies, some of them
#                        subsidiaries, the rest their contacts)
#   BENCH_INSTALL_LIMIT  seconds the whole install may take before this
#                        prints a warning (default 60: half of Odoo's
#                        120 s request limit, which an install from Apps
#                        must finish within even on a busy server)
source "$(dirname "$0")/../scripts/common.sh"

prepare
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
stamp="$(date +%s)_$$"
bare="kam_bench_bare_$stamp"
deps_db="kam_bench_deps_$stamp"
full_db="kam_bench_full_$stamp"
cleanup_install() {
    for db in "$bare" "$deps_db" "$full_db"; do
        dropdb -U "$DB_USER" --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "$HOME/.local/share/Odoo/filestore/$db"
    done
}
trap cleanup_install EXIT

# the addon's direct dependencies, from its manifest
deps="$("$PY" -c 'import ast, sys; print(",".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))' \
    "$PROJECT_DIR/__manifest__.py")"

info "bare zh_CN database (base only; not timed)"
odoo_bin -d "$bare" -i base --load-language=zh_CN --without-demo --stop-after-init --no-http \
    --max-cron-threads=0 > "$logdir/bench-install-bare.log" 2>&1 \
    || die "creating the bare database failed; see $logdir/bench-install-bare.log"
partners="${BENCH_INSTALL_PARTNERS:-0}"
if [ "$partners" -gt 0 ]; then
    info "adding $partners partners to the bare database"
    psql -U "$DB_USER" -d "$bare" -qAt -v companies="$(( partners / 5 ))" >/dev/null <<'SQL' || die "adding partners failed"
INSERT INTO res_partner (name, complete_name, is_company, active, type, city, phone, street, create_date, write_date)
SELECT 'Company ' || g, 'Company ' || g, true, true, 'contact', 'Hangzhou', '0571-' || g, 'Road ' || g, now(), now()
  FROM generate_series(1, :companies) g;
-- every tenth company a subsidiary of the one before
UPDATE res_partner c SET parent_id = p.id
  FROM res_partner p
 WHERE c.name LIKE 'Company %' AND substr(c.name, 9)::int % 10 = 0
   AND p.name = 'Company ' || (substr(c.name, 9)::int - 1);
INSERT INTO res_partner (name, complete_name, is_company, active, type, parent_id, create_date, write_date)
SELECT 'Contact ' || k, p.name || ', Contact ' || k, false, true, 'contact', p.id, now(), now()
  FROM res_partner p, generate_series(1, 4) k
 WHERE p.name LIKE 'Company %';
UPDATE res_partner SET commercial_partner_id = CASE WHEN is_company THEN id ELSE parent_id END
 WHERE commercial_partner_id IS NULL;
SQL
fi
createdb -U "$DB_USER" -T "$bare" "$deps_db"
createdb -U "$DB_USER" -T "$bare" "$full_db"

# "seconds peak-MB" of one Odoo run (-i or -u) on a database: the peak is the
# largest resident set of the Odoo process, as the kernel counted it
timed_odoo() {
    local db="$1" flag="$2" modules="$3" log="$4" args=()
    mapfile -t args < <(odoo_args)
    "$PY" - "$log" "$PY" "$ODOO_SRC/odoo-bin" "${args[@]}" -d "$db" "$flag" "$modules" \
        --without-demo --stop-after-init --no-http --max-cron-threads=0 --log-level=info <<'PY' \
        || die "odoo $flag $modules failed; see $log"
import resource, subprocess, sys, time
log, command = sys.argv[1], sys.argv[2:]
start = time.monotonic()
with open(log, 'w') as out:
    rc = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT)
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{elapsed:.1f} {peak:.0f}")
sys.exit(rc)
PY
}
timed_install() { timed_odoo "$1" -i "$2" "$3"; }

info "installing $MODULE with its dependencies"
full_s="$(timed_install "$full_db" "$MODULE" "$logdir/bench-install-full.log")"
info "installing the dependencies alone ($deps)"
deps_s="$(timed_install "$deps_db" "$deps" "$logdir/bench-install-deps.log")"
info "installing $MODULE alone, over its dependencies"
own_s="$(timed_install "$deps_db" "$MODULE" "$logdir/bench-install-own.log")"
info "upgrading $MODULE (-u) in the database it was installed in"
upgrade_s="$(timed_odoo "$full_db" -u "$MODULE" "$logdir/bench-install-upgrade.log")"
modules="$(grep -c 'Loading module .* ([0-9]*/[0-9]*)' "$logdir/bench-install-full.log" || true)"
load="$(cut -d' ' -f1-3 /proc/loadavg)"

printf '\nInstall into a bare zh_CN database (no demo data, %s partners added), load average %s on %s cores:\n' \
    "$partners" "$load" "$(nproc)"
row() { printf '  %-50s %7s s   peak RSS %5s MB\n' "$1" ${2% *} ${2#* }; }
row "$MODULE with its dependencies" "$full_s"
row "the dependencies alone" "$deps_s"
row "$MODULE alone, over its dependencies" "$own_s"
row "upgrade of $MODULE (-u), same database" "$upgrade_s"
printf '  (%s modules loaded; logs: %s/bench-install-{full,deps,own,upgrade}.log)\n' "$modules" "$logdir"
# Odoo logs "Module X loaded in N s" for each module it installs
printf '\nThe addon in Odoo'"'"'s log:\n'
grep -hE "Module $MODULE loaded in" "$logdir/bench-install-full.log" "$logdir/bench-install-own.log" \
    | sed -E 's/^.*odoo\.modules\.loading: /  /' || true
if "$PY" -c 'import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)' \
        "${full_s% *}" "${BENCH_INSTALL_LIMIT:-60}"; then
    printf '\nWARNING: the install took more than %s s: an install from Apps on a busy server may pass Odoo'"'"'s 120 s request limit.\n' \
        "${BENCH_INSTALL_LIMIT:-60}"
fi
