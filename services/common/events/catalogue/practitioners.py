"""Events of practitioners (从业人员), published by the registry.

Key = subject = `practitioner_id`, so one person's story stays in order within a topic. Personal data stays in
the registry: these carry the registry's practitioner id, the name and certificate kinds with their validity,
never the resident ID number, a certificate number or a contact. Every event but the refusal carries the
practitioner's current state (`PractitionerState`), so a consumer may keep the newest by event time whatever
the order across topics.
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.events.envelope import EventType
from services.common.reference.practice import CERTIFICATE_KINDS, TALENT_LEVELS

from .fields import Data, fact_day, text

KIND = validate.OneOf(list(CERTIFICATE_KINDS))


def _nullable(field: type[ma.fields.Field], description: str, **kw) -> ma.fields.Field:
    return field(required=True, allow_none=True, metadata={"description": description}, **kw)


class CertificateData(Data):
    """A verified certificate: its kind and validity (no number)."""

    kind = ma.fields.String(required=True, validate=KIND, metadata={"description": "certificate kind (reference)"})
    level = ma.fields.String(allow_none=True, load_default=None)
    valid_from = ma.fields.Date(required=True)
    valid_until = ma.fields.Date(required=True, metadata={"description": "last valid day (included)"})


class PractitionerRef(Data):
    practitioner_id = text(metadata={"description": "the registry's id of the person (prc-…)"})
    name = text()
    agency_id = _nullable(ma.fields.String, "the agency (USCC) he works for now; null: none")


class PractitionerState(PractitionerRef):
    certificates = ma.fields.List(
        ma.fields.Nested(CertificateData),
        required=True,
        metadata={"description": "his verified certificates, valid or lapsed (check the dates)"},
    )
    talent_level = _nullable(ma.fields.String, "talent level under the city's talent policy (人才), if recognised")


class JoinedData(PractitionerState):
    """He joined `agency_id` (registered by it as its practitioner)."""

    joined_on = fact_day(metadata={"description": "a Jiaxing day"})


class LeftData(PractitionerState):
    """He left `left_agency_id` (`agency_id` is then null)."""

    left_agency_id = text()
    joined_on = fact_day()
    left_on = fact_day(metadata={"description": "a Jiaxing day"})


class CertificateVerifiedData(PractitionerState):
    """A regulator verified one of his certificates (`certificate`, also in `certificates` now)."""

    certificate = ma.fields.Nested(CertificateData, required=True)
    verified_at = ma.fields.AwareDateTime(required=True)


class TrainingRecordedData(PractitionerState):
    """Continuing-education hours (学时) recorded for him."""

    training_id = text()
    trained_on = fact_day()
    year = ma.fields.Integer(required=True, metadata={"description": "the year the hours count for"})
    hours = ma.fields.Integer(required=True, validate=validate.Range(min=1))
    year_hours = ma.fields.Integer(required=True, metadata={"description": "his hours of that year so far"})
    recorded_by = ma.fields.String(required=True, validate=validate.OneOf(["provider", "regulator"]))
    provider_id = _nullable(ma.fields.String, "the training provider (USCC); null: recorded by a regulator")


class ShortfallData(PractitionerState):
    """Below the yearly continuing-education requirement by the year's end (flagged once per year)."""

    year = ma.fields.Integer(required=True)
    required_hours = ma.fields.Integer(required=True)
    hours = ma.fields.Integer(required=True)
    kinds = ma.fields.List(ma.fields.String(validate=KIND), required=True)
    rule_version = text(metadata={"description": "the requirement table applied"})


class TalentData(PractitionerState):
    """A regulator recorded his talent level (`talent_level`) under the city's talent policy."""

    level = ma.fields.String(required=True, validate=validate.OneOf(list(TALENT_LEVELS)))
    recognised_on = fact_day()
    basis = text(metadata={"description": "the decision or document it rests on"})
    agency_county = _nullable(ma.fields.String, "home county (GB/T 2260) of his agency then; null: none or outside")


class RefusedData(PractitionerRef):
    """Another agency tried to register him while he works for `agency_id` (一人多机构: the sign of 挂靠); nothing
    changed. For the regulators of either agency."""

    refused_agency_id = text(metadata={"description": "the agency (USCC) whose registration was refused"})
    employed_since = fact_day(metadata={"description": "since when he works for agency_id"})
    attempted_on = fact_day()
    rule = ma.fields.String(required=True, validate=validate.OneOf(["one-agency-at-a-time"]))


def _type(name: str, schema, summary: str) -> EventType:
    return EventType(name, schema, "registry", summary, subject_field="practitioner_id")


EVENT_TYPES = [
    _type("practitioner-joined", JoinedData, "A practitioner joined an agency (registered as its staff)."),
    _type("practitioner-left", LeftData, "A practitioner left his agency."),
    _type("certificate-verified", CertificateVerifiedData, "A regulator verified a practitioner's certificate."),
    _type("training-recorded", TrainingRecordedData, "Continuing-education hours were recorded for a practitioner."),
    _type(
        "continuing-education-flagged",
        ShortfallData,
        "A practitioner was below the yearly continuing-education requirement by the year's end.",
    ),
    _type("talent-recorded", TalentData, "A regulator recorded a practitioner's talent level (人才)."),
    _type(
        "practitioner-registration-refused",
        RefusedData,
        "A second agency's registration of a practitioner was refused (one agency at a time); for the regulator.",
    ),
]
