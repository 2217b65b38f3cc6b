#!/usr/bin/env bash
# Prove that Odoo serves the addon's reads from a PostgreSQL streaming
# replica and its writes from the primary: a second PostgreSQL cluster is
# made on a free port as a hot standby of the local one (pg_basebackup -R),
# Odoo is started with --workers 2 --db_replica_host/--db_replica_port, and
# scripts/replica_probe.py logs in as the administrator and as a portal user,
# writes, reads the portal pages, the home counters and a list
# (search_read), and checks where each request was served (Odoo's request
# log: ro/rw) and what the replica ran (its statement log). The replica
# cluster and the server are removed at the end.
#   check_replica.sh [DB]  DB: a database with the addon installed, reused
#                          as it is (make test passes its own); without it, a
#                          throwaway database is made and dropped at the end.
# The primary must let DB_USER stream (a superuser or a REPLICATION role):
# the script adds "local replication DB_USER trust" to its pg_hba.conf when
# no line allows it, once (it stays: a replica needs it), and reloads it.
# Exits 0 when every read was served by the replica and every write by the
# primary with no error logged, 1 otherwise.
source "$(dirname "$0")/common.sh"

prepare
db="${1:-}"
own_db=""
if [ -z "$db" ]; then
    db="kam_replica_$(date +%s)_$$"
    own_db=1
fi
primary() { psql -U "$DB_USER" ${DB_HOST:+-h "$DB_HOST"} -d postgres -Atqc "$1"; }
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
log="$logdir/check-replica.log"
replica_log="$logdir/check-replica-postgres.log"
start=$(date +%s)

version="$(primary 'show server_version_num')"
pg_bin="/usr/lib/postgresql/$(( version / 10000 ))/bin"
[ -x "$pg_bin/pg_basebackup" ] || pg_bin="$(dirname "$(command -v pg_basebackup || echo /)")"
[ -x "$pg_bin/pg_basebackup" ] && [ -x "$pg_bin/pg_ctl" ] \
    || die "pg_basebackup and pg_ctl of PostgreSQL $(( version / 10000 )) not found: install postgresql-$(( version / 10000 ))."
[ "$(primary 'show wal_level')" != minimal ] \
    || die "the primary runs with wal_level = minimal: set wal_level = replica in its postgresql.conf and restart it."
[ "$(primary 'show max_wal_senders')" -gt 0 ] \
    || die "the primary has max_wal_senders = 0: set it to 10 in its postgresql.conf and restart it."
[ "$(primary "select rolsuper or rolreplication from pg_roles where rolname = current_user")" = t ] \
    || die "role $DB_USER may not stream: run 'ALTER ROLE $DB_USER REPLICATION' as a superuser."
primary_socket="${DB_HOST:-$(primary 'show unix_socket_directories' | cut -d, -f1 | xargs)}"
primary_port="$(primary 'show port')"

# A replication connection through the socket, as DB_USER: pg_hba.conf's
# "all" does not cover replication connections.
if ! psql "host=$primary_socket port=$primary_port user=$DB_USER dbname=postgres replication=true" \
        -Atqc 'IDENTIFY_SYSTEM' >/dev/null 2>&1; then
    hba="$(primary 'show hba_file')"
    [ -w "$hba" ] || die "the primary refuses replication connections of $DB_USER: add 'local replication $DB_USER trust' to $hba and reload PostgreSQL."
    info "allowing replication connections of $DB_USER through the socket in $hba"
    grep -qx "local replication $DB_USER trust" "$hba" || printf '%s\n' \
        "# key_account_management scripts/check_replica.sh: a local streaming replica" \
        "local replication $DB_USER trust" >> "$hba"
    primary 'select pg_reload_conf()' >/dev/null
    sleep 1
fi

# PostgreSQL refuses to run as root: the replica runs as the owner of the
# primary's data (postgres) when this script runs as root.
as_owner=()
if [ "$(id -u)" = 0 ]; then
    owner="$(stat -c %U "$(primary 'show data_directory')" 2>/dev/null || echo postgres)"
    as_owner=(runuser -u "$owner" --)
