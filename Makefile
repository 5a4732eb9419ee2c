# Anfu — two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench demo asyncapi docs token clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)  ## broker + database + all services and workers + the front door on :8000; Ctrl-C stops everything
	$(BIN)/python -m services.platform.stack

test: $(STAMP)  ## the whole suite against the real (embedded) broker and database, and a real browser; TEST_WORKERS=3
	bash tests/e2e/city/ensure_chromium.sh
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(or $(TEST_WORKERS),3) --dist loadgroup

bench: $(STAMP)  ## benchmarks (speed and memory goals live here, not in tests): make bench [SIZE=3000|city] [SCALE=1]
	$(BIN)/python -m benchmarks $(if $(filter city,$(SIZE)),--only city --scale $(or $(SCALE),1),$(if $(SIZE),--size $(SIZE)))

demo: $(STAMP)  ## the demo city of Jiaxing: make demo [SIZE=small|medium|large] [SEED=2016]; starts a stack if none runs
	$(BIN)/python -m demo --size $(or $(SIZE),small) --seed $(or $(SEED),2016)

asyncapi: $(STAMP)  ## regenerate docs/asyncapi.yaml, the README's event diagram and deploy/kafka/acls.sh from the catalogue and workers
	$(BIN)/python -m services.platform.asyncapi --write
	$(BIN)/python -m services.platform.topology --write
	$(BIN)/python -m services.platform.stack acls > deploy/kafka/acls.sh

docs: asyncapi  ## regenerate docs/asyncapi.yaml, docs/openapi/<service>.json and deploy/caddy/ from the code
	$(BIN)/python -m services.platform.openapi --write
	$(BIN)/python -m services.platform.frontdoor --write

token: $(STAMP)  ## a development token: make token ROLE=agency ORG=<id>
	@$(BIN)/python -m services.common.web.auth --role $(ROLE) $(if $(ORG),--org $(ORG))

clean:
	rm -rf $(VENV) .data .pytest_cache
