"""Every service has the one shape of services/common/README.md: the same file names for the same jobs,
a pure domain, the kit in layers with no tie to a service, collections bound by the kit (no `session=` in a
service), HTTP writes retried on transient conflicts and files of a readable size.

Each check reads a tree of services (`root`) and names what breaks its rule; the tests below run them on the real
tree, and `test_shape_planted.py` plants a violation of each in a copy to show it is found. Imports are read
from the syntax, relative ones (`from ..store import x`) resolved to the module they name."""

from __future__ import annotations

import ast
from collections.abc import Iterator
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
#: the kit's layers below its basics (services/common/*.py, reference/), in order: each uses only those before it
LAYERS = ("events", "storage", "messaging", "web", "site")
MAX_LINES = 250


def _within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in packages)


def _module(path: Path, root: Path) -> str:
    """services/matching/experts/store.py -> services.matching.experts.store (a package: its __init__'s name)."""
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path) -> set[str]:
    """Every module `path` imports, absolute; for `from x import y` both x and x.y (y may be a module)."""
    package = _module(path, root) if path.name == "__init__.py" else _module(path, root).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found |= {base, *(f"{base}.{a.name}" for a in node.names)}
    return found


def _name(path: Path, root: Path) -> str:
    return str(path.relative_to(root))


def _sources(root: Path, *folders: str) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((root / folder).rglob("*.py"))


def _exists(folder: Path, name: str) -> bool:
    return (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()


# --- the checks: each names what breaks its rule ------------------------------------------------------------
def missing_files(root: Path) -> list[str]:
    """A service without one of the standard modules, its domain/ or README, or with an old shape's file."""
    found = []
    for service in SHAPED:
        folder = root / service
        found += [f"{service}: no {m}" for m in MODULES if not _exists(folder, m)]
        found += [f"{service}: no {n}" for n in ("domain/__init__.py", "README.md") if not (folder / n).is_file()]
        found += [f"{service}: retired {r}" for r in RETIRED if (folder / r).exists()]
    return found


def misnamed_parts(root: Path) -> list[str]:
    """A part of a service (a package beside the service's own with a domain/ of its own, e.g. matching/experts)
    names its modules with the roles of a service, nothing else."""
    parts = [d.parent for s in SHAPED for d in (root / s).glob("*/domain") if d.is_dir()]
    allowed = {*MODULES, "domain", "__init__", "README", "__pycache__"}
    return sorted(_name(p, root) for part in parts for p in part.iterdir() if p.name.split(".")[0] not in allowed)


def impure_domains(root: Path) -> list[str]:
    """A domain/ (the service's and each part's) importing I/O, or a module of its service outside a domain/."""
    found = []
    for service in SHAPED:
        for path in sorted((root / service).rglob("domain/**/*.py")):
            found += [
                f"{_name(path, root)} imports {name}"
                for name in sorted(_imports(path, root))
                if _within(name, *IMPURE) or (_within(name, f"services.{service}") and "domain" not in name.split("."))
            ]
    return found


def _layer(module: str) -> int:
    """0 for the kit's basics, then 1 + the index in LAYERS."""
    parts = module.split(".")
    return 1 + LAYERS.index(parts[2]) if len(parts) > 2 and parts[2] in LAYERS else 0


def kit_upward_imports(root: Path) -> list[str]:
    """A kit module importing a layer below its own (services/common/README.md lists them in order)."""
    found = []
    for path in _sources(root, "common"):
        own = _layer(_module(path, root))
        found += [
            f"{_name(path, root)} imports {name}"
            for name in sorted(_imports(path, root))
            if _within(name, "services.common") and _layer(name) > own
        ]
    return found


def foreign_ties(root: Path) -> list[str]:
    """The kit importing a service or the platform; a service importing the platform or another service."""
    found = []
    for folder, own in [("common", "services.common"), *((s, f"services.{s}") for s in SHAPED)]:
        for path in _sources(root, folder):
            found += [
                f"{_name(path, root)} imports {name}"
                for name in sorted(_imports(path, root))
                if _within(name, "services") and name != "services" and not _within(name, own, "services.common")
            ]
    return found


def sessions_by_hand(root: Path) -> list[str]:
    """`session=` in a service: the kit binds collections to the unit of work's session."""
    return [_name(p, root) for p in _sources(root, *SHAPED) if "session=" in p.read_text(encoding="utf-8")]


def bare_units_of_work(root: Path) -> list[str]:
    """An API module opening a unit of work (`.uow()`) instead of `ctx().retrying`: a request that met another
    would answer 503."""
    api = [p for p in _sources(root, *SHAPED) if p.stem == "api" or "api" in p.relative_to(root).parts[:-1]]
    return [_name(p, root) for p in api if ".uow()" in p.read_text(encoding="utf-8")]


def long_files(root: Path) -> list[str]:
    return [
        f"{_name(p, root)}: {n} lines"
        for p in sorted(root.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]


CHECKS = (
    missing_files,
    misnamed_parts,
    impure_domains,
    kit_upward_imports,
    foreign_ties,
    sessions_by_hand,
    bare_units_of_work,
    long_files,
)


# --- the real tree -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_the_services_keep_their_shape(check):
    assert check(ROOT) == []


def test_relative_imports_are_read_as_the_modules_they_name():
    """The imports the checks see: `from ..store import x` in matching/experts/commands.py is matching's store."""
    seen = _imports(ROOT / "matching" / "experts" / "commands.py", ROOT)
    assert {"services.matching.experts.store", "services.matching.domain.buyers.BUYER_ROLES"} <= seen
    assert "services.matching.experts.outgoing" in seen  # from . import outgoing
    assert _imports(ROOT / "matching" / "api" / "__init__.py", ROOT) >= {"services.matching.api.demands"}
