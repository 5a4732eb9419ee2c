"""HTTP schemas of experts 专家 and enterprises 企业 (they are the OpenAPI docs)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.reference import COUNTY_CODES, INDUSTRY_SECTIONS
from services.common.schemas import Body, Day, text
from services.common.storage.pagination import PageArgs

from ..domain.codes import uscc_problem
from ..domain.enterprises import Size
from ..domain.experts import Grade, Relation
from .shared import (
    HEADCOUNT,
    NAME,
    USCC_PATTERN,
    Bookkeeping,
    ContactSchema,
    checked,
    contact_list,
    county_arg,
    id_number_field,
    optional,
    town_arg,
)

GRADE = validate.OneOf([g.value for g in Grade])
SIZE = validate.OneOf([s.value for s in Size])
SECTION = validate.OneOf(INDUSTRY_SECTIONS)


class LinkSchema(Body):
    """A tie to an organisation (回避): recused from work for or about it."""

    org_id = ma.fields.String(
        required=True, validate=checked(uscc_problem), metadata={"description": "its USCC", "pattern": USCC_PATTERN}
    )
    relation = ma.fields.String(required=True, validate=validate.OneOf([r.value for r in Relation]))


class LeaveSchema(Body):
    """A leave period (请假), both days included."""

    since = Day(required=True)
    until = Day(required=True, metadata={"description": "last day of leave (included)"})


class ExpertInSchema(Body):
    """An expert 专家 to add to the pool."""

    name = text(NAME, required=True)
    id_number = id_number_field("公民身份号码; stored, only ever shown masked")
    county = ma.fields.String(required=True, validate=validate.OneOf(COUNTY_CODES))
    industries = ma.fields.List(
        ma.fields.String(validate=SECTION),
        required=True,
        validate=validate.Length(min=1, max=len(INDUSTRY_SECTIONS)),
        metadata={"description": "GB/T 4754 section letters"},
    )
    specialties = ma.fields.List(text(NAME), required=True, validate=validate.Length(min=1, max=50))
    grade = ma.fields.String(required=True, validate=GRADE)
    available = ma.fields.Boolean(load_default=True)
    contacts = contact_list()
    employer = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=checked(uscc_problem),
        metadata={"description": "USCC of the organisation employing the expert (任职单位; regulator)"},
    )
    links = ma.fields.List(
        ma.fields.Nested(LinkSchema),
        load_default=list,
        validate=validate.Length(max=50),
        metadata={
            "description": "ties to organisations (regulator; the expert adds his own with POST /experts/{id}/links)"
        },
    )
    leave = ma.fields.List(
        ma.fields.Nested(LeaveSchema),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={
            "description": "leave periods (the expert himself or a regulator); only to the expert, regulators and admin"
        },
    )


class ExpertPatchSchema(ExpertInSchema):
    class Meta(Body.Meta):
        exclude = ("id_number",)


class BanSchema(ma.Schema):
    reason = ma.fields.String()
    at = ma.fields.String()


class ExpertSchema(ExpertInSchema, Bookkeeping):
    id = ma.fields.String(attribute="_id")
    id_number_masked = ma.fields.String(metadata={"description": "only to the expert himself and regulators"})
    status = ma.fields.String()
    self_retired = ma.fields.Boolean(
        metadata={"description": "retired by himself (only then may he return himself to active)"}
    )
    ban = ma.fields.Nested(BanSchema, allow_none=True, metadata={"description": "lifetime fraud ban, if any"})
    contacts = ma.fields.List(
        ma.fields.Nested(ContactSchema), metadata={"description": "only to the expert himself, regulators and admin"}
    )
    leave = ma.fields.List(
        ma.fields.Nested(LeaveSchema), metadata={"description": "only to the expert himself, regulators and admin"}
    )


class ExpertArgs(PageArgs):
    county = county_arg()
    industry = ma.fields.String(validate=SECTION)
    specialty = ma.fields.String()
    grade = ma.fields.String(validate=GRADE)
    available = ma.fields.Boolean(metadata={"description": "true: active and taking requests"})


class EnterpriseInSchema(Body):
    """An enterprise 企业 to register."""

    uscc = ma.fields.String(
        required=True,
        validate=checked(uscc_problem),
        metadata={"description": "统一社会信用代码; becomes the enterprise id", "pattern": USCC_PATTERN},
    )
    name = text(NAME, required=True)
    industry_code = ma.fields.String(
        required=True,
        metadata={
            "description": "GB/T 4754-2017 division/group/class digits, e.g. 3311; the section letter is derived"
        },
    )
    size = ma.fields.String(required=True, validate=SIZE)
    county = ma.fields.String(
        required=True, validate=validate.OneOf(COUNTY_CODES), metadata={"description": "Jiaxing county code"}
    )
    town = optional(metadata={"description": "town/street code inside the county"})
    employees = ma.fields.Integer(allow_none=True, load_default=None, validate=HEADCOUNT)
    high_risk = ma.fields.Boolean(load_default=False, metadata={"description": "高危行业"})
    contacts = contact_list()
    email = ma.fields.Email(allow_none=True, load_default=None, metadata={"description": "for notices"})


class EnterprisePatchSchema(EnterpriseInSchema):
    class Meta(Body.Meta):
        exclude = ("uscc",)


class EnterpriseSchema(EnterpriseInSchema, Bookkeeping):
    id = ma.fields.String(attribute="_id", metadata={"description": "= the USCC"})
    industry_section = ma.fields.String(metadata={"description": "GB/T 4754 门类 letter"})
    status = ma.fields.String()


class EnterpriseArgs(PageArgs):
    county = county_arg()
    town = town_arg()
    industry = ma.fields.String(validate=SECTION, metadata={"description": "GB/T 4754 section letter"})
    size = ma.fields.String(validate=SIZE)
    status = ma.fields.String(validate=validate.OneOf(["active", "deregistered"]))
