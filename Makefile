# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint clean final-eval

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,parquet,postgres]' --config-settings editable_mode=compat
	$(BIN)/python -c "from eventwire.knowledge.gazetteer import Gazetteer; Gazetteer.load()"  # build the gazetteer index once
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/eventwire extract examples/articles/seed-astana.txt --date 2022-10-11 --format table
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/eventwire ingest examples/corpus --date 2022-10-05 --db demo.db
	$(BIN)/eventwire query --db demo.db --actor RUS --format table
	$(BIN)/eventwire query --db demo.db --type CONSULT --since 2022-10-01 --until 2022-10-31 --format table

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The corpus's test split, through the full pipeline: the final figure only (docs/corpus.md);
# `make test` never scores on it.
final-eval: $(STAMP)
	$(BIN)/eventwire eval training/corpus --split test

lint: $(STAMP)
	$(BIN)/python -m pip install -q ruff mypy
	$(BIN)/ruff check eventwire tests
	$(BIN)/mypy eventwire --ignore-missing-imports

clean:
	rm -rf $(VENV) *.egg-info build dist
