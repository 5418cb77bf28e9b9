# cluster-analysis: `make run` then `make test`. `make` alone lists the targets.
# Set-up steps are idempotent: a stamp file records each, so a rerun repeats no set-up work.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_SYS := $(VENV)/.system-packages
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup system-packages run report test test-fast bench mutate lint format example-data notebooks lab clean lock

help: ## List the targets
	@echo "cluster-analysis: evidence for donors from cluster surveys, LED indicators and pooled purchasing"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cluster-analysis needs Python >= 3.11; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

# Dependencies come from requirements.lock (every package pinned with its hashes), so every
# machine and every rerun gets the same versions; the package itself is installed on top.
$(STAMP_PY): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

lock: | $(BIN)/python ## Pin every dependency (with hashes) in requirements.lock after editing pyproject.toml
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra sql --extra bench --python-version 3.11 \
	  --generate-hashes --no-header --quiet -o requirements.lock

$(STAMP_SYS): scripts/install_system_packages.sh | $(BIN)/python
	@bash scripts/install_system_packages.sh && touch $@ || true

setup: $(STAMP_PY) $(STAMP_SYS) ## Create .venv and install what is missing (Python and, as root, Debian packages)

system-packages: ## Install Chromium and Noto fonts for static chart export (Debian/Ubuntu, root)
	@bash scripts/install_system_packages.sh

run: setup ## Run the whole pipeline on data/raw: writes data/processed and reports/
	$(BIN)/cluster-analysis run

report: setup ## Rebuild reports/ only (figures, tables.xlsx, findings, index.html)
	$(BIN)/cluster-analysis report

test: lint ## Lint and type-check, then run the whole test suite, notebooks included
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup ## Unit tests only
	$(BIN)/python -m pytest tests/unit -q $(PYTEST_ARGS)

bench: setup ## Measure speed, memory, reruns and report sizes; PASS/MISS per goal in reports/benchmarks.md
	$(BIN)/python benchmarks/run.py

mutate: setup ## Plant known bugs one at a time; writes reports/mutation.md (share caught)
	$(BIN)/python scripts/mutate.py

lint: setup ## ruff check, format check and the type check (mypy, configured in pyproject.toml)
	$(BIN)/ruff check src tests scripts benchmarks notebooks
	$(BIN)/ruff format --check src tests scripts benchmarks notebooks
	$(BIN)/mypy

format: setup ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix src tests scripts benchmarks notebooks
	$(BIN)/ruff format src tests scripts benchmarks notebooks

example-data: setup ## Regenerate the synthetic example data in data/raw (fixed seed)
	$(BIN)/python scripts/make_example_data.py

notebooks: setup ## Sync the .ipynb notebooks with their py:percent twins
	$(BIN)/jupytext --sync notebooks/*.py

lab: setup ## Open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

clean: ## Remove processed data, reports and caches (keeps data/raw and .venv)
	rm -rf data/processed/* reports/figures reports/office reports/validation reports/*.html \
	  reports/*.docx reports/*.xlsx .pytest_cache tests/artifacts
	@touch data/processed/.gitkeep
