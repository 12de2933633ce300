# Every target sets up .venv on first use, with plain pip, from the lock file: requirements/lock.txt pins every
# dependency of the app, the tests, the benches and the gates, with hashes. Nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
APP_LOCK := requirements/app.txt
# What ruff checks and formats.
CHECKED := desktop tests bench setup.py .ci installer

.PHONY: run test check lint typecheck lock wheel wheel-smoke bench clean

# The locked packages first (pip, setuptools and PySide6 among them), then this checkout, editable, built with those
# (--no-build-isolation: nothing unpinned is fetched to build it).
$(STAMP): $(LOCK) pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The demo store lives in .demo-store/ (ignored by git); every demo account has the password below.
DEMO_DIR ?= .demo-store
DEMO_PASSWORD ?= demo-pass-2026

run: $(STAMP)
	OFFICER_DECLARE_PASSWORD="$${OFFICER_DECLARE_PASSWORD:-$(DEMO_PASSWORD)}" $(BIN)/python -m desktop --data-dir $(DEMO_DIR) start --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ruff check $(CHECKED)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The gates CI runs before the tests: ruff, then the type checker (mypy, `make typecheck`). The import contracts
# (import-linter, in the dev extra and the lock) are to be added here, after them.
check: $(STAMP)
	$(BIN)/python -m ruff check $(CHECKED)
	$(BIN)/python -m ruff format --check $(CHECKED)
	$(BIN)/python -m mypy

lint: check

# mypy with its configuration in pyproject.toml ([tool.mypy]: strict on the core, default on the rest of desktop).
typecheck: $(STAMP)
	$(BIN)/python -m mypy

# Refreshes both lock files from pyproject.toml and requirements/build.in, for CPython 3.11+ on every platform
# (universal markers), keeping every pin that still fits; `make lock LOCK_FLAGS=--upgrade` moves to the newest
# releases. requirements/app.txt is the app's own dependencies alone, at the same versions (what an installed program
# needs; the wheel smoke test installs it). Commit both files. UV=uv uses a uv from PATH when .venv cannot be set up.
UV ?= $(BIN)/uv
LOCK_FLAGS ?=
COMPILE = $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_FLAGS)

lock: $(if $(filter $(BIN)/uv,$(UV)),$(STAMP))
	$(COMPILE) --extra test --extra bench --extra server --extra dev --extra installer -o $(LOCK) pyproject.toml requirements/build.in
	$(COMPILE) --constraint $(LOCK) -o $(APP_LOCK) pyproject.toml

# The wheel, in dist/, built from this checkout with the locked setuptools, and PySide6's lrelease for the
# translations (setup.py). build/ goes first: setuptools would package modules an earlier build left there.
wheel: $(STAMP)
	rm -rf build dist
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .

# Builds the wheel, installs it into a fresh environment outside the checkout and runs it from there (.ci/wheel-smoke).
wheel-smoke:
	.ci/wheel-smoke

# Every bench in bench/ at sizes that finish in minutes on two cores, then one table of every figure against its
# target (README, "Benchmarks"); BENCH_FLAGS=--full for the design's sizes, three runs each; also --runs N, --only
# NAME …, --smoke.
BENCH_FLAGS ?=

bench: $(STAMP)
	$(BIN)/python bench/run_all.py $(BENCH_FLAGS)

clean:
	rm -rf $(VENV) build dist *.egg-info

# -- installers (installer/README.md) ---------------------------------------------------------------------------------
# `make bundle`: the one-folder PyInstaller bundle in dist/officer-declare/ (rebuilt each time). `make deb`: the .deb
# in dist/ from that bundle (made first if there is none; `make bundle deb` rebuilds both). The build machine needs
# the system libraries the bundle's Qt plugins link (.ci/installer installs them: libxcb-icccm4, libxcb-keysyms1 …)
# and dpkg-dev, binutils, file and patchelf for the .deb. PyInstaller comes from the lock (the installer extra).
BUNDLE := dist/officer-declare

.PHONY: bundle deb

bundle: $(STAMP)
	rm -rf $(BUNDLE)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		installer/pyinstaller/officer-declare.spec

deb: $(STAMP)
	test -x $(BUNDLE)/officer-declare || $(MAKE) --no-print-directory bundle
	PYTHON=$(BIN)/python installer/linux/build-deb $(BUNDLE) dist
