# The README's two commands: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.finloom-installed

.PHONY: setup demo test lint pytest dbt-test sqlfluff bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements.lock -e '.[dev]'
	@touch $(STAMP)

demo: setup
	$(BIN)/finloom demo

test: setup lint pytest dbt-test sqlfluff
	@echo "make test: all checks passed"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: setup
	$(BIN)/pytest

# dbt build (every model and dbt test) on a freshly built demo warehouse.
dbt-test: setup
	$(BIN)/finloom demo --db warehouse/ci_demo.duckdb --no-progress

sqlfluff: setup
	DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint models macros tests/dbt

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) warehouse/*.duckdb* target logs
