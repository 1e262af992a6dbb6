# Two entry points (see README): `make run` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest schema accuracy bench fuzz clean

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

## Benchmarks against jieba in the same run (about 3 minutes); rewrites the results in docs/performance.md
bench: $(STAMP_DEV)
	$(BIN)/python benchmarks/bench.py --rounds 5 --write docs/performance.md

## Fuzz parse and parse_file with atheris, FUZZ_SECONDS each (default 300); crashes land in fuzz/crashes/
FUZZ_SECONDS ?= 300
fuzz: $(STAMP_DEV)
	$(BIN)/python -m pip install --quiet -e ".[dev,fuzz]"
	mkdir -p fuzz/crashes
	$(BIN)/python fuzz/targets.py seed fuzz/corpus
	$(BIN)/python fuzz/fuzz_parse.py fuzz/corpus/parse -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
		-rss_limit_mb=4096 -artifact_prefix=fuzz/crashes/parse-
	$(BIN)/python fuzz/fuzz_parse_file.py fuzz/corpus/parse_file -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
		-rss_limit_mb=4096 -artifact_prefix=fuzz/crashes/parse_file-

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
