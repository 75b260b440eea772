# Set-up is idempotent: the virtualenv is rebuilt only when pyproject.toml changes.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup demo test bench clean
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

demo: setup
	$(VENV)/bin/baocao run samples --out output
	$(VENV)/bin/baocao report output

test: setup
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) output/*.parquet output/*.csv output/*.sqlite output/*.xlsx output/datapackage.json output/report.html
