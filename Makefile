# The two commands of the README: `make run` and `make test`. Everything else is their parts.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
FAULTS ?=

.PHONY: run test install install-dev install-load lock browser messages lint load faults clean

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

# Installs take exactly the versions and files of the lock (requirements/*.txt, made by
# `make lock`): every package pinned with its hashes, nothing resolved at install time, so two
# installs of one commit are the same. The project itself is installed on top, without deps.
PIP_LOCKED := $(BIN)/pip install --quiet --require-hashes --no-deps
# (setuptools warns on every editable build that a folder named like the package could shadow it)
PIP_PROJECT := PYTHONWARNINGS=ignore $(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .

install: $(VENV)/.installed
$(VENV)/.installed: requirements/app.txt pyproject.toml | $(BIN)/python
	$(PIP_LOCKED) -r requirements/app.txt
	$(PIP_PROJECT)
	touch $@

install-dev: $(VENV)/.installed-dev
$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(PIP_LOCKED) -r requirements/dev.txt
	$(PIP_PROJECT)
	touch $(VENV)/.installed $@

install-load: $(VENV)/.installed-load
$(VENV)/.installed-load: requirements/load.txt pyproject.toml | $(BIN)/python
	$(PIP_LOCKED) -r requirements/load.txt
	$(PIP_PROJECT)
	touch $(VENV)/.installed $(VENV)/.installed-dev $@

# The lock, from pyproject.toml's ranges: after changing a range, or to take upgrades:
# `make lock UPGRADE=--upgrade` (everything), `make lock UPGRADE="--upgrade-package django"`
# (one package, e.g. a security release). The README's "Dependencies" says how.
LOCK := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --build-deps-for wheel --no-emit-index-url \
	--no-emit-find-links $(UPGRADE)
lock: install-dev
	$(LOCK) --output-file requirements/app.txt pyproject.toml
	$(LOCK) --extra dev --constraint requirements/app.txt --output-file requirements/dev.txt pyproject.toml
	$(LOCK) --extra dev --extra load --constraint requirements/dev.txt \
	  --output-file requirements/load.txt pyproject.toml

# Browser tests drive Debian's chromium and chromium-driver (no driver downloads); the catalog
# test compiles locale/ with Debian's gettext. Where they cannot be installed those tests are
# skipped with a reason, except under CI=true.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && command -v msgfmt >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian chromium, chromium-driver, fonts-noto-cjk and gettext for the tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver fonts-noto-cjk gettext >/dev/null) \
	  || echo "Could not install Chromium and gettext: the browser and catalog tests will be skipped"; \
	else echo "Chromium or gettext is not installed and apt-get is not usable: the browser and catalog tests will be skipped"; \
	fi

# Our Japanese catalogs of the third-party apps: after upgrading one of them, or editing a .po.
messages: install-dev
	locale/update-catalogs.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
