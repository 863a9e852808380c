# The README's two commands: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.finloom-installed

.PHONY: setup demo test lint pytest dbt-test sqlfluff bench clean

# Headless Chromium for the browser checks of `make test` (tests/python/finloom/test_browser.py):
# Debian's package, installed once with apt-get (as root, else through sudo). Without apt-get
# the step only says so, and those checks skip naming what is missing.
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

setup: $(STAMP) $(CHROMIUM)

$(CHROMIUM):
	@if command -v apt-get >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends chromium fonts-dejavu-core; \
	else \
		echo "note: no apt-get: install Chromium at $(CHROMIUM) for the browser checks"; \
	fi

# uv (pinned in the lock) installs the locked set in seconds, where pip took 90 s; pip does it
# when uv cannot (e.g. no index it can reach): the same packages either way.
PIP_INSTALL := --quiet --disable-pip-version-check -c requirements.lock
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_INSTALL) uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -c requirements.lock -e '.[dev]' || \
		{ echo "note: uv could not install; pip installs instead"; \
		  $(BIN)/python -m pip install $(PIP_INSTALL) -e '.[dev]'; }
	@touch $(STAMP)

demo: setup
	$(BIN)/finloom demo

# pytest on every core: a module's tests (and its module-scoped warehouse) stay on one worker;
# modules go out in collection order, the end-to-end ones first (tests/python/conftest.py)
PYTEST_PARALLEL := -n auto --dist loadscope --no-loadscope-reorder

# dbt-test runs first: pytest reads the demo warehouse it builds (FINLOOM_TEST_DEMO_DB).
# lint, dbt-test and sqlfluff run side by side (each leaves a core idle part of the time); each
# one's output is printed as a block when it ends, and any failure stops `make test`.
test: setup
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint dbt-test sqlfluff
	FINLOOM_TEST_DEMO_DB=$(CURDIR)/warehouse/ci/demo.duckdb $(BIN)/pytest $(PYTEST_PARALLEL)
	@echo "make test: all checks passed"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: setup
	$(BIN)/pytest $(PYTEST_PARALLEL)

# dbt build (every model and dbt test) on a freshly built demo warehouse.
dbt-test: setup
	$(BIN)/finloom demo --db warehouse/ci/demo.duckdb --no-progress

# --processes 0: one linting process per core (each compiles the dbt project once)
# its own dbt target and log folders: `make test` runs it beside dbt-test, which writes target/
sqlfluff: setup
	DUCKDB_PATH=:memory: DBT_TARGET_PATH=$(CURDIR)/target/sqlfluff \
		DBT_LOG_PATH=$(CURDIR)/target/sqlfluff/logs \
		$(BIN)/sqlfluff lint --processes 0 models macros tests/dbt

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) warehouse/*.duckdb* target logs
