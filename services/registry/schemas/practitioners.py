"""HTTP schemas of practitioners 从业人员, their certificates, continuing education and talent, and of what the
public sees of them (they are the OpenAPI docs). The resident ID number goes in, never out (masked)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.reference.practice import CERTIFICATE_KINDS, TALENT_LEVELS
from services.common.schemas import Body, Day, FactDay, moment, text
from services.common.site.pages import SearchArgs, choice
from services.common.storage.pagination import PageArgs

from ..domain.codes import uscc_problem
from .shared import NAME, USCC_PATTERN, Bookkeeping, checked, id_number_field, optional

KIND = validate.OneOf(list(CERTIFICATE_KINDS))
LEVEL = validate.OneOf(list(TALENT_LEVELS))
YEAR = validate.Range(min=1990, max=2100)
KINDS_NOTE = "certificate kind: " + ", ".join(f"{k} {v}" for k, v in CERTIFICATE_KINDS.items())


class CertificateSchema(Body):
    """A professional certificate (执业资格证书) declared for a practitioner; it counts once a regulator verifies it."""

    kind = ma.fields.String(required=True, validate=KIND, metadata={"description": KINDS_NOTE})
    certificate_no = text(NAME, required=True, metadata={"description": "unique per kind for one person"})
    issuer = text(NAME, required=True)
    level = optional(metadata={"description": "e.g. 一级, 中级"})
    valid_from = Day(required=True, metadata={"description": "from 1990-01-01"})
    valid_until = Day(required=True, metadata={"description": "last valid day; at most 10 years after valid_from"})


class CertificateOutSchema(CertificateSchema):
    verified = ma.fields.Boolean(metadata={"description": "verified (核验) by a regulator: only then it counts"})
    verified_by = ma.fields.String(allow_none=True)
    verified_at = moment("when it was verified", allow_none=True)


class PractitionerInSchema(Body):
    """A practitioner the agency registers as its staff (a new person, or one who left his last agency)."""

    name = text(NAME, required=True)
    id_number = id_number_field("公民身份号码 (GB 11643, check digit); kept by the registry, only shown masked")
    joined_on = FactDay(load_default=None, metadata={"description": "the day he joined (a Jiaxing day; default today)"})
    certificates = ma.fields.List(
        ma.fields.Nested(CertificateSchema), load_default=list, validate=validate.Length(max=20)
    )


class EmploymentSchema(ma.Schema):
    agency_id = ma.fields.String()
    joined_on = Day()
    left_on = Day(allow_none=True)


class TalentInSchema(Body):
    """A talent level under the city's talent policy (人才认定)."""

    level = ma.fields.String(
        required=True,
        validate=LEVEL,
        metadata={"description": "; ".join(f"{k} {v}" for k, v in TALENT_LEVELS.items())},
    )
    recognised_on = FactDay(required=True, metadata={"description": "the day it was recognised (not after today)"})
    basis = text(required=True, metadata={"description": "the decision or document it rests on"})


class TalentSchema(TalentInSchema):
    recorded_by = ma.fields.String()
    recorded_at = moment()


class ShortfallSchema(ma.Schema):
    year = ma.fields.Integer()
    required = ma.fields.Integer(metadata={"description": "hours (学时) the year required"})
    hours = ma.fields.Integer(metadata={"description": "hours he had"})
    kinds = ma.fields.List(ma.fields.String(), metadata={"description": "the certificate kinds that required it"})
    version = ma.fields.String(metadata={"description": "the requirement table applied"})


class TrainingYearSchema(ma.Schema):
    year = ma.fields.Integer()
    hours = ma.fields.Integer()


class RefusalSchema(ma.Schema):
    agency_id = ma.fields.String(metadata={"description": "the agency whose registration was refused"})
    on = Day()
    at = moment()


