# Two entry points for a fresh machine (see README): `make app` and `make test`.
# Everything is installed into .venv from the project's own requirement files.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# The checkout's own store (an installed `paper-graph` keeps its store in the user's data directory).
DB ?= data/papers.sqlite

.PHONY: app test test-fast lint bench chromium

# Debian's and Ubuntu's python3 leaves venv's pip bootstrap (ensurepip) to the python3-venv package.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.bench: $(VENV)/.dev requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

## Install, build the store from the bundled papers on first start, and open the explorer.
app: $(VENV)/.runtime
	$(PY) -m graphapp app --port $(PORT) --db $(DB)

## Install (Python packages and Debian's Chromium for the browser tests), lint, and run every test of every tier
## (tests/test_packaging.py builds the wheel and runs it from a fresh virtualenv outside the checkout).
test: lint chromium
	$(PY) -m pytest

## The tests a change is checked with while working (unit and integration, no browser, no slow ones: under a
## minute), and how long they took. `make test` still runs everything.
test-fast: $(VENV)/.dev
	@start=$$(date +%s%N); status=0; \
	$(PY) -m pytest -q -m "not browser and not slow" || status=$$?; \
	ms=$$(( ($$(date +%s%N) - start) / 1000000 )); \
	echo "make test-fast took $$((ms / 1000)).$$((ms % 1000 / 100)) s (goal: under 60 s)"; \
	exit $$status

## Chromium for the real-browser tests, from Debian's packages (no browser download by Playwright).
chromium:
	@command -v chromium >/dev/null || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## ruff (lint and format) and mypy (its files and the modules not yet clean are listed in pyproject.toml).
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m mypy

## The five scale benchmarks and the adversarial-input check at reduced size (about a minute);
## `python bench/run_all.py` runs the full sizes (see BENCHMARKS.md).
## Both always run; the target fails if either misses a goal (BENCHMARKS.md lists the goals not met yet).
bench: $(VENV)/.bench
	status=0; \
	$(PY) bench/run_all.py --quick || status=1; \
	$(PY) bench/adversarial.py --quick || status=1; \
	exit $$status
