# The few commands people type. `make serve` and `make test` each set up everything
# they need from nothing: a virtualenv with the pinned Python packages, the pinned npm
# assets, and (for tests) a Chromium.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000
# The site's JavaScript, linted by Biome (pinned in package.json, a single binary; biome.json).
JSLINT := node_modules/.bin/biome lint --error-on-warnings
PYTEST_ARGS ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build test bench lint lock clean chromium

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@py=$$(sh .ci/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js >= 20 (e.g. apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

setup: $(STAMP) $(NODE_STAMP) ## Create .venv and install the pinned Python and npm dependencies

serve: setup ## Build and serve the site on http://127.0.0.1:8000 with live reload
	SITE_URL=http://$(HOST)/ $(PY) -m mkdocs serve --dev-addr $(HOST)

build: setup ## Build the site into site/ (strict: any warning fails)
	$(PY) -m mkdocs build --strict --site-dir site

chromium: ## Find Chromium for the browser tests (installs Debian's chromium when root)
	@sh .ci/ensure-chromium >/dev/null

# Line coverage of snippets/ is measured over the whole suite and held at 100%: the
# report lists any uncovered line and the run fails (pyproject's [tool.coverage.*]).
COVERAGE := --cov --cov-report=term --cov-fail-under=100
# One worker per core (pytest-xdist): much of the suite waits on Chromium and Node.
# worksteal: each worker starts on its own half of the tests and an idle one takes
# half of another's queue, so the slow browser tests do not pile up on one worker.
WORKERS ?= auto
DIST ?= worksteal

test: setup chromium ## Run every test (snippets, docs, site, browser, pyodide) with coverage
	$(JSLINT)
	CHROMIUM="$$(sh .ci/ensure-chromium)" $(PY) -m pytest -n $(WORKERS) --dist $(DIST) $(COVERAGE) $(PYTEST_ARGS)

bench: setup chromium ## Print the benchmark figures (goals beside them; nothing is asserted)
	CHROMIUM="$$(sh .ci/ensure-chromium)" $(PY) -m tests.benchmarks $(BENCH)

lint: setup ## ruff (lint + format check) and mypy on snippets/; biome on the site's JavaScript
	$(JSLINT)
	$(VENV)/bin/ruff check snippets tests overrides
	$(VENV)/bin/ruff format --check snippets tests overrides
	$(VENV)/bin/mypy

lock: setup ## Re-generate requirements.lock from pyproject.toml's groups
	$(PY) -m pip install --quiet uv==0.13.9
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --universal --python-version 3.12 \
	  --annotation-style line --custom-compile-command "make lock" -o requirements.lock

clean: ## Remove the virtualenv, npm packages, the built site and caches
	rm -rf $(VENV) node_modules site .pytest_cache .hypothesis .ruff_cache .mypy_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
