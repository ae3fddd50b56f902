# The two commands of the README: `make run` and `make test`. Everything else is their parts.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
FAULTS ?=

.PHONY: run test install install-dev install-load browser lint load faults clean

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "ささえあいログ: http://127.0.0.1:8000 （止めるには Ctrl+C）"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev browser
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

# Load and fault runs against gunicorn and a private PostgreSQL on 127.0.0.1 (tests/load/, see
# the README); not part of `make test` or CI. FAULTS picks scenarios: FAULTS=close make faults.
load: install-load
	tests/load/load.sh

faults: install-load
	tests/load/faults.sh $(FAULTS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable .
	touch $@

install-dev: $(VENV)/.installed-dev
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable ".[dev]"
	touch $(VENV)/.installed $@

install-load: $(VENV)/.installed-load
$(VENV)/.installed-load: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable ".[dev,load]"
	touch $(VENV)/.installed $(VENV)/.installed-dev $@

# Browser tests drive Debian's chromium and chromium-driver (no driver downloads). Where they
# cannot be installed the browser tests are skipped with a reason, except under CI=true.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian chromium, chromium-driver and fonts-noto-cjk for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver fonts-noto-cjk >/dev/null) \
	  || echo "Could not install Chromium: the browser tests will be skipped"; \
	else echo "Chromium is not installed and apt-get is not usable: the browser tests will be skipped"; \
	fi

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
