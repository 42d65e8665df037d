# crm_customer_planning: an Odoo 18.0 Community addon. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help run test test-dates mutants lint bench stop clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-6s %s\n", $$1, $$2}'

run: ## serve a demo database on http://127.0.0.1:8069 (installs Odoo and PostgreSQL set-up if needed)
	@scripts/run.sh

test: ## checks, fresh installs, then the whole suite with pytest-odoo and with Odoo's runner
	@scripts/test.sh

test-dates: ## the suite at the dates where date rules break (DATES=all: every one; see scripts/test_dates.sh)
	@scripts/test_dates.sh $(DATES)

mutants: ## break each rule that matters once and check a test fails (MUTANT=word: only those)
	@scripts/mutants.sh

lint: ## ruff, ruff format, pylint-odoo, prettier (XML)
	@scripts/lint.sh

bench: ## time the set-based jobs on synthetic data (see bench/README.md)
	@scripts/bench.sh $(BENCH_ARGS)

stop: ## stop the private PostgreSQL cluster
	@scripts/pg.sh stop

clean: stop ## remove the cluster, databases and generated files
	rm -rf .var
