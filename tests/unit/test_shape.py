"""Every service has the one shape of services/common/README.md: the same file names for the same jobs,
a pure domain, collections bound by the kit (no `session=` in a service), HTTP writes retried on transient
conflicts and files of a readable size."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "services"
SHAPED = ("registry", "matching", "credit", "subsidy", "notify")
MODULES = ("commands", "views", "outgoing", "handlers", "jobs", "store", "schemas", "api", "app", "worker")
#: names of the old shapes, each replaced by one of MODULES
RETIRED = (
    "service.py",
    "queries.py",
    "snapshots.py",
    "public.py",
    "api_people.py",
    "api_contracts.py",
    "schemas_people.py",
)
#: what a pure domain may not import: databases, brokers, the web, the kit's I/O
IMPURE = (
    "pymongo",
    "bson",
    "kafka",
    "flask",
    "flask_smorest",
    "requests",
    "services.common.storage.store",
    "services.common.storage.context",
    "services.common.web.app",
    "services.common.web.auth",
    "services.common.events.bus",
)
MAX_LINES = 250


def _exists(service: str, name: str) -> bool:
    return (ROOT / service / f"{name}.py").is_file() or (ROOT / service / name / "__init__.py").is_file()


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("service", SHAPED)
def test_a_service_has_the_standard_files(service):
    assert (ROOT / service / "domain" / "__init__.py").is_file(), "the pure model lives in domain/"
    assert [m for m in MODULES if not _exists(service, m)] == []
    assert [r for r in RETIRED if (ROOT / service / r).exists()] == []
    assert (ROOT / service / "README.md").is_file()


@pytest.mark.parametrize("service", SHAPED)
def test_the_domain_is_pure(service):
    for path in (ROOT / service / "domain").glob("*.py"):
        bad = {
            i
            for i in _imports(path)
            if i.startswith(IMPURE)
            or i.startswith(f"services.{service}.")
            and not i.startswith(f"services.{service}.domain")
        }
        assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("service", SHAPED)
def test_no_session_is_passed_by_hand(service):
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / service).rglob("*.py") if "session=" in p.read_text()]
    assert offenders == []


@pytest.mark.parametrize("service", SHAPED)
def test_http_writes_run_again_on_a_transient_conflict(service):
    """The API writes through `ctx().retrying`: a bare unit of work answers 503 to a request that met another."""
    api = [*(ROOT / service).glob("api.py"), *(ROOT / service / "api").rglob("*.py")]
    offenders = [str(p.relative_to(ROOT)) for p in api if ".uow()" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_files_stay_readable():
    long = {
        str(p.relative_to(ROOT)): n
        for p in ROOT.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
