"""Subsidy integration fixtures: a running subsidy worker and app on this test's own database and group, and
the registry, matching and credit events it projects (sent straight to Kafka, as those services would)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import jiaxing_day, utcnow
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from services.subsidy.app import create_app
from services.subsidy.worker import WORKER
from tests.support.harness import ServiceHarness, new_id

COUNTY, TOWN, OTHER_TOWN = "330482", "330482001", "330482002"  # 平湖市 当湖街道, 钟埭街道
CATEGORY = "safety_evaluation"


class Subsidy(ServiceHarness):
    def ok(self, method: str, url: str, headers: dict, status: int = 200, **kw) -> dict:
        response = getattr(self.client, method)(url, headers=headers, **kw)
        assert response.status_code == status, (method, url, response.status_code, response.get_json())
        return response.get_json()

    def budget(self, programme_id: str) -> dict:
        return self.ctx.db["budgets"].find_one({"_id": programme_id})


@pytest.fixture
def subsidy(make_config, run_worker, raw_producer) -> Subsidy:
    config = make_config("subsidy")
    ctx = run_worker(WORKER, config)
    return Subsidy(ctx, create_app(config).test_client(), raw_producer, "subsidy")


def day(n: int = 0) -> str:
    """The Jiaxing day n days from today."""
    return (jiaxing_day(utcnow()) + timedelta(days=n)).isoformat()


def enterprise(
    enterprise_id: str,
    town: str | None = TOWN,
    size: str = "small",
    county: str = COUNTY,
    type_: str = "enterprise-registered",
    **data,
) -> Event:
    return new_event(
        CATALOGUE[type_],
        enterprise_id,
        {
            "enterprise_id": enterprise_id,
            "name": f"平湖{enterprise_id}五金有限公司",
            "uscc": enterprise_id,
            "industry": "C3311",
            "industry_section": "C",
            "size": size,
            "county": county,
            "town": town,
            **data,
        },
        "/services/registry",
    )


def agency(
    agency_id: str,
    county: str = COUNTY,
    town: str | None = TOWN,
    kind: str = "agency",
    base_since: str | None = None,
    base_until: str | None = None,
    type_: str = "agency-registered",
) -> Event:
    return new_event(
        CATALOGUE[type_],
        agency_id,
        {
            "agency_id": agency_id,
            "name": f"嘉兴{agency_id}安全评价有限公司",
            "uscc": agency_id,
            "kind": kind,
            "categories": [CATEGORY],
            "qualifications": [],
            "county": county,
            "town": town,
            "status": "active",
            "cluster_base": base_since is not None,
            "cluster_base_since": base_since,
            "cluster_base_until": base_until,
        },
        "/services/registry",
    )


def rating(agency_id: str, grade: str, as_of: str, **data) -> Event:
    """credit's rating-changed (`data`: e.g. corrected_from and corrections)."""
    return new_event(
        CATALOGUE["rating-changed"],
        agency_id,
        {
            "agency_id": agency_id,
            "as_of": as_of,
            "new_score": 100,
            "new_grade": grade,
            "reasons": ["test"],
            "interview_required": False,
            "rule_version": "1",
            **data,
        },
        "/services/credit",
    )


def contract(
    type_: str,
    contract_id: str,
    enterprise_id: str,
    agency_id: str,
    price_fen: int = 4_800_000,
    town: str | None = TOWN,
    **dates,
) -> Event:
    data = {
        "contract_id": contract_id,
        "demand_id": f"dm-{contract_id}",
        "agency_id": agency_id,
        "buyer_id": enterprise_id,
        "buyer_type": "enterprise",
        "category": CATEGORY,
        "county": COUNTY,
        "industry": "C",
        "price_fen": price_fen,
        "town": town,
        "enterprise_id": enterprise_id,
        "signed_on": day(-60),
        **dates,
    }
    extra = {
        "contract-completed": {"completed_on": day(-10), "on_time": True, "score": 5},
        "contract-terminated": {"terminated_on": day(0), "at_fault": "agency", "reason": "未按约履行"},
    }
    return new_event(CATALOGUE[type_], agency_id, {**extra.get(type_, {}), **data}, "/services/matching")


def completed_contract(enterprise_id: str, agency_id: str, price_fen: int = 4_800_000, town: str | None = TOWN):
    """A contract-signed and its contract-completed (a fresh contract id)."""
    contract_id = new_id("ct")
    return [
        contract(t, contract_id, enterprise_id, agency_id, price_fen, town=town)
        for t in ("contract-signed", "contract-completed")
    ]


def programme_body(**rules) -> dict:
    return {
        "name": "2026 年平湖市中小微企业购买安全服务补助",
        "kind": "enterprise_purchase",
        "period_start": day(-300),
        "period_end": day(30),
        "rules": {"budget_fen": 10_000_000, "rate_permille": 300, **rules},
    }


def open_programme(subsidy: Subsidy, token, funder: str = COUNTY, **body) -> dict:
    """Create and open a programme as the funder's official; its document."""
    official = token("official", funder)
    created = subsidy.ok("post", "/programmes", official, 201, json={**programme_body(), **body})
    return subsidy.ok("post", f"/programmes/{created['id']}/open", official)


def seeded(subsidy: Subsidy, firms: int = 1, grade: str = "B", price_fen: int = 4_800_000) -> list[tuple[str, str]]:
    """An agency rated `grade` since long ago and `firms` enterprises, each with a completed contract:
    [(enterprise id, contract id)]."""
    agency_id = new_id("ag")
    events = [agency(agency_id), rating(agency_id, grade, day(-400))]
    pairs = []
    for _ in range(firms):
        firm = new_id("e")
        signed, done = completed_contract(firm, agency_id, price_fen)
        events += [enterprise(firm), signed, done]
        pairs.append((firm, done.data["contract_id"]))
    subsidy.send_and_wait(*events)
    return pairs
