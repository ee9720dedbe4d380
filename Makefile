# Befriend: the two commands that matter are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: run test lint chromium wrk bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## run: set up, migrate an SQLite database under instance/ and serve http://127.0.0.1:5000
run: $(VENV)/.installed
	mkdir -p instance
	$(BIN)/flask --app wsgi db upgrade
	SESSION_COOKIE_SECURE=0 $(BIN)/flask --app wsgi run --host 127.0.0.1 --port $(PORT)

## chromium: browser tests drive Debian's Chromium; install it when missing (as root)
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Chromium at /usr/bin/chromium. Install it: sudo apt-get install chromium"; \
	    exit 1; \
	  fi; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

## test: every test on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too. The two
## runs share nothing (own database, own ports, own browser), so they go side by side on the two
## cores; PostgreSQL's output is printed after SQLite's and either failing fails the target.
test: $(VENV)/.installed-test chromium lint
	$(BIN)/python -c "from tests.browser.fixtures import htmx_copy; htmx_copy()"
	$(BIN)/flask --app wsgi --help >/dev/null  # makes instance/ keys once, before two runs race for them
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
	  $(BIN)/python -m pytest $(PYTEST_ARGS); \
	else \
	  mkdir -p .cache; \
	  echo "== on SQLite, and on $$TEST_DATABASE_URL alongside (its output follows)"; \
	  $(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS) >.cache/test-postgresql.log 2>&1 & pg=$$!; \
	  env -u TEST_DATABASE_URL $(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS); sqlite=$$?; \
	  wait $$pg; postgres=$$?; \
	  echo "== on $$TEST_DATABASE_URL"; cat .cache/test-postgresql.log; \
	  echo "== SQLite exit $$sqlite, PostgreSQL exit $$postgres"; \
	  exit $$(( sqlite || postgres )); \
	fi

## wrk: the load generator of make bench, from Debian (as root)
wrk:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's wrk for the benchmarks..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "make bench needs wrk. Install it: sudo apt-get install wrk"; \
	    exit 1; \
	  fi; \
	fi

## bench: performance figures (not part of make test)
bench: $(VENV)/.installed-test chromium wrk
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .cache .pytest_cache
