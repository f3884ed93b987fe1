# Two commands on a fresh machine with Python 3.11:
#   make report   create .venv, install, fetch the raw data, build the cache, write reports/*.html
#   make test     the same environment, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report test install fetch build clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

fetch: install
	$(BIN)/par-analysis fetch

build: fetch
	$(BIN)/par-analysis build

report: build
	$(BIN)/par-analysis report
	$(BIN)/par-analysis profile --all

test: fetch
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest

clean:
	rm -rf data/processed/*.parquet data/processed/*.json reports
