# Okno — the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO := $(wildcard okno/locale/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)
PYTEST_WORKERS ?= 2

.PHONY: demo test lint unit e2e bench messages makemessages messages-check clean

demo: $(STAMP) $(MO)
	$(BIN)/okno demo

test: $(STAMP) $(MO) lint unit

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

unit: $(STAMP) $(MO)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

e2e: $(STAMP) $(MO)
	OKNO_E2E=1 $(BIN)/pytest -q -p no:xdist tests/e2e

bench: $(STAMP) $(MO)
	$(BIN)/python -m bench

messages: $(MO)

%.mo: %.po $(STAMP)
	$(BIN)/okno compile-messages

# Needs GNU gettext (xgettext); refreshes the catalogue from the sources.
makemessages: $(STAMP)
	cd okno && OKNO_VAR_DIR=../var ../$(BIN)/okno manage makemessages -l en --no-obsolete --no-location

# Needs GNU gettext; fails when a marked string has no English translation.
messages-check: $(STAMP)
	.ci/messages-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) var .pytest_cache
