"""Each role acts only within its division, by the reference table: every registry endpoint an official, regulator
or finance may call, for every level of division (the city, the county and the town of the record, another county,
another town of the same county), against a fresh record placed in 平湖市 当湖街道 (an expert: in 平湖市).
Public provider pages show only verified, valid services."""

from __future__ import annotations

import pytest

from tests.integration.registry.conftest import enterprise_body, expert_body, new_uscc, provider_body

pytestmark = pytest.mark.integration
COUNTY, TOWN = "330482", "330482001"
LEVELS = {"city": "330400", "county": COUNTY, "town": TOWN, "other county": "330402", "other town": "330482002"}
PLACED, COUNTY_ONLY, NONE = {"city", "county", "town"}, {"city", "county"}, set()


def _provider(registry, token) -> dict:
    body = provider_body(uscc=new_uscc(COUNTY), county=COUNTY, town=TOWN, cluster_base=None)
    return registry.client.post("/providers", json=body, headers=token("agency", body["uscc"])).json | {"body": body}


def _expert(registry, token) -> str:
    return registry.client.post("/experts", json=expert_body(county=COUNTY), headers=token("admin")).json["id"]


def _enterprise(registry, token) -> str:
    return registry.client.post("/enterprises", json=enterprise_body(), headers=token("admin")).json["id"]


def suspend_provider(registry, token, headers):
    uscc = _provider(registry, token)["id"]
    body = {"status": "suspended", "reason": "资质存疑"}
    return registry.client.post(f"/providers/{uscc}/status", json=body, headers=headers)


def verify(registry, token, headers):
    provider = _provider(registry, token)
    [certificate] = provider["body"]["qualifications"]
    body = {k: certificate[k] for k in ("category", "certificate_no")}
    return registry.client.post(f"/providers/{provider['id']}/qualifications/verify", json=body, headers=headers)


def register_expert(registry, token, headers):
    return registry.client.post("/experts", json=expert_body(county=COUNTY), headers=headers)


def patch_expert(registry, token, headers):
    return registry.client.patch(f"/experts/{_expert(registry, token)}", json={"grade": "junior"}, headers=headers)


def link_expert(registry, token, headers):
    body = {"org_id": new_uscc(), "relation": "consulting"}
    return registry.client.post(f"/experts/{_expert(registry, token)}/links", json=body, headers=headers)


def suspend_expert(registry, token, headers):
    return registry.client.post(
        f"/experts/{_expert(registry, token)}/status", json={"status": "suspended"}, headers=headers
    )


def register_enterprise(registry, token, headers):
    return registry.client.post("/enterprises", json=enterprise_body(), headers=headers)


def read_enterprise(registry, token, headers):
    return registry.client.get(f"/enterprises/{_enterprise(registry, token)}", headers=headers)


def deregister_enterprise(registry, token, headers):
    uscc = _enterprise(registry, token)
    return registry.client.post(f"/enterprises/{uscc}/status", json={"status": "deregistered"}, headers=headers)


#: endpoint -> {role: the levels whose token may do it}
TABLE = {
    suspend_provider: {"regulator": PLACED},
    verify: {"regulator": PLACED},
    register_expert: {"regulator": COUNTY_ONLY},
    patch_expert: {"regulator": COUNTY_ONLY},
    link_expert: {"regulator": COUNTY_ONLY},
    suspend_expert: {"regulator": COUNTY_ONLY},
    register_enterprise: {"regulator": PLACED, "official": PLACED},
    read_enterprise: {"regulator": PLACED, "official": PLACED, "finance": PLACED},
    deregister_enterprise: {"regulator": PLACED, "official": PLACED, "finance": NONE},  # finance never deregisters
}
CASES = [(call, role, level) for call, roles in TABLE.items() for role in roles for level in LEVELS]


@pytest.mark.parametrize("call, role, level", CASES, ids=lambda v: getattr(v, "__name__", v))
def test_each_role_acts_only_within_its_division(registry, token, call, role, level):
    response = call(registry, token, token(role, LEVELS[level]))
    if level in TABLE[call][role]:
        assert response.status_code in (200, 201), response.json
    else:
        assert response.status_code == 403, response.json


def test_public_pages_show_only_verified_valid_services(registry, token):
    provider = _provider(registry, token)  # declares safety_evaluation (with a certificate) and safety_training
    uscc = provider["id"]
    entry = registry.client.get(f"/directory/providers/{uscc}")
    assert entry.status_code == 200 and entry.json["categories"] == [] and entry.json["qualifications"] == []
    assert entry.json["unverified_categories"] == ["safety_evaluation", "safety_training"]
    assert "未核验" in registry.client.get(f"/public/providers/{uscc}").get_data(as_text=True)
    verify_body = {k: provider["body"]["qualifications"][0][k] for k in ("category", "certificate_no")}
    registry.client.post(
        f"/providers/{uscc}/qualifications/verify", json=verify_body, headers=token("regulator", COUNTY)
    )
    entry = registry.client.get(f"/directory/providers/{uscc}").json
    assert (entry["categories"], entry["unverified_categories"]) == (["safety_evaluation"], ["safety_training"])
    page = registry.client.get(f"/public/providers/{uscc}").get_data(as_text=True)
    services = page.split("<dt>服务类别</dt>")[1].split("</dd>")[0]
    assert "安全评价" in services and "培训" not in services and "培训（未核验）" in page
    for category, found in (("safety_evaluation", True), ("safety_training", False)):  # filters and counts
        listed = registry.client.get("/directory/providers", query_string={"category": category, "county": COUNTY})
        assert (uscc in {p["id"] for p in listed.json["items"]}) is found
        html = registry.client.get("/public/providers", query_string={"category": category, "county": COUNTY})
        assert (uscc in html.get_data(as_text=True)) is found


def test_a_stale_if_match_is_412_on_each_record(registry, token):
    uscc = _provider(registry, token)["id"]
    expert, firm = _expert(registry, token), _enterprise(registry, token)
    for path, headers, change in (
        (f"/providers/{uscc}", token("agency", uscc), {"name": "新名称"}),
        (f"/experts/{expert}", token("regulator", COUNTY), {"grade": "junior"}),
        (f"/enterprises/{firm}", token("enterprise", firm), {"employees": 50}),
    ):
        tag = registry.client.get(path, headers=token("admin")).headers["ETag"]
        changed = registry.client.patch(path, json=change, headers={**headers, "If-Match": tag})
        assert changed.status_code == 200 and changed.headers["ETag"] != tag
        stale = registry.client.patch(path, json={**change}, headers={**headers, "If-Match": tag})
        assert (stale.status_code, stale.json["rule"]) == (412, "if-match")
        assert registry.client.get(path, headers=token("admin")).headers["ETag"] == changed.headers["ETag"]
