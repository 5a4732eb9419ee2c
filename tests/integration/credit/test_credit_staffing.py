"""Staffing (人员配备) in basic management through the real broker: the registry's practitioner and agency events are
projected as trimmed staffing facts, the rating of the worker's day (rule table 3, from 2027-01-01) counts them and
rating-changed says so; a practitioner event that contradicts itself is a dead letter with its reason."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from services.common.clock import Clock, FixedClock
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from tests.support.harness import new_id
from tests.support.wait import wait_until

from .conftest import agency_registered

DAY = datetime(2027, 3, 1, 2, tzinfo=UTC)  # a Jiaxing day under rule table 3
QUALIFIED = {
    "category": "testing_inspection",
    "certificate_no": "JC-001",
    "level": None,
    "issuer": "浙江省应急管理厅",
    "valid_from": "2025-01-01",
    "valid_until": "2029-12-31",
    "verified": True,
}


def qualified(agency_id: str):
    """The agency, verified in testing and inspection (staffed: 2 inspectors and a registered safety engineer)."""
    data = {**agency_registered(agency_id).data, "categories": ["testing_inspection"], "qualifications": [QUALIFIED]}
    return new_event(CATALOGUE["agency-registered"], agency_id, data, "/services/registry")


def joined(agency_id: str | None, kind: str = "testing_inspector", who: str | None = None, on: str = "2027-02-01"):
    who = who or new_id("prc")
    data = {
        "practitioner_id": who,
        "name": "张三",
        "agency_id": agency_id,
        "certificates": [{"kind": kind, "level": None, "valid_from": "2025-01-01", "valid_until": "2029-12-31"}],
        "talent_level": None,
        "joined_on": on,
    }
    return new_event(CATALOGUE["practitioner-joined"], who, data, "/services/registry")


def test_staff_joining_an_agency_moves_its_basic_management_and_is_told(credit, probe, token):
    credit.ctx.clock = FixedClock(DAY)
    try:
        agency_id, seen = new_id("ag"), probe("rating-changed")
        credit.send_and_wait(qualified(agency_id))
        first = joined(agency_id)
        credit.send_and_wait(first, joined(agency_id, "registered_safety_engineer"))
        rating = credit.rating(agency_id)
        assert (rating["score"], rating["subtotals"]["basic_management"], rating["rule_version"]) == (97, -3, "3")
        page = staffing_section(credit, agency_id)
        assert (
            "安全检测检验：须有持经核验、有效的安全检测检验人员或特种设备检验检测人员证书的从业人员至少 2 名，现有 1 名"
            in page
        )
        assert "（2026 版要求），扣 3 分。" in page and "如有错误由机构在注册系统更正" in page
        stored = credit.ctx.db["facts"].find_one({"_id": first.id})
        assert stored["case"] == f"staffing:{agency_id}" and "name" not in stored["data"], "no personal data kept"

        credit.send_and_wait(joined(agency_id))  # the second inspector: the minimum is met
        assert credit.rating(agency_id)["score"] == 102
        changes = seen.events("rating-changed", count=2, agency_id=agency_id)  # 97 at first, then 102
        assert changes[-1].data["new_score"] == 102 and "+staffing.met:met" in changes[-1].data["reasons"]
        url = f"/credit/agencies/{agency_id}/rating?as_of=2027-03-01&known_at=2027-03-01"
        explained = credit.client.get(url, headers=token("regulator", "330400"))
        assert explained.status_code == 200, explained.json
        (term,) = [e for e in explained.json["effects"] if e["rule"] == "staffing.met"]
        assert term["note"] == "安全检测检验：人员配备达到要求"

        credit.send_and_wait(first)  # a re-sent event changes nothing
        assert credit.ctx.db["facts"].count_documents({"case": f"staffing:{agency_id}"}) == 4
    finally:
        credit.ctx.clock = Clock()


def practitioner(kind: str, event: str, agency_id: str | None, who: str, **extra):
    """A practitioner's event with what every one carries (his agency now, his verified certificates)."""
    base = joined(agency_id, kind, who).data
    data = {k: base[k] for k in ("practitioner_id", "name", "agency_id", "certificates", "talent_level")}
    return new_event(CATALOGUE[event], who, {**data, **extra}, "/services/registry")


def test_hours_recorded_at_his_former_agency_count_at_the_one_he_moved_to(credit, token):
    engineer, before, after = "registered_safety_engineer", new_id("ag"), new_id("ag")
    mover, stayer = new_id("prc"), new_id("prc")
    course = {"training_id": new_id("trn"), "trained_on": "2026-05-10", "year": 2026, "hours": 24, "year_hours": 24}
    course |= {"recorded_by": "regulator", "provider_id": None}
    moved = {"left_agency_id": before, "joined_on": "2026-01-05", "left_on": "2026-12-01"}
    credit.ctx.clock = FixedClock(datetime(2026, 12, 2, 2, tzinfo=UTC))  # known before the year's end
    try:
        credit.send_and_wait(qualified(before), qualified(after), joined(before, engineer, mover, "2026-01-05"))
        credit.send_and_wait(practitioner(engineer, "training-recorded", before, mover, **course))
        credit.send_and_wait(practitioner(engineer, "practitioner-left", None, mover, **moved))
        hired = [joined(after, kind, who, "2026-12-02") for kind, who in [(engineer, mover), (engineer, stayer)]]
        credit.send_and_wait(*hired, *(joined(after, on="2026-12-02") for _ in range(2)))
        credit.ctx.clock = FixedClock(DAY)
        credit.send_and_wait(joined(after))  # a third inspector: the agency is rated on the day
        url = f"/credit/agencies/{after}/rating?as_of=2027-03-01&known_at=2027-03-01"
        rated = credit.client.get(url, headers=token("regulator", "330400")).json
        (short,) = [e for e in rated["effects"] if e["rule"] == "continuing_education.short"]
        assert "2026 年继续教育学时不足的从业人员 3 名" in short["note"], "the stayer and 2 inspectors: not the mover"
        assert (credit.rating(after)["score"], rated["score"]) == (99, 99), "+2 staffed, −3 for the three"
        assert "2026 年继续教育学时不足的从业人员 3 名" in staffing_section(credit, after), "the public page says so"
    finally:
        credit.ctx.clock = Clock()


def staffing_section(credit, agency_id: str) -> str:
    """The staffing section of the agency's public credit page, as a person reads it (its registry link checked)."""
    page = credit.client.get(f"/public/credit/agencies/{agency_id}").get_data(as_text=True)
    section = page.split("<h2>人员配备和继续教育</h2>", 1)[1].split("<h2>", 1)[0]
    assert re.search(rf'<a href="https?://[^/"]+/public/providers/{agency_id}">注册系统</a>', section), "its page"
    text = re.sub(r"<[^>]+>", "", section)
    assert not re.search(r"[A-Za-z]", text), f"no code nor English word on the page: {text}"
    return text


def test_a_practitioner_event_that_contradicts_itself_is_a_dead_letter_with_its_reason(credit):
    credit.ctx.clock = FixedClock(DAY)
    try:
        bad = joined(None)
        credit.send(bad)
        [letter] = wait_until(lambda: list(credit.ctx.db["dead_letters"].find({"topic": "practitioner-joined"})))
        assert "names no agency" in letter["reason"]
        assert credit.ctx.db["facts"].count_documents({"_id": bad.id}) == 0
    finally:
        credit.ctx.clock = Clock()
