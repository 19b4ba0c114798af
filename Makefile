# The two commands of the quick start: `make run` and `make test`. Both build .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install install-dev test lint format run bench bench-engine bench-http bench-instructions bench-profile bench-machine bench-wake bench-inprocess lock clean clients

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

# Sets up .venv, migrates the embedded SQLite database and serves on ADVISOR_BIND; the banner and
# example request are printed once the server listens (a port in use is refused first).
run: $(VENV)/.runtime
	$(BIN)/stakeholder-advisor db upgrade
	@bind=$${ADVISOR_BIND:-127.0.0.1:8000}; key=$$($(BIN)/stakeholder-advisor keys dev) || exit 1; \
	exec $(BIN)/stakeholder-advisor serve --bind "$$bind" --announce "$$(printf '%s\n' '' \
		"Stakeholder Advisor on http://$$bind  (docs: http://$$bind/docs)" \
		"Development key (var/dev-key): $$key" \
		"Try:  curl -s -X POST http://$$bind/v1/assessments -H 'Authorization: Bearer $$key' -H 'Content-Type: application/json' -d @config/examples/kr-defence-ministry.json" '')"

# Re-resolve the pins from pyproject.toml's ranges (needs network); commit the result.
lock:
	rm -rf /tmp/advisor-lock && $(PYTHON) -m venv /tmp/advisor-lock
	/tmp/advisor-lock/bin/pip install -q --upgrade pip setuptools
	/tmp/advisor-lock/bin/pip install -q .
	/tmp/advisor-lock/bin/pip freeze --exclude stakeholder-advisor > requirements/runtime.lock
	/tmp/advisor-lock/bin/pip install -q -c requirements/runtime.lock '.[dev]'
	/tmp/advisor-lock/bin/pip freeze --exclude stakeholder-advisor > requirements/dev.lock

# The integration kit: clients/openapi.json from the app in-process, then the Python client
# (openapi-python-client, in its own virtualenv: it pins its own ruff) and the TypeScript types
# (openapi-typescript, pinned in clients/typescript/package-lock.json) generated from it; commit
# all of clients/ (the test suite fails when it drifts from the schema).
OPC_VENV ?= /tmp/opc-venv
OPC_VERSION := 0.29.1
clients: $(VENV)/.runtime
	$(BIN)/stakeholder-advisor openapi --output clients/openapi.json
	test -x $(OPC_VENV)/bin/openapi-python-client || \
		{ $(PYTHON) -m venv $(OPC_VENV) && $(OPC_VENV)/bin/pip install -q openapi-python-client==$(OPC_VERSION); }
	cd clients && PATH="$(abspath $(OPC_VENV))/bin:$$PATH" openapi-python-client generate \
		--path openapi.json --config python-config.yaml --output-path python --overwrite --meta uv && \
		rm -rf python/.ruff_cache
	cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error && \
		npx openapi-typescript ../openapi.json --output src/schema.d.ts
	$(BIN)/python clients/manifest.py write

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The benchmarks' PostgreSQL: the test server unless ADVISOR_TEST_POSTGRES_URL names another.
BENCH_POSTGRES = ADVISOR_TEST_POSTGRES_URL=$${ADVISOR_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
# A benchmark's tool, installed from Debian if it is not on PATH: $(call debian_tool,COMMAND,PACKAGE)
debian_tool = @command -v $(1) >/dev/null || (apt-get update -qq && apt-get install -y -qq $(2) >/dev/null)

# Every benchmark; each prints its figures beside a baseline measured in the same run.
bench: bench-engine bench-http bench-instructions bench-wake

bench-engine: $(VENV)/.dev
	$(BIN)/python -m bench.engine

bench-instructions: $(VENV)/.dev
	$(call debian_tool,valgrind,valgrind)
	$(BENCH_POSTGRES) $(BIN)/python -m bench.instructions

# Not part of `make bench`: a profile by owner of the code, to see what the service could remove.
bench-profile: $(VENV)/.dev
	$(call debian_tool,wrk,wrk)
	$(BENCH_POSTGRES) PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m bench.flame

# Not part of `make bench` either: the whole machine's CPU a request, kernel, wrk and PostgreSQL
# included, by process and kind of code (perf, run as root).
bench-machine: $(VENV)/.dev
	$(call debian_tool,wrk,wrk)
	$(call debian_tool,perf,linux-perf)
	$(BENCH_POSTGRES) $(BIN)/python -m bench.machine

bench-wake: $(VENV)/.dev
	$(BIN)/python -m bench.wake

# Not part of `make bench`: the request path part by part, in one process (ARGS, e.g.
# ARGS="--instructions --without metrics"; `python -m bench.inprocess --help`).
bench-inprocess: $(VENV)/.dev
	$(call debian_tool,valgrind,valgrind)
	$(BIN)/python -m bench.inprocess $(ARGS)

bench-http: $(VENV)/.dev
	$(call debian_tool,wrk,wrk)
	$(BENCH_POSTGRES) $(BIN)/python -m bench.http
