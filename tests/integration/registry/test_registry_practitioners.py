"""Practitioners through the registry's API and the real broker (issue 28): an agency registers its own staff,
one agency at a time (a second registration is 409 by the named rule and published for the regulator),
leaving and joining dated, certificates verified by a regulator, training hours by a training provider or a
regulator, talent levels and the public pages; the ID number never leaves the registry."""

from __future__ import annotations

import csv
import io

import pytest

from tests.integration.registry.conftest import days, new_id_number, register_provider
from tests.support.races import race

pytestmark = pytest.mark.integration
REGULATOR = ("regulator", "330400")
TOPICS = (
    "practitioner-joined",
    "practitioner-left",
    "certificate-verified",
    "training-recorded",
    "talent-recorded",
    "practitioner-registration-refused",
)


def person(**kw) -> dict:
    return {
        "name": "周建华",
        "id_number": new_id_number(),
        "joined_on": days(-30),
        "certificates": [
            {
                "kind": "testing_inspector",
                "certificate_no": "JC-330-0001",
                "issuer": "浙江省市场监督管理局",
                "level": "中级",
                "valid_from": days(-200),
                "valid_until": days(900),
            }
        ],
    } | kw


def register(registry, token, agency: str, body: dict):
    return registry.client.post(f"/providers/{agency}/practitioners", json=body, headers=token("agency", agency))


def test_one_agency_at_a_time_a_second_registration_is_refused_and_told_to_the_regulator(registry, token, probe):
    seen = probe(*TOPICS)
    first, second = register_provider(registry, token)["id"], register_provider(registry, token)["id"]
    body = person()
    created = register(registry, token, first, body)
    assert created.status_code == 201, created.json
    staffer = created.json
    assert (
        staffer["agency_id"] == first
        and staffer["id_number_masked"] == body["id_number"][:3] + "*" * 11 + body["id_number"][-4:]
    )
    assert "id_number" not in staffer and staffer["certificates"][0]["verified"] is False

    refused = register(registry, token, second, {**body, "name": "周健华", "joined_on": days(0)})  # another name
    assert refused.status_code == 409 and refused.json["rule"] == "one-agency-at-a-time", refused.json
    assert refused.headers["Content-Type"] == "application/problem+json" and first not in refused.json["detail"]
    [told] = seen.events("practitioner-registration-refused", subject=staffer["id"])
    assert (told.data["agency_id"], told.data["refused_agency_id"]) == (first, second)
    assert told.data["employed_since"] == body["joined_on"] and told.data["name"] == "周建华"
    held = registry.client.get(f"/practitioners/{staffer['id']}", headers=token(*REGULATOR)).json
    assert [r["agency_id"] for r in held["refusals"]] == [second] and held["agency_id"] == first
    assert registry.client.get(f"/practitioners/{staffer['id']}", headers=token("agency", second)).status_code == 403

    left = registry.client.post(
        f"/practitioners/{staffer['id']}/leave", json={"left_on": days(-1)}, headers=token("agency", first)
    )
    assert left.status_code == 200 and left.json["agency_id"] is None
    misnamed = register(registry, token, second, {**body, "name": "周健华", "joined_on": days(0)})
    assert misnamed.status_code == 422 and misnamed.json["errors"][0]["field"] == "name"
    moved = register(registry, token, second, {**body, "joined_on": days(0)})
    assert moved.status_code == 201 and moved.json["id"] == staffer["id"], "one record per person"
    assert [e["agency_id"] for e in moved.json["employments"]] == [second], "an agency sees its own employment"
    [gone] = seen.events("practitioner-left", subject=staffer["id"])
    assert (gone.data["left_agency_id"], gone.data["left_on"], gone.data["agency_id"]) == (first, days(-1), None)
    joins = seen.events("practitioner-joined", subject=staffer["id"], count=2)
    assert [(e.data["agency_id"], e.data["joined_on"]) for e in joins] == [(first, days(-30)), (second, days(0))]
    assert all(e.data["certificates"] == [] for e in joins), "declared certificates are not told"


