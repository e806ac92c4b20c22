# Two commands do all the set-up: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HTMX   := webapp/static/vendor/htmx.min.js
NODE   := node_modules/.installed
AXE    := node_modules/axe-core/axe.min.js
PYTHON ?= python3

.PHONY: run test install assets browser bench screenshots clean

run: install assets
	$(VENV)/bin/mutasi demo --if-empty
	$(VENV)/bin/mutasi serve

test: install assets browser
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

assets: $(HTMX) $(AXE)

# One `npm ci` (dependencies and devDependencies: axe-core for the browser tests' accessibility check).
$(NODE): package.json package-lock.json
	npm ci --include=dev --no-audit --no-fund --silent
	touch $(NODE)

$(AXE): $(NODE)
	test -f $(AXE)

$(HTMX): $(NODE)
	mkdir -p webapp/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

# Playwright cannot download browsers here: the tests drive Debian's Chromium.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium belum ada: memasang Debian's chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Desktop and 390 px phone screenshots of the main pages into docs/screenshots/ (a fresh demo city).
screenshots: install assets browser
	$(PY) -m pytest -q -p no:cacheprovider e2e/screenshots.py

bench: install
	$(PY) bench/events.py

clean:
	rm -rf $(VENV) node_modules webapp/static/vendor var
