# Tradepost — two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Embedded `make run` is a development server: DEBUG on unless DEBUG=0 is given.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test install migrate demo bench fuzz faults e2e lint messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(PY) manage.py demo_data

run: demo
	$(RUN_ENV) HOST=$(HOST) PORT=$(PORT) $(PY) manage.py serve --host $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

e2e: install
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

bench: install
	$(PY) -m bench.run_all

fuzz: install
	$(PY) -m bench.fuzz

# Fault runs (issue 17): Redis stopped 10 s under mixed traffic; starts its own redis-server. Not in `make test`.
faults: install
	$(PY) -m bench.faults

messages: install
	$(RUN_ENV) $(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3* .celery media staticfiles