def test_an_agency_manages_only_its_own_staff_and_only_regulators_verify(registry, token, probe):
    seen = probe("certificate-verified", "talent-recorded")
    ours, theirs = register_provider(registry, token)["id"], register_provider(registry, token)["id"]
    assert register(registry, token, ours, person()).status_code == 201
    elsewhere = registry.client.post(f"/providers/{theirs}/practitioners", json=person(), headers=token("agency", ours))
    assert elsewhere.status_code == 403 and elsewhere.json["status"] == 403
    staffer = registry.client.get(f"/providers/{ours}/practitioners", headers=token("agency", ours)).json["items"][0]
    pid, number = staffer["id"], staffer["certificates"][0]["certificate_no"]
    assert registry.client.get(f"/providers/{ours}/practitioners", headers=token("agency", theirs)).status_code == 403

    extra = {**person()["certificates"][0], "kind": "registered_safety_engineer", "certificate_no": "RSE-9"}
    assert (
        registry.client.post(f"/practitioners/{pid}/certificates", json=extra, headers=token("agency", theirs))
    ).status_code == 403
    assert (
        registry.client.post(f"/practitioners/{pid}/certificates", json=extra, headers=token("agency", ours))
    ).status_code == 200
    verify = {"kind": "testing_inspector", "certificate_no": number}
    for role in (("agency", ours), ("admin", None)):
        refused = registry.client.post(f"/practitioners/{pid}/certificates/verify", json=verify, headers=token(*role))
        assert refused.status_code == 403, refused.json
    done = registry.client.post(f"/practitioners/{pid}/certificates/verify", json=verify, headers=token(*REGULATOR))
    assert done.status_code == 200 and done.json["certificates"][0]["verified"] is True
    [event] = seen.events("certificate-verified", subject=pid)
    assert event.data["certificate"]["kind"] == "testing_inspector" and event.data["agency_id"] == ours
    assert [c["kind"] for c in event.data["certificates"]] == ["testing_inspector"], "only verified ones"
    again = registry.client.post(f"/practitioners/{pid}/certificates/verify", json=verify, headers=token(*REGULATOR))
    assert again.status_code == 409

    talent = {"level": "D", "recognised_on": days(-3), "basis": "嘉人才〔2026〕8号"}
    assert (
        registry.client.post(f"/practitioners/{pid}/talent", json=talent, headers=token("agency", ours)).status_code
        == 403
    )
    bad = registry.client.post(f"/practitioners/{pid}/talent", json={**talent, "level": "Z"}, headers=token(*REGULATOR))
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "level"
    recorded = registry.client.post(f"/practitioners/{pid}/talent", json=talent, headers=token(*REGULATOR))
    assert recorded.status_code == 200 and recorded.json["talent"]["level"] == "D"
    [told] = seen.events("talent-recorded", subject=pid)
    assert (told.data["level"], told.data["agency_county"], told.data["talent_level"]) == ("D", "330411", "D")


def test_training_hours_come_from_a_training_provider_or_a_regulator(registry, token, probe):
    seen = probe("training-recorded")
    plain = register_provider(registry, token)["id"]  # offers safety_training, holds no verified qualification in it
    training_qualification = {
        "category": "safety_training",
        "certificate_no": "PX-001",
        "issuer": "嘉兴市应急管理局",
        "valid_from": days(-10),
        "valid_until": days(300),
    }
    school = register_provider(registry, token, qualifications=[training_qualification])["id"]
    pid = register(registry, token, plain, person()).json["id"]
    course = {"trained_on": days(-2), "hours": 8, "course": "检测检验新标准解读"}

    assert (
        registry.client.post(f"/practitioners/{pid}/training", json=course, headers=token("agency", plain)).status_code
        == 403
    )
    by_school = registry.client.post(f"/practitioners/{pid}/training", json=course, headers=token("agency", school))
    assert by_school.status_code == 201, by_school.json
    by_regulator = registry.client.post(
        f"/practitioners/{pid}/training", json={**course, "hours": 4}, headers=token(*REGULATOR)
    )
    year = int(course["trained_on"][:4])
    assert {"year": year, "hours": 12} in by_regulator.json["training"]
    told = seen.events("training-recorded", subject=pid, count=2)
    assert [(e.data["recorded_by"], e.data["provider_id"], e.data["year_hours"]) for e in told] == [
        ("provider", school, 8),
        ("regulator", None, 12),
    ]
    assert (
        registry.client.post(
            f"/practitioners/{pid}/training", json={**course, "hours": 1.5}, headers=token(*REGULATOR)
        ).status_code
        == 422
    )
    records = registry.client.get(f"/practitioners/{pid}/training", headers=token("agency", plain)).json["items"]
    assert sorted(r["hours"] for r in records) == [4, 8]


