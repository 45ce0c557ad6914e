# Two commands on a fresh machine with Python 3.11+:
#   make run    the demo on embedded SQLite at http://127.0.0.1:8000
#   make test   the whole suite (SQLite; set DATABASE_URL for PostgreSQL)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-test demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/shuniu demo --scenario beijing-2010

# The import worker runs beside the web server: the queue is the same database (django-tasks-db),
# so the demo needs no extra service, and the web process stays free of long work as it will be at scale.
run: demo
	$(BIN)/shuniu collectstatic --noinput --verbosity 0
	@echo "打开 http://$(HOST)/ ，用 office 和上面打印的密码登录。"
	$(BIN)/shuniu db_worker --interval 2 --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/shuniu runserver $(HOST)

test: install-test
	$(BIN)/ruff check shuniu tools
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
