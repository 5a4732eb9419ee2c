"""Events of expert engagements (专家抽取与履职), published by matching.

Every one is about one request: key = subject = `request_id`, so a request's story stays in order. No
personal data: experts by id, organisations by id.
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.events.envelope import EventType

from .fields import Data, fact_day, text
from .matching import BUYER_TYPES

TASKS = ["review", "enforcement_support", "inspection", "consultation"]
PANEL = ["inviting", "complete", "short"]


class RequestRef(Data):
    request_id = text()
    requester_id = text(metadata={"description": "the organisation (or division code) that asked"})
    requester_type = ma.fields.String(required=True, validate=validate.OneOf(BUYER_TYPES))
    task = ma.fields.String(required=True, validate=validate.OneOf(TASKS))


class ExpertRequestedData(RequestRef):
    """A request for N experts, and its draw (the order itself is in matching's audit)."""

    experts_needed = ma.fields.Integer(required=True, validate=validate.Range(min=1))
    specialties = ma.fields.List(ma.fields.String(), required=True)
    industries = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "GB/T 4754 sections"})
    min_grade = ma.fields.String(required=True, validate=validate.OneOf(["junior", "intermediate", "senior"]))
    counties = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "empty: the whole city"})
    first_day = ma.fields.Date(required=True)
    last_day = ma.fields.Date(required=True)
    reviewed_party_id = ma.fields.String(allow_none=True, load_default=None)
    seed = text(metadata={"description": "SHA-256 of '<public_value>:<request_id>'"})
    public_value = text()
    candidates = ma.fields.Integer(required=True, metadata={"description": "experts matching the criteria"})
    eligible_count = ma.fields.Integer(required=True)
    excluded_count = ma.fields.Integer(required=True)
    redraw_of = ma.fields.String(
        allow_none=True,
        load_default=None,
        metadata={"description": "the requester's cancelled request about the same subject that this one draws again"},
    )


class ExpertDrawnData(RequestRef):
    """An expert was invited (drawn in the recorded order); notify tells him."""

    expert_id = text()
    position = ma.fields.Integer(required=True, metadata={"description": "place in the drawn order, from 0"})
    answer_by = ma.fields.AwareDateTime(required=True)
    first_day = ma.fields.Date(required=True)
    last_day = ma.fields.Date(required=True)


class ExpertAnsweredData(RequestRef):
    """An invited expert accepted or declined, or let the deadline pass; `panel` = where the request stands
    after it (notify tells the requester when it is complete)."""

    expert_id = text()
    answer = ma.fields.String(required=True, validate=validate.OneOf(["accepted", "declined", "expired"]))
    reason = ma.fields.String(
        allow_none=True, load_default=None, metadata={"description": "why he declined (none: unexplained)"}
    )
    answered_at = ma.fields.AwareDateTime(required=True)
    panel = ma.fields.String(required=True, validate=validate.OneOf(PANEL))
    accepted = ma.fields.Integer(required=True, metadata={"description": "experts on the panel so far"})


class EvaluationData(Data):
    expert_id = text()
    score = ma.fields.Integer(required=True, validate=validate.Range(min=1, max=5))


class ExpertEngagementCompletedData(RequestRef):
    """The requester recorded the work done and evaluated each expert of the panel."""

    completed_on = fact_day()
    evaluations = ma.fields.List(ma.fields.Nested(EvaluationData), required=True)


class ExpertRequestCancelledData(RequestRef):
    """The requester cancelled its open request, with a reason (public in matching's audit); `experts` are those
    it had engaged (invited and not yet answered, or accepted): notify tells them their engagement is off."""

    reason = text()
    cancelled_at = ma.fields.AwareDateTime(required=True)
    experts = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "expert ids"})
    first_day = ma.fields.Date(required=True, metadata={"description": "the days the experts are now free"})
    last_day = ma.fields.Date(required=True)


def _type(name: str, schema, summary: str) -> EventType:
    return EventType(name, schema, "matching", summary, subject_field="request_id")


EVENT_TYPES = [
    _type("expert-requested", ExpertRequestedData, "Experts were requested for a task and drawn from the pool."),
    _type("expert-drawn", ExpertDrawnData, "An expert was invited, in the drawn order."),
    _type(
        "expert-engagement-answered", ExpertAnsweredData, "An invited expert accepted, declined or missed the deadline."
    ),
    _type(
        "expert-engagement-completed",
        ExpertEngagementCompletedData,
        "The requester recorded completion and evaluated the panel.",
    ),
    _type(
        "expert-request-cancelled",
        ExpertRequestCancelledData,
        "The requester cancelled its open request with a reason; its next request about the subject is a redraw.",
    ),
]
