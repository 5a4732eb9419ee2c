"""Builders for the pure matching tests."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from services.common.reference import COUNTY_CODES
from services.matching.domain.contract import Contract, ContractStatus, Inspection
from services.matching.domain.demand import Demand, Offer
from services.matching.domain.recommend import Provider, Qualification

_ids = itertools.count(1)
POSTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DEADLINE = POSTED + timedelta(days=10)
CITY = frozenset(COUNTY_CODES)


def at(days: float) -> datetime:
    """A moment `days` after posting."""
    return POSTED + timedelta(days=days)


def make_demand(**kw) -> Demand:
    values = dict(
        id=f"dm{next(_ids)}",
        buyer_id="ent1",
        buyer_type="enterprise",
        category="safety_evaluation",
        county="330411",
        town="330411101",
        industry="C",
        description="安全评价",
        budget_fen=5_000_000,
        offer_deadline=DEADLINE,
        posted_at=POSTED,
    )
    values.update(kw)
    return Demand(**values)


def make_offer(demand: Demand, agency_id: str = "ag1", days: float = 1, **kw) -> Offer:
    values = dict(
        id=f"of{next(_ids)}",
        demand_id=demand.id,
        agency_id=agency_id,
        price_fen=4_000_000,
        plan="plan",
        duration_days=30,
        submitted_at=at(days),
    )
    values.update(kw)
    return Offer(**values)


def demand_with_offers(*agencies: str, **kw) -> Demand:
    demand = make_demand(**kw)
    for agency in agencies:
        demand.submit_offer(make_offer(demand, agency))
    return demand


def awarded_contract() -> Contract:
    demand = demand_with_offers("ag1", "ag2")
    offer = demand.accept_offer(demand.offers[0].id, at(2))
    return Contract.award("ct1", demand, offer, at(2))


def contract_in(status: ContractStatus) -> Contract:
    """A contract brought to `status` through its legal path."""
    contract = awarded_contract()
    if status == ContractStatus.PENDING:
        return contract
    if status == ContractStatus.WITHDRAWN:
        contract.withdraw("buyer", at(3), "budget withdrawn")
        return contract
    contract.sign("buyer", at(3))
    contract.sign("agency", at(3))
    if status == ContractStatus.COMPLETED:
        contract.complete(at(40).date(), True, 5)
    if status == ContractStatus.TERMINATED:
        contract.terminate(at(20).date(), "buyer", "budget withdrawn", "agency")
    return contract


def make_inspection(contract: Contract, days: float = 5, **kw) -> Inspection:
    values = dict(
        id=f"in{next(_ids)}", contract_id=contract.id, agency_id=contract.agency_id, inspected_on=at(days).date()
    )
    values.update(kw)
    return Inspection(**values)


def qual(
    category: str = "safety_evaluation",
    level: str | None = "乙级",
    valid_from: str = "2025-01-01",
    valid_until: str = "2027-12-31",
    verified: bool = True,
) -> Qualification:
    return Qualification(category, level, date.fromisoformat(valid_from), date.fromisoformat(valid_until), verified)


def make_provider(agency_id: str, **kw) -> Provider:
    values = dict(
        agency_id=agency_id,
        name=f"机构{agency_id}",
        status="active",
        categories=("safety_evaluation",),
        qualifications=(qual(),),
        county="330411",
        town="330411101",
        credit_score=80,
        grade="B",
        rectification_until=None,
    )
    values.update(kw)
    return Provider(**values)
