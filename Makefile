# Sổ tay CNS. `make run` and `make test` do the whole set-up themselves.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TS    := $(wildcard i18n/*.ts)
QM    := $(TS:.ts=.qm)
ARGS  ?=

.PHONY: run test test-fast bench i18n lupdate bundle lint fmt demo clean setup central windows windows-check windows-lock bench-windows

setup: $(STAMP) $(QM)

$(STAMP): pyproject.toml build/bootstrap.sh
	@bash build/bootstrap.sh
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[desktop,central,dev]'
	@touch $@

i18n/%.qm: i18n/%.ts $(STAMP)
	@$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

i18n: $(QM)

# Refresh the .ts sources from the code (then translate the new entries in Qt Linguist).
lupdate: $(STAMP)
	@$(VENV)/bin/pyside6-lupdate -no-obsolete -locations none $$(find desktop -name '*.py' | sort) -ts i18n/sotay_vi.ts

run: setup
	$(PY) -m desktop $(ARGS)

# The commune's central service on its embedded SQLite (./central-data), on 127.0.0.1:8700.
# Admin commands: $(PY) -m central team add ..., code ..., devices ..., revoke ... (README).
central: setup
	$(PY) -m central serve $(ARGS)

demo: setup
	$(PY) -m desktop --data-dir "$${TMPDIR:-/tmp}/sotay-demo" --demo $(ARGS)

# One worker per core, at most four (pytest-xdist): on CI's two cores the suite takes 15 minutes
# instead of 25, its tests being one core's work each. worksteal gives each worker a run of
# tests in pytest's order (SQLite's first, then PostgreSQL's: each shared service made about
# once) and moves the tail to whichever is idle. ARGS='-n0' runs in one process.
XDIST := -n auto --maxprocesses 4 --dist worksteal
test: setup
	@bash build/test-deps.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(XDIST) $(ARGS)

# The Qt-free logic alone, for the edit-test loop (under 30 s): the tiers are the marks that
# tests/conftest.py gives a test from what it uses (README, Tests). CI runs `make test`.
FAST := not gui and not server and not browser and not slow and not windows
test-fast: setup
	$(VENV)/bin/ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "$(FAST)" $(ARGS)

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py $(ARGS)

bundle: setup
	$(VENV)/bin/pyinstaller --noconfirm --clean --workpath .pyinstaller-work --distpath dist build/pyinstaller.spec

# The Windows installer, built here under Wine: dist/windows/SoTayCNS-<version>-setup.exe.
windows: setup
	@bash build/windows/build.sh

# A fresh Windows 10 prefix under Wine: silent install, the installed app's self-test, and a
# team leader's day with it (build/windows/check.sh says what is checked).
windows-check: windows
	@bash build/windows/check.sh

# The Windows build's sizes, build time and start-up under Wine against a bare Qt window.
bench-windows: setup
	$(PY) bench/windows.py --build

# Re-pin the Windows wheels (build/windows/lock.txt) after a change of the app's dependencies.
windows-lock: $(STAMP)
	@$(PY) -m pip install -q uv
	@$(VENV)/bin/uv pip compile pyproject.toml build/windows/requirements.in --extra desktop --extra central \
	  --python-platform x86_64-pc-windows-msvc --python-version 3.13 --generate-hashes \
	  --no-header --quiet -o build/windows/lock.body
	@{ sed -n '1,/^$$/p' build/windows/lock.txt; cat build/windows/lock.body; } > build/windows/lock.new
	@mv build/windows/lock.new build/windows/lock.txt; rm -f build/windows/lock.body

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) dist .pyinstaller-work i18n/*.qm
