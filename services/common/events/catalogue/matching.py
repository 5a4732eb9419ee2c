"""Events the matching service publishes (demands, offers, contracts, inspections)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from marshmallow import validate

from services.common.events.envelope import EventType

from .fields import Data, count, fact_day, fen, text

BUYER_TYPES = ["enterprise", "insurer", "government", "association"]
INSPECTION_KINDS = ["service_inspection", "quality_spot_check", "mutual_inspection"]


class DemandPostedData(Data):
    demand_id = text()
    buyer_id = text()
    buyer_type = ma.fields.String(required=True, validate=validate.OneOf(BUYER_TYPES))
    category = text()
    county = text()
    town = ma.fields.String(allow_none=True, load_default=None)
    industry = ma.fields.String(allow_none=True, load_default=None)
    budget_fen = fen()
    offer_deadline = ma.fields.AwareDateTime(required=True)
    needed_qualification = ma.fields.String(
        allow_none=True, load_default=None, metadata={"description": "qualification level required (资质等级), if any"}
    )
    enterprise_id = ma.fields.String(
        allow_none=True,
        load_default=None,
        metadata={
            "description": "the enterprise served: the buyer itself for an enterprise buyer,"
            " else as named in the demand"
        },
    )


class OfferSubmittedData(Data):
    offer_id = text()
    demand_id = text()
    agency_id = text()
    price_fen = fen()
    duration_days = count(3650, 1, required=True)


class ContractData(Data):
    contract_id = text()
    demand_id = text()
    agency_id = text()
    buyer_id = text()
    buyer_type = ma.fields.String(required=True, validate=validate.OneOf(BUYER_TYPES))
    category = text()
    county = text()
    industry = ma.fields.String(allow_none=True, load_default=None)
    price_fen = fen()
    town = ma.fields.String(allow_none=True, load_default=None)
    enterprise_id = ma.fields.String(
        allow_none=True,
        load_default=None,
        metadata={"description": "the enterprise served (None when the demand named none, e.g. a government review)"},
    )
    signed_on = fact_day(required=False, allow_none=True, load_default=None)


class ContractCompletedData(ContractData):
    completed_on = fact_day()
    on_time = ma.fields.Boolean(required=True)
    score = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=5))


class ContractTerminatedData(ContractData):
    """A signed contract ended early (an unsigned one is withdrawn inside matching and never published)."""

    terminated_on = fact_day()
    terminated_by = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf(["buyer", "agency"]),
        metadata={
            "description": "the party that ended it (null from older producers): "
            "at_fault=agency by the agency is an admission, by the buyer a claim "
            "the agency may contest"
        },
    )
    at_fault = ma.fields.String(required=True, validate=validate.OneOf(["agency", "buyer", "none"]))
    reason = text()


def buyer_claim(data: Mapping[str, Any]) -> bool:
    """A contract-terminated that is the buyer's claim (过错解约主张) that a signed contract ended through the agency's
    fault, not the agency's own admission: the agency may accept or contest it (credit, notify)."""
    return data.get("at_fault") == "agency" and bool(data.get("signed_on")) and data.get("terminated_by") != "agency"


class InspectionCompletedData(Data):
    """An inspection of an agency's work (spot check, mutual inspection) or by an agency under a contract."""

    inspection_id = text()
    kind = ma.fields.String(required=True, validate=validate.OneOf(INSPECTION_KINDS))
    agency_id = text(metadata={"description": "the agency whose work was inspected, or that inspected"})
    inspected_on = fact_day()
    contract_id = ma.fields.String(allow_none=True, load_default=None)
    enterprise_id = ma.fields.String(allow_none=True, load_default=None)
    inspector = ma.fields.String(allow_none=True, load_default=None)
    passed = ma.fields.Boolean(
        required=True,
        metadata={
            "description": "quality_spot_check: the agency's work passed (+2 credit points, at most +10 in 12 months; "
            "failed: -10); mutual_inspection: passed +1; service_inspection: the inspected site has no "
            "hazard left unrectified (about the site, not the agency; no credit effect)"
        },
    )
    findings = ma.fields.Integer(
        load_default=0,
        validate=validate.Range(min=0, max=10_000),
        metadata={
            "description": "quality_spot_check findings on the agency's work:"
            " -1 credit point each, at most -10 per inspection"
        },
    )
    hazards_general = count(10_000, load_default=0)
    hazards_major = count(10_000, load_default=0)
    hazards_rectified = count(10_000, load_default=0)
    major_hazard = ma.fields.Boolean(load_default=False, metadata={"description": "重大隐患 found: regulator must act"})
    county = ma.fields.String(allow_none=True, load_default=None, metadata={"description": "where: county code"})
    town = ma.fields.String(allow_none=True, load_default=None, metadata={"description": "where: town code"})


EVENT_TYPES = [
    EventType(
        "demand-posted",
        DemandPostedData,
        "matching",
        "A buyer posted a service demand (服务需求).",
        subject_field="demand_id",
    ),
    EventType(
        "offer-submitted",
        OfferSubmittedData,
        "matching",
        "A provider answered an open demand.",
        subject_field="demand_id",
    ),
    EventType(
        "contract-signed",
        ContractData,
        "matching",
        "Both parties signed a service contract.",
        subject_field="agency_id",
    ),
    EventType(
        "contract-completed",
        ContractCompletedData,
        "matching",
        "The buyer accepted delivery.",
        subject_field="agency_id",
    ),
    EventType(
        "contract-terminated",
        ContractTerminatedData,
        "matching",
        "A signed contract ended early; says who ended it and who was at fault.",
        subject_field="agency_id",
    ),
    EventType(
        "inspection-completed",
        InspectionCompletedData,
        "matching",
        "An inspection was completed: under a contract, a regulator's quality spot check (质量抽查) "
        "or an association's mutual inspection. Matching publishes service inspections, credit publishes the "
        "spot checks regulators record through its API, and government systems may publish it directly.",
        subject_field="agency_id",
        external=True,
        co_producers=("credit",),
    ),
]
