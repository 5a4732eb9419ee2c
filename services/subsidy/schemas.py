"""HTTP schemas of the subsidy API (its OpenAPI document). Money is integer fen; shares are per mille."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.reference import INDUSTRY_SECTIONS, SERVICE_CATEGORIES
from services.common.schemas import Body, Day, fen, moment, text
from services.common.storage.pagination import PageArgs

from .domain.applications import Status
from .domain.programmes import GRADES, SIZES, Kind, State

F = ma.fields
KINDS = [k.value for k in Kind]


def permille(**kw) -> F.Integer:
    metadata = {"description": "per mille (‰)", **kw.pop("metadata", {})}
    return F.Integer(strict=True, validate=validate.Range(min=0, max=1000), metadata=metadata, **kw)


def codes(choices, **kw) -> F.List:
    return F.List(F.String(validate=validate.OneOf(choices)), validate=validate.Length(max=100), **kw)


class TierSchema(Body):
    min_share_permille = permille(required=True)
    amount_fen = fen(required=True)


class RulesSchema(Body):
    budget_fen = fen(required=True)
    rate_permille = permille()
    cap_per_contract_fen = fen(allow_none=True)
    cap_per_beneficiary_year_fen = fen(allow_none=True)
    min_grade = F.String(
        allow_none=True,
        validate=validate.OneOf(GRADES),
        metadata={"description": "lowest credit grade of the agency on the signing day (A best)"},
    )
    stacking_limit_permille = permille(
        metadata={"description": "all subsidies on one contract ≤ this share of its price"}
    )
    fixed_fen = fen(allow_none=True, metadata={"description": "per resident (cluster_base_support)"})
    tiers = F.List(F.Nested(TierSchema), validate=validate.Length(max=20), metadata={"description": "town_reward"})
    coverage_target_permille = permille(allow_none=True)
    categories = codes(SERVICE_CATEGORIES, metadata={"description": "empty: every category"})
    sizes = codes(SIZES)
    sections = codes(INDUSTRY_SECTIONS, metadata={"description": "GB/T 4754 sections; empty: every section"})
    divisions = F.List(
        F.String(validate=validate.Length(min=6, max=9)),
        validate=validate.Length(max=100),
        metadata={"description": "inside the funder's area; empty: the whole area"},
    )


class RulesChangeSchema(RulesSchema):
    budget_fen = fen()


class ProgrammeCreateSchema(Body):
    name = text(200, required=True)
    description = text(4000, load_default="")
    kind = F.String(required=True, validate=validate.OneOf(KINDS))
    funder = F.String(
        load_default=None, metadata={"description": "county, town or city code; default: the token's org"}
    )
    period_start = Day(required=True)
    period_end = Day(required=True, metadata={"description": "last day (included)"})
    rules = F.Nested(RulesSchema, required=True)


class ProgrammeChangeSchema(Body):
    name = text(200)
    description = text(4000)
    period_start = Day()
    period_end = Day()
    rules = F.Nested(RulesChangeSchema)


class BudgetSchema(ma.Schema):
    total_fen = F.Integer()
    left_fen = F.Integer()
    reserved_fen = F.Integer()
    spent_fen = F.Integer()


class ProgrammeSchema(ma.Schema):
    id = F.String(attribute="_id")
    name = F.String()
    description = F.String()
    kind = F.String(metadata={"enum": KINDS})
    funder = F.String()
    period_start = Day()
    period_end = Day()
    rules = F.Dict()
    state = F.String(metadata={"enum": [s.value for s in State]})
    version = F.Integer()
    supersedes = F.String(allow_none=True)
    created_at = moment()
    opened_at = moment(allow_none=True)
    closed_at = moment(allow_none=True)
    history = F.List(F.Dict())
    budget = F.Nested(BudgetSchema)


class ProgrammeQueryArgs(PageArgs):
    state = F.String(validate=validate.OneOf([s.value for s in State]))
    kind = F.String(validate=validate.OneOf(KINDS))
    funder = F.String()


class ApplySchema(Body):
    programme_id = text(100, required=True)
    contract_id = text(100, metadata={"description": "enterprise_purchase: the completed contract"})
    applicant_id = text(100, metadata={"description": "admin only: apply for this organisation"})


class LineSchema(ma.Schema):
    rule = F.String()
    text = F.String()
    amount_fen = F.Integer(metadata={"description": "the amount after this line"})
    limit_fen = F.Integer(allow_none=True)


class RefusalSchema(ma.Schema):
    rule = F.String()
    text = F.String()


class QuoteSchema(ma.Schema):
    amount_fen = F.Integer()
    lines = F.List(F.Nested(LineSchema))
    refusals = F.List(F.Nested(RefusalSchema))
    eligible = F.Boolean()


class ApplicationSchema(ma.Schema):
    id = F.String(attribute="_id")
    programme_id = F.String()
    kind = F.String(metadata={"enum": KINDS})
    applicant_id = F.String()
    subject_id = F.String()
    contract_id = F.String(allow_none=True)
    funder = F.String()
    county = F.String()
    town = F.String(allow_none=True)
    amount_fen = F.Integer()
    lines = F.List(F.Nested(LineSchema))
    year = F.Integer()
    submitted_at = moment()
    status = F.String(metadata={"enum": [s.value for s in Status]})
    reviewers = F.List(F.Dict())
    current_step = F.Dict(allow_none=True, metadata={"description": "who acts next: {level, division}"})
    decisions = F.List(F.Dict())
    reasons = F.List(F.String(), metadata={"description": "why it was rejected or cancelled"})
    reserved_fen = F.Integer()
    payment_reference = F.String(allow_none=True)
    approved_on = Day(allow_none=True)
    paid_on = Day(allow_none=True)
    recovery = F.Dict(allow_none=True, metadata={"description": "追回: amount_fen, flagged_on, reason"})


class ApplicationQueryArgs(PageArgs):
    programme_id = F.String()
    status = F.String(validate=validate.OneOf([s.value for s in Status]))
    kind = F.String(validate=validate.OneOf(KINDS))
    recovery = F.Boolean(metadata={"description": "true: only those flagged for recovery (追回)"})


class RejectSchema(Body):
    reason = text(2000, required=True)


class PaySchema(Body):
    payment_reference = text(200, required=True, metadata={"description": "the bank's reference; recorded once"})


class ReportArgs(Body):
    division = F.String(metadata={"description": "county, town or city code; default: the official's own"})


class FiguresSchema(ma.Schema):
    division = F.String()
    name = F.String()
    level = F.String()
    registered_smes = F.Integer()
    covered_smes = F.Integer()
    share_permille = F.Integer()
    target_permille = F.Integer()
    met = F.Boolean()
    contracts_by_category = F.Dict(keys=F.String(), values=F.Integer())
    approved_count = F.Integer()
    approved_fen = F.Integer()
    paid_count = F.Integer()
    paid_fen = F.Integer()
    agencies_by_grade = F.Dict(keys=F.String(), values=F.Integer())


class ReportSchema(ma.Schema):
    window_start = Day()
    window_end = Day()
    rows = F.List(F.Nested(FiguresSchema))


class PublicProgrammeSchema(ma.Schema):
    programme_id = F.String()
    name = F.String()
    kind = F.String()
    funder = F.String()
    funder_name = F.String()
    state = F.String()
    period_start = Day()
    period_end = Day()
    budget_fen = F.Integer()
    used_fen = F.Integer(metadata={"description": "reserved by approvals and paid"})
    paid_fen = F.Integer()
    left_fen = F.Integer()
    beneficiaries = F.Integer(metadata={"description": "approved or paid beneficiaries (a count, no names)"})
    terms = F.List(F.String(), metadata={"description": "what the programme pays and to whom, in Chinese (元, %)"})
