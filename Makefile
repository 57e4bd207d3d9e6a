# Silkhub: `make demo` starts everything with demo data; `make test` runs the whole suite.
# Both set up what they need first: Debian packages (as root), the virtualenv, the packages.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
DEMO_DEBS := libzbar0
TEST_DEBS := libzbar0 mosquitto mosquitto-clients chromium fonts-noto-cjk

.PHONY: install install-dev demo test lint unit bench clean system-demo system-test

install: $(STAMP)

install-dev: $(DEV_STAMP)

# The demo needs only the runtime packages; the suite adds the development tools.
$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-demo
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/pybabel compile --use-fuzzy -d app/translations >/dev/null
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(DEV_STAMP)

# Debian packages: installed when missing and we are root; otherwise say what is missing.
system-demo:
	@bash config/system-packages.sh $(DEMO_DEBS)

system-test:
	@bash config/system-packages.sh $(TEST_DEBS)

demo: install
	$(BIN)/silkhub demo

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app warehouse routing devices simulators config
	$(BIN)/lint-imports

# Two workers: the suite waits on databases and brokers as much as it computes.
test: install-dev system-test lint
	$(BIN)/pytest -n 2

unit: install-dev
	$(BIN)/pytest tests/unit -q

bench: install-dev
	$(BIN)/python bench/routing.py
	$(BIN)/python bench/quote.py
	$(BIN)/python bench/loading.py
	$(BIN)/python bench/vrp.py
	$(BIN)/python bench/orders.py
	$(BIN)/python bench/devices.py
	$(BIN)/python bench/trace.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache .hypothesis
