#!/usr/bin/env bash
# make lint: ruff (pyflakes, bugbear, import order; pyproject.toml) and
# pylint with OCA's pylint-odoo checks (.pylintrc) over the addon, both
# pinned in requirements.txt. Prints every message; exits 1 on any.
source "$(dirname "$0")/common.sh"

prepare
cd "$PROJECT_DIR"
rc=0
info "ruff check"
"$VENV/bin/ruff" check --output-format=concise . || rc=1
info "pylint (pylint-odoo)"
# the checks .pylintrc explains why it leaves out
"$VENV/bin/pylint" --rcfile=.pylintrc --disable=no-search-all \
    --ignore=.tmp --recursive=y . || rc=1
[ "$rc" = 0 ] && info "lint: no message"
exit "$rc"
