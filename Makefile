# Two commands: `make run` (the demo at http://127.0.0.1:8000/) and `make test` (everything CI runs).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PORT ?= 8000

# The local demo only: debug pages and cookies over plain HTTP. Production leaves both unset.
DEMO_ENV := DEBUG=1 SECURE_TLS=0

.PHONY: run test lint install messages

run: $(STAMP)
	$(DEMO_ENV) $(BIN)/integritas migrate --noinput
	$(DEMO_ENV) $(BIN)/integritas load_libraries
	$(DEMO_ENV) $(BIN)/integritas load_demo
	$(DEMO_ENV) $(BIN)/integritas serve --port $(DEMO_PORT)

test: $(STAMP)
	scripts/test

lint: $(STAMP)
	$(BIN)/ruff check integritas e2e bench conftest.py

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared or the locked dependencies change.
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

# For developers (needs gettext): refresh the catalogue from the code, then compile it. The
# compiled .mo is committed, so `make run` needs no gettext; a test fails when it is stale.
messages: $(STAMP)
	cd integritas && ../$(BIN)/integritas makemessages -l id --no-location --no-obsolete \
		--ignore 'tests/*' --ignore 'core/testing/*'
	msgfmt --check-format -o integritas/locale/id/LC_MESSAGES/django.mo \
		integritas/locale/id/LC_MESSAGES/django.po
