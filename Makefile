# The README's two commands: `make demo` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo serve test lint typecheck docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/eva demo

serve: $(STAMP)
	$(BIN)/eva serve --demo

lint: $(STAMP)
	$(BIN)/ruff check src tests docs bench tools
	$(BIN)/ruff format --check src tests docs bench tools

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

# Every core runs tests; each file stays on one worker, since a document's examples (Sybil) share one namespace.
test: lint typecheck
	$(BIN)/python -m pytest -n auto --dist loadfile

docs: $(STAMP)
	$(BIN)/mkdocs build --strict

bench: $(STAMP)
	$(BIN)/python bench/storage.py --sizes 10000 100000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis site
