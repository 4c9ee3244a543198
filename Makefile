# GreenConnect — the two commands a newcomer needs:
#   make run    create .venv, install, migrate, seed, load demo data if empty, serve on 127.0.0.1:$(PORT)
#   make test   install test tools (Python + Debian packages) and run every suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
PORT ?= 5000
export FLASK_APP := app:create_app
export PORT

.PHONY: run test install install-test migrate seed demo serve indexer bench clean i18n-extract

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-install only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(FLASK) db upgrade heads
	$(FLASK) reference seed

demo: migrate
	$(FLASK) demo load --if-empty

run: demo
	@bash scripts/serve.sh

test: install-test
	@bash .ci/test.sh

bench: install-test
	$(PY) bench/search.py

i18n-extract: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o instance/messages.pot .

clean:
	rm -rf $(VENV) instance/search instance/search.locks instance/search.indexer.lock instance/mail_outbox
