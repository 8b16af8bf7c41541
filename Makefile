# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The explorer page (frontend/ -> eventwire/serve/static/, git-ignored, shipped in the wheel):
# npm packages pinned in package.json + package-lock.json, bundled by Vite.
NPM ?= npm
NODE_STAMP := node_modules/.installed
ASSETS := eventwire/serve/static/index.html

.PHONY: demo test lint clean final-eval model

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,parquet,postgres,scale,web,pandas,geo,train]' --config-settings editable_mode=compat
	$(BIN)/python -c "from eventwire.knowledge.gazetteer import Gazetteer; Gazetteer.load()"  # build the gazetteer index once
	touch $(STAMP)

demo: $(STAMP) $(ASSETS)
	$(BIN)/eventwire extract examples/articles/seed-astana.txt --date 2022-10-11 --format table
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/eventwire ingest examples/corpus --date 2022-10-05 --db demo.db
	$(BIN)/eventwire query --db demo.db --actor RUS --format table
	$(BIN)/eventwire query --db demo.db --type CONSULT --since 2022-10-01 --until 2022-10-31 --format table
	$(BIN)/eventwire stats --db demo.db --per week
	$(BIN)/eventwire stats --db demo.db --per week --by dyad
	@echo
	@echo 'The explorer on the demo database (then open http://127.0.0.1:8000/):'
	@echo '  $(BIN)/eventwire serve --db demo.db'

test: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest -q

.PHONY: assets screenshot
$(NODE_STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $(NODE_STAMP)

$(ASSETS): $(NODE_STAMP) vite.config.js $(shell find frontend -type f 2>/dev/null)
	$(NPM) run build

assets: $(ASSETS)

# docs/explorer.png: the explorer on the demo database in Debian's Chromium (apt-get install chromium)
screenshot: demo
	$(BIN)/python scripts/screenshot.py --db demo.db --out docs/explorer.png

# The shipped trigger and gate models, rebuilt from the corpus with a fixed seed (two runs give
# byte-identical weights; docs/models.md).
model: $(STAMP)
	$(BIN)/eventwire train training/corpus --out eventwire/models --seed 0

# The corpus's test split, through the full pipeline: the final figure only (docs/corpus.md);
# `make test` never scores on it. The default coder (the rules), then the shipped learned model
# at its default floor (docs/accuracy.md gives both rows).
final-eval: $(STAMP)
	$(BIN)/eventwire eval training/corpus --split test
	$(BIN)/eventwire eval training/corpus --split test --coder learned

lint: $(STAMP)
	$(BIN)/python -m pip install -q ruff mypy
	$(BIN)/ruff check eventwire tests
	$(BIN)/mypy eventwire --ignore-missing-imports

clean:
	rm -rf $(VENV) *.egg-info build dist node_modules eventwire/serve/static
