# The two commands of the quick start: `make run` and `make test`. Both build .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install install-dev test lint format run bench bench-engine lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements/runtime.lock pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements/runtime.lock
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.dev: requirements/dev.lock $(VENV)/.runtime
	$(PIP) install -r requirements/dev.lock
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest

# Re-resolve the pins from pyproject.toml's ranges (needs network); commit the result.
lock:
	rm -rf /tmp/advisor-lock && $(PYTHON) -m venv /tmp/advisor-lock
	/tmp/advisor-lock/bin/pip install -q --upgrade pip setuptools
	/tmp/advisor-lock/bin/pip install -q .
	/tmp/advisor-lock/bin/pip freeze --exclude stakeholder-advisor > requirements/runtime.lock
	/tmp/advisor-lock/bin/pip install -q -c requirements/runtime.lock '.[dev]'
	/tmp/advisor-lock/bin/pip freeze --exclude stakeholder-advisor > requirements/dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Every benchmark; each prints its figures beside a baseline measured in the same run.
bench: bench-engine

bench-engine: $(VENV)/.dev
	$(BIN)/python -m bench.engine
