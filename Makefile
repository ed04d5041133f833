# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Set-up (virtualenv, pinned pip and npm packages, Debian packages) is a
# dependency of every target and is skipped when nothing changed.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages: chromium for the diagrams (drawn at build time) and browser tests, ffmpeg/sox for audio, poppler for
# slides, Latin Modern Math for formulas
DEBIAN_PACKAGES := chromium ffmpeg sox poppler-utils fonts-lmodern

.PHONY: setup serve test book measurement slides audio bench clean debian-packages

setup: $(VENV)/.installed node_modules/.installed debian-packages

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml book/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

debian-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# Warnings are errors and the first one stops the build (no --keep-going); a raising cell fails it too.
# The chapter reads the one cost measurement from $(COST_MEASUREMENT), named by TINYTORCH_COST_MEASUREMENT.
book: export TINYTORCH_COST_MEASUREMENT = $(abspath $(COST_MEASUREMENT))
book: setup measurement slides audio
	$(VENV)/bin/jupyter-book build . --warningiserror

# Slides and audio are file targets: rebuilt only when their sources or tinytorch change.
TINYTORCH_SOURCES := $(wildcard tinytorch/*.py tinytorch/core/*.py)
MEDIA_FACTS := slides/build/facts.json
SLIDES_PDF := slides/build/02_activations.pdf
AUDIO_MANIFEST := audio/build/02_activations.json
COST_MEASUREMENT := _build/measurement/cost.json

# One timing run per build (tinytorch, a plain copy, PyTorch where installed): chapter, slides and audio read it.
measurement: setup $(COST_MEASUREMENT)

$(COST_MEASUREMENT): book/chapter/cost_measurement.py book/chapter/sigmoid_forms.py $(TINYTORCH_SOURCES) | $(VENV)/.installed
	$(PY) -m chapter.cost_measurement $@

slides: setup $(SLIDES_PDF)

audio: setup $(AUDIO_MANIFEST)

$(MEDIA_FACTS): slides/chapter_facts.py $(wildcard book/chapter/*.py) $(COST_MEASUREMENT) slides/02_activations.md audio/02_activations.txt $(TINYTORCH_SOURCES) | $(VENV)/.installed
	mkdir -p $(@D)
	$(PY) slides/chapter_facts.py $(COST_MEASUREMENT) $@

$(SLIDES_PDF): $(MEDIA_FACTS) slides/02_activations.md $(wildcard slides/*.py) | $(VENV)/.installed
	$(PY) slides/build_deck.py $(MEDIA_FACTS) $@

$(AUDIO_MANIFEST): $(MEDIA_FACTS) audio/02_activations.txt $(wildcard audio/*.py) | $(VENV)/.installed
	$(PY) audio/build_audio.py $(MEDIA_FACTS) audio/02_activations.txt $(@D)

serve: book
	$(PY) -m serve_site _build/html --host $(HOST) --port $(PORT)

test: book
	$(PY) -m pytest

# Benchmarks print measured numbers and ratios; none of them is a pass/fail test.
bench: book
	$(PY) bench/kernels.py
	$(PY) bench/build.py
	$(PY) bench/browser.py
	$(PY) bench/explore.py
	$(PY) bench/editor.py

clean:
	rm -rf _build slides/build audio/build
