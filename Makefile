# speechapp — see README.md. Every target first runs scripts/setup.sh, which
# installs what is missing (system packages, .venv) and is quick otherwise.

PY   := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench load cluster lint format setup clean distclean

## Set up, migrate, load the seed template, and serve on http://$(HOST):$(PORT), with a
## background worker that renders finished speeches ahead of the download
run:
	bash scripts/setup.sh
	$(PY) manage.py prepare_fonts
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py ensure_local_user --url http://$(HOST):$(PORT)/
	@# The worker renders complete drafts ahead of the click; it stops with the server.
	$(PY) manage.py render_worker --interval 0.2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## Set up with the test extras (chromium, poppler-utils) and run all tests,
## the browser tests included. Extra pytest arguments: make test ARGS='-k docx'
test:
	bash scripts/setup.sh test
	$(PY) manage.py prepare_fonts
	$(PY) -m pytest $(ARGS)

## Time DOCX/PDF rendering and downloads, beside LibreOffice (cold and kept warm)
bench:
	bash scripts/setup.sh bench
	$(PY) manage.py prepare_fonts
	$(PY) scripts/bench.py

## Load against gunicorn (4 workers, production settings) on SQLite and PostgreSQL: N clients
## autosave, preview and download while N offices fill their figures through their links, with
## a kill -9 restart half-way; then 20 PDFs at once beside a 1,958-blank one.
## Options: make load LOAD_SECONDS=20 LOAD_CLIENTS=30 LOAD_OFFICES=50 LOAD_DB=sqlite
LOAD_SECONDS ?= 60
LOAD_CLIENTS ?= 50
LOAD_OFFICES ?= 50
LOAD_DB ?= both
LOAD_TARGET ?= single
load:
	bash scripts/setup.sh $(if $(filter cluster,$(LOAD_TARGET)),cluster)
	$(PY) manage.py prepare_fonts
	$(PY) scripts/load.py --seconds $(LOAD_SECONDS) --clients $(LOAD_CLIENTS) --offices $(LOAD_OFFICES) --db $(LOAD_DB) --target $(LOAD_TARGET)

## Many offices on one machine: PostgreSQL, Redis, two app servers (role web) and two render
## workers, each with its own var folder, behind nginx on http://$(HOST):$(CLUSTER_PORT)/.
## Ctrl-C stops everything
CLUSTER_PORT ?= 8080
cluster:
	bash scripts/setup.sh cluster
	$(PY) manage.py prepare_fonts
	$(PY) scripts/cluster.py --port $(CLUSTER_PORT)

## Lint, check formatting (ruff) and the layers of the code (import-linter, see
## speechapp/ARCHITECTURE.md); `make format` rewrites instead
lint:
	bash scripts/setup.sh test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports

format:
	bash scripts/setup.sh
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

setup:
	bash scripts/setup.sh

## Remove caches and generated files (keeps .venv and the local database)
clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis test-results staticfiles bench.json *.egg-info
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

## Also remove .venv and var/ (the local SQLite database and render cache)
distclean: clean
	rm -rf .venv var
