# Both targets bootstrap .venv from pyproject.toml on first use; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

# The demo store lives in .demo-store/ (ignored by git); every demo account has the password below.
DEMO_DIR ?= .demo-store
DEMO_PASSWORD ?= demo-pass-2026

run: $(STAMP)
	OFFICER_DECLARE_PASSWORD="$${OFFICER_DECLARE_PASSWORD:-$(DEMO_PASSWORD)}" $(BIN)/python -m desktop --data-dir $(DEMO_DIR) start --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ruff check desktop tests bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check desktop tests bench
	$(BIN)/python -m ruff format --check desktop tests bench

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
