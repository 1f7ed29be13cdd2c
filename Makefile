# journeymap — the two commands of the README:
#   make site   install everything and build the example journeys into site/
#   make test   install the test dependencies and run the whole test suite
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
# Debian packages: Graphviz's dot, fonts with Cyrillic for diagrams,
# Chromium for the browser tests (Playwright drives the system Chromium,
# it never downloads a browser), Java for the HTML checker, npm for the
# test tools from the npm registry (the Nu HTML checker, mermaid-cli).
APT_PACKAGES = graphviz fonts-dejavu-core chromium default-jre-headless nodejs npm

.PHONY: site test system-deps python-deps test-deps bench schema clean

system-deps:
	@missing=""; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

python-deps:
	$(PIP) install --quiet -e .

test-deps: system-deps
	$(PIP) install --quiet -e '.[test]'
	@# mermaid-cli into tests/.cache/ for the Mermaid rendering tests (no browser download)
	@$(PYTHON) tests/test_mermaid_render.py

site: system-deps python-deps
	$(PYTHON) -m mapper check journeys/
	$(PYTHON) -m mapper build journeys/ -o site/

test: test-deps
	@$(PYTHON) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests were collected"; exit 0; fi; \
	exit $$rc

bench: python-deps system-deps
	$(PYTHON) bench/run.py

# Regenerate the committed JSON Schema (a test keeps it identical).
schema:
	$(PYTHON) -m mapper schema > journey.schema.json

clean:
	rm -rf site build dist *.egg-info .pytest_cache tests/screenshots
