# Two commands on a fresh machine with Python 3.11:
#   make report   create .venv, install, fetch the raw data, build the cache, write reports/*.html
#   make test     the same environment, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Let Python keep the bytecode of what it imports (in .venv and the git-ignored __pycache__):
# with PYTHONDONTWRITEBYTECODE set, every kernel, test worker and command would compile
# pandas, matplotlib, geopandas and the rest from source again (about 2 s a process).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: report test test-fast check docs install fetch build clean lock

$(STAMP): pyproject.toml requirements.lock
	bash scripts/setup_env.sh $(PYTHON) $(VENV)
	touch $(STAMP)

# Re-solve the exact versions after changing pyproject.toml (keep environment.yml in step).
lock:
	bash scripts/setup_env.sh $(PYTHON) $(VENV)
	$$(command -v uv || echo .tools/bin/uv) pip compile pyproject.toml --all-extras --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --quiet -o requirements.lock

install: $(STAMP)

fetch: install
	$(BIN)/par-analysis fetch

build: fetch
	$(BIN)/par-analysis build

report: build
	$(BIN)/par-analysis report --profiles

test: fetch
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -n 2

# the quick tier while editing: no notebooks, no browser, no doctests, two workers
# (benchmarks/bench_setup.py times it; `make test` runs everything)
test-fast: fetch
	$(BIN)/python -m pytest -q -o addopts="-ra" -m "not slow and not browser" -n 2 tests \
	  --ignore tests/test_browser.py --ignore tests/test_report.py \
	  --ignore tests/test_notebooks_paired.py

# lint, docstring validation and types, as the tests check them
check: install
	$(BIN)/ruff check par_analysis tests notebooks benchmarks tools docs
	$(BIN)/numpydoc lint par_analysis/*.py par_analysis/sources/*.py
	$(BIN)/mypy par_analysis --ignore-missing-imports

# the documentation site (docs/_build/html), warnings as errors; its gallery is the executed
# notebooks of `make report`
docs: report
	rm -rf docs/_build docs/generated
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

clean:
	rm -rf data/processed/*.parquet data/processed/*.json reports docs/_build docs/generated