class PractitionerSchema(Bookkeeping):
    id = ma.fields.String(attribute="_id")
    name = ma.fields.String()
    id_number_masked = ma.fields.String(metadata={"description": "first 3 and last 4 characters"})
    agency_id = ma.fields.String(allow_none=True, metadata={"description": "the agency he works for now"})
    employments = ma.fields.List(ma.fields.Nested(EmploymentSchema), metadata={"description": "an agency: its own"})
    certificates = ma.fields.List(ma.fields.Nested(CertificateOutSchema))
    talent = ma.fields.Nested(TalentSchema, allow_none=True)
    training = ma.fields.List(ma.fields.Nested(TrainingYearSchema), metadata={"description": "hours per year"})
    ce_assessed = ma.fields.Integer(metadata={"description": "the last year whose continuing education was assessed"})
    ce_flags = ma.fields.List(ma.fields.Nested(ShortfallSchema), metadata={"description": "years he fell short"})
    refusals = ma.fields.List(
        ma.fields.Nested(RefusalSchema), metadata={"description": "registrations refused while he worked elsewhere"}
    )


class DepartureSchema(Body):
    left_on = FactDay(load_default=None, metadata={"description": "the day he left (a Jiaxing day; default today)"})


class CertificateVerificationSchema(Body):
    """Names the declared certificate a regulator verifies."""

    kind = ma.fields.String(required=True, validate=KIND)
    certificate_no = text(NAME, required=True)


class TrainingInSchema(Body):
    """Hours (学时) of one continuing-education course."""

    trained_on = FactDay(required=True, metadata={"description": "hours count for this day's year; a year is closed "
                                                              "on 15 January of the next (409 after)"})  # fmt: skip
    hours = ma.fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100))
    course = text(NAME, required=True)


class TrainingSchema(TrainingInSchema):
    id = ma.fields.String(attribute="_id")
    practitioner_id = ma.fields.String()
    provider_id = ma.fields.String(allow_none=True, metadata={"description": "the training provider; null: regulator"})
    recorded_by = ma.fields.String()
    recorded_at = moment()


class StaffArgs(PageArgs):
    kind = ma.fields.String(validate=KIND, metadata={"description": "declares a certificate of this kind"})
    unverified = ma.fields.Boolean(metadata={"description": "true: declares a certificate not yet verified"})


class PractitionerArgs(StaffArgs):
    agency_id = ma.fields.String(validate=checked(uscc_problem), metadata={"pattern": USCC_PATTERN})
    flagged_year = ma.fields.Integer(validate=YEAR, metadata={"description": "short of continuing education that year"})
    talent_level = ma.fields.String(validate=LEVEL)


class TrainingArgs(PageArgs):
    year = ma.fields.Integer(validate=YEAR)


# --- public -----------------------------------------------------------------------------------------------------
class DisclosedSchema(ma.Schema):
    """A practitioner in the practice disclosure (执业公示): name and certificate kinds only."""

    practitioner_id = ma.fields.String()
    name = ma.fields.String()
    kinds = ma.fields.List(ma.fields.String(), metadata={"description": "kinds of his verified, valid certificates"})


class DisclosurePageSchema(ma.Schema):
    agency_id = ma.fields.String()
    items = ma.fields.List(ma.fields.Nested(DisclosedSchema))
    next_cursor = ma.fields.String(allow_none=True)


class DisclosureArgs(PageArgs):
    kind = ma.fields.String(validate=KIND)


class TalentEntrySchema(ma.Schema):
    """An entry of the talent list (人才名单): no ID number, no contact."""

    practitioner_id = ma.fields.String()
    name = ma.fields.String()
    level = ma.fields.String()
    recognised_on = Day()
    agency_id = ma.fields.String(allow_none=True)
    agency_name = ma.fields.String(allow_none=True)


class TalentArgs(PageArgs):
    level = ma.fields.String(validate=LEVEL)


class DisclosurePageArgs(SearchArgs):
    kind = choice(CERTIFICATE_KINDS, "holds a verified certificate of this kind")


class TalentPageArgs(SearchArgs):
    level = choice(TALENT_LEVELS, "talent level")
