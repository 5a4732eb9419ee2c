"""Providers over HTTP: registration, validation (422), duplicates (409), roles allowed and denied."""

from __future__ import annotations

import pytest

from tests.integration.registry.conftest import days, new_uscc, provider_body, register_provider

pytestmark = pytest.mark.integration


def fields(response) -> set[str]:
    return {e["field"] for e in response.json.get("errors", [])}


def test_agency_registers_itself_and_reads_its_contacts(registry, token):
    created = register_provider(registry, token, verified=False)
    assert created["id"] == created["uscc"] and created["status"] == "active" and created["version"] == 1
    assert created["valid_categories"] == [] and created["in_cluster_base"] is True, "declared, not yet verified"
    assert created["qualifications"][0]["verified"] is False
    assert created["contacts"][0]["name"] == "王工"


def test_contacts_only_for_itself_regulator_and_admin(registry, token):
    uscc = register_provider(registry, token)["id"]
    seen = {
        (role, org): registry.client.get(f"/providers/{uscc}", headers=token(role, org)).json
        for role, org in (("agency", "x"), ("enterprise", "x"), ("regulator", "330400"), ("admin", None))
    }
    assert "contacts" not in seen["agency", "x"] and "contacts" not in seen["enterprise", "x"]
    assert seen["regulator", "330400"]["contacts"] and seen["admin", None]["contacts"]
    elsewhere = registry.client.get(f"/providers/{uscc}", headers=token("regulator", "330402")).json
    assert "contacts" not in elsewhere  # a regulator of another county


@pytest.mark.parametrize(
    "role, org, status",
    [
        (None, None, 401),
        ("agency", "someone-else", 403),
        ("insurer", "SELF", 403),
        ("enterprise", "SELF", 403),
        ("regulator", "330400", 403),
        ("admin", None, 201),
    ],
)
def test_who_may_register_an_agency(registry, token, role, org, status):
    body = provider_body()
    headers = token(role, body["uscc"] if org == "SELF" else org) if role else {}
    assert registry.client.post("/providers", json=body, headers=headers).status_code == status


def test_same_uscc_twice_is_409(registry, token):
    body = provider_body()
    headers = token("agency", body["uscc"])
    assert registry.client.post("/providers", json=body, headers=headers).status_code == 201
    again = registry.client.post("/providers", json=body | {"name": "另一个名字"}, headers=headers)
    assert again.status_code == 409 and again.content_type == "application/problem+json"


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda b: b.update(uscc=b["uscc"][:17] + ("0" if b["uscc"][17] != "0" else "1")), "uscc"),
        (lambda b: b.update(county="110105", town=None), "county"),
        (lambda b: b.update(town="330402007"), "town"),
        (lambda b: b.update(categories=["astrology"]), "categories.0"),
        (
            lambda b: b["qualifications"][0].update(valid_from=days(10), valid_until=days(5)),
            "qualifications.valid_until",
        ),
        (lambda b: b["qualifications"][0].update(category="astrology"), "qualifications.0.category"),
        (lambda b: b.update(surprise=1), "surprise"),
        (lambda b: b["staff"].update(surprise=1), "staff.surprise"),
        (lambda b: b["staff"].update(count=10**20), "staff.count"),  # beyond MongoDB's 8-byte integers: not a 500
        (lambda b: b.update(county=None, origin="上海市"), "town"),
        (lambda b: b.update(contacts=[{"name": "王工"}] * 21), "contacts"),  # lists are bounded (16 MB documents)
        (lambda b: b.update(qualifications=b["qualifications"] * 101), "qualifications"),
    ],
)
def test_bad_input_is_422_naming_the_field(registry, token, change, field):
    body = provider_body()
    change(body)
    response = registry.client.post("/providers", json=body, headers=token("admin"))
    assert response.status_code == 422 and field in fields(response), response.json


def test_wrong_check_character_says_so(registry, token):
    body = provider_body(uscc="91310110666007217A")
    response = registry.client.post("/providers", json=body, headers=token("agency", body["uscc"]))
    assert response.status_code == 422 and "check character" in str(response.json["errors"])


def test_an_agency_from_outside_records_its_origin(registry, token):
    created = register_provider(registry, token, county=None, town=None, origin="上海市", cluster_base=None)
    assert created["origin"] == "上海市" and created["county"] is None and created["in_cluster_base"] is False


def test_only_the_agency_itself_or_admin_changes_its_profile(registry, token):
    uscc = register_provider(registry, token, verified=False)["id"]
    patch = {"name": "嘉兴安泰安全科技有限公司", "staff": {"count": 25, "safety_engineers": 5}}
    for role, org in (("agency", new_uscc()), ("regulator", "330400"), ("enterprise", uscc)):
        assert registry.client.patch(f"/providers/{uscc}", json=patch, headers=token(role, org)).status_code == 403
    own = registry.client.patch(f"/providers/{uscc}", json=patch, headers=token("agency", uscc))
    assert own.status_code == 200 and own.json["name"] == patch["name"] and own.json["version"] == 2
    assert own.json["qualifications"], "a patch keeps what it does not name"
    admin = registry.client.patch(
        f"/providers/{uscc}", json={"categories": ["smart_monitoring"]}, headers=token("admin")
    )
    assert admin.status_code == 200 and admin.json["categories"] == ["smart_monitoring"]
    assert (
        registry.client.patch(
            f"/providers/{uscc}", json={"uscc": new_uscc()}, headers=token("agency", uscc)
        ).status_code
        == 422
    )


