# h4og-kit: the two set-up commands are `make dashboard` and `make test`; `make lab` is plan B
# when Binder is down (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Jupyter refuses to run as root unless told (containers, some lab machines).
AS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PORT   ?= 8866
LAB_PORT ?= 8888

.PHONY: dashboard lab test bench docs translations system-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-install when pyproject.toml changes; each stamp records one set of extras.
$(VENV)/.installed-dashboard: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dashboard]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@

## Serve the organizer dashboard on the embedded demo data at http://127.0.0.1:$(PORT)
dashboard: $(VENV)/.installed-dashboard
	$(VENV)/bin/h4og serve --demo --port $(PORT)

$(VENV)/.installed-lab: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[lab]'
	touch $@

## Plan B when Binder is down: JupyterLab on notebooks/ from .venv, on this machine, offline too.
## It fetches nothing from the internet itself: no news feed, no update check, no extension
## catalogue; the notebooks answer from the kit's recorded responses when there is no network.
lab: $(VENV)/.installed-lab
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks \
	  --ServerApp.default_url=/lab/tree/00-start-here.ipynb \
	  --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
	  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	  --LabApp.extension_manager=readonly $(AS_ROOT)

## Chromium for the browser tests (with Noto fonts, so Arabic and Chinese render) and PostgreSQL
## for the shared-registry tests, from Debian.
system-deps:
	@if ! [ -x /usr/bin/chromium ]; then \
	  echo "Installing Chromium (browser tests) through apt..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; fi
	@if ! [ -d /usr/share/fonts/truetype/noto ] || ! [ -d /usr/share/fonts/opentype/noto ]; then \
	  echo "Installing the Noto fonts (Arabic and Chinese pages in the browser tests) through apt..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-core fonts-noto-cjk >/dev/null; fi
	@if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "Installing PostgreSQL (registry tests) through apt..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql >/dev/null; fi

## Run the whole test suite, offline, in .venv
test: $(VENV)/.installed-test system-deps
	H4OG_OFFLINE=1 $(VENV)/bin/pytest

$(VENV)/.installed-docs: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[docs]'
	touch $@

## Build the tutorials' website (notebooks run offline, plus the workshops) into build/docs/_build/html
docs: $(VENV)/.installed-docs
	rm -rf build/docs
	H4OG_OFFLINE=1 H4OG_CACHE_DIR=$(CURDIR)/build/docs-cache H4OG_DATA_DIR=$(CURDIR)/build/docs-data \
	  $(VENV)/bin/jupyter-book build . --config docs/_config.yml --toc docs/_toc.yml \
	  --path-output build/docs -W -n --keep-going
	@echo "Open build/docs/_build/html/index.html"

LOCALES := h4og_kit/locale
## Extract the marked text into $(LOCALES)/h4og_kit.pot, update every language's .po, compile the .mo
translations: $(VENV)/.installed-test
	$(VENV)/bin/pybabel --quiet extract -F babel.cfg --add-comments=Translators: --sort-by-file \
	  --project=h4og-kit --copyright-holder="h4og-kit contributors" --no-wrap \
	  -o $(LOCALES)/h4og_kit.pot h4og_kit
	$(VENV)/bin/pybabel --quiet update -i $(LOCALES)/h4og_kit.pot -d $(LOCALES) -D h4og_kit \
	  --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --no-wrap
	$(VENV)/bin/pybabel compile --statistics -d $(LOCALES) -D h4og_kit

## Print every benchmark's table
bench: $(VENV)/.installed-test
	@for b in benchmarks/[!_]*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
