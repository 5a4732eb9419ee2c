"""The violation code table (违法违规行为代码表): versions by day, each code named with its legal basis, the reason
a code is refused; and the registered names of the integrated government systems."""

from __future__ import annotations

from datetime import date

import pytest

from services.common.reference import violations
from services.common.reference.systems import system_name
from services.common.reference.violations import code_on, refusal, table_on


def test_the_table_of_a_day_is_the_last_one_in_force_then():
    assert table_on(date(2015, 12, 31)) is None
    assert table_on(date(2016, 1, 1)).version == table_on(date(2021, 8, 31)).version == "2016"
    assert table_on(date(2021, 9, 1)).version == "2021"
    assert set(violations.EVERY_CODE) == {c for t in violations.TABLES for c in t.rows}


@pytest.mark.parametrize(
    "code, day, refused",
    [
        ("late-report", date(2026, 11, 1), None),
        ("inaccurate-report", date(2022, 1, 1), None),
        ("inaccurate-report", date(2020, 1, 1), "version 2016 in force on 2020-01-01"),
        ("late-report", date(2015, 6, 1), "no violation code table is in force on 2015-06-01"),
        ("x", date(2026, 11, 1), "'x' is not in the violation code table"),
    ],
)
def test_a_code_outside_the_table_of_its_day_is_refused_with_the_reason(code, day, refused):
    reason = refusal(code, day)
    assert (reason is None) if refused is None else (refused in reason)


def test_every_code_is_named_with_a_legal_basis():
    for table in violations.TABLES:
        assert all(c.name and c.basis.startswith("《") for c in table.rows.values()), table.version
    assert code_on("false-report", date(2018, 1, 1)).basis != code_on("false-report", date(2022, 1, 1)).basis


@pytest.mark.parametrize(
    "source, name",
    [
        ("/gov/enforcement/330402", "南湖区综合行政执法系统"),
        ("/gov/enforcement/330400", "嘉兴市综合行政执法系统"),
        ("/gov/enforcement", "综合行政执法系统"),
        ("/gov/unknown/330400", None),
        ("/services/credit", None),
        (None, None),
    ],
)
def test_a_registered_system_is_named_by_its_source(source, name):
    assert system_name(source) == name
