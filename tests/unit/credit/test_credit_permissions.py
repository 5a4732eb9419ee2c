"""Who may run which credit command is explicit, and due-process refusals are the kit's domain errors."""

from __future__ import annotations

import pytest

from services.common.errors import Conflict, Forbidden, NotFound
from services.common.web.auth import Principal
from services.common.web.problems import status_of
from services.credit.commands import require_regulator
from services.credit.domain import dueprocess as dp

AGENCY = {"_id": "ag-1", "county": "330482", "town": "330482001"}  # 平湖市 当湖街道
OUTSIDE = {"_id": "ag-2", "county": None, "town": None}  # from outside Jiaxing


@pytest.mark.parametrize("role, org", [("regulator", "330400"), ("regulator", "330482"), ("admin", None)])
def test_regulators_of_the_agencys_division_and_admin_may_rule(role, org):
    require_regulator(Principal(subject="s", role=role, org=org), AGENCY)


@pytest.mark.parametrize("role", ["agency", "enterprise", "official"])
def test_other_roles_may_not_rule(role):
    with pytest.raises(Forbidden):
        require_regulator(Principal(subject="s", role=role, org="330400"), AGENCY)


@pytest.mark.parametrize("org", ["330402", "330482002", "330000"])
def test_a_regulator_elsewhere_may_not_rule(org):
    with pytest.raises(Forbidden):
        require_regulator(Principal(subject="s", role="regulator", org=org), AGENCY)


def test_an_agency_from_outside_jiaxing_is_the_citys():
    require_regulator(Principal(subject="s", role="regulator", org="330400"), OUTSIDE)
    with pytest.raises(Forbidden):
        require_regulator(Principal(subject="s", role="regulator", org="330482"), OUTSIDE)


def test_due_process_refusals_answer_404_and_409():
    assert issubclass(dp.UnknownCase, NotFound) and issubclass(dp.NotAllowed, Conflict)
    assert (status_of(dp.UnknownCase("x")), status_of(dp.NotAllowed("x"))) == (404, 409)
