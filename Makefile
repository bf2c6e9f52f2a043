# Everything a developer or CI needs, from a fresh clone with Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# `make run` is the developer's server: DEBUG on, so the dev secret key is allowed.
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test test-postgres lint format editor install clean bench bench-million bench-imports bench-images bench-page-weight loadtest cluster screenshots

# Reinstall only when requirements.txt changes.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# html-validate for the HTML validity test; reinstalled when package.json or
# its lock changes. Without npm the test is skipped and says so.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund && touch $@; \
	else echo "NOTE: npm is missing: the HTML validity test will be SKIPPED."; fi

install: $(BIN)/.installed node_modules/.installed

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py loaddemo
	@echo "Editor login: run 'make editor' in another terminal, then open http://127.0.0.1:$(PORT)/admin/"
	@echo "The background worker runs beside the server; Ctrl-C stops both."
	$(DEV_ENV) $(BIN)/python manage.py runserver_with_worker 127.0.0.1:$(PORT)

editor: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py check
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/pytest
	@test -x /usr/bin/chromium || echo "NOTE: browser tests (tests/browser/) were SKIPPED: /usr/bin/chromium is missing; apt-get install -y chromium runs them."
	@command -v npm >/dev/null || echo "NOTE: the HTML validity test was SKIPPED: npm is missing; apt-get install -y npm runs it."

# The README's screenshots of a demo archive, taken again in Chromium into
# docs/screenshots/.
screenshots: install
	rm -rf artifacts/screenshots
	$(BIN)/pytest -q tests/browser/test_screenshots.py
	rm -f docs/screenshots/*.png
	cp artifacts/screenshots/*.png docs/screenshots/

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache staticfiles

# The same suite against PostgreSQL; CI starts the server (see .ci/run).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

# Benchmarks; BENCH_ARGS=--quick gives the short forms CI runs.
BENCH_ARGS ?=

# Reader pages (home, section, article, tag, search) and the API's article list
# and detail with the page cache off
# and on, against the same article as a static file, at 1,000 and 100,000
# articles (docs/performance.md). BENCH_ARGS=--cluster measures the pages
# through one app server, nginx and Varnish of the loopback cluster
# (docs/deploy.md). Then a live story: readers polling its new entries while
# an editor posts (bench/live.py; Redis if REDIS_URL is set). The other benchmarks: bench-imports, bench-images, loadtest.
bench: install
	$(BIN)/python -m bench.pages $(BENCH_ARGS)
	$(BIN)/python -m bench.live $(BENCH_ARGS)

# The reader pages at 1,000 and at a million articles (seed_demo copies past
# its first 100,000 in the database); not in CI, whose quick bench stays small.
bench-million: install
	$(BIN)/python -m bench.pages --articles 1000000 $(BENCH_ARGS)

# Time and peak memory of importing 10,000 articles in each format into a fresh
# temporary database.
bench-imports: install
	$(BIN)/python -m bench.imports $(BENCH_ARGS)

# Time and peak memory to take in a 24-megapixel photo and make its renditions.
bench-images: install
	$(BIN)/python -m bench.images $(BENCH_ARGS)

# What a reader downloads for an article before images (HTML, CSS, scripts,
# compressed), against the 50 KB budget; fails if over it. Takes seconds.
bench-page-weight: install
	$(BIN)/python -m bench.page_weight

# Readers and editors at once against gunicorn: errors, latency, lost edits.
LOADTEST_ARGS ?=
loadtest: install
	$(BIN)/python -m bench.loadtest $(LOADTEST_ARGS)

# PostgreSQL + replica, Redis, two app servers, nginx and Varnish on loopback,
# with a scenario run against them (CLUSTER_ARGS=--quick for a short one).
CLUSTER_ARGS ?=
cluster: install
	$(BIN)/python -m bench.cluster $(CLUSTER_ARGS)
