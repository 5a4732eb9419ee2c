"""Events the registry publishes (机构、专家、企业)."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.events import EventType

from .fields import Data, text

REGISTRY_CONSUMERS = ("matching", "credit", "subsidy", "notify")


class QualificationData(Data):
    category = text()
    certificate_no = text()
    level = text(required=False, allow_none=True)
    issuer = text()
    valid_from = ma.fields.Date(required=True)
    valid_until = ma.fields.Date(required=True)


class AgencyData(Data):
    """Full current state of a service provider, so consumers can project from these events alone."""

    agency_id = text()
    name = text()
    uscc = text(metadata={"description": "统一社会信用代码"})
    kind = ma.fields.String(required=True, validate=validate.OneOf(
        ["agency", "leading_enterprise", "association", "insurer"]))
    categories = ma.fields.List(ma.fields.String(), required=True)
    qualifications = ma.fields.List(ma.fields.Nested(QualificationData), required=True)
    county = ma.fields.String(allow_none=True, load_default=None)
    town = ma.fields.String(allow_none=True, load_default=None)
    origin = ma.fields.String(allow_none=True, load_default=None)
    cluster_base = ma.fields.Boolean(load_default=False)
    status = ma.fields.String(required=True, validate=validate.OneOf(["active", "suspended", "deregistered"]))


class EnterpriseData(Data):
    enterprise_id = text()
    name = text()
    uscc = text()
    industry = text(metadata={"description": "GB/T 4754 section letter and code"})
    size = ma.fields.String(required=True, validate=validate.OneOf(["micro", "small", "medium", "large"]))
    county = text()
    town = ma.fields.String(allow_none=True, load_default=None)
    employees = ma.fields.Integer(load_default=None, allow_none=True)
    high_risk = ma.fields.Boolean(load_default=False)


class ExpertData(Data):
    """No identity number: events never carry it."""

    expert_id = text()
    name = text()
    county = text()
    industries = ma.fields.List(ma.fields.String(), required=True)
    specialties = ma.fields.List(ma.fields.String(), required=True)
    grade = text()
    available = ma.fields.Boolean(required=True)
    status = text()


def _pair(noun: str, schema, summary: str) -> list[EventType]:
    return [
        EventType(f"{noun}-registered", schema, "registry", f"A new {summary} was registered.", consumers=REGISTRY_CONSUMERS),
        EventType(f"{noun}-updated", schema, "registry", f"A {summary} changed; carries its full current state.",
                  consumers=REGISTRY_CONSUMERS),
    ]


EVENT_TYPES = [
    *_pair("agency", AgencyData, "service provider (agency, leading enterprise, association or insurer)"),
    *_pair("expert", ExpertData, "safety expert (专家库)"),
    *_pair("enterprise", EnterpriseData, "enterprise (企业)"),
]
