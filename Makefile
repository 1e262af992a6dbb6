# Two entry points (see README): `make run` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest schema accuracy bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(STAMP_RUN)

## Parse every document in corpora/, print a summary line each, write out/reports.jsonl
run: $(STAMP_RUN)
	$(BIN)/worksum batch corpora -o out --overwrite

## Lint, type-check and test
test: $(STAMP_DEV) lint typecheck pytest

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests $(wildcard benchmarks fuzz)

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

pytest: $(STAMP_DEV)
	$(BIN)/python -m pytest -q

## Regenerate the golden JSON Schema in docs/
schema: $(STAMP_RUN)
	$(BIN)/worksum schema > docs/report.schema.json

## Regenerate docs/accuracy.md from the annotated corpora
accuracy: $(STAMP_RUN)
	$(BIN)/python -m worksum.evaluation.report

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
