# GNU make. Windows (no make): README, "Quick start", gives the equivalent python commands.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
PIP    := $(VPY) -m pip --disable-pip-version-check
PYTEST_ARGS ?=
# Test workers: the suite runs in parallel (pytest-xdist); CI and developer machines have 2 cores.
JOBS ?= 2

# Never let Playwright fetch a browser of its own: tests use Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help venv python-version site check test test-fast lint pdf bench clean distclean messages compile-messages

help:
	@echo "make venv   - create/update .venv (requirements.txt) and node_modules (package-lock.json)"
	@echo "make site   - build the site into site/ (build.py build)"
	@echo "make check  - validate data and content (build.py check)"
	@echo "make test   - static checks, then the whole suite in parallel, then the browser tests (PYTEST_ARGS=...)"
	@echo "make test-fast - the edit loop: no browser, no slow build/interrupt tests"
	@echo "make lint   - ruff, the import layers and mypy"
	@echo "make messages - extract the messages into followup/locale/followup.pot and update the English .po"
	@echo "make pdf    - build PDFs of all reports (build.py pdf --all)"
	@echo "make bench  - install requirements-bench.txt and run benchmarks/run.py (BENCH_ARGS=\"--quick\" for a few minutes)"
	@echo "make clean  - remove build output; make distclean also removes .venv and node_modules"

# Runs a command quietly; on failure shows its output (the log) and fails.
QUIET = run_quiet() { local log; log=$$(mktemp); if "$$@" >"$$log" 2>&1; then rm -f "$$log"; else rc=$$?; cat "$$log" >&2; rm -f "$$log"; return $$rc; fi; }; run_quiet

venv: python-version $(VENV)/.stamp node_modules/.stamp compile-messages

# A clear message before anything else when the Python is too old (or missing).
python-version:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
		echo "Fel: verktyget behöver Python 3.11 eller senare, men '$(PYTHON)' är $$($(PYTHON) --version 2>/dev/null || echo 'inte installerat')." >&2; \
		echo "Installera Python 3.11 och kör till exempel: make site PYTHON=python3.11" >&2; \
		exit 1; }

$(VPY):
	@echo "Skapar .venv …"
	@$(QUIET) $(PYTHON) -m venv $(VENV)
	@$(QUIET) $(PIP) install -q --upgrade pip

# Re-install only when requirements.txt is newer than the stamp.
$(VENV)/.stamp: requirements.txt | $(VPY)
	@echo "Installerar Python-paketen (requirements.txt) …"
	@$(QUIET) $(PIP) install -q -r requirements.txt
	@touch $@

node_modules/.stamp: package-lock.json package.json
	@echo "Installerar Node-paketen (package-lock.json) …"
	@$(QUIET) npm ci --silent --no-audit --no-fund
	@touch $@

# The message catalogues (doc/messages.md): Swedish msgids in the code, English in the .po.
LOCALE := followup/locale
PYBABEL := $(VENV)/bin/pybabel
MESSAGE_KEYWORDS := --no-default-keywords -k _ -k N_ -k ngettext:1,2

# The compiled .mo files are not committed: compiled at set-up (a missing one is read from the .po).
# Two domains: followup (our Swedish msgids, English in en/) and argparse (argparse's English
# msgids, Swedish in sv/; kept by hand against the Python's argparse, doc/messages.md).
MESSAGE_DOMAINS := followup argparse
compile-messages: $(VENV)/.stamp
	@$(QUIET) $(PYBABEL) -q compile -d $(LOCALE) -D "$(MESSAGE_DOMAINS)"

messages: $(VENV)/.stamp
	$(PYBABEL) -q extract -F babel.cfg $(MESSAGE_KEYWORDS) --no-location --sort-output --omit-header \
		-o $(LOCALE)/followup.pot .
	$(PYBABEL) -q update -i $(LOCALE)/followup.pot -d $(LOCALE) -D followup --ignore-obsolete \
		--ignore-pot-creation-date
	@$(MAKE) --no-print-directory compile-messages
	@echo "Now translate the empty and fuzzy entries of $(LOCALE)/en/LC_MESSAGES/followup.po (doc/messages.md)."

site: venv
	$(VPY) build.py build

check: venv
	$(VPY) build.py check

lint: venv
	$(VPY) -m ruff check followup tests benchmarks build.py
	$(VENV)/bin/lint-imports
	$(VPY) -m mypy

test: venv
	@echo "== make test 1/3: static checks (ruff, import layers, mypy)"
	@$(MAKE) --no-print-directory lint
	@echo "== make test 2/3: tests without a browser ($(JOBS) workers)"
	$(VPY) -m pytest -q -n $(JOBS) -m "not browser" $(PYTEST_ARGS)
	@echo "== make test 3/3: browser tests (Chromium, axe-core; $(JOBS) workers)"
	scripts/ensure-browser.sh
	$(VPY) -m pytest -q -n $(JOBS) -m browser $(PYTEST_ARGS)

test-fast: venv
	$(VPY) -m pytest -q -n $(JOBS) -m "not browser and not slow" $(PYTEST_ARGS)

pdf: venv
	$(VPY) build.py pdf --all

$(VENV)/.bench-stamp: requirements-bench.txt $(VENV)/.stamp
	$(PIP) install -r requirements-bench.txt
	touch $@

bench: venv $(VENV)/.bench-stamp
	$(VPY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf site/ .site-*/ pdf/ benchmarks/out/ .pytest_cache/ .hypothesis/ .cache/
	find . -path ./.venv -prune -o -path ./node_modules -prune -o \
		-type d -name __pycache__ -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules/
