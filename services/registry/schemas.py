"""HTTP schemas of the registry: providers, experts, enterprises (they are the OpenAPI docs). Rules across
fields live in the domain."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.pagination import PageArgs
from services.common.reference import COUNTY_CODES, INDUSTRY_SECTIONS, SERVICE_CATEGORIES, TOWN_CODES
from services.common.schemas import Body, Day, text

from .domain.codes import id_number_problem, uscc_problem
from .domain.enterprises import Size
from .domain.experts import Grade
from .domain.providers import Kind, Status

CATEGORY = validate.OneOf(SERVICE_CATEGORIES)
KIND = validate.OneOf([k.value for k in Kind])
GRADE = validate.OneOf([g.value for g in Grade])
SIZE = validate.OneOf([s.value for s in Size])
SECTION = validate.OneOf(INDUSTRY_SECTIONS)
NAME = 200  # longest name, number or issuer


def checked(problem_of):
    def check(value: str) -> None:
        problem = problem_of(value)
        if problem:
            raise ma.ValidationError(problem)
    return check


def optional(**kw) -> ma.fields.String:
    return ma.fields.String(allow_none=True, load_default=None, validate=validate.Length(max=NAME), **kw)


class ContactSchema(Body):
    """A contact person (personal data: not public)."""

    name = text(NAME, required=True)
    phone = optional()
    email = ma.fields.Email(allow_none=True, load_default=None)
    role = optional(metadata={"description": "e.g. 负责人, 联系人"})


def contact_list() -> ma.fields.List:
    return ma.fields.List(ma.fields.Nested(ContactSchema), load_default=list, validate=validate.Length(max=20))


class QualificationSchema(Body):
    """A certificate 资质 for one service category; valid from/until, both days included."""

    category = ma.fields.String(required=True, validate=CATEGORY)
    certificate_no = text(NAME, required=True)
    issuer = text(NAME, required=True)
    level = optional(metadata={"description": "资质等级, e.g. 甲级/乙级"})
    valid_from = Day(required=True)
    valid_until = Day(required=True)


class ResidencySchema(Body):
    """Residency in the cluster base 集聚基地 (秀洲区)."""

    since = Day(required=True)
    until = Day(allow_none=True, load_default=None, metadata={"description": "null while resident"})


#: bounds that keep a record far below MongoDB's limits (8-byte integers, 16 MB documents)
HEADCOUNT = validate.Range(min=0, max=10_000_000)


class StaffSchema(Body):
    count = ma.fields.Integer(required=True, validate=HEADCOUNT)
    safety_engineers = ma.fields.Integer(load_default=0, validate=HEADCOUNT,
                                         metadata={"description": "注册安全工程师"})


class ProviderInSchema(Body):
    """A service provider 机构 to register."""

    uscc = ma.fields.String(required=True, validate=checked(uscc_problem),
                            metadata={"description": "统一社会信用代码; becomes the provider id"})
    name = text(NAME, required=True)
    kind = ma.fields.String(required=True, validate=KIND)
    categories = ma.fields.List(ma.fields.String(validate=CATEGORY), required=True,
                                validate=validate.Length(min=1, max=len(SERVICE_CATEGORIES)))
    county = optional(metadata={"description": "Jiaxing county code (GB/T 2260); or give origin"})
    town = optional(metadata={"description": "town/street code inside the county"})
    origin = optional(metadata={"description": "for an agency from outside Jiaxing: where it comes from"})
    qualifications = ma.fields.List(ma.fields.Nested(QualificationSchema), load_default=list,
                                    validate=validate.Length(max=100))
    cluster_base = ma.fields.Nested(ResidencySchema, allow_none=True, load_default=None)
    staff = ma.fields.Nested(StaffSchema, load_default=lambda: {"count": 0, "safety_engineers": 0})
    contacts = contact_list()
    email = ma.fields.Email(allow_none=True, load_default=None, metadata={"description": "for notices"})


class ProviderPatchSchema(ProviderInSchema):
    """Profile values to change (any subset)."""

    class Meta(Body.Meta):
        exclude = ("uscc", "kind")


class Bookkeeping(ma.Schema):
    version = ma.fields.Integer()
    created_at = ma.fields.String()
    updated_at = ma.fields.String()


class ProviderSchema(ProviderInSchema, Bookkeeping):
    id = ma.fields.String(attribute="_id", metadata={"description": "= the USCC"})
    status = ma.fields.String()
    valid_categories = ma.fields.List(ma.fields.String(), metadata={"description": "with a qualification valid today"})
    in_cluster_base = ma.fields.Boolean(metadata={"description": "resident in the cluster base today"})
    contacts = ma.fields.List(ma.fields.Nested(ContactSchema),
                              metadata={"description": "only to the provider itself, regulators and admin"})


class PublicProviderSchema(Body):
    """What the public directory shows: no personal data, only qualifications valid today."""

    id = ma.fields.String(attribute="_id")
    uscc = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String()
    categories = ma.fields.List(ma.fields.String())
    county = ma.fields.String(allow_none=True)
    town = ma.fields.String(allow_none=True)
    origin = ma.fields.String(allow_none=True)
    qualifications = ma.fields.List(ma.fields.Nested(QualificationSchema))
    in_cluster_base = ma.fields.Boolean()
    staff = ma.fields.Nested(StaffSchema)


class StatusChangeSchema(Body):
    status = ma.fields.String(required=True, metadata={"description": "the status to move to"})
    reason = ma.fields.String(allow_none=True, load_default=None, validate=validate.Length(max=2000))


def county_arg():
    return ma.fields.String(validate=validate.OneOf(COUNTY_CODES))


def town_arg():
    return ma.fields.String(validate=validate.OneOf(TOWN_CODES))


class DirectoryArgs(PageArgs):
    category = ma.fields.String(validate=CATEGORY, metadata={"description": "holds a valid qualification in it"})
    county = county_arg()
    town = town_arg()
    kind = ma.fields.String(validate=KIND)


class ProviderArgs(DirectoryArgs):
    category = ma.fields.String(validate=CATEGORY, metadata={
        "description": "offers this category (with valid_on: holds a qualification in it valid that day)"})
    cluster_base = ma.fields.Boolean(metadata={"description": "resident in the cluster base today (or not)"})
    valid_on = ma.fields.Date(metadata={"description": "holds a qualification valid on this day"})
    status = ma.fields.String(validate=validate.OneOf([s.value for s in Status]))


# --- experts 专家 and enterprises 企业 ----------------------------------------------------------------
class ExpertInSchema(Body):
    """An expert 专家 to add to the pool."""

    name = text(NAME, required=True)
    id_number = ma.fields.String(required=True, load_only=True, validate=checked(id_number_problem),
                                 metadata={"description": "公民身份号码; stored, only ever shown masked"})
    county = ma.fields.String(required=True, validate=validate.OneOf(COUNTY_CODES))
    industries = ma.fields.List(ma.fields.String(validate=SECTION), required=True,
                                validate=validate.Length(min=1, max=len(INDUSTRY_SECTIONS)),
                                metadata={"description": "GB/T 4754 section letters"})
    specialties = ma.fields.List(text(NAME), required=True, validate=validate.Length(min=1, max=50))
    grade = ma.fields.String(required=True, validate=GRADE)
    available = ma.fields.Boolean(load_default=True)
    contacts = contact_list()


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
    ban = ma.fields.Nested(BanSchema, allow_none=True, metadata={"description": "lifetime fraud ban, if any"})
    contacts = ma.fields.List(ma.fields.Nested(ContactSchema),
                              metadata={"description": "only to the expert himself, regulators and admin"})


class ExpertArgs(PageArgs):
    county = county_arg()
    industry = ma.fields.String(validate=SECTION)
    specialty = ma.fields.String()
    grade = ma.fields.String(validate=GRADE)
    available = ma.fields.Boolean(metadata={"description": "true: active and taking requests"})


class EnterpriseInSchema(Body):
    """An enterprise 企业 to register."""

    uscc = ma.fields.String(required=True, validate=checked(uscc_problem),
                            metadata={"description": "统一社会信用代码; becomes the enterprise id"})
    name = text(NAME, required=True)
    industry_code = ma.fields.String(required=True, metadata={
        "description": "GB/T 4754-2017 division/group/class digits, e.g. 3311; the section letter is derived"})
    size = ma.fields.String(required=True, validate=SIZE)
    county = ma.fields.String(required=True, metadata={"description": "Jiaxing county code"})
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
