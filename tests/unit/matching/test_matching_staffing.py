"""Staffing eligibility (issue 28): a category's minimum of verified practitioners with given certificate kinds
(reference data, effective-dated) decides whether an agency may serve it, with the reason in Chinese."""

from __future__ import annotations

from datetime import date

from matching_factories import CITY, make_demand, make_provider, qual

from services.matching.domain.recommend import eligibility, eligible_for, recommend
from services.matching.domain.shortlist import shortlist
from services.matching.domain.staffing import check, holders, parsed, staff_of
from services.matching.store.providers import ladder_entries, provider_from_doc, provider_from_entry

TODAY = date(2026, 3, 5)
TESTING = "testing_inspection"


def cert(kind: str, since: str = "2024-01-01", until: str = "2028-12-31") -> dict:
    return {"kind": kind, "valid_from": since, "valid_until": until}


def staff(*people: tuple[str, list[dict]]) -> dict:
    """An agency's stored staff from (practitioner id, verified certificates)."""
    return staff_of({"_id": who, "certificates": certs} for who, certs in people)


FULL = staff(
    ("prc-1", [cert("testing_inspector")]),
    ("prc-2", [cert("special_equipment_inspector")]),
    ("prc-3", [cert("registered_safety_engineer")]),
)


def inspection_agency(agency_id: str = "ag1", stored: dict | None = None, **kw):
    return make_provider(
        agency_id, categories=(TESTING,), qualifications=(qual(TESTING),), staff=parsed(stored or {}), **kw
    )


def test_a_requirement_counts_distinct_practitioners_holding_one_of_its_kinds_valid_that_day():
    both = staff(("prc-1", [cert("testing_inspector"), cert("special_equipment_inspector")]))
    assert holders(parsed(both), ("testing_inspector", "special_equipment_inspector"), TODAY) == 1
    assert holders(parsed(FULL), ("testing_inspector", "special_equipment_inspector"), TODAY) == 2
    lapsed = staff(("prc-1", [cert("testing_inspector", until="2026-03-04")]))
    assert holders(parsed(lapsed), ("testing_inspector",), TODAY) == 0


def test_a_category_without_a_rule_asks_nothing():
    assert check(parsed({}), "safety_evaluation", TODAY) is None


def test_an_agency_below_the_minimum_is_told_in_chinese_what_the_rule_in_force_requires():
    one = staff(("prc-1", [cert("testing_inspector")]), ("prc-3", [cert("registered_safety_engineer")]))
    ok, reason = check(parsed(one), TESTING, TODAY)
    assert not ok
    assert reason == (
        "人员配备不足（2026 版要求）：须有持经核验、有效的安全检测检验人员或特种设备检验检测人员证书的从业人员"
        "至少 2 名，现有 1 名"
    )
    ok, reason = check(parsed(FULL), TESTING, TODAY)
    assert ok and reason.startswith("人员配备达标（2026 版要求）") and "注册安全工程师 1 名（至少 1 名）" in reason


def test_the_rule_applies_from_its_day():
    testers = staff(("prc-1", [cert("testing_inspector")]), ("prc-2", [cert("testing_inspector")]))
    assert check(parsed(testers), TESTING, date(2025, 12, 31))[0] is True, "the 2016 table: two testers"
    ok, reason = check(parsed(testers), TESTING, date(2026, 1, 1))
    assert not ok and "注册安全工程师" in reason and "现有 0 名" in reason


def test_eligibility_joins_staffing_to_the_other_checks():
    demand = make_demand(category=TESTING)
    ok, reasons = eligibility(inspection_agency(), demand, TODAY)
    assert not ok and len(reasons) == 1 and reasons[0].startswith("人员配备不足")
    ok, reasons = eligibility(inspection_agency(stored=FULL), demand, TODAY)
    assert ok and reasons[-1].startswith("人员配备达标")
    ok, reasons = eligibility(inspection_agency(status="suspended"), demand, TODAY)
    assert reasons[0] == "status is suspended" and reasons[1].startswith("人员配备不足")
    assert eligible_for(inspection_agency(stored=FULL), TESTING, None, {TODAY}, TODAY)[0]


def test_recommendations_leave_out_an_understaffed_agency_until_it_is_staffed():
    demand = make_demand(category=TESTING)
    pool = [inspection_agency("ag1"), inspection_agency("ag2", stored=FULL)]
    assert [r.agency_id for r in recommend(demand, pool, {}, CITY, TODAY)] == ["ag2"]
    ladder = [(80, "", 2)]
    read = shortlist(demand, ladder, lambda wanted: (pool, {}, 0), CITY, TODAY)
    assert [r.agency_id for r in read] == ["ag2"]


def test_a_ladder_entry_carries_the_staff_its_category_counts():
    doc = {
        "_id": "ag1",
        "name": "嘉兴检测",
        "status": "active",
        "county": "330411",
        "town": "330411101",
        "categories": [TESTING, "safety_consulting"],
        "qualifications": [
            {**q, "verified": True}
            for q in (
                {"category": TESTING, "level": "乙级", "valid_from": "2025-01-01", "valid_until": "2027-12-31"},
                {
                    "category": "safety_consulting",
                    "level": None,
                    "valid_from": "2025-01-01",
                    "valid_until": "2027-12-31",
                },
            )
        ],
        "staff": {**FULL, "safety_trainer": [["prc-9", "2024-01-01", "2028-12-31"]]},
    }
    entries = ladder_entries(doc)
    testing = provider_from_entry(entries[f"{TESTING}:60"], TESTING)
    assert testing.staff == parsed(FULL), "the kinds the category's rules count, no other"
    assert provider_from_entry(entries["safety_consulting:60"], "safety_consulting").staff == {}
    assert provider_from_doc(doc).staff["safety_trainer"][0][0] == "prc-9"
    assert eligibility(testing, make_demand(category=TESTING), TODAY)[0]
