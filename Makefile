# Two commands for a fresh machine (Python 3.11, package index only):
#   make report   install into .venv and build the HTML report from data/
#   make test     install into .venv (with test tools) and run every test (.ci/run also
#                 installs Chromium for the browser tests)
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install report test bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(PY) -m toolkit report data/ -o reports/ --notebooks notebooks/

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/bench_load.py
	$(PY) benchmarks/bench_segment.py
	$(PY) benchmarks/bench_keyterms.py
	$(PY) benchmarks/bench_sentiment.py
	$(PY) benchmarks/bench_analyze.py

clean:
	rm -rf $(VENV) reports .pytest_cache
