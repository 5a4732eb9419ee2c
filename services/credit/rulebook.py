"""The rule tables as data files (`rules/<version>.json`), read and validated once when the service starts.

Officials change the points by adding a file with a later `effective_from`; a table in force is never edited.
"""

from __future__ import annotations

import json
from pathlib import Path

import marshmallow as ma
from marshmallow import RAISE, post_load, validate

from .domain.rules import DIMENSIONS, Grade, InvalidRules, Rule, RuleBook, RuleTable

RULES_DIR = Path(__file__).with_name("rules")
_count = ma.fields.Integer(required=True, validate=validate.Range(min=0, max=1000))


class _Strict(ma.Schema):
    class Meta:
        unknown = RAISE


class RuleSchema(_Strict):
    key = ma.fields.String(required=True)
    points = ma.fields.Integer(required=True, validate=validate.Range(min=-1000, max=1000))
    months = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=120))
    dimension = ma.fields.String(required=True, validate=validate.OneOf(DIMENSIONS))
    title = ma.fields.String(required=True)
    cap_group = ma.fields.String(load_default=None)
    per_event_cap = ma.fields.Integer(load_default=None, validate=validate.Range(min=1))
    repair_after_months = ma.fields.Integer(load_default=None, validate=validate.Range(min=0, max=120))
    veto = ma.fields.Boolean(load_default=False)

    @post_load
    def make(self, data, **_):
        return Rule(**data)


class GradeSchema(_Strict):
    grade = ma.fields.String(required=True)
    min_score = ma.fields.Integer(required=True)

    @post_load
    def make(self, data, **_):
        return Grade(**data)


class RuleTableSchema(_Strict):
    """A rule table file; it is also what `GET /public/credit/rules/{version}` answers."""

    version = ma.fields.String(required=True, validate=validate.Regexp(r"^[0-9A-Za-z.-]{1,20}$"))
    effective_from = ma.fields.Date(required=True)
    title = ma.fields.String(required=True)
    base_score = ma.fields.Integer(required=True)
    grades = ma.fields.List(ma.fields.Nested(GradeSchema), required=True, validate=validate.Length(min=1))
    floor_grade = ma.fields.String(required=True)
    veto_grade = ma.fields.String(required=True)
    new_agency_grade = ma.fields.String(required=True)
    rules = ma.fields.List(ma.fields.Nested(RuleSchema), required=True)
    caps = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Integer(validate=validate.Range(min=0)), required=True
    )
    objection_days = _count
    listing_delay_days = _count
    deduction_window_months = _count
    interview_threshold = _count
    rectification_threshold = _count
    rectification_months = _count
    public_notice_days = ma.fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=1000),
        metadata={
            "description": "送达: absent, the objection window and the listing delay run from the notice day; n, from "
            "the day the notice was delivered, or from its public notice (公告送达) when no channel reached the "
            "agency within n days of the notice day"
        },
    )
    ruling_days = ma.fields.Integer(
        load_default=15,
        validate=validate.Range(min=1, max=1000),
        metadata={"description": "days to rule on an objection"},
    )
    repair_decision_days = ma.fields.Integer(
        load_default=15,
        validate=validate.Range(min=1, max=1000),
        metadata={"description": "days to decide on a repair application"},
    )
    min_score = ma.fields.Integer(load_default=0, metadata={"description": "no score is lower"})
    max_score = ma.fields.Integer(
        dump_only=True, metadata={"description": "the base and every cap: no score is higher"}
    )

    @post_load
    def make(self, data, **_):
        return RuleTable(**{**data, "grades": tuple(data["grades"]), "rules": {r.key: r for r in data["rules"]}})


def load(directory: Path = RULES_DIR) -> RuleBook:
    """Every `*.json` table of a directory; InvalidRules names the file and the problem."""
    tables = []
    for path in sorted(directory.glob("*.json")):
        try:
            table = RuleTableSchema().load(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, ma.ValidationError) as err:
            raise InvalidRules(f"{path.name}: {err}") from err
        if path.stem != table.version:
            raise InvalidRules(f"{path.name}: the file must be named after its version {table.version!r}")
        tables.append(table)
    return RuleBook(tables)


def published(table: RuleTable) -> dict:
    """A table as published, dumped by RuleTableSchema to the same shape as its file."""
    return {
        **vars(table),
        "grades": list(table.grades),
        "rules": list(table.rules.values()),
        "max_score": table.max_score,
    }


#: the rule tables of this deployment (a broken file stops the service at start)
BOOK = load()
