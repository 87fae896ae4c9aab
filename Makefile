# The two commands: `make demo` codes the bundled example, `make test` runs the whole suite.
# Each creates .venv in the repository root if it is missing and installs dyad into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_OUT ?= out/seed_events.jsonl

.PHONY: demo test lint install install-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	@mkdir -p $(dir $(DEMO_OUT))
	$(BIN)/dyad code src/dyad/data/examples/seed_article.txt --published 2022-10-04 --format table --jsonl-out $(DEMO_OUT)
	@echo "events written to $(DEMO_OUT)"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python bench/bench_coder.py

clean:
	rm -rf $(VENV) out build src/*.egg-info
