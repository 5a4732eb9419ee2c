"""Events the registry publishes (机构、专家、企业)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.events.envelope import EventType
from services.common.reference import SERVICE_CATEGORIES

from .fields import Data, count, text

HEADS = 10_000_000  # head counts, bounded as registry's bodies bound them

KINDS = ["agency", "leading_enterprise", "association", "insurer"]
EXPERT_GRADES = ["senior", "intermediate", "junior"]
EXPERT_STATUSES = ["active", "suspended", "retired", "banned"]


def _optional(field: type[ma.fields.Field], description: str, **kw) -> ma.fields.Field:
    return field(allow_none=True, load_default=None, metadata={"description": description}, **kw)


class QualificationData(Data):
    category = ma.fields.String(required=True, validate=validate.OneOf(SERVICE_CATEGORIES))
    certificate_no = text()
    level = text(required=False, allow_none=True)
    issuer = text()
    valid_from = ma.fields.Date(required=True)
    valid_until = ma.fields.Date(required=True, metadata={"description": "last valid day (included)"})
    verified = ma.fields.Boolean(
        load_default=False,
        metadata={
            "description": "verified (核验) by a regulator; only a verified, currently valid qualification counts"
        },
    )
    verified_by = _optional(ma.fields.String, "who verified it (a regulator's token subject)")
    verified_at = _optional(ma.fields.String, "when it was verified (UTC, ISO 8601)")


class AgencyData(Data):
    """Full current state of a service provider, so consumers can project from these events alone.

    Republished by the registry's daily check when a qualification lapses or starts, or the cluster-base
    residency ends, so `valid_categories` and `cluster_base` are right as of `as_of`.
    """

    agency_id = text(metadata={"description": "registry id = the USCC"})
    name = text()
    uscc = text(metadata={"description": "统一社会信用代码"})
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    categories = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(SERVICE_CATEGORIES)),
        required=True,
        metadata={"description": "service categories offered"},
    )
    qualifications = ma.fields.List(
        ma.fields.Nested(QualificationData),
        required=True,
        metadata={
            "description": "all qualifications, declared or verified, valid or not (check `verified` and the dates)"
        },
    )
    county = _optional(ma.fields.String, "home county code (GB/T 2260); null for an agency from outside")
    town = _optional(ma.fields.String, "home town/street code")
    origin = _optional(ma.fields.String, "where an agency from outside Jiaxing comes from")
    cluster_base = ma.fields.Boolean(load_default=False, metadata={"description": "resident in the 集聚基地 on as_of"})
    cluster_base_since = _optional(ma.fields.Date, "cluster-base residency start")
    cluster_base_until = _optional(ma.fields.Date, "cluster-base residency end (null: open)")
    valid_categories = ma.fields.List(
        ma.fields.String(),
        load_default=list,
        metadata={"description": "categories with a verified qualification valid on as_of"},
    )
    as_of = _optional(ma.fields.Date, "the day valid_categories and cluster_base refer to")
    staff_count = count(HEADS, allow_none=True, load_default=None, metadata={"description": "number of staff"})
    safety_engineers = count(
        HEADS,
        allow_none=True,
        load_default=None,
        metadata={"description": "registered safety engineers (注册安全工程师)"},
    )
    email = _optional(ma.fields.String, "the organisation's address for notices")
    status = ma.fields.String(required=True, validate=validate.OneOf(["active", "suspended", "deregistered"]))


class EnterpriseData(Data):
    enterprise_id = text(metadata={"description": "registry id = the USCC"})
    name = text()
    uscc = text()
    industry = text(metadata={"description": "GB/T 4754 section letter and code, e.g. C3311"})
    industry_section = _optional(ma.fields.String, "GB/T 4754 门类 letter A-T")
    size = ma.fields.String(required=True, validate=validate.OneOf(["micro", "small", "medium", "large"]))
    county = text()
    town = ma.fields.String(allow_none=True, load_default=None)
    employees = count(HEADS, load_default=None, allow_none=True)
    high_risk = ma.fields.Boolean(load_default=False)
    email = _optional(ma.fields.String, "the enterprise's address for notices")
    status = ma.fields.String(load_default="active", validate=validate.OneOf(["active", "deregistered"]))


class LeaveData(Data):
    since = ma.fields.Date(required=True)
    until = ma.fields.Date(required=True, metadata={"description": "last day of leave (included)"})


class ExpertData(Data):
    """No identity number and no contacts: events never carry them. Recusal and availability travel as
    organisation ids and days only (consumers of older events get the defaults)."""

    expert_id = text()
    name = text()
    county = text()
    industries = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "GB/T 4754 section letters"}
    )
    specialties = ma.fields.List(ma.fields.String(), required=True)
    grade = ma.fields.String(required=True, validate=validate.OneOf(EXPERT_GRADES))
    available = ma.fields.Boolean(
        required=True, metadata={"description": "the expert takes requests now (status must be active too)"}
    )
    status = ma.fields.String(
        required=True,
        validate=validate.OneOf(EXPERT_STATUSES),
        metadata={"description": "banned = lifetime fraud ban (终身禁入), never lifted"},
    )
    employer = _optional(ma.fields.String, "USCC of the organisation employing the expert (任职单位), if any")
    linked_orgs = ma.fields.List(
        ma.fields.String(),
        load_default=list,
        metadata={
            "description": "ids (USCC) of organisations the expert is tied to (former employers, shareholdings...): "
            "recused from work for or about them (回避)"
        },
    )
    leave = ma.fields.List(
        ma.fields.Nested(LeaveData),
        load_default=list,
        metadata={"description": "leave periods (请假): not drawn for work on these days"},
    )


def _pair(noun: str, schema, summary: str) -> list[EventType]:
    return [
        EventType(
            f"{noun}-registered", schema, "registry", f"A new {summary} was registered.", subject_field=f"{noun}_id"
        ),
        EventType(
            f"{noun}-updated",
            schema,
            "registry",
            f"A {summary} changed; carries its full current state.",
            subject_field=f"{noun}_id",
        ),
    ]


EVENT_TYPES = [
    *_pair("agency", AgencyData, "service provider (agency, leading enterprise, association or insurer)"),
    *_pair("expert", ExpertData, "safety expert (专家库)"),
    *_pair("enterprise", EnterpriseData, "enterprise (企业)"),
]
