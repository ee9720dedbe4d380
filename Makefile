# Befriend: the two commands that matter are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
PYTEST_ARGS ?=
BENCH_ARGS ?=

# Install a Debian package when $(1) fails: as root with apt, otherwise say how and stop.
define debian_package
if ! $(1); then \
  if [ "$$(id -u)" = 0 ]; then \
    echo "Installing Debian's $(2)..."; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
  else \
    echo "$(3). Install it: sudo apt-get install $(2)"; \
    exit 1; \
  fi; \
fi
endef

.PHONY: run test test-fast lint chromium wrk bench screens install lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exact versions with their hashes from the lock files, then the app itself (its dependencies
# are already there, so --no-deps). pyproject.toml keeps the ranges for installing it as a package.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## lock: refresh requirements.lock (app + redis) and requirements-test.lock (+ test tools) to
## the newest versions pyproject.toml's ranges allow; commit both, then run make test
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --extra redis -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --extra redis --extra test \
	  -o requirements-test.lock pyproject.toml

install: $(VENV)/.installed

## run: set up, migrate an SQLite database under instance/ and serve http://127.0.0.1:5000
run: $(VENV)/.installed
	mkdir -p instance
	$(BIN)/flask --app wsgi db upgrade
	SESSION_COOKIE_SECURE=0 $(BIN)/flask --app wsgi run --host 127.0.0.1 --port $(PORT)

## chromium: browser tests drive Debian's Chromium; install it when missing (as root)
chromium:
	@$(call debian_package,test -x /usr/bin/chromium,chromium,Browser tests need Chromium at /usr/bin/chromium)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

## test: every test on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too, except the
## browser tests of what pages draw (not what is stored), run once: `screen` on SQLite, `walk`
## (every practice path) on PostgreSQL. With no TEST_DATABASE_URL, SQLite runs them all. The two
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
	  $(BIN)/python -m pytest -p no:cacheprovider -m "not screen" $(PYTEST_ARGS) >.cache/test-postgresql.log 2>&1 & pg=$$!; \
	  env -u TEST_DATABASE_URL $(BIN)/python -m pytest -p no:cacheprovider -m "not walk" $(PYTEST_ARGS); sqlite=$$?; \
	  wait $$pg; postgres=$$?; \
	  echo "== on $$TEST_DATABASE_URL"; cat .cache/test-postgresql.log; \
	  echo "== SQLite exit $$sqlite, PostgreSQL exit $$postgres"; \
	  exit $$(( sqlite || postgres )); \
	fi

## test-fast: while working: ruff, then every test but the browser and integration ones, on
## SQLite only (TEST_DATABASE_URL is ignored), over both cores (each pytest-xdist worker has
## its own database file). make test is still the one that counts.
test-fast: $(VENV)/.installed-test lint
	$(BIN)/flask --app wsgi --help >/dev/null  # makes instance/ keys once, before two workers race
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest -p no:cacheprovider -n 2 \
	  -m "not browser and not integration" $(PYTEST_ARGS)

## wrk: the load generator of make bench, from Debian (as root)
wrk:
	@$(call debian_package,command -v wrk >/dev/null,wrk,make bench needs wrk)

## bench: performance figures (not part of make test)
bench: $(VENV)/.installed-test chromium wrk
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

## screens: docs/screens/*.png, the README's screenshots, drawn by Chromium (scripts/screens.py)
screens: $(VENV)/.installed-test chromium
	$(BIN)/python -c "from tests.browser.fixtures import htmx_copy; htmx_copy()"
	$(BIN)/python -m scripts.screens

clean:
	rm -rf $(VENV) .cache .pytest_cache
