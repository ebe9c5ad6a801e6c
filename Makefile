# xlperf: two commands on a fresh machine —  make demo  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-quick workbooks docs bench bench-ratios clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

demo: $(STAMP)
	$(BIN)/xlperf demo

test: $(STAMP)
	$(BIN)/python -m pytest

# The quick loop while working: every test but those that start LibreOffice (marker soffice).
test-quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not soffice"

# Regenerate the workbooks users download (committed; a test compares them with this output).
workbooks: $(STAMP)
	$(BIN)/xlperf build workbooks

docs: $(STAMP)
	$(BIN)/xlperf schema > docs/schema.json
	$(BIN)/xlperf rules > docs/rules.md

bench: $(STAMP)
	$(BIN)/python bench/check.py
	$(BIN)/python bench/consolidate.py

# The ratios issue 18 sets targets on, and the two comparisons that chose the pool and the writer.
bench-ratios: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python bench/ratios.py
	$(BIN)/python bench/pool.py
	$(BIN)/python bench/summary_writer.py

clean:
	rm -rf $(VENV) xlperf-demo .pytest_cache
