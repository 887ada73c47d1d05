# motcua: `make run` serves the demo province, `make test` runs the whole suite.
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Only Swagger UI is served; ReDoc (and its 4 MB source map) is left out.
STATIC_IGNORE := -i redoc

.PHONY: run test setup setup-test check messages bench lint

setup:
	@bash scripts/setup.sh run

setup-test:
	@bash scripts/setup.sh test

messages:   ## compile every app's translation catalog and build the web fonts
	@cd src/motcua && $(CURDIR)/$(PY) $(CURDIR)/manage.py compilemessages -v0
	@$(MANAGE) build_fonts

# The demo pays through the fake VNPay gateway (docs/payments.md) unless the
# environment names a real one.
run: export VNPAY_TMN_CODE ?= MOTCUA01
run: export VNPAY_HASH_SECRET ?= DEMOSECRETMOTCUA
run: export VNPAY_PAYMENT_URL ?= http://127.0.0.1:8899/paymentv2/vpcpay.html
run: export VNPAY_API_URL ?= http://127.0.0.1:8899/merchant_webapi/api/transaction
run: setup messages
	@$(MANAGE) migrate --no-input -v0
	@$(MANAGE) createcachetable
	@$(MAKE) -s var/static/staticfiles.json
	@$(MANAGE) load_demo
	@$(MANAGE) make_dev_pki
	@echo "motcua is serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@# The task worker and the scheduler run beside the server and stop with it.
	@$(MANAGE) db_worker --no-reload --interval 1 -v0 & worker=$$!; \
	$(MANAGE) run_scheduler & scheduler=$$!; \
	$(MANAGE) run_fake_vnpay --only-if-local -v0 & vnpay=$$!; \
	$(MANAGE) run_demo_oidc --port 8890 --only-if-configured & oidc=$$!; \
	trap 'kill $$worker $$scheduler $$vnpay $$oidc 2>/dev/null; wait $$worker $$scheduler $$vnpay $$oidc 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/granian --interface wsgi --host $(HOST) --port $(PORT) \
	  --workers $(WORKERS) --blocking-threads 2 --backpressure 32 --no-ws --log-level warning \
	  motcua.wsgi:application

lint:
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: setup-test messages lint
	$(VENV)/bin/pytest -n $(or $(JOBS),2) $(ARGS)

check: test

bench: setup messages
	@command -v wrk >/dev/null || bash scripts/setup.sh bench
	$(PY) bench/run.py

# Collected again only when a static source or a locked package changes.
var/static/staticfiles.json: $(shell find src/motcua -path '*/static/*' -type f 2>/dev/null) uv.lock package-lock.json var/webfonts/BeVietnamPro-Regular.woff2
	@$(MANAGE) collectstatic --no-input -v0 $(STATIC_IGNORE)
