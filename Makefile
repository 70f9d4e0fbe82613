# Two entry points on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := .tools/bin/uv
DEMO_HOME ?= demo/docket-data
export UV_PYTHON_DOWNLOADS := never
# Python keeps the compiled form of the modules it imports: the suite starts hundreds of `docket`
# processes, and each would otherwise compile the whole package again (about 0.8 s apiece).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install system-packages system-packages-demo demo test lint typecheck unit bench docs-cli \
	messages untranslated screenshots clean

.tools/bin/uv: requirements-tools.lock
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --require-hashes -r requirements-tools.lock
	@touch $@

$(VENV)/.installed: requirements.lock pyproject.toml .tools/bin/uv
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(VENV)
	VIRTUAL_ENV=$(VENV) $(UV) pip sync --quiet --compile-bytecode --require-hashes requirements.lock
	VIRTUAL_ENV=$(VENV) $(UV) pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

install: $(VENV)/.installed

# Debian packages besides Python (Tesseract, fonts, and Chromium for the browser tests): installed
# when run as root, otherwise the exact command to run is printed. Instant when all are present.
system-packages:
	@bash scripts/system-packages.sh test

system-packages-demo:
	@bash scripts/system-packages.sh demo

demo: system-packages-demo install
	bash demo/run.sh $(DEMO_HOME)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

# pytest exits 5 when it collected no test: that must fail the build, and say why.
unit: system-packages install
	@$(BIN)/pytest -n 2 -q || { code=$$?; \
		if [ $$code -eq 5 ]; then echo "make unit: pytest collected no tests" >&2; fi; exit $$code; }

test: system-packages lint typecheck unit

docs-cli: install
	$(BIN)/typer docket.cli.app utils docs --name docket --title "Command reference" --output docs/cli.md

# Refresh docs/screenshots/ from the browser tests.
screenshots: system-packages install
	DOCKET_SCREENSHOTS=1 $(BIN)/pytest tests/browser -q -n 0

# Collect the interface strings and merge them into every catalog (ru, ky); `make untranslated`
# then lists what each language still lacks.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --omit-header --sort-output \
		-o src/docket/web/locales/messages.pot .
	$(BIN)/pybabel update -i src/docket/web/locales/messages.pot -d src/docket/web/locales \
		--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

# The interface strings a catalog does not translate yet (fails when there are any);
# LANGUAGES=ky limits it to one language.
untranslated: install
	$(BIN)/python scripts/untranslated.py

# Every benchmark in turn with its defaults (long: builds 100,000-item archives once, cached in
# benchmarks/.work); each prints ratios to a floor measured in the same run.
BENCHMARKS := ingest verify search names records extraction web capture

bench: install
	set -e; for name in $(BENCHMARKS); do echo "== $$name"; $(BIN)/python benchmarks/$$name.py; done

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache demo/docket-data
