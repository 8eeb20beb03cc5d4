# hjemmel — make run | make test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STORE  ?= .hjemmel/store
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
SHARED ?= ../shared/data

.PHONY: run test install install-test load lint bench eval-citations clean system-deps js-deps comunica-deps

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(TSTAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TSTAMP) system-deps js-deps comunica-deps

## Comunica from npm for tests/test_integrator_clients.py (Node 20+): npm ci when
## tests/comunica/node_modules is missing or older than the lock file.
COMUNICA := tests/comunica/node_modules/.package-lock.json
$(COMUNICA): tests/comunica/package-lock.json tests/comunica/package.json | system-deps
	npm ci --prefix tests/comunica --no-audit --no-fund --loglevel=error
	touch $@

comunica-deps: $(COMUNICA)

## axe-core for the accessibility checks in the browser tests (tests/js/package-lock.json);
## reinstalled only when node_modules is missing or older than the lock file.
JSLOCK := tests/js/package-lock.json
JSSTAMP := tests/js/node_modules/.installed
$(JSSTAMP): $(JSLOCK) tests/js/package.json | system-deps
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $@

js-deps: $(JSSTAMP)

## Debian packages the tests use: Chromium (browser tests), Virtuoso (remote store tests),
## npm (installs axe-core when Node is missing).
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

## The national benchmark: builds its stores under BENCH_STORES when missing (the bundled
## graph, all of Lovdata from $(SHARED)/lovdata, 1k/10k/100k synthetic recommendations),
## then times every named query and API call against raw pyoxigraph; BENCH_ARGS adds options
## (--remote, --virtuoso, --rdflib, --only NAME, --sizes 1000,10000).
BENCH_STORES ?= .hjemmel/bench
bench: $(TSTAMP)
	PYTHONPATH=. $(PY) tests/benchmarks/bench_national.py --stores $(BENCH_STORES) --lovdata $(SHARED)/lovdata $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .hjemmel
