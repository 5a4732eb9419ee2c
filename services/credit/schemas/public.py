"""HTTP schemas of the public disclosure (信用公示): ratings, lists, bulletins, rule tables."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import RAISE, validate

from services.common.events.catalogue.credit import GRADES
from services.common.reference import COUNTY_CODES, TOWN_CODES
from services.common.schemas import Day
from services.common.site.pages import choice
from services.common.storage.pagination import PageArgs

from ..rulebook import RuleTableSchema
from .chain import ChainedSchema, EntryCorrectionSchema

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class PublicRatingSchema(ma.Schema):
    agency_id = ma.fields.String()
    name = ma.fields.String(allow_none=True)
    county = ma.fields.String(allow_none=True, metadata={"description": "county code (GB/T 2260)"})
    county_name = ma.fields.String(allow_none=True, metadata={"description": "e.g. 南湖区"})
    town = ma.fields.String(allow_none=True)
    town_name = ma.fields.String(allow_none=True)
    score = ma.fields.Integer()
    grade = ma.fields.String()
    subtotals = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    listed_until = Day(allow_none=True)
    rectification_until = Day(allow_none=True)
    as_of = Day()


class ListingReasonSchema(ma.Schema):
    rule = ma.fields.String(metadata={"description": "the rule table row, e.g. violation.severe"})
    title = ma.fields.String(metadata={"description": "the row's name in the rule table"})
    points = ma.fields.Integer()
    description = ma.fields.String(allow_none=True, metadata={"description": "what happened, as recorded"})
    authority = ma.fields.String(metadata={"description": "who recorded it, by name (认定机关)"})
    recorded_on = Day(allow_none=True)
    in_force_from = Day()
    repair_from = Day(allow_none=True, metadata={"description": "credit repair may be applied for from this day"})


class ListedAgencySchema(PublicRatingSchema):
    """An agency on a public list, with why, since when, until when and how it comes off."""

    list = ma.fields.String(metadata={"description": "严重失信名单 or 限期整改名单"})
    listed_since = Day()
    removal_on = Day(metadata={"description": "the day it leaves the list by itself"})
    reasons = ma.fields.List(ma.fields.Nested(ListingReasonSchema))
    legal_basis = ma.fields.String()
    removal_conditions = ma.fields.List(ma.fields.String())


class FilterArgs(ma.Schema):
    """A search of the public lists and pages: an empty field (a form's 全部) is no filter."""

    class Meta:
        unknown = RAISE

    @ma.post_load
    def _no_filter(self, data, **_):
        return {k: None if v == "" else v for k, v in data.items()}

    q = ma.fields.String(
        load_default=None, validate=validate.Length(max=100), metadata={"description": "part of the agency's name"}
    )
    county = choice(COUNTY_CODES, load_default=None)
    town = choice(TOWN_CODES, load_default=None)
    grade = choice(GRADES, load_default=None)


class PublicArgs(FilterArgs, PageArgs):
    """A page of a public list, searched."""


class BulletinSummarySchema(ChainedSchema):
    month = ma.fields.String(attribute="_id")
    as_of = Day(metadata={"description": "the 1st of the month: agencies active then, as known when it began"})
    rule_version = ma.fields.String()
    agencies = ma.fields.Integer()
    grades = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    published_at = ma.fields.AwareDateTime()


class BulletinEntrySchema(PublicRatingSchema):
    class Meta:
        exclude = ("as_of",)

    corrections = ma.fields.List(
        ma.fields.Nested(EntryCorrectionSchema),
        metadata={
            "description": "correction notices (更正公告) of this entry, oldest first; the entry stays as published"
        },
    )


class RuleVersionSchema(ma.Schema):
    version = ma.fields.String()
    effective_from = Day(metadata={"description": "facts whose start day is on or after it are rated by it"})
    title = ma.fields.String()


__all__ = [
    "BulletinEntrySchema",
    "BulletinSummarySchema",
    "ListedAgencySchema",
    "MONTH",
    "FilterArgs",
    "PublicArgs",
    "PublicRatingSchema",
    "RuleTableSchema",
    "RuleVersionSchema",
]
