"""HTTP schemas of programmes, their one budget and the public list. Money is integer fen; shares per mille."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.reference import INDUSTRY_SECTIONS, SERVICE_CATEGORIES
from services.common.schemas import Body, Day, fen, moment, text
from services.common.storage.pagination import PageArgs

from ..domain.programmes import GRADES, SIZES, Kind, State

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


class TopUpSchema(Body):
    amount_fen = fen(1, required=True, metadata={"description": "added to the budget (all versions)"})
    reason = text(2000, required=True, metadata={"description": "why (kept with the budget and published)"})


class TopUpShownSchema(ma.Schema):
    amount_fen = F.Integer()
    reason = F.String()
    on = Day()


class BudgetSchema(ma.Schema):
    """The programme's one budget, shared by all its versions: total = left + reserved + spent."""

    total_fen = F.Integer(metadata={"description": "the opening budget plus every top-up"})
    left_fen = F.Integer()
    reserved_fen = F.Integer()
    spent_fen = F.Integer()
    recovered_fen = F.Integer(metadata={"description": "of the money spent, recovered (追回)"})
    top_ups = F.List(F.Nested(TopUpShownSchema))


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
    version = F.Integer(attribute="edition", metadata={"description": "the programme's version: 1, 2, …"})
    supersedes = F.String(allow_none=True)
    superseded_by = F.String(allow_none=True, metadata={"description": "the later version that replaced it"})
    lineage = F.String(metadata={"description": "the programme across its versions (its first version's id)"})
    created_at = moment()
    opened_at = moment(allow_none=True)
    closed_at = moment(allow_none=True)
    history = F.List(F.Dict())
    budget = F.Nested(BudgetSchema)


class ProgrammeQueryArgs(PageArgs):
    state = F.String(validate=validate.OneOf([s.value for s in State]))
    kind = F.String(validate=validate.OneOf(KINDS))
    funder = F.String()


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
    recovered_fen = F.Integer(metadata={"description": "of the money paid, recovered (追回)"})
    topped_up_fen = F.Integer(metadata={"description": "added to the opening budget by the funder"})
    top_ups = F.List(F.Nested(TopUpShownSchema), metadata={"description": "each top-up: amount, reason, day"})
    beneficiaries = F.Integer(metadata={"description": "approved or paid beneficiaries (a count, no names)"})
    terms = F.List(F.String(), metadata={"description": "what the programme pays and to whom, in Chinese (元, %)"})
