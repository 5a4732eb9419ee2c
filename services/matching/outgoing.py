"""The data of the events matching publishes, built from the domain (shapes: catalogue/matching.py)."""

from __future__ import annotations

from services.common.clock import isotime

from .domain.contract import Contract, Inspection
from .domain.demand import Demand, Offer


def _day(value) -> str | None:
    return value.isoformat() if value else None


def demand_posted(demand: Demand) -> dict:
    return dict(
        demand_id=demand.id,
        buyer_id=demand.buyer_id,
        buyer_type=demand.buyer_type,
        category=demand.category,
        county=demand.county,
        town=demand.town,
        industry=demand.industry,
        budget_fen=demand.budget_fen,
        offer_deadline=isotime(demand.offer_deadline),
        needed_qualification=demand.needed_qualification,
        enterprise_id=demand.enterprise_id,
    )


def offer_submitted(offer: Offer) -> dict:
    return dict(
        offer_id=offer.id,
        demand_id=offer.demand_id,
        agency_id=offer.agency_id,
        price_fen=offer.price_fen,
        duration_days=offer.duration_days,
    )


def contract_signed(contract: Contract) -> dict:
    c = contract
    return dict(
        contract_id=c.id,
        demand_id=c.demand_id,
        agency_id=c.agency_id,
        buyer_id=c.buyer_id,
        buyer_type=c.buyer_type,
        category=c.category,
        county=c.county,
        industry=c.industry,
        price_fen=c.price_fen,
        town=c.town,
        enterprise_id=c.enterprise_id,
        signed_on=_day(c.signed_on),
    )


def contract_completed(contract: Contract) -> dict:
    return dict(
        contract_signed(contract),
        completed_on=_day(contract.completed_on),
        on_time=contract.on_time,
        score=contract.score,
    )


def contract_terminated(contract: Contract) -> dict:
    return dict(
        contract_signed(contract),
        terminated_on=_day(contract.terminated_on),
        terminated_by=contract.terminated_by,
        at_fault=contract.at_fault,
        reason=contract.reason,
    )


def inspection_completed(inspection: Inspection, contract: Contract) -> dict:
    """kind service_inspection: the agency inspected the served site under the contract."""
    i = inspection
    return dict(
        inspection_id=i.id,
        kind="service_inspection",
        agency_id=i.agency_id,
        inspected_on=i.inspected_on.isoformat(),
        contract_id=contract.id,
        enterprise_id=contract.enterprise_id,
        inspector=i.agency_id,
        passed=i.passed,
        findings=i.findings,
        hazards_general=i.hazards_general,
        hazards_major=i.hazards_major,
        hazards_rectified=i.hazards_rectified,
        major_hazard=i.major_hazard,
        county=contract.county,
        town=contract.town,
    )
