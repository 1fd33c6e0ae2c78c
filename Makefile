# The one place for the project's commands. `make run` and `make test` work from a fresh clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6.1 needs Python 3.12 or newer. Use $(PYTHON) if given, else the first suitable
# interpreter on PATH or under pyenv.
PYTHON ?= $(shell for c in python3.12 python3.13 python3.14 python3 \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$c; break; }; done)

.PHONY: run test screenshots lint fmt messages bench bench-pages bench-registration drills worker clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "Sinergi needs Python 3.12 or newer (Django 6.1 requires it)."; \
		echo "Install it (e.g. 'apt-get install python3.12 python3.12-venv' or 'pyenv install 3.12')"; \
		echo "or point to it: make run PYTHON=/path/to/python3.12"; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(TEST_STAMP): requirements.txt requirements-test.txt | $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

locale/id/LC_MESSAGES/django.mo: locale/id/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po | $(STAMP)
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv -v 0

run: export DJANGO_DEBUG ?= true
# Links in invitations and notifications point at this server, unless SINERGI_SITE_URL is set.
run: export SINERGI_SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP) locale/id/LC_MESSAGES/django.mo
	@echo "Links in emails point to $(SINERGI_SITE_URL)"
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_regions
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The unit and page tests in TEST_WORKERS processes (each with its own test database and Redis
# database), then the browser journeys one at a time (each drives a Chromium). PYTEST_ARGS runs
# one pytest with those arguments instead, e.g. make test PYTEST_ARGS="tests/events -x".
TEST_WORKERS ?= 2
test: $(TEST_STAMP) locale/id/LC_MESSAGES/django.mo
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run -v 0
ifeq ($(strip $(PYTEST_ARGS)),)
	$(PY) -m pytest -n $(TEST_WORKERS) --ignore=tests/browser
	$(PY) -m pytest tests/browser
else
	$(PY) -m pytest $(PYTEST_ARGS)
endif

screenshots: $(TEST_STAMP) locale/id/LC_MESSAGES/django.mo
	SINERGI_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest tests/browser -q

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: export DJANGO_DEBUG = true
messages: $(STAMP)
	$(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=tests --no-obsolete --no-location
	$(PY) manage.py compilemessages --ignore=.venv

# Needs PostgreSQL and Redis on 127.0.0.1 (own database sinergi_bench, Redis db 15); see docs/PERFORMANCE.md.
bench: $(TEST_STAMP)
	$(PY) bench/notifications.py

# Every page at national scale beside a bare Django page (about 8 minutes; needs PostgreSQL and
# Redis on 127.0.0.1, own databases sinergi_benchpages*, Redis db 13; see docs/PERFORMANCE.md).
# Options: make bench-pages BENCH_ARGS="--quick --reuse --pages agreements,dashboard"
bench-pages: $(STAMP) locale/id/LC_MESSAGES/django.mo
	@if ! command -v wrk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; fi; fi
	$(PY) bench/pages.py $(BENCH_ARGS)

# 50 members registering at once for an event with few seats and for a full house (needs
# PostgreSQL and Redis on 127.0.0.1, own database sinergi_bench_registration, Redis db 12).
bench-registration: $(TEST_STAMP)
	$(PY) bench/registration.py $(BENCH_ARGS)

# Fault drills (about 12 minutes): Redis restarted and down, workers killed, the mail server
# frozen, PostgreSQL stopped. They start their own PostgreSQL (port 15432) and Redis (16379) and
# never touch the shared ones; see docs/OPERATIONS.md. One or some: make drills DRILLS=worker_kills
drills: $(TEST_STAMP)
	$(PY) bench/drills.py $(DRILLS)

# A Celery worker with an embedded beat, for development against Redis (REDIS_URL must be set).
# Production runs them separately: see docs/PERFORMANCE.md.
worker: export DJANGO_DEBUG ?= true
worker: $(STAMP)
	@if [ -z "$$REDIS_URL" ]; then echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0); without it tasks run inline."; exit 1; fi
	@mkdir -p var
	$(VENV)/bin/celery -A config worker --beat --loglevel=INFO --schedule=var/celerybeat-schedule

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
