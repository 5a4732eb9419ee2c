"""Search filters and cursor pagination of providers, experts and enterprises."""

from __future__ import annotations

import pytest

from services.common.web.auth import DIVISION_ROLES
from tests.integration.registry.conftest import days, enterprise_body, expert_body, register_provider

pytestmark = pytest.mark.integration


def qual(category: str, valid_from: int, valid_until: int) -> dict:
    return {
        "category": category,
        "certificate_no": f"{category}-{valid_from}",
        "issuer": "浙江省应急管理厅",
        "valid_from": days(valid_from),
        "valid_until": days(valid_until),
    }


def ids(registry, token, url: str, role: str = "enterprise", org: str | None = None) -> set[str]:
    """The ids a search answers; a division role acts for the city unless `org` names another division."""
    response = registry.client.get(url, headers=token(role, org or ("330400" if role in DIVISION_ROLES else "x")))
    assert response.status_code == 200, response.json
    return {item["id"] for item in response.json["items"]}


@pytest.fixture
def providers(registry, token):
    made = {
        "evaluator": register_provider(
            registry, token, categories=["safety_evaluation"], qualifications=[qual("safety_evaluation", -100, 100)]
        ),
        "future": register_provider(
            registry,
            token,
            categories=["safety_evaluation"],
            cluster_base=None,
            qualifications=[qual("safety_evaluation", 50, 400)],
            county="330402",
            town=None,
        ),
        "trainer": register_provider(
            registry,
            token,
            categories=["safety_training"],
            town="330411002",
            qualifications=[qual("safety_training", -100, 100)],
            cluster_base={"since": days(-400), "until": days(-10)},
        ),
        "insurer": register_provider(
            registry,
            token,
            kind="insurer",
            categories=["insurance_risk_assessment"],
            qualifications=[],
            county="330481",
            town=None,
            cluster_base=None,
        ),
    }
    registry.client.post(
        f"/providers/{made['trainer']['id']}/status", json={"status": "suspended"}, headers=token("regulator", "330400")
    )
    return {name: p["id"] for name, p in made.items()}


def test_provider_filters(registry, token, providers):
    p = providers
    assert ids(registry, token, "/providers?category=safety_evaluation") == {p["evaluator"], p["future"]}
    assert ids(registry, token, f"/providers?category=safety_evaluation&valid_on={days(0)}") == {p["evaluator"]}
    assert ids(registry, token, f"/providers?category=safety_evaluation&valid_on={days(200)}") == {p["future"]}
    assert ids(registry, token, f"/providers?valid_on={days(0)}") == {p["evaluator"], p["trainer"]}
    assert ids(registry, token, "/providers?county=330411") == {p["evaluator"], p["trainer"]}
    assert ids(registry, token, "/providers?county=330411&town=330411002") == {p["trainer"]}
    assert ids(registry, token, "/providers?cluster_base=true") == {p["evaluator"]}
    assert ids(registry, token, "/providers?cluster_base=false") == {p["future"], p["trainer"], p["insurer"]}
    assert ids(registry, token, "/providers?status=suspended") == {p["trainer"]}
    assert ids(registry, token, "/providers?kind=insurer") == {p["insurer"]}
    assert registry.client.get("/providers?category=astrology", headers=token("agency", "x")).status_code == 422
    assert registry.client.get("/providers").status_code == 401


def test_provider_pages_follow_the_cursor(registry, token, providers):
    seen, cursor = [], None
    while True:
        url = "/providers?limit=1" + (f"&cursor={cursor}" if cursor else "")
        page = registry.client.get(url, headers=token("regulator", "330400")).json
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(providers.values()) and len(seen) == 4


def test_expert_filters(registry, token):
    regulator = token("regulator", "330400")

    def add(**kw) -> str:
        return registry.client.post("/experts", json=expert_body(**kw), headers=regulator).json["id"]

    chem = add(county="330481", industries=["C"], specialties=["危险化学品"], grade="senior")
    build = add(county="330402", industries=["E"], specialties=["建筑施工"], grade="intermediate")
    away = add(county="330402", industries=["C", "E"], specialties=["电气安全"], grade="senior", available=False)
    banned = add(county="330481", industries=["C"], specialties=["危险化学品"], grade="junior")
    registry.client.post(f"/experts/{banned}/status", json={"status": "banned", "reason": "造假"}, headers=regulator)
    assert ids(registry, token, "/experts?county=330402") == {build, away}
    assert ids(registry, token, "/experts?industry=C") == {chem, away, banned}
    assert ids(registry, token, "/experts?specialty=危险化学品") == {chem, banned}
    assert ids(registry, token, "/experts?grade=senior") == {chem, away}
    assert ids(registry, token, "/experts?available=true") == {chem, build}
    assert ids(registry, token, "/experts?available=false") == {away, banned}
    assert ids(registry, token, "/experts?industry=C&available=true") == {chem}


def test_enterprise_filters(registry, token):
    official = token("official", "330400")

    def add(**kw) -> str:
        return registry.client.post("/enterprises", json=enterprise_body(**kw), headers=official).json["id"]

    hardware = add()
    builder = add(industry_code="4720", size="medium", town="330482002")
    haining = add(county="330481", town=None, size="micro")
    assert ids(registry, token, "/enterprises?county=330482", "official") == {hardware, builder}
    assert ids(registry, token, "/enterprises?town=330482002", "official") == {builder}
    assert ids(registry, token, "/enterprises?industry=C", "regulator") == {hardware, haining}
    assert ids(registry, token, "/enterprises?size=micro", "finance") == {haining}
    assert registry.client.get("/enterprises", headers=token("agency", "x")).status_code == 403
    assert ids(registry, token, "/enterprises", "official", "330482") == {hardware, builder}  # its division only
    assert ids(registry, token, "/enterprises", "finance", "330482002") == {builder}
    assert ids(registry, token, "/enterprises?county=330482", "regulator", "330481") == set()


@pytest.mark.parametrize(
    "url, field",
    [
        ("/providers?county=999999", "county"),
        ("/providers?town=330402999", "town"),
        ("/providers?valid_on=2026-02-30", "valid_on"),
        ("/providers?status=gone", "status"),
        ("/providers?cursor=not-a-cursor", "cursor"),
        ("/providers?limit=0", "limit"),
        ("/directory/providers?county=110105", "county"),
        ("/experts?county=330411101", "county"),
        ("/experts?grade=guru", "grade"),
        ("/experts?available=maybe", "available"),
        ("/enterprises?industry=Z", "industry"),
        ("/enterprises?size=huge", "size"),
    ],
)
def test_bad_filters_are_422_problems_naming_the_parameter(registry, token, url, field):
    response = registry.client.get(url, headers=token("regulator", "330400"))
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    assert field in {e["field"] for e in response.json["errors"]}, response.json
