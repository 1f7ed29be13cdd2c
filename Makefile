# journeymap — the two commands of the README:
#   make site   install what is missing, build the example journeys into site/
#   make test   install what is missing, run the whole test suite
#
# Python packages go into a virtual environment: the active one ($VIRTUAL_ENV)
# or .venv/ in this clone, created with $(PYTHON); never into the system
# Python (Debian's is externally managed, PEP 668).  They are installed at
# the exact versions of constraints.txt; `make test-latest` runs the suite
# against the newest releases in .venv-latest/ instead.
#
# Debian packages are installed with apt-get (as root, or with sudo) only
# when missing: see APT_SITE and APT_TEST.

PYTHON ?= python3
VENV ?= .venv
CONSTRAINTS ?= $(CURDIR)/constraints.txt
# pip options for the installs (make test-latest: --upgrade); not named PIP_*,
# which pip would read from the environment as its own settings
UPGRADE ?=
PYTEST_ARGS ?=

ifdef VIRTUAL_ENV
ENV_DIR := $(VIRTUAL_ENV)
else
ENV_DIR := $(VENV)
endif
PY := $(ENV_DIR)/bin/python
PIP_INSTALL = $(PY) -m pip install --quiet --disable-pip-version-check $(UPGRADE) \
	$(if $(CONSTRAINTS),--constraint $(CONSTRAINTS))

# Debian packages.  make site: Python with venv, Graphviz's dot, fonts with
# Cyrillic for the diagrams.  make test adds Chromium (browser tests through
# Playwright, which never downloads a browser), Java (the Nu HTML checker)
# and npm (the checker and mermaid-cli come from the npm registry).
APT_SITE = python3 python3-venv graphviz fonts-dejavu-core
APT_TEST = $(APT_SITE) chromium default-jre-headless nodejs npm

.PHONY: site test test-latest run-tests venv apt-site apt-test bench schema clean

# $(call apt_install,PACKAGES): apt-get install those of PACKAGES whose
# command or file is missing.  nodejs is only asked for when there is no
# node at all: a node from elsewhere (nodesource, nvm) conflicts with
# Debian's packages ("held broken packages").
define apt_install
@missing=""; \
for package in $(1); do \
  case $$package in \
    python3) [ -x "$(PY)" ] || command -v "$(PYTHON)" >/dev/null 2>&1 ;; \
    python3-venv) [ -x "$(PY)" ] || ! command -v "$(PYTHON)" >/dev/null 2>&1 || \
      "$(PYTHON)" -c "import ensurepip, venv" >/dev/null 2>&1 ;; \
    graphviz) command -v dot >/dev/null 2>&1 ;; \
    fonts-dejavu-core) [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] ;; \
    chromium) command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ;; \
    default-jre-headless) command -v java >/dev/null 2>&1 ;; \
    nodejs) command -v node >/dev/null 2>&1 || command -v npm >/dev/null 2>&1 ;; \
    npm) command -v npm >/dev/null 2>&1 ;; \
  esac || missing="$$missing $$package"; \
done; \
if [ -n "$$missing" ]; then \
  echo "installing Debian packages:$$missing"; \
  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
  elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
  else echo "run as root, or install them: apt-get install$$missing" >&2; exit 1; fi; \
  $$SUDO apt-get update -qq && \
  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
fi
endef

apt-site:
	$(call apt_install,$(APT_SITE))

apt-test:
	$(call apt_install,$(APT_TEST))

# The virtual environment (created once; an active one is used as it is).
$(PY): | apt-site
	$(PYTHON) -m venv --clear $(ENV_DIR) || { rm -rf $(ENV_DIR); exit 1; }

venv: $(PY)

site: apt-site $(PY)
	$(PIP_INSTALL) --editable .
	$(PY) -m mapper check journeys/
	$(PY) -m mapper build journeys/ -o site/
	@echo "site/ is built. journeymap is installed in $(ENV_DIR)/: run $(ENV_DIR)/bin/journeymap --help, or . $(ENV_DIR)/bin/activate first"

test: apt-test $(PY)
	$(PIP_INSTALL) --editable '.[test]'
	@# mermaid-cli into tests/.cache/ for the Mermaid rendering tests (no browser download)
	@$(PY) tests/formats/test_mermaid_render.py
	@$(MAKE) --no-print-directory run-tests

# pytest in the environment (PYTEST_ARGS to choose tests), with the
# constraints applied to the pip runs inside the tests too; "no tests
# collected" (exit 5) is a failure.
run-tests:
	@$(if $(CONSTRAINTS),PIP_CONSTRAINT=$(CONSTRAINTS)) $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$rc

# The same suite against the newest release of every dependency, in its own
# environment: shows upstream breakage before users meet it.
test-latest:
	@$(MAKE) --no-print-directory test VIRTUAL_ENV= VENV=.venv-latest CONSTRAINTS= \
		UPGRADE="--upgrade --upgrade-strategy eager"

bench: apt-site $(PY)
	$(PIP_INSTALL) --editable .
	$(PY) bench/run.py

# Regenerate the committed JSON Schema: journey.schema.json for editors in
# this repository, mapper/journey.schema.json inside the package (tests keep
# both identical to `journeymap schema`).
schema: $(PY)
	$(PIP_INSTALL) --editable .
	$(PY) -m mapper schema -o journey.schema.json
	$(PY) -m mapper schema -o mapper/journey.schema.json

clean:
	rm -rf site build dist *.egg-info .pytest_cache tests/screenshots
