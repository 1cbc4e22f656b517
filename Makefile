# Who Says What: the two commands a user needs are `make report` and `make test`.
# Both set up the environment first (a virtualenv in .venv, pinned by requirements.lock).
#
#   make report                      execute every notebook on the seed corpus -> reports/html/
#   make report CORPUS=path [TITLE_FROM_FIRST_LINE=1]   ... on another corpus
#   make report CORPUS=path SOURCE=outlet DATE_FROM=2015-06-01 DATE_TO=2015-09-30   ... on a subset
#   make test                        the whole test suite (unit, doctests, notebooks, the code-shape rules and ruff)
#   make lint                        ruff alone (configured in pyproject.toml)
#   make evaluate                    accuracy on the external datasets (../shared/datasets or $WSW_DATASETS)
#   make models                      re-measure the claims rules' confidence, retrain the bare-quote model and the claim filter (PolNeAR train)
#   make annotate CORPUS=path OUT=dir   the annotation tables only
#   make lab [PORT=8888] [NO_BROWSER=1]   JupyterLab on the project (127.0.0.1 only; prints the URL with its token)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup report test lint evaluate models annotate lab clean nltk

setup: $(STAMP) nltk

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name who-says-what --display-name "Python (Who Says What)" >/dev/null
	touch $(STAMP)

nltk: $(STAMP)
	@$(BIN)/python -m utils setup

# the report's options, on one line so that make echoes one clean command
REPORT_ARGS = $(strip $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(TITLE_FROM_FIRST_LINE),--title-from-first-line) \
	$(if $(SOURCE),--source "$(SOURCE)") $(if $(DATE_FROM),--date-from $(DATE_FROM)) $(if $(DATE_TO),--date-to $(DATE_TO)) \
	$(if $(JOBS),--jobs $(JOBS)))

report: setup
	$(BIN)/python -m utils report $(REPORT_ARGS)

annotate: setup
	$(BIN)/python -m utils annotate "$(or $(CORPUS),data/raw/seed)" --out "$(or $(OUT),data/processed/annotate)" $(if $(TITLE_FROM_FIRST_LINE),--title-from-first-line)

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check utils evaluation benchmarks tests

evaluate: setup
	$(BIN)/python -m evaluation.run_all

models: setup
	$(BIN)/python -m evaluation.calibrate_rules
	$(BIN)/python -m evaluation.train_bare_quotes
	$(BIN)/python -m evaluation.train_claim_filter
	$(BIN)/python -m evaluation.train_claim_filter --convention polnear

lab: setup
	$(BIN)/python -m utils.lab $(if $(PORT),--port $(PORT)) $(if $(NO_BROWSER),--no-browser)

clean:
	rm -rf reports data/processed .pytest_cache .hypothesis
