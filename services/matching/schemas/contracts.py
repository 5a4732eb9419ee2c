"""HTTP schemas of contracts, inspections and practice records (they are the OpenAPI documentation). Money in
integer fen (分)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import ValidationError, validate, validates_schema

from services.common.schemas import Body, Day, FactDay, moment, text
from services.common.storage.pagination import PageArgs, page_schema

from ..domain.contract import AT_FAULT

F = ma.fields
CONTRACT_STATUSES = ["pending", "signed", "completed", "terminated", "withdrawn"]


def count():
    return F.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=10_000))


# --- contracts and inspections --------------------------------------------------------------------


class CompleteSchema(Body):
    on_time = F.Boolean(required=True)
    score = F.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    completed_on = FactDay(load_default=None, metadata={"description": "default today"})


class TerminateSchema(Body):
    """Ends a signed contract. at_fault=agency from the buyer is a claim the agency may contest (credit)."""

    at_fault = F.String(required=True, validate=validate.OneOf(AT_FAULT))
    reason = text(2000, required=True)
    terminated_on = FactDay(load_default=None, metadata={"description": "default today"})


class WithdrawSchema(Body):
    """Withdraws an unsigned contract: nobody is at fault."""

    reason = F.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=2000))


class InspectionCreateSchema(Body):
    inspected_on = FactDay(required=True, metadata={"description": "between signing and today"})
    hazards_general = count()
    hazards_major = count()
    hazards_rectified = count()
    findings = count()
    summary = F.String(load_default="", validate=validate.Length(max=4000))

    @validates_schema
    def _rectified(self, data, **_):
        if data["hazards_rectified"] > data["hazards_general"] + data["hazards_major"]:
            raise ValidationError("more hazards rectified than found", "hazards_rectified")


class InspectionSchema(ma.Schema):
    id = F.String(attribute="_id")
    contract_id = F.String()
    agency_id = F.String()
    inspected_on = Day()
    hazards_general = F.Integer()
    hazards_major = F.Integer()
    hazards_rectified = F.Integer()
    findings = F.Integer()
    summary = F.String()
    major_hazard = F.Boolean(metadata={"description": "重大隐患 found"})


class InspectionListSchema(ma.Schema):
    items = F.List(F.Nested(InspectionSchema))


class ContractSchema(ma.Schema):
    id = F.String(attribute="_id")
    demand_id = F.String()
    offer_id = F.String()
    agency_id = F.String()
    buyer_id = F.String()
    buyer_type = F.String()
    category = F.String()
    county = F.String()
    town = F.String(allow_none=True)
    industry = F.String(allow_none=True)
    enterprise_id = F.String(allow_none=True)
    price_fen = F.Integer()
    duration_days = F.Integer()
    created_at = moment()
    status = F.String(metadata={"enum": CONTRACT_STATUSES})
    buyer_signed_at = moment(allow_none=True)
    agency_signed_at = moment(allow_none=True)
    signed_on = Day(allow_none=True)
    completed_on = Day(allow_none=True)
    on_time = F.Boolean(allow_none=True)
    score = F.Integer(allow_none=True)
    terminated_on = Day(allow_none=True)
    terminated_by = F.String(allow_none=True, metadata={"enum": ["buyer", "agency", None]})
    at_fault = F.String(allow_none=True)
    reason = F.String(allow_none=True)
    withdrawn_at = moment(allow_none=True)
    withdrawn_by = F.String(allow_none=True, metadata={"enum": ["buyer", "agency", None]})


class ContractDetailSchema(ContractSchema):
    inspections = F.List(F.Nested(InspectionSchema))


class ContractQueryArgs(PageArgs):
    status = F.String(validate=validate.OneOf(CONTRACT_STATUSES))


ContractPageSchema = page_schema(ContractSchema)


class PracticeEntrySchema(ma.Schema):
    """One contract in an agency's public record: no amounts, no buyer identity, no personal data."""

    contract_id = F.String()
    category = F.String()
    buyer_type = F.String()
    county = F.String()
    town = F.String(allow_none=True)
    signed_on = Day()
    completed_on = Day(allow_none=True)
    terminated_on = Day(allow_none=True)
    status = F.String(metadata={"enum": ["signed", "completed", "terminated"]})
    on_time = F.Boolean(allow_none=True)
    score = F.Integer(allow_none=True)
    at_fault = F.String(allow_none=True)


class PracticeRecordSchema(page_schema(PracticeEntrySchema)):
    agency_id = F.String()