def test_status_changes_by_role(registry, token):
    uscc = register_provider(registry, token)["id"]
    own, regulator = token("agency", uscc), token("regulator", "330400")

    def move(status, headers):
        return registry.client.post(
            f"/providers/{uscc}/status", json={"status": status, "reason": "质量抽查不合格"}, headers=headers
        )

    assert move("suspended", own).status_code == 403
    assert move("suspended", token("enterprise", uscc)).status_code == 403
    assert move("suspended", regulator).json["status"] == "suspended"
    assert move("active", own).status_code == 403
    assert move("active", regulator).json["status"] == "active"
    assert move("retired", regulator).status_code == 422
    assert move("deregistered", own).json["status"] == "deregistered"
    assert move("active", regulator).status_code == 409
    assert move("active", token("admin")).status_code == 409
    assert registry.client.patch(f"/providers/{uscc}", json={"name": "x"}, headers=own).status_code == 409
    assert registry.client.get("/providers/nope", headers=own).status_code == 404


def test_public_directory_shows_active_valid_providers_without_personal_data(registry, token):
    listed = register_provider(
        registry,
        token,
        qualifications=[
            {
                "category": "safety_evaluation",
                "certificate_no": "A-1",
                "issuer": "浙江省应急管理厅",
                "valid_from": days(-300),
                "valid_until": days(300),
            },
            {
                "category": "safety_training",
                "certificate_no": "A-2",
                "issuer": "浙江省应急管理厅",
                "valid_from": days(-300),
                "valid_until": days(-1),
            },
        ],
    )["id"]
    lapsed = register_provider(
        registry,
        token,
        qualifications=[
            {
                "category": "safety_evaluation",
                "certificate_no": "B-1",
                "issuer": "浙江省应急管理厅",
                "valid_from": days(-300),
                "valid_until": days(-1),
            }
        ],
    )["id"]
    suspended = register_provider(registry, token)["id"]
    registry.client.post(
        f"/providers/{suspended}/status", json={"status": "suspended"}, headers=token("regulator", "330400")
    )

    page = registry.client.get("/directory/providers")
    assert page.status_code == 200
    assert [p["id"] for p in page.json["items"]] == [listed]
    entry = page.json["items"][0]
    assert [q["certificate_no"] for q in entry["qualifications"]] == ["A-1"]
    assert not {"contacts", "email", "history", "created_by"} & set(entry)
    assert registry.client.get(f"/directory/providers/{listed}").json["id"] == listed
    assert registry.client.get(f"/directory/providers/{suspended}").status_code == 404
    assert registry.client.get("/directory/providers?category=safety_training").json["items"] == []
    assert lapsed not in [p["id"] for p in registry.client.get("/directory/providers?county=330411").json["items"]]


def test_a_stale_write_is_409_not_lost(registry, token):
    from services.common.errors import Conflict
    from services.registry.domain.providers import Provider
    from services.registry.store import RegistryStore

    uscc = register_provider(registry, token)["id"]
    stale = RegistryStore(registry.ctx.read())  # read before the other write, saved after it (no transaction)
    record = stale.record(Provider, uscc)
    registry.client.patch(f"/providers/{uscc}", json={"name": "先到的名字"}, headers=token("agency", uscc))
    with pytest.raises(Conflict):
        stale.save(record.updated(name="后到的名字"))
    assert registry.client.get(f"/providers/{uscc}", headers=token("admin")).json["name"] == "先到的名字"


def test_far_dates_are_422_not_open_ended(registry, token):
    """9999-12-31 no longer means open-ended: a certificate lasts at most 10 years; a residency is open with null."""
    forever = {
        "category": "safety_evaluation",
        "certificate_no": "长期",
        "issuer": "浙江省应急管理厅",
        "valid_from": days(-1),
        "valid_until": "9999-12-31",
    }
    body = provider_body(qualifications=[forever])
    refused = registry.client.post("/providers", json=body, headers=token("agency", body["uscc"]))
    assert refused.status_code == 422 and "qualifications.valid_until" in fields(refused), refused.json
    created = register_provider(registry, token, cluster_base={"since": days(-1), "until": None})
    assert created["in_cluster_base"] is True
    for change in (
        {"qualifications": [forever]},
        {"cluster_base": {"since": days(-1), "until": "9999-12-31"}},
        {"cluster_base": {"since": "1900-01-01"}},
    ):
        patched = registry.client.patch(
            f"/providers/{created['id']}", json=change, headers=token("agency", created["id"])
        )
        assert patched.status_code == 422, (change, patched.json)
