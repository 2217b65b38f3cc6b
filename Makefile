# key_account_management — the two commands the README promises, and helpers.
SHELL := /bin/bash
.PHONY: run test lint i18n bench check-reload check-workers check-replica wheel venv clean

run:   ## install or upgrade the demo database and serve http://localhost:8069 (KAM_WORKERS=5: five worker processes)
	@bash scripts/run.sh

test:  ## every test of the addon in a throwaway database, then the multi-worker check on it (exits non-zero on failure)
	@bash scripts/test.sh

lint:  ## ruff and pylint-odoo over the addon, pinned in the venv (make test runs it too); exits non-zero on any message
	@bash scripts/lint.sh

i18n:  ## regenerate i18n/key_account_management.pot and merge it into zh_CN.po
	@bash scripts/i18n.sh

bench: ## print speed and memory figures of the hot paths (throwaway database)
	@bash bench/run.sh

check-reload: ## prove that make run survives Odoo's own reload (SIGHUP), on a throwaway database
	@bash scripts/check_reload.sh

check-workers: ## prove that odoo --workers 2 serves HTTP and the websocket, on a throwaway database (make test runs it too)
	@bash scripts/check_workers.sh

check-replica: ## prove that odoo --workers 2 reads from a PostgreSQL streaming replica and writes to the primary (make test runs it too)
	@bash scripts/check_replica.sh

wheel: ## build odoo-addon-key_account_management (pip + whool) into .tmp/dist and check its metadata (make test runs it too)
	@bash scripts/check_wheel.sh

venv:  ## only create the project venv
	@bash -c 'source scripts/common.sh && ensure_odoo && ensure_venv'

clean: ## remove logs and the venv
	rm -rf .tmp "$${KAM_CACHE:-$$HOME/.cache/key_account_management}"
