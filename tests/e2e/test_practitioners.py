"""Practitioners across services (issue 28): an agency registers its staff in the registry and a regulator verifies
their certificates; matching learns staffing from the registry's events alone and gives the testing category to
the agency only while it is staffed, telling why in Chinese. No resident ID number, full or masked, reaches an
event, another service's database or a public page."""

from __future__ import annotations

import pytest

from services.registry.domain.codes import mask_id_number
from tests.e2e.conftest import Platform, day, new_uscc
from tests.integration.registry.conftest import new_id_number
from tests.support.wait import wait_until

pytestmark = pytest.mark.integration
TESTING = "testing_inspection"
REGULATOR = ("regulator", "330400")
TOPICS = (
    "practitioner-joined",
    "practitioner-left",
    "certificate-verified",
    "talent-recorded",
    "practitioner-registration-refused",
)


def inspection_agency(platform: Platform, token) -> str:
    """An agency of 秀洲区 offering testing and inspection, its qualification verified by a regulator."""
    body = {
        "uscc": new_uscc("330411"),
        "name": "嘉兴秀洲安测检测技术有限公司",
        "kind": "agency",
        "categories": [TESTING],
        "county": "330411",
        "qualifications": [
            {"category": TESTING, "certificate_no": "JCJY-001", "issuer": "浙江省应急管理厅", "level": "乙级",
             "valid_from": day(-100), "valid_until": day(700)}
        ],
    }  # fmt: skip
    platform.registry.ok("post", "/providers", token("agency", body["uscc"]), 201, json=body)
    platform.registry.ok(
        "post",
        f"/providers/{body['uscc']}/qualifications/verify",
        token(*REGULATOR),
        json={"category": TESTING, "certificate_no": "JCJY-001"},
    )
    return body["uscc"]


def staff(platform: Platform, token, agency: str, name: str, kind: str) -> tuple[str, str]:
    """A practitioner the agency registers and whose certificate a regulator verifies: (id, ID number)."""
    number = new_id_number()
    certificate = {"kind": kind, "certificate_no": f"{kind}-{name}", "issuer": "浙江省应急管理厅",
                   "valid_from": day(-50), "valid_until": day(1000)}  # fmt: skip
    body = {"name": name, "id_number": number, "certificates": [certificate]}
    pid = platform.registry.ok("post", f"/providers/{agency}/practitioners", token("agency", agency), 201, json=body)
    verify = {"kind": kind, "certificate_no": certificate["certificate_no"]}
    platform.registry.ok("post", f"/practitioners/{pid['id']}/certificates/verify", token(*REGULATOR), json=verify)
    return pid["id"], number


def standing(platform: Platform, headers: dict, agency: str) -> dict | None:
    """The agency's testing standing in matching; None until matching knows the agency and that category (its
    agency-registered and agency-updated may arrive apart)."""
    found = platform.matching.http.get(f"/agencies/{agency}/eligibility", headers=headers)
    return {c["category"]: c for c in found.get_json()["categories"]}.get(TESTING) if found.status_code == 200 else None


def test_matching_learns_staffing_from_the_registrys_events_and_no_id_number_leaves_the_registry(
    platform: Platform, token, probe
):
    seen = probe(*TOPICS)
    agency, rival = inspection_agency(platform, token), inspection_agency(platform, token)
    anyone = token("enterprise", new_uscc("330482"))
    # matching learns the verified qualification after the registration: wait until staffing is all that is short
    short = wait_until(
        lambda: (s := standing(platform, anyone, agency)) and "人员配备不足" in s["reasons"][0] and s, 30
    )
    assert not short["eligible"] and short["reasons"][0].startswith("人员配备不足")

    people = [
        staff(platform, token, agency, "陈检一", "testing_inspector"),
        staff(platform, token, agency, "陈检二", "special_equipment_inspector"),
        staff(platform, token, agency, "陈注安", "registered_safety_engineer"),
    ]
    staffed = wait_until(lambda: (s := standing(platform, anyone, agency)) and s["eligible"] and s, 30)
    assert staffed["reasons"][-1].startswith("人员配备达标")

    tester, number = people[0]
    body = {"name": "陈检一", "id_number": number}
    refused = platform.registry.http.post(
        f"/providers/{rival}/practitioners", json=body, headers=token("agency", rival)
    )
    assert refused.status_code == 409 and refused.get_json()["rule"] == "one-agency-at-a-time"
    talent = {"level": "E", "recognised_on": day(0), "basis": "嘉人才〔2026〕15号"}
    platform.registry.ok("post", f"/practitioners/{tester}/talent", token(*REGULATOR), json=talent)
    platform.registry.ok("post", f"/practitioners/{tester}/leave", token("agency", agency), json={"left_on": day(0)})
    lost = wait_until(lambda: (s := standing(platform, anyone, agency)) and not s["eligible"] and s, 30)
    assert "现有 1 名" in lost["reasons"][0]

    seen.events("practitioner-left", subject=tester)
    seen.events("practitioner-registration-refused", subject=tester)
    numbers = [n for _, n in people]
    secrets = numbers + [mask_id_number(n) for n in numbers]
    events = b"".join(m.value + b"".join(v for _, v in m.headers) for m in seen.seen)
    assert len(seen.seen) >= 8 and not [s for s in secrets if s.encode() in events]
    for service in (platform.matching, platform.credit, platform.notify):
        stored = str([list(service.ctx.db[c].find({})) for c in service.ctx.db.list_collection_names()])
        assert not [s for s in secrets if s in stored], service.ctx.config.service
    for path in (f"/public/providers/{agency}", f"/public/providers/{agency}/practitioners", "/public/talent"):
        html = platform.registry.http.get(path).get_data(as_text=True)
        assert "陈" in html and not [s for s in secrets if s in html], path
