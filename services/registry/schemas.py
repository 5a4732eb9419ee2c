"""HTTP schemas of the registry (they are the OpenAPI docs). Rules across fields live in the domain."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import RAISE, validate

from services.common.pagination import PageArgs
from services.common.reference import COUNTY_CODES, SERVICE_CATEGORIES, TOWN_CODES

from .codes import uscc_problem
from .domain import Kind, Status

CATEGORY = validate.OneOf(SERVICE_CATEGORIES)
KIND = validate.OneOf([k.value for k in Kind])


class Strict(ma.Schema):
    class Meta:
        unknown = RAISE
        ordered = True


class IsoDate(ma.fields.Date):
    """A date; stored ISO strings are dumped as they are."""

    def _serialize(self, value, attr, obj, **kw):
        return value if isinstance(value, str) else super()._serialize(value, attr, obj, **kw)


def checked(problem_of):
    def check(value: str) -> None:
        problem = problem_of(value)
        if problem:
            raise ma.ValidationError(problem)
    return check


def text(required: bool = False, **kw) -> ma.fields.String:
    return ma.fields.String(required=required, validate=validate.Length(min=1, max=200), **kw)


def optional(**kw) -> ma.fields.String:
    return ma.fields.String(allow_none=True, load_default=None, validate=validate.Length(max=200), **kw)


class ContactSchema(Strict):
    """A contact person (personal data: not public)."""

    name = text(required=True)
    phone = optional()
    email = ma.fields.Email(allow_none=True, load_default=None)
    role = optional(metadata={"description": "e.g. 负责人, 联系人"})


def contact_list() -> ma.fields.List:
    return ma.fields.List(ma.fields.Nested(ContactSchema), load_default=list, validate=validate.Length(max=20))


class QualificationSchema(Strict):
    """A certificate 资质 for one service category; valid from/until, both days included."""

    category = ma.fields.String(required=True, validate=CATEGORY)
    certificate_no = text(required=True)
    issuer = text(required=True)
    level = optional(metadata={"description": "资质等级, e.g. 甲级/乙级"})
    valid_from = IsoDate(required=True)
    valid_until = IsoDate(required=True)


class ResidencySchema(Strict):
    """Residency in the cluster base 集聚基地 (秀洲区)."""

    since = IsoDate(required=True)
    until = IsoDate(allow_none=True, load_default=None, metadata={"description": "null while resident"})


#: bounds that keep a record far below MongoDB's limits (8-byte integers, 16 MB documents)
HEADCOUNT = validate.Range(min=0, max=10_000_000)


class StaffSchema(Strict):
    count = ma.fields.Integer(required=True, validate=HEADCOUNT)
    safety_engineers = ma.fields.Integer(load_default=0, validate=HEADCOUNT,
                                         metadata={"description": "注册安全工程师"})


class ProviderInSchema(Strict):
    """A service provider 机构 to register."""

    uscc = ma.fields.String(required=True, validate=checked(uscc_problem),
                            metadata={"description": "统一社会信用代码; becomes the provider id"})
    name = text(required=True)
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

    class Meta(Strict.Meta):
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


class PublicProviderSchema(Strict):
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


class StatusChangeSchema(Strict):
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
