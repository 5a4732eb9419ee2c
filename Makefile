# Anfu — two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench asyncapi docs token clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)  ## broker + database + all services and workers; Ctrl-C stops everything
	$(BIN)/python -m services.stack

test: $(STAMP)  ## the whole suite against the real (embedded) broker and database, and a real browser
	bash tests/browser/ensure_chromium.sh
	$(BIN)/python -m pytest

bench: $(STAMP)  ## benchmarks (speed and memory goals live here, not in tests)
	$(BIN)/python -m benchmarks

asyncapi: $(STAMP)  ## regenerate docs/asyncapi.yaml and the README's event diagram from the catalogue and workers
	$(BIN)/python -m services.common.asyncapi --write
	$(BIN)/python -m services.common.topology --write

docs: asyncapi  ## regenerate docs/asyncapi.yaml and docs/openapi/<service>.json from the code
	$(BIN)/python -m services.common.openapi --write

token: $(STAMP)  ## a development token: make token ROLE=agency ORG=<id>
	@$(BIN)/python -m services.common.auth --role $(ROLE) $(if $(ORG),--org $(ORG))

clean:
	rm -rf $(VENV) .data .pytest_cache
