# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.13
VENV   := .venv
PY     := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SEED_PARTICIPANTS ?= 300

.PHONY: run test lint format messages makemessages migrate seed logins screenshots clean-var

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# axe-core (accessibility checks inside the browser tests); exact version pinned in package.json.
node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --no-package-lock --silent
	touch $@

messages: $(VENV)/.runtime
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: $(VENV)/.runtime
	$(MANAGE) migrate --no-input -v 0

seed: migrate
	$(MANAGE) seed_demo --participants $(SEED_PARTICIPANTS)

logins: $(VENV)/.runtime
	@$(MANAGE) demo_logins

## Serve the app with demo data on the embedded default (SQLite + file broker under var/),
## with a Celery worker and beat. Ctrl-C stops all three.
run: messages seed
	@echo ""
	@echo "  App:        http://127.0.0.1:8000/"
	@echo "  Admin:      http://127.0.0.1:8000/admin/"
	@echo "  API docs:   http://127.0.0.1:8000/api/v1/docs/"
	@echo ""
	@$(MANAGE) demo_logins
	@echo ""
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho -f Procfile.dev start

## Lint and run the whole suite (DATABASE_URL selects PostgreSQL; SQLite otherwise).
test: $(VENV)/.dev messages node_modules/axe-core/axe.min.js
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest --cov=benefits.rules --cov=reminders.rules --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

makemessages: $(VENV)/.runtime
	$(MANAGE) makemessages -l vi --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=node_modules --no-obsolete

## Phone-size screenshots of the main pages with demo data, into docs/screenshots/.
screenshots: $(VENV)/.dev messages
	$(PY) docs/screenshots/take.py

clean-var:
	rm -rf var
