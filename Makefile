# motcua: `make run` serves the demo province, `make test` runs the whole suite.
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test setup setup-test check messages bench lint

setup:
	@bash scripts/setup.sh run

setup-test:
	@bash scripts/setup.sh test

messages:   ## compile every app's translation catalog
	@cd src/motcua && $(CURDIR)/$(PY) $(CURDIR)/manage.py compilemessages -v0

run: setup messages
	@$(MANAGE) migrate --no-input -v0
	@$(MANAGE) collectstatic --no-input -v0
	@$(MANAGE) load_demo
	@echo "motcua is serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@$(VENV)/bin/granian --interface wsgi --host $(HOST) --port $(PORT) \
	  --workers $(WORKERS) --blocking-threads 8 --no-ws --log-level warning \
	  motcua.wsgi:application

lint:
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: setup-test messages lint
	$(VENV)/bin/pytest $(ARGS)

check: test

bench: setup messages
	$(PY) bench/run.py
