"""Staffing in matching (issue 28), from the registry's practitioner events on the real broker: an agency below a
category's minimum of verified practitioners is neither recommended nor may offer, with the reason in Chinese,
until it is staffed again; the newest state of a practitioner wins whatever the order; no personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import isotime, utcnow
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from tests.integration.matching.conftest import agency, demand_body, enterprise, offer_body
from tests.support.harness import new_id

pytestmark = pytest.mark.integration
TESTING = "testing_inspection"


def inspection_agency(agency_id: str) -> Event:
    """agency-registered of an agency verified for testing and inspection (安全检测检验)."""
    event = agency(agency_id, categories=(TESTING,))
    event.data["qualifications"][0]["category"] = TESTING
    return event


def practitioner(
    pid: str, agency_id: str | None, kinds: tuple[str, ...], type_="practitioner-joined", **attrs
) -> Event:
    """A practitioner event as the registry publishes it (ids, name, certificate kinds and validity only)."""
    day = utcnow().date()
    state = {
        "practitioner_id": pid,
        "name": "钱检测",
        "agency_id": agency_id,
        "certificates": [
            {
                "kind": k,
                "level": None,
                "valid_from": (day - timedelta(days=99)).isoformat(),
                "valid_until": (day + timedelta(days=999)).isoformat(),
            }
            for k in kinds
        ],
        "talent_level": None,
    }
    more = {
        "practitioner-joined": {"joined_on": day.isoformat()},
        "practitioner-left": {
            "left_agency_id": "91330400MA2B3C4D5E",
            "joined_on": day.isoformat(),
            "left_on": day.isoformat(),
        },
        "certificate-verified": {
            "certificate": state["certificates"][-1],
            "verified_at": isotime(utcnow()),
        },
    }[type_]
    return new_event(CATALOGUE[type_], pid, {**state, **more}, "/services/registry", **attrs)


def standing(matching, token, agency_id: str) -> dict:
    found = matching.client.get(f"/agencies/{agency_id}/eligibility", headers=token("enterprise", new_id("ent")))
    assert found.status_code == 200, found.json
    return {c["category"]: c for c in found.json["categories"]}[TESTING]


def test_an_understaffed_agency_loses_the_category_until_it_is_staffed(matching, token):
    ag, buyer = new_id("ag"), new_id("ent")
    staff = [new_id("prc") for _ in range(3)]
    matching.send_and_wait(inspection_agency(ag), enterprise(buyer))
    short = standing(matching, token, ag)
    assert not short["eligible"] and short["reasons"] == [
        "人员配备不足（2026 版要求）：须有持经核验、有效的安全检测检验人员或特种设备检验检测人员证书的从业人员"
        "至少 2 名，现有 0 名；须有持经核验、有效的注册安全工程师证书的从业人员至少 1 名，现有 0 名"
    ]
    as_buyer = token("enterprise", buyer)
    demand = matching.client.post(
        "/demands", json=demand_body(category=TESTING, description="防雷装置检测"), headers=as_buyer
    ).json["id"]
    assert ag not in [r["agency_id"] for r in _recommended(matching, demand, as_buyer)]
    refused = matching.client.post(f"/demands/{demand}/offers", json=offer_body(), headers=token("agency", ag))
    assert refused.status_code == 409 and refused.json["reasons"] == short["reasons"]

    matching.send_and_wait(
        practitioner(staff[0], ag, ("testing_inspector",)),
        practitioner(staff[1], ag, ("special_equipment_inspector", "registered_safety_engineer")),
        practitioner(staff[2], ag, ("testing_inspector",), type_="certificate-verified"),
    )
    staffed = standing(matching, token, ag)
    assert staffed["eligible"] and staffed["reasons"][-1].startswith("人员配备达标（2026 版要求）")
    [entry] = [r for r in _recommended(matching, demand, as_buyer) if r["agency_id"] == ag]
    assert entry["eligibility"][-1] == staffed["reasons"][-1]

    matching.send_and_wait(practitioner(staff[1], None, ("registered_safety_engineer",), type_="practitioner-left"))
    assert "注册安全工程师证书的从业人员至少 1 名，现有 0 名" in standing(matching, token, ag)["reasons"][0]
    assert ag not in [r["agency_id"] for r in _recommended(matching, demand, as_buyer)]


def test_the_newest_state_of_a_practitioner_wins_whatever_the_order(matching, token):
    ag, pid = new_id("ag"), new_id("prc")
    others = [practitioner(new_id("prc"), ag, ("testing_inspector",)) for _ in range(2)]
    later = isotime(utcnow())
    earlier = isotime(utcnow() - timedelta(minutes=5))
    left = practitioner(pid, None, ("registered_safety_engineer",), type_="practitioner-left", time=later)
    joined = practitioner(pid, ag, ("registered_safety_engineer",), time=earlier)
    matching.send_and_wait(inspection_agency(ag), *others, left)
    matching.send_and_wait(joined)  # older than his leaving: he is not counted
    assert not standing(matching, token, ag)["eligible"]
    assert matching.ctx.db["practitioners"].find_one({"_id": pid})["agency_id"] is None
    stored = str(list(matching.ctx.db["practitioners"].find({})) + list(matching.ctx.db["providers"].find({})))
    assert "钱检测" not in stored and "id_number" not in stored, "matching keeps ids, kinds and days only"


def _recommended(matching, demand_id: str, headers: dict) -> list[dict]:
    return matching.client.get(f"/demands/{demand_id}/recommendations", headers=headers).json["items"]
