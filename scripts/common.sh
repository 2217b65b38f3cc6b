#!/usr/bin/env bash
# Shared settings and helpers for the project's scripts (sourced, not run).
# Every check stops with one line that says what is wrong and what to do.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE=key_account_management
ODOO_SRC="${ODOO_SRC:-$HOME/.cache/odoo-19.0}"
# The venv and the addons link live outside the addon: Odoo scans the whole
# module folder (following links) when it exports translations.
KAM_CACHE="${KAM_CACHE:-$HOME/.cache/key_account_management}"
VENV="${VENV:-$KAM_CACHE/venv}"
PY="$VENV/bin/python"
KAM_DB="${KAM_DB:-kam_demo}"
KAM_PORT="${KAM_PORT:-8069}"
DB_USER="${DB_USER:-root}"
# Odoo reaches PostgreSQL through its Unix socket (trust authentication).
DB_HOST="${DB_HOST:-}"
ODOO_UPSTREAM="https://github.com/odoo/odoo.git"

die() { printf 'error: %s\n' "$*" >&2; exit 2; }
info() { printf '==> %s\n' "$*"; }

# Odoo 19.0 source: ODOO_SRC, else a shallow clone of the official branch.
ensure_odoo() {
    if [ -x "$ODOO_SRC/odoo-bin" ]; then
        return
    fi
    if [ -e "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
        die "ODOO_SRC=$ODOO_SRC has no odoo-bin; point ODOO_SRC at an Odoo 19.0 source tree."
    fi
    info "Odoo source not found at $ODOO_SRC; cloning the official 19.0 branch"
    mkdir -p "$(dirname "$ODOO_SRC")"
    if ! git clone --quiet --depth 1 -b 19.0 "$ODOO_UPSTREAM" "$ODOO_SRC" 2>/dev/null; then
        rm -rf "$ODOO_SRC"
        die "no Odoo 19.0 source: set ODOO_SRC to an Odoo 19.0 checkout (the folder holding odoo-bin) or allow 'git clone $ODOO_UPSTREAM'."
    fi
}

# Project venv from Odoo's requirements (python-ldap left out, cbor2 5.6.2)
# and ours (requirements.txt, setuptools pinned there). The stamp is a hash of
# both files: when one changes, an existing venv is brought in line too.
ensure_venv() {
    local stamp="$VENV/.kam-deps"
    local want
    want="$(cat "$ODOO_SRC/requirements.txt" "$PROJECT_DIR/requirements.txt" | sha1sum | cut -c1-12)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    command -v python3.11 >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 \
        || die "python3 (3.11) is missing: install Python 3.11."
    local pybin
    pybin="$(command -v python3.11 || command -v python3)"
    if [ -x "$PY" ]; then
        info "bringing the project venv in $VENV in line with the requirements"
    else
        info "creating the project venv in $VENV (about a minute)"
    fi
    mkdir -p "$(dirname "$VENV")"
    [ -x "$PY" ] || "$pybin" -m venv "$VENV" || die "could not create a venv with $pybin; install python3-venv."
    local req="$VENV/odoo-requirements.txt"
    grep -v -i '^python-ldap' "$ODOO_SRC/requirements.txt" \
        | sed -E 's/^cbor2==5\.4\.2.*/cbor2==5.6.2/' > "$req"
    "$PY" -m pip install --quiet --upgrade pip wheel >/dev/null 2>&1 \
        || die "pip could not upgrade itself; check access to PyPI."
    # Odoo itself becomes a package of the venv (editable, from ODOO_SRC): the
    # OCA addons of requirements.txt (odoo-addon-*) require odoo 19.0, which
    # is not on PyPI, and their wheels install into the venv's odoo/addons,
    # which the odoo.addons namespace then finds beside the source's addons.
    # editable_mode=compat: the source folder goes on sys.path through a .pth
    # file; setuptools' default finder adds a placeholder entry to the
    # odoo.addons namespace that Odoo warns about at every start.
    if ! "$PY" -m pip install --quiet --no-deps --config-settings editable_mode=compat \
            -e "$ODOO_SRC" > "$VENV/pip.log" 2>&1; then
        tail -n 15 "$VENV/pip.log" >&2
        die "installing the Odoo source $ODOO_SRC into the venv failed (log: $VENV/pip.log); check that it is an Odoo 19.0 checkout with its setup.py."
    fi
    if ! "$PY" -m pip install --quiet -r "$req" -r "$PROJECT_DIR/requirements.txt" \
            >> "$VENV/pip.log" 2>&1; then
        grep -v "^WARNING: Location" "$VENV/pip.log" | tail -n 15 >&2
        die "installing Python requirements failed (log: $VENV/pip.log); check PyPI access and build headers (libpq-dev, libxml2-dev)."
    fi
    echo "$want" > "$stamp"
}

# Debian packages the product needs (wkhtmltopdf for PDFs, chromium for tours).
ensure_deb() {
    local missing=()
    local cmd pkg
    for pair in "$@"; do
        cmd="${pair%%:*}"; pkg="${pair##*:}"
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return
    info "installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        die "missing ${missing[*]}: install them with 'sudo apt-get install ${missing[*]}'."
    fi
    # several runs may start at once: one installs, the others wait for dpkg's lock
    { flock -w 900 /tmp/kam-apt.lock bash -c 'apt-get -o DPkg::Lock::Timeout=600 update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@"' _ "${missing[@]}"; } >/tmp/kam-apt.log 2>&1 \
        || die "could not install ${missing[*]} (log: /tmp/kam-apt.log); install them by hand with apt-get."
}

# PostgreSQL reachable through its socket; start the local cluster if down.
ensure_postgres() {
    if psql -U "$DB_USER" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        return
    fi
    info "PostgreSQL is down; starting it"
    local ver
    ver="$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)"
    [ -n "$ver" ] || die "PostgreSQL is not installed: install PostgreSQL 15 (apt-get install postgresql-15)."
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start >/dev/null 2>&1 || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        psql -U "$DB_USER" -d postgres -Atqc 'select 1' >/dev/null 2>&1 && return
        sleep 1
    done
    die "PostgreSQL is down and could not be started: run 'pg_ctlcluster $ver main start' and check that role '$DB_USER' exists (set DB_USER otherwise)."
}

# The repository root is the addon: link it under its technical name.
addons_dir() {
    local dir
    dir="$KAM_CACHE/addons-$(printf '%s' "$PROJECT_DIR" | sha1sum | cut -c1-10)"
    mkdir -p "$dir"
    ln -sfn "$PROJECT_DIR" "$dir/$MODULE"
    echo "$dir"
}

odoo_args() {
    local extra
    extra="$(addons_dir)"
    printf '%s\n' "--addons-path=$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$extra" \
        "--db_user=$DB_USER" ${DB_HOST:+"--db_host=$DB_HOST"}
}

odoo_bin() {
    local args=()
    mapfile -t args < <(odoo_args)
    "$PY" "$ODOO_SRC/odoo-bin" "${args[@]}" "$@"
}

prepare() {
    ensure_odoo
    ensure_venv
    ensure_postgres
}

# A free TCP port on the loopback interface.
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Stop the Odoo server of pid $1 if it runs: TERM (the master stops its
# workers and gevent process; killed, they see it gone and stop on their
# own), then KILL after 20 s.
stop_server() {
    local pid="$1"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
}

# Install the addon in the throwaway database $1 (log in $2); on failure
# print the log's end and exit 1 (a check's failure, not a setup error).
install_throwaway() {
    local db="$1" log="$2"
    info "installing $MODULE in throwaway database $db (log: $log)"
    odoo_bin -d "$db" -i "$MODULE" --without-demo --stop-after-init --no-http > "$log" 2>&1 \
        || { tail -n 20 "$log" >&2; echo "FAILED: could not install $MODULE in $db"; exit 1; }
}

# Drop the throwaway database $1 and its filestore.
drop_throwaway() {
    dropdb -U "$DB_USER" --if-exists "$1" >/dev/null 2>&1 || true
    rm -rf "$HOME/.local/share/Odoo/filestore/$1"
}
