# The README's two commands: `make demo` and `make test`. Both set everything up from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
OUT ?= out

.PHONY: demo test test-all bench lint typecheck chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.core-installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[xlsx]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.core-installed

demo: $(VENV)/.core-installed
	$(BIN)/county-logistics plan --out $(OUT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

# Headless Chromium for the browser tests: installed from Debian's packages when missing and
# the machine allows (root + apt); otherwise those tests are skipped.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: browser tests will be skipped"; }

test: lint typecheck chromium
	$(BIN)/python -m pytest -q -m 'not slow'

test-all: lint typecheck chromium
	$(BIN)/python -m pytest -q -m ''

bench: $(VENV)/.dev-installed
	for b in distances routing siting coldchain subsidy sweep map_render; do \
	  [ -f benchmarks/$$b.py ] && $(BIN)/python -m benchmarks.$$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) .mypy_cache .pytest_cache .ruff_cache
