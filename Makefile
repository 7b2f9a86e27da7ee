# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := out

.PHONY: install run test lint typecheck pytest eval floors bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	touch $(STAMP)

install: $(STAMP) system-deps

# Headless Chromium for the review-page browser test (Debian package; CI runs as root).
system-deps:
	command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core)

run: install
	@mkdir -p $(OUT)
	$(BIN)/extractor extract corpus/docs -o $(OUT)/corpus.jsonl
	$(BIN)/python scripts/evaluate.py $(OUT)/corpus.jsonl --summary

test: install lint typecheck pytest floors

lint: install
	$(BIN)/ruff check extractor scripts tests

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest

eval: install
	@mkdir -p $(OUT)
	$(BIN)/extractor extract corpus/docs -o $(OUT)/corpus.jsonl --quiet
	$(BIN)/python scripts/evaluate.py $(OUT)/corpus.jsonl

floors: install
	@mkdir -p $(OUT)
	$(BIN)/extractor extract corpus/docs -o $(OUT)/corpus.jsonl --quiet
	$(BIN)/python scripts/evaluate.py $(OUT)/corpus.jsonl --summary --floors scripts/floors.json

bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) $(OUT) .mypy_cache .ruff_cache .pytest_cache .hypothesis