def test_the_public_sees_names_kinds_levels_and_agencies_never_an_id_number(registry, token):
    agency = register_provider(registry, token)["id"]
    body = person(name="钱宇航")
    pid = register(registry, token, agency, body).json["id"]
    hidden = register(registry, token, agency, person(name="孙未核")).json["id"]
    verify = {"kind": "testing_inspector", "certificate_no": "JC-330-0001"}
    registry.client.post(f"/practitioners/{pid}/certificates/verify", json=verify, headers=token(*REGULATOR))
    talent = {"level": "C", "recognised_on": days(0), "basis": "嘉人才〔2026〕9号"}
    registry.client.post(f"/practitioners/{pid}/talent", json=talent, headers=token(*REGULATOR))

    disclosed = registry.client.get(f"/directory/providers/{agency}/practitioners").json
    assert disclosed["items"] == [{"practitioner_id": pid, "name": "钱宇航", "kinds": ["testing_inspector"]}]
    assert hidden not in str(disclosed), "an unverified practitioner is not disclosed"
    talents = registry.client.get("/directory/talent", query_string={"level": "C", "limit": 200}).json["items"]
    assert {"practitioner_id": pid, "name": "钱宇航", "level": "C", "agency_id": agency}.items() <= next(
        t for t in talents if t["practitioner_id"] == pid
    ).items()
    pages = {
        f"/public/providers/{agency}": ("钱宇航", "安全检测检验人员"),
        f"/public/providers/{agency}/practitioners": ("钱宇航", "安全检测检验人员"),
        "/public/talent?level=C&limit=100": ("钱宇航", "C类（省级领军人才）"),
    }
    for path, shown in pages.items():
        page = registry.client.get(path)
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and all(text in html for text in shown), path
        assert "孙未核" not in html and "JC-330-0001" not in html, "nor the unverified, nor a certificate number"
        assert body["id_number"] not in html and body["id_number"][:3] + "*" * 11 not in html
    files = [f"/public/providers/{agency}/practitioners.csv?kind=", "/public/talent.csv?level=C"]
    rows = [list(csv.reader(io.StringIO(registry.client.get(path).text))) for path in files]
    assert ["钱宇航", "安全检测检验人员"] in rows[0] and "孙未核" not in str(rows[0])  # the form's 全部 is no filter
    assert ["钱宇航", "C类（省级领军人才）", days(0)] == next(r for r in rows[1] if r[:1] == ["钱宇航"])[:3]
    assert "JC-330-0001" not in str(rows) and registry.client.get("/public/talent?level=Z").status_code == 422


def test_agencies_racing_to_register_one_new_person_leave_one_employer_and_the_rest_reported(registry, token, probe):
    seen = probe("practitioner-registration-refused")
    agencies = [register_provider(registry, token, verified=False)["id"] for _ in range(4)]
    body = person(joined_on=days(0))

    def attempt(caller: int, _round: int):
        return register(registry, token, agencies[caller], body)

    answers = race(attempt, callers=len(agencies), rounds=1)
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409], [a.json for a in answers]
    assert {a.json.get("rule") for a in answers if a.status_code == 409} == {"one-agency-at-a-time"}
    [hired] = [a.json for a in answers if a.status_code == 201]
    told = seen.events("practitioner-registration-refused", subject=hired["id"], count=3)
    assert sorted(e.data["refused_agency_id"] for e in told) == sorted(set(agencies) - {hired["agency_id"]})
    assert registry.ctx.db["practitioners"].count_documents({"id_number": body["id_number"]}) == 1
