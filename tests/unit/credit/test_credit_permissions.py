"""Who may run which credit command is explicit, and due-process refusals are the kit's domain errors."""

from __future__ import annotations

import pytest

from services.common.errors import Conflict, DomainError, Forbidden, NotFound
from services.common.web.auth import Principal
from services.common.web.problems import status_of
from services.credit.commands import require_regulator
from services.credit.domain import dueprocess as dp


@pytest.mark.parametrize(
    "role, refused",
    [("regulator", None), ("admin", None), ("agency", Forbidden), ("enterprise", Forbidden), ("official", Forbidden)],
)
def test_only_regulators_and_admin_rule(role, refused):
    try:
        require_regulator(Principal(subject="s", role=role, org="330400"))
    except DomainError as err:
        assert type(err) is refused
    else:
        assert refused is None


def test_due_process_refusals_answer_404_and_409():
    assert issubclass(dp.UnknownCase, NotFound) and issubclass(dp.NotAllowed, Conflict)
    assert (status_of(dp.UnknownCase("x")), status_of(dp.NotAllowed("x"))) == (404, 409)
