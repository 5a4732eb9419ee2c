"""Who may run which credit command is explicit, and due-process refusals are the kit's domain errors."""

from __future__ import annotations

import pytest

from services.common.errors import Conflict, Forbidden, NotFound
from services.common.web.auth import Principal
from services.common.web.problems import status_of
from services.credit.commands import require_regulator
from services.credit.domain import dueprocess as dp


@pytest.mark.parametrize("role", ["regulator", "admin"])
def test_regulators_and_admin_may_rule(role):
    require_regulator(Principal(subject="s", role=role, org="330400"))


@pytest.mark.parametrize("role", ["agency", "enterprise", "official"])
def test_other_roles_may_not_rule(role):
    with pytest.raises(Forbidden):
        require_regulator(Principal(subject="s", role=role, org="330400"))


def test_due_process_refusals_answer_404_and_409():
    assert issubclass(dp.UnknownCase, NotFound) and issubclass(dp.NotAllowed, Conflict)
    assert (status_of(dp.UnknownCase("x")), status_of(dp.NotAllowed("x"))) == (404, 409)
