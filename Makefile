# `make run` and `make test` set up whatever is missing, then do their job.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# `make run PORT=8080`: HOST, PORT, DATA_DIR, WORKERS and KERNEL become flags when given;
# otherwise the server's own defaults (or NNPLAYGROUND_* variables) apply.
SERVE_FLAGS = $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT)) \
	$(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(if $(WORKERS),--workers $(WORKERS)) \
	$(if $(KERNEL),--kernel $(KERNEL))
PIP := $(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt

.PHONY: run test lint bench browser compose install dev clean

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
	$(BIN)/nnplayground serve $(SERVE_FLAGS)

browser:
	@sh scripts/ensure-browser.sh

compose:
	@sh scripts/ensure-compose.sh

lint: dev
	$(BIN)/ruff check .

test: dev browser compose lint
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/engine_bench.py
	@if [ -f benchmarks/server_bench.py ]; then $(BIN)/python benchmarks/server_bench.py; fi
	@if $(BIN)/python -c "import ray" 2>/dev/null; then $(BIN)/python benchmarks/ray_bench.py; fi
	$(BIN)/python benchmarks/capacity_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
