# The two README commands. Both create .venv/ and install the project on a fresh machine.
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: demo test venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@echo "setting up $(VENV): installing tenderwatch and its dependencies (about a minute on a fresh machine) ..."
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --progress-bar off -e '.[test]'
	touch $(STAMP)
	@echo "$(VENV) is ready"

# The demo stores where every command does: TENDERWATCH_DB etc., else the per-user data directory
# (~/.local/share/tenderwatch); it prints where. The tests use data directories of their own.
demo: $(STAMP)
	$(VENV)/bin/tenders demo

test: $(STAMP)
	$(VENV)/bin/python -m pytest

clean:
	rm -rf $(VENV) data/tenderwatch.db* data/archive reports/out
