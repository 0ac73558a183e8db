# Two commands: `make run` (the demo at http://127.0.0.1:8000/) and `make test` (everything CI runs).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PORT ?= 8000

# The local demo only: debug pages and cookies over plain HTTP. Production leaves both unset.
DEMO_ENV := DEBUG=1 SECURE_TLS=0

# Compiled translations, rebuilt when their catalogue changes (needs gettext's msgfmt).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard integritas/locale/*/LC_MESSAGES/*.po))

.PHONY: run test lint install

run: $(STAMP) $(MO_FILES)
	$(DEMO_ENV) $(BIN)/integritas migrate --noinput
	$(DEMO_ENV) $(BIN)/integritas load_libraries
	$(DEMO_ENV) $(BIN)/integritas load_demo
	$(DEMO_ENV) $(BIN)/integritas serve --port $(DEMO_PORT)

test: $(STAMP) $(MO_FILES)
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

%.mo: %.po
	msgfmt --check-format -o $@ $<
