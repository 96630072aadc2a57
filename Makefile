# `make run` and `make test` set up whatever is missing, then do their job.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DATA_DIR ?= $(or $(NNPLAYGROUND_DATA_DIR),data)
WORKERS ?= 1
PIP := $(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt

.PHONY: run test lint bench browser install dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	touch $@

$(VENV)/.dev-installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e '.[dev]'
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed
dev: $(VENV)/.dev-installed

run: install
	$(BIN)/nnplayground serve --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR) --workers $(WORKERS)

browser:
	@sh scripts/ensure-browser.sh

lint: dev
	$(BIN)/ruff check .

test: dev browser lint
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/engine_bench.py
	@if [ -f benchmarks/server_bench.py ]; then $(BIN)/python benchmarks/server_bench.py; fi
	@if $(BIN)/python -c "import ray" 2>/dev/null; then $(BIN)/python benchmarks/ray_bench.py; fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
