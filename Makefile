# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.13
VENV   := .venv
PY     := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SEED_PARTICIPANTS ?= 300

.PHONY: run prod test lint format messages makemessages migrate seed logins screenshots clean-var

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

## The production shape on this machine (docs/operations.md): DJANGO_ENV=production, gunicorn (workers from
## the cores, deploy/gunicorn.conf.py), a Celery worker and one beat (Procfile.prod), on the PostgreSQL and
## Redis or RabbitMQ given by DATABASE_URL, CELERY_BROKER_URL and REDIS_URL, with SECRET_KEY and the check-in
## signing key (CHECKIN_PRIVATE_KEY) from the environment.
## Migrates and collects the static files (compressed, with hashed names) first. Ctrl-C stops all three.
PROMETHEUS_MULTIPROC_DIR ?= $(CURDIR)/var/prometheus
prod: messages
	@test -n "$$SECRET_KEY" || { echo "make prod: set SECRET_KEY (and DATABASE_URL, CELERY_BROKER_URL, REDIS_URL, ALLOWED_HOSTS)"; exit 2; }
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make prod: DATABASE_URL must be a PostgreSQL URL"; exit 2;; esac
	@case "$$CELERY_BROKER_URL" in redis*|amqp*) ;; *) echo "make prod: CELERY_BROKER_URL must be Redis or RabbitMQ"; exit 2;; esac
	@test -n "$$REDIS_URL" || { echo "make prod: set REDIS_URL (cache, throttles, sessions' rate limits)"; exit 2; }
	@test -n "$$CHECKIN_PRIVATE_KEY" || { echo "make prod: set CHECKIN_PRIVATE_KEY (manage.py rotate_checkin_key --generate-pem)"; exit 2; }
	DJANGO_ENV=production $(MANAGE) migrate --no-input -v 0
	DJANGO_ENV=production $(MANAGE) collectstatic --no-input -v 0
	rm -rf $(PROMETHEUS_MULTIPROC_DIR) && mkdir -p $(PROMETHEUS_MULTIPROC_DIR)
	DJANGO_ENV=production PROMETHEUS_MULTIPROC_DIR=$(PROMETHEUS_MULTIPROC_DIR) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" \
		$(VENV)/bin/honcho -f Procfile.prod start

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
