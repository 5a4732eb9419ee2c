"""HTTP schemas of expert requests (专家抽取): the request and its draw, answers, completion, cancellation."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate, validates_schema

from services.common.reference import COUNTY_CODES, INDUSTRY_SECTIONS
from services.common.schemas import Body, Day, FactDay, moment, text
from services.common.storage.pagination import PageArgs

from ..domain.draw import GRADES
from ..domain.engagement import TASKS, Answer, RequestStatus

F = ma.fields
STATUSES = [s.value for s in RequestStatus]


class ExpertRequestCreateSchema(Body):
    """N experts for a task; the draw picks them, never the requester."""

    task = F.String(
        required=True,
        validate=validate.OneOf(TASKS),
        metadata={"description": "review 评审, enforcement_support 执法支持, inspection 检查, consultation 咨询"},
    )
    experts_needed = F.Integer(required=True, strict=True, validate=validate.Range(min=1, max=30))
    specialties = F.List(
        text(100),
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata={"description": "an expert needs one of them"},
    )
    industries = F.List(
        F.String(validate=validate.OneOf(INDUSTRY_SECTIONS)),
        required=True,
        validate=validate.Length(min=1, max=len(INDUSTRY_SECTIONS)),
        metadata={"description": "GB/T 4754 sections; an expert needs one of them"},
    )
    min_grade = F.String(load_default="junior", validate=validate.OneOf(GRADES))
    counties = F.List(
        F.String(validate=validate.OneOf(COUNTY_CODES)),
        load_default=list,
        validate=validate.Length(max=len(COUNTY_CODES)),
        metadata={"description": "where the experts are registered; empty: the whole city"},
    )
    first_day = Day(required=True, metadata={"description": "first day of the work (Jiaxing), today or later"})
    last_day = Day(required=True)
    reviewed_party_id = F.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "the enterprise or agency reviewed (its USCC): recusal"},
    )
    description = text(4000, required=True)

    @validates_schema
    def _days(self, data, **_):
        if data["last_day"] < data["first_day"]:
            raise ma.ValidationError("before the first day", "last_day")


class AnswerSchema(Body):
    accept = F.Boolean(required=True)
    reason = F.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=2000),
        metadata={"description": "why he declines; a decline without one counts as unexplained"},
    )


class EvaluationSchema(Body):
    expert_id = F.String(required=True)
    score = F.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))


class EngagementCompleteSchema(Body):
    evaluations = F.List(
        F.Nested(EvaluationSchema),
        required=True,
        validate=validate.Length(min=1, max=30),
        metadata={"description": "one per expert of the panel"},
    )
    completed_on = FactDay(load_default=None, metadata={"description": "default today"})


class CancelSchema(Body):
    reason = text(
        2000, required=True, metadata={"description": "why the request is withdrawn; public in the draw audit"}
    )


class CriteriaSchema(ma.Schema):
    specialties = F.List(F.String())
    industries = F.List(F.String())
    min_grade = F.String()
    counties = F.List(F.String())
    first_day = Day()
    last_day = Day()


class ExclusionSchema(ma.Schema):
    expert_id = F.String()
    reasons = F.List(
        F.String(),
        metadata={
            "description": "e.g. suspended, on_leave, linked_to_reviewed_party, employed_by_requester, drawn_recently"
        },
    )


class DrawSchema(ma.Schema):
    public_value = F.String()
    seed = F.String(metadata={"description": "SHA-256 hex of '<public_value>:<request_id>'"})
    candidates = F.Integer(metadata={"description": "experts matching the criteria"})
    eligible_count = F.Integer()
    eligible = F.List(F.String(), metadata={"description": "sorted ids (once the panel is decided)"})
    excluded = F.List(F.Nested(ExclusionSchema))
    order = F.List(F.String(), metadata={"description": "eligible sorted by SHA-256 hex of '<seed>:<expert_id>'"})


class InvitationSchema(ma.Schema):
    expert_id = F.String()
    position = F.Integer()
    invited_at = moment()
    answer_by = moment()
    status = F.String(metadata={"enum": [a.value for a in Answer]})
    answered_at = moment(allow_none=True)
    reason = F.String(allow_none=True)
    score = F.Integer(allow_none=True)


class PanelMemberSchema(ma.Schema):
    expert_id = F.String()
    name = F.String(allow_none=True)
    grade = F.String(allow_none=True)
    county = F.String(allow_none=True)
    specialties = F.List(F.String(), allow_none=True)


class RequesterSchema(ma.Schema):
    """Who asked, as the audit shows it: an enterprise by its industry and town (no name), others by name."""

    name = F.String(
        allow_none=True, metadata={"description": "a government division, an insurer's or association's name"}
    )
    industry = F.String(allow_none=True, metadata={"description": "an enterprise's GB/T 4754 section"})
    county = F.String(allow_none=True)
    town = F.String(allow_none=True)


class CancellationSchema(ma.Schema):
    at = moment()
    reason = F.String()


class ExpertRequestSchema(ma.Schema):
    id = F.String()
    requester_id = F.String()
    requester_type = F.String()
    task = F.String()
    experts_needed = F.Integer()
    criteria = F.Nested(CriteriaSchema)
    reviewed_party_id = F.String(allow_none=True)
    description = F.String()
    requested_at = moment()
    status = F.String(metadata={"enum": STATUSES})
    completed_on = Day(allow_none=True)
    draw = F.Nested(DrawSchema)
    invitations = F.List(F.Nested(InvitationSchema), metadata={"description": "regulators; the requester once decided"})
    panel = F.List(F.Nested(PanelMemberSchema), metadata={"description": "the accepted experts, once decided"})
    subject = F.String(metadata={"description": "the party it is about: the reviewed party, else the requester"})
    requester = F.Nested(RequesterSchema, allow_none=True)
    redraw_of = F.String(allow_none=True, metadata={"description": "the cancelled request it draws again"})
    cancellation = F.Nested(CancellationSchema, allow_none=True)


class RequestQueryArgs(PageArgs):
    status = F.String(validate=validate.OneOf(STATUSES))


class ExpertInvitationSchema(InvitationSchema):
    """An invitation as the expert sees it: what the work is, for whom and about whom."""

    request_id = F.String()
    requester_id = F.String()
    requester_type = F.String()
    task = F.String()
    description = F.String()
    reviewed_party_id = F.String(allow_none=True)
    criteria = F.Nested(CriteriaSchema)
