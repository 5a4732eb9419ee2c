"""HTTP schemas of providers 机构 and the public directory (they are the OpenAPI docs). Rules across fields
live in the domain."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.reference import SERVICE_CATEGORIES
from services.common.schemas import Body, Day, moment, text
from services.common.storage.pagination import PageArgs

from ..domain.codes import uscc_problem
from ..domain.providers import Kind, Status
from .shared import (
    HEADCOUNT,
    NAME,
    USCC_PATTERN,
    Bookkeeping,
    ContactSchema,
    checked,
    contact_list,
    county_arg,
    optional,
    town_arg,
)

CATEGORY = validate.OneOf(SERVICE_CATEGORIES)
KIND = validate.OneOf([k.value for k in Kind])
HORIZON = (
    "from 1990-01-01; valid_until at most 10 years after valid_from (no open-ended certificate: 9999-12-31 is refused)"
)


class QualificationSchema(Body):
    """A certificate 资质 the provider declares for one service category; valid from/until, both days included.
    It counts only once a regulator has verified it."""

    category = ma.fields.String(required=True, validate=CATEGORY)
    certificate_no = text(NAME, required=True, metadata={"description": "unique per category within a provider"})
    issuer = text(NAME, required=True)
    level = optional(metadata={"description": "资质等级, e.g. 甲级/乙级"})
    valid_from = Day(required=True, metadata={"description": HORIZON})
    valid_until = Day(required=True, metadata={"description": HORIZON})


class PublicQualificationSchema(QualificationSchema):
    verified = ma.fields.Boolean(metadata={"description": "verified (核验) by a regulator: only then it counts"})
    verified_at = moment("when it was verified", allow_none=True)


class QualificationOutSchema(PublicQualificationSchema):
    verified_by = ma.fields.String(allow_none=True, metadata={"description": "who verified it (token subject)"})


class VerificationSchema(Body):
    """Names the declared certificate a regulator verifies."""

    category = ma.fields.String(required=True, validate=CATEGORY)
    certificate_no = text(NAME, required=True)


class ResidencySchema(Body):
    """Residency in the cluster base 集聚基地 (秀洲区)."""

    since = Day(required=True, metadata={"description": "from 1990-01-01"})
    until = Day(
        allow_none=True,
        load_default=None,
        metadata={"description": "null while resident (open-ended); else at most 10 years after since"},
    )


class StaffSchema(Body):
    count = ma.fields.Integer(required=True, validate=HEADCOUNT)
    safety_engineers = ma.fields.Integer(load_default=0, validate=HEADCOUNT, metadata={"description": "注册安全工程师"})


class ProviderInSchema(Body):
    """A service provider 机构 to register."""

    uscc = ma.fields.String(
        required=True,
        validate=checked(uscc_problem),
        metadata={"description": "统一社会信用代码; becomes the provider id", "pattern": USCC_PATTERN},
    )
    name = text(NAME, required=True)
    kind = ma.fields.String(required=True, validate=KIND)
    categories = ma.fields.List(
        ma.fields.String(validate=CATEGORY), required=True, validate=validate.Length(min=1, max=len(SERVICE_CATEGORIES))
    )
    county = optional(metadata={"description": "Jiaxing county code (GB/T 2260); or give origin"})
    town = optional(metadata={"description": "town/street code inside the county"})
    origin = optional(metadata={"description": "for an agency from outside Jiaxing: where it comes from"})
    qualifications = ma.fields.List(
        ma.fields.Nested(QualificationSchema),
        load_default=list,
        validate=validate.Length(max=100),
        metadata={
            "description": "declared, unverified; a PATCH keeps the verification of "
            "each certificate declared again unchanged"
        },
    )
    cluster_base = ma.fields.Nested(ResidencySchema, allow_none=True, load_default=None)
    staff = ma.fields.Nested(StaffSchema, load_default=lambda: {"count": 0, "safety_engineers": 0})
    contacts = contact_list()
    email = ma.fields.Email(allow_none=True, load_default=None, metadata={"description": "for notices"})


class ProviderPatchSchema(ProviderInSchema):
    """Profile values to change (any subset; each nested item whole)."""

    class Meta(Body.Meta):
        exclude = ("uscc", "kind")


class ProviderSchema(ProviderInSchema, Bookkeeping):
    id = ma.fields.String(attribute="_id", metadata={"description": "= the USCC"})
    status = ma.fields.String()
    qualifications = ma.fields.List(ma.fields.Nested(QualificationOutSchema))
    valid_categories = ma.fields.List(
        ma.fields.String(), metadata={"description": "with a verified qualification valid today"}
    )
    in_cluster_base = ma.fields.Boolean(metadata={"description": "resident in the cluster base today"})
    contacts = ma.fields.List(
        ma.fields.Nested(ContactSchema), metadata={"description": "only to the provider itself, regulators and admin"}
    )


class PublicProviderSchema(Body):
    """What the public directory shows: no personal data, only verified qualifications valid today."""

    id = ma.fields.String(attribute="_id")
    uscc = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String()
    categories = ma.fields.List(
        ma.fields.String(), metadata={"description": "its services: categories of verified qualifications valid today"}
    )
    unverified_categories = ma.fields.List(
        ma.fields.String(), metadata={"description": "declared but not verified and valid (未核验): not its services"}
    )
    county = ma.fields.String(allow_none=True)
    town = ma.fields.String(allow_none=True)
    origin = ma.fields.String(allow_none=True)
    qualifications = ma.fields.List(ma.fields.Nested(PublicQualificationSchema))
    in_cluster_base = ma.fields.Boolean()
    staff = ma.fields.Nested(StaffSchema)


class DirectoryArgs(PageArgs):
    category = ma.fields.String(
        validate=CATEGORY, metadata={"description": "holds a verified qualification in it, valid today"}
    )
    county = county_arg()
    town = town_arg()
    kind = ma.fields.String(validate=KIND)


class ProviderArgs(DirectoryArgs):
    category = ma.fields.String(
        validate=CATEGORY,
        metadata={
            "description": "offers this category (with valid_on: holds a verified qualification in it valid that day)"
        },
    )
    cluster_base = ma.fields.Boolean(metadata={"description": "resident in the cluster base today (or not)"})
    valid_on = ma.fields.Date(metadata={"description": "holds a verified qualification valid on this day"})
    unverified = ma.fields.Boolean(
        metadata={"description": "true: declares a qualification not yet verified (a regulator's worklist)"}
    )
    status = ma.fields.String(validate=validate.OneOf([s.value for s in Status]))
