"""Which violations the public sees (公开的违规记录): those in force on the day, dated; not revoked, repaired,
ended, or a severe one held by an objection."""

from __future__ import annotations

from services.credit.domain.disclosure import disclosed_violations
from services.credit.rulebook import BOOK
from tests.unit.credit.credit_factories import d, objection, repair_applied, repair_decided, revoked, violation


def shown(facts, on: str) -> list[tuple[str, str, str]]:
    return [
        (v["violation_id"], v["in_force_from"], v["in_force_until"]) for v in disclosed_violations(facts, BOOK, d(on))
    ]


def test_a_violation_is_disclosed_while_its_effect_lasts_newest_first():
    facts = [violation("v1", "2024-03-01", "general"), violation("v2", "2024-05-10", "minor")]
    assert shown(facts, "2024-06-01") == [("v2", "2024-05-10", "2024-08-10"), ("v1", "2024-03-01", "2025-03-01")]
    assert shown(facts, "2024-08-10") == [("v1", "2024-03-01", "2025-03-01")]  # minor: 3 months
    assert shown(facts, "2025-03-01") == []
    assert shown(facts, "2024-02-29") == []


def test_a_severe_violation_is_disclosed_from_its_listing_day():
    facts = [violation("v1", "2024-03-01", "severe")]
    assert shown(facts, "2024-03-07") == []
    assert shown(facts, "2024-03-08") == [("v1", "2024-03-08", "2027-03-08")]
    held = facts + [objection("v1", "2024-03-03")]
    assert shown(held, "2024-04-01") == []  # held until the ruling


def test_revoked_and_repaired_violations_are_not_disclosed():
    facts = [violation("v1", "2024-03-01", "general"), violation("v2", "2024-03-01", "general")]
    later = facts + [
        revoked("v1", "2024-04-01"),
        repair_applied("v2", "2024-06-02"),
        repair_decided("v2", "2024-06-05", approved=True),
    ]
    assert [v for v, *_ in shown(later, "2024-07-01")] == []
    general = disclosed_violations(facts + [objection("v2", "2024-03-05")], BOOK, d("2024-03-10"))
    assert {v["violation_id"]: v["objection_pending"] for v in general} == {"v1": False, "v2": True}
    assert general[0]["description"] == "x" and general[0]["recorded_by"] == "330411"
