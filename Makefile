# Two commands for a fresh machine (Python 3.11-3.13, package index only):
#   make report   install into .venv and build the HTML report from data/
#   make test     install into .venv (with test tools and Dask) and run every test
#                 (.ci/run also installs Chromium and runs the lock and offline checks)
# For a workshop room (notebooks/workshop/GUIDE.md):
#   make handout  the participants' folder and, apart, the solutions (build/workshop/)
#   make room     the same plus an offline wheelhouse for Linux, macOS and Windows
# Without make (Windows): see README "Set up and run".
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCKS := requirements.lock requirements-runtime.lock
ROOM ?= build/workshop

.PHONY: install report test bench clean lock lock-check offline-check handout room

# requirements.lock: runtime + the dev and dask extras; universal (platform markers), hashes.
# --no-deps: the lock is complete on every platform (make lock-check); pip check confirms.
$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip check
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

# Re-resolve both locks after changing pyproject.toml (needs uv: it is in the dev extra).
lock: $(STAMP)
	PATH=$(VENV)/bin:$$PATH uv pip compile pyproject.toml --universal --python-version 3.11 \
	  --extra dev --extra dask --generate-hashes -o requirements.lock
	PATH=$(VENV)/bin:$$PATH uv pip compile pyproject.toml --universal --python-version 3.11 \
	  --generate-hashes -o requirements-runtime.lock

# Both locks resolve from wheels on linux/macos/windows x Python 3.11/3.12/3.13.
lock-check: $(STAMP)
	PATH=$(VENV)/bin:$$PATH $(PY) .ci/lock_check.py $(LOCKS)

# The hand-out installs from a Linux wheelhouse with the network off, and runs.
offline-check: $(STAMP)
	PY=$(PY) bash .ci/offline_install.sh

handout: $(STAMP)
	$(PY) notebooks/workshop/room.py handout --out $(ROOM)

room: $(STAMP)
	$(PY) notebooks/workshop/room.py room --out $(ROOM)

clean:
	rm -rf $(VENV) reports .pytest_cache build
