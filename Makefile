# hjemmel — make run | make test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STORE  ?= .hjemmel/store
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
SHARED ?= ../shared/data

.PHONY: run test install install-test load lint bench eval-citations clean system-deps comunica-deps

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(TSTAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TSTAMP) system-deps
install-test: comunica-deps

## Comunica from npm for tests/test_integrator_clients.py (Node 20+): npm ci when
## tests/comunica/node_modules is missing or older than the lock file.
COMUNICA := tests/comunica/node_modules/.package-lock.json
$(COMUNICA): tests/comunica/package-lock.json tests/comunica/package.json
	npm ci --prefix tests/comunica --no-audit --no-fund --loglevel=error
	touch $@

comunica-deps: $(COMUNICA)

## Debian packages the tests use: Chromium (browser tests), Virtuoso (remote store tests).
system-deps:
	@bash tests/system-deps.sh

$(STORE)/.loaded: $(STAMP) $(wildcard graph/data/* ontology/*.ttl shapes/*.ttl)
	$(VENV)/bin/hjemmel --store-path $(STORE) load
	touch $@

load: $(STORE)/.loaded

run: $(STORE)/.loaded
	$(VENV)/bin/hjemmel --store-path $(STORE) serve --port $(PORT)

test: install-test
	$(PY) -m pytest -q

lint: $(TSTAMP)
	$(VENV)/bin/ruff check graph service tests
	$(VENV)/bin/ruff format --check graph service tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .hjemmel
