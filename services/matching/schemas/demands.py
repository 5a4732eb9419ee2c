"""HTTP schemas of demands, offers and recommendations (they are the OpenAPI documentation). Money in integer
fen (分)."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma
from marshmallow import ValidationError, validate, validates_schema

from services.common.reference import COUNTY_CODES, INDUSTRY_SECTIONS, SERVICE_CATEGORIES, TOWN_COUNTY
from services.common.schemas import Body, fen, moment, text
from services.common.storage.pagination import PageArgs, page_schema
from services.common.web.app import ctx

F = ma.fields
DEMAND_STATUSES = ["open", "awarded", "closed", "cancelled", "expired"]


# --- demands and offers ---------------------------------------------------------------------------


class DemandCreateSchema(Body):
    category = F.String(required=True, validate=validate.OneOf(SERVICE_CATEGORIES))
    county = F.String(required=True, validate=validate.OneOf(COUNTY_CODES), metadata={"description": "GB/T 2260"})
    town = F.String(load_default=None, allow_none=True, metadata={"description": "town/street code in the county"})
    industry = F.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(INDUSTRY_SECTIONS),
        metadata={"description": "GB/T 4754 section letter of the served enterprise"},
    )
    description = text(4000, required=True)
    budget_fen = fen(required=True)
    offer_deadline = F.AwareDateTime(required=True, default_timezone=UTC)
    needed_qualification = F.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=50),
        metadata={"description": "qualification level required (资质等级), e.g. 乙级"},
    )
    enterprise_id = F.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=100),
        metadata={
            "description": "the enterprise served (insurer, government, association "
            "buyers); an enterprise buyer is itself"
        },
    )

    @validates_schema
    def _place_and_time(self, data, **_):
        if data.get("town") and TOWN_COUNTY.get(data["town"]) != data["county"]:
            raise ValidationError("not a town of this county", "town")
        if data["offer_deadline"] <= ctx().clock.now():  # the service clock (tests set a FixedClock)
            raise ValidationError("must be in the future", "offer_deadline")


class OfferCreateSchema(Body):
    price_fen = fen(required=True)
    plan = text(4000, required=True)
    duration_days = F.Integer(required=True, strict=True, validate=validate.Range(min=1, max=3650))


class OfferSchema(ma.Schema):
    id = F.String(attribute="_id")
    demand_id = F.String()
    agency_id = F.String()
    price_fen = F.Integer()
    plan = F.String()
    duration_days = F.Integer()
    submitted_at = moment()
    status = F.String(metadata={"enum": ["submitted", "accepted", "declined", "withdrawn"]})
    decided_at = moment(allow_none=True)


class DemandSchema(ma.Schema):
    id = F.String(attribute="_id")
    buyer_id = F.String()
    buyer_type = F.String()
    category = F.String()
    county = F.String()
    town = F.String(allow_none=True)
    industry = F.String(allow_none=True)
    description = F.String()
    budget_fen = F.Integer()
    offer_deadline = moment()
    posted_at = moment()
    needed_qualification = F.String(allow_none=True)
    enterprise_id = F.String(allow_none=True)
    status = F.String(metadata={"enum": DEMAND_STATUSES})
    offers = F.List(
        F.Nested(OfferSchema), metadata={"description": "all offers for the buyer; a provider sees its own"}
    )
    awarded_offer_id = F.String(allow_none=True)
    ended_at = moment(allow_none=True)
    expires_at = moment(
        "an open demand expires then: at the deadline, or 14 days later when offers are waiting for the buyer's choice",
        allow_none=True,
    )


class DemandQueryArgs(PageArgs):
    status = F.String(validate=validate.OneOf(DEMAND_STATUSES), metadata={"description": "buyers: filter"})
    whole_city = F.Boolean(
        load_default=False, metadata={"description": "providers: all of Jiaxing, not only their own county"}
    )


DemandPageSchema = page_schema(DemandSchema)


class RecommendationArgs(ma.Schema):
    limit = F.Integer(
        load_default=10,
        validate=validate.Range(min=1, max=50),
        metadata={"description": "a government buyer always gets at least 3 (when 3 are eligible)"},
    )


class FactorSchema(ma.Schema):
    name = F.String(metadata={"enum": ["credit", "nearness", "experience", "fairness"]})
    value = F.Raw(allow_none=True)
    points = F.Float()
    explanation = F.String()


class RecommendationSchema(ma.Schema):
    rank = F.Integer()
    agency_id = F.String()
    name = F.String()
    total = F.Float()
    eligibility = F.List(F.String(), metadata={"description": "why it may serve this demand"})
    factors = F.List(F.Nested(FactorSchema), metadata={"description": "why it ranks where it does"})
    has_offered = F.Boolean()


class RecommendationsSchema(ma.Schema):
    demand_id = F.String()
    buyer_type = F.String()
    items = F.List(F.Nested(RecommendationSchema))


class CategoryStandingSchema(ma.Schema):
    category = F.String()
    eligible = F.Boolean()
    reasons = F.List(F.String(), metadata={"description": "why it may serve the category today, or why not"})


class StandingSchema(ma.Schema):
    """An agency's eligibility per category it offers (no level asked), as of today."""

    agency_id = F.String()
    as_of = F.Date()
    categories = F.List(F.Nested(CategoryStandingSchema))
