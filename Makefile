# Compute Gap: developer commands. `make run` starts the app, `make test` checks everything.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := test
.PHONY: .venv venv run test bench clean distclean

# Create the virtual environment if missing; (re)install whenever a
# requirements file is newer than the stamp.
.venv: $(STAMP)
venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $(STAMP)

run: .venv
	$(BIN)/streamlit run serve.py

test: .venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadscope

bench: .venv
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/browser.py

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis bench/out screenshots
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
