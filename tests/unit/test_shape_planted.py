"""Each shape check finds a violation planted in a copy of the services (tmp_path): a check that cannot fail
would pass here too. Imports are planted in the relative form the services use, and in the absolute one."""

from __future__ import annotations

import shutil

import pytest

from tests.unit.test_shape import (
    ROOT,
    bare_units_of_work,
    foreign_ties,
    impure_domains,
    kit_upward_imports,
    long_files,
    misnamed_parts,
    missing_files,
    sessions_by_hand,
)

#: (the check, the file planted (relative to services/), the line appended to it, what the check must name)
PLANTS = [
    (missing_files, "subsidy/queries.py", '"""an old shape"""', "subsidy: retired queries.py"),
    (misnamed_parts, "matching/experts/queries.py", '"""not a role"""', "matching/experts/queries.py"),
    (
        impure_domains,
        "matching/domain/demand.py",
        "from ..store import MatchingStore",
        "matching/domain/demand.py imports services.matching.store",
    ),
    (
        impure_domains,
        "matching/experts/domain/records.py",
        "from .. import commands",
        "matching/experts/domain/records.py imports services.matching.experts.commands",
    ),
    (
        impure_domains,
        "credit/domain/rating.py",
        "from ...common.storage.store import UnitOfWork",
        "credit/domain/rating.py imports services.common.storage.store",
    ),
    (impure_domains, "notify/domain/plan.py", "import pymongo", "notify/domain/plan.py imports pymongo"),
    (
        kit_upward_imports,
        "common/events/envelope.py",
        "from ..storage.store import UnitOfWork",
        "common/events/envelope.py imports services.common.storage.store",
    ),
    (
        kit_upward_imports,
        "common/clock.py",
        "from .web import app",
        "common/clock.py imports services.common.web",
    ),
    (
        kit_upward_imports,
        "common/web/auth.py",
        "from services.common.site.pages import render",
        "common/web/auth.py imports services.common.site.pages",
    ),
    (
        foreign_ties,
        "common/storage/mapping.py",
        "from ...matching import store",
        "common/storage/mapping.py imports services.matching",
    ),
    (
        foreign_ties,
        "common/messaging/consumer.py",
        "from services.platform import topology",
        "common/messaging/consumer.py imports services.platform",
    ),
    (
        foreign_ties,
        "notify/handlers.py",
        "from ..platform import topology",
        "notify/handlers.py imports services.platform",
    ),
    (
        foreign_ties,
        "subsidy/commands.py",
        "from ..credit.domain import rating",
        "subsidy/commands.py imports services.credit.domain",
    ),
    (sessions_by_hand, "registry/store.py", "FIND = dict(session=None)", "registry/store.py"),
    (bare_units_of_work, "registry/api/people.py", "UOW = 'ctx().uow()'", "registry/api/people.py"),
    (bare_units_of_work, "matching/experts/api.py", "UOW = 'ctx().uow()'", "matching/experts/api.py"),
    (long_files, "matching/views.py", "\n" * 250, "matching/views.py: "),
]


@pytest.mark.parametrize(("check", "path", "line", "named"), PLANTS, ids=[f"{p[0].__name__}:{p[1]}" for p in PLANTS])
def test_a_planted_violation_is_found(tmp_path, check, path, line, named):
    root = tmp_path / "services"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    assert check(root) == []  # the copy is clean: what is found below is the plant
    target = root / path
    target.write_text(f"{target.read_text(encoding='utf-8') if target.exists() else ''}\n{line}\n", encoding="utf-8")
    assert any(found.startswith(named) for found in check(root)), check(root)


def test_a_missing_standard_file_is_found(tmp_path):
    root = tmp_path / "services"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "matching" / "jobs.py").unlink()
    (root / "credit" / "README.md").unlink()
    assert missing_files(root) == ["matching: no jobs", "credit: no README.md"]