fi
replica_dir="$(mktemp -d /tmp/kam-replica.XXXXXX)"
[ ${#as_owner[@]} -gt 0 ] && chown "$owner" "$replica_dir"
replica_port="$(free_port)"
http_port="$(free_port)"
gevent_port="$(free_port)"
server_pid=""
replica_started=""

cleanup() {
    stop_server "$server_pid"
    if [ -n "$replica_started" ]; then
        "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$replica_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$replica_dir"
    if [ -n "$own_db" ]; then drop_throwaway "$db"; fi
}
trap cleanup EXIT

if [ -n "$own_db" ]; then install_throwaway "$db" "$logdir/check-replica-install.log"; fi

info "copying the primary (port $primary_port) into a streaming replica on port $replica_port ($replica_dir)"
# the copy takes every database of the cluster: on a shared server another
# client may end its connection (a database dropped with its connections):
# tried three times
copied=""
for attempt in 1 2 3; do
    if "${as_owner[@]}" "$pg_bin/pg_basebackup" -h "$primary_socket" -p "$primary_port" -U "$DB_USER" \
            -D "$replica_dir/data" -R -X stream -c fast --no-sync \
            > "$logdir/check-replica-basebackup.log" 2>&1; then
        copied=1
        break
    fi
    info "pg_basebackup attempt $attempt failed: $(tail -n 1 "$logdir/check-replica-basebackup.log")"
    "${as_owner[@]}" rm -rf "$replica_dir/data"
done
if [ -z "$copied" ]; then
    tail -n 5 "$logdir/check-replica-basebackup.log" >&2
    echo "FAILED: pg_basebackup could not copy the primary"
    exit 1
fi
info "copied in $(( $(date +%s) - start ))s since the check started"
# A hot standby needs at least the primary's limits. Debian keeps the
# configuration out of the data directory: the replica gets its own.
limits=""
for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions \
        max_locks_per_transaction; do
    limits+="$name = $(primary "show $name")"$'\n'
done
"${as_owner[@]}" tee "$replica_dir/data/postgresql.conf" >/dev/null <<CONF
port = $replica_port
listen_addresses = ''
unix_socket_directories = '$replica_dir'
hot_standby = on
shared_buffers = 64MB
# a throwaway copy: no fsync (else its start syncs the whole copy, a minute
# on a busy disk, since pg_basebackup ran with --no-sync)
fsync = off
full_page_writes = off
$limits
log_statement = 'all'
log_line_prefix = '%m [%p] %q%u@%d %a '
CONF
"${as_owner[@]}" tee "$replica_dir/data/pg_hba.conf" >/dev/null <<HBA
local all all trust
local replication all trust
HBA
"${as_owner[@]}" touch "$replica_dir/data/pg_ident.conf"
replica_started=1  # stopped at the end even when pg_ctl gives up waiting for it
if ! "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$replica_dir/data" -l "$replica_dir/postgres.log" \
        -w -t 120 start >/dev/null 2>&1; then
    tail -n 20 "$replica_dir/postgres.log" >&2
    echo "FAILED: the replica did not start"
    exit 1
fi
in_recovery="$(psql -h "$replica_dir" -p "$replica_port" -U "$DB_USER" -d postgres -Atqc 'select pg_is_in_recovery()')"
[ "$in_recovery" = t ] || { echo "FAILED: the copy is not a standby (pg_is_in_recovery: $in_recovery)"; exit 1; }

info "odoo --workers 2 on $db, replica $replica_dir:$replica_port, http port $http_port (log: $log)"
mapfile -t args < <(odoo_args)
"$PY" "$ODOO_SRC/odoo-bin" "${args[@]}" -d "$db" --db-filter="^$db\$" --workers=2 --max-cron-threads=0 \
    --db_replica_host="$replica_dir" --db_replica_port="$replica_port" \
    --http-interface=127.0.0.1 --http-port="$http_port" --gevent-port="$gevent_port" --log-level=info \
    > "$log" 2>&1 &
server_pid=$!

rc=0
"$PY" "$PROJECT_DIR/scripts/replica_probe.py" "$http_port" "$db" "$replica_dir" "$replica_port" \
    "$log" "$replica_dir/postgres.log" || rc=1
cp "$replica_dir/postgres.log" "$replica_log" 2>/dev/null || true
errors="$(grep -E ' (ERROR|CRITICAL) |Traceback|retrying with a read/write cursor|Failed to open a readonly cursor' "$log" || true)"
if [ -n "$errors" ]; then
    printf '%s\n' "$errors" | awk '!seen[$0]++' | head -n 20
    rc=1
fi
if [ "$rc" != 0 ]; then
    echo "FAILED: reads and writes were not split between the replica and the primary; see $log and $replica_log"
    exit 1
fi
echo "OK: odoo --workers 2 served the portal and list reads from the replica and the writes from the primary in $(( $(date +%s) - start ))s"
