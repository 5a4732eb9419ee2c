"""HTTP schemas of what expert engagements show beyond a request: engagement records and flags, a requester's
redraws (regulators), and the public audit (公示) of every draw, cancellation and redraw."""

from __future__ import annotations

import marshmallow as ma

from services.common.schemas import moment

from .requests import STATUSES, CancellationSchema, CriteriaSchema, DrawSchema, RequesterSchema

F = ma.fields


class EngagementRecordSchema(ma.Schema):
    expert_id = F.String()
    invited = F.Integer()
    accepted = F.Integer()
    declined = F.Integer()
    unexplained = F.Integer(metadata={"description": "declines without a reason and missed deadlines"})
    engagements = F.Integer(metadata={"description": "completed and evaluated"})
    evaluations = F.List(F.Integer())
    average = F.Float(allow_none=True)
    flags = F.List(F.String(), metadata={"description": "of the last year: unexplained_declines, poor_evaluations"})


class FlaggedSchema(ma.Schema):
    window_days = F.Integer()
    items = F.List(F.Nested(EngagementRecordSchema))


class PublicEngagementsSchema(ma.Schema):
    expert_id = F.String()
    engagements = F.Integer(metadata={"description": "completed engagements"})
    by_task = F.Dict(keys=F.String(), values=F.Integer())


class PublicInvitationSchema(ma.Schema):
    expert_id = F.String()
    position = F.Integer()
    status = F.String()


class PublicDrawSchema(CriteriaSchema):
    """The audit of a request: its draw, and its cancellation or the cancelled request it redraws (no reviewed
    party, no description, no decline reasons, no evaluations; an enterprise requester without name or id)."""

    request_id = F.String()
    requester_type = F.String()
    requester = F.Nested(RequesterSchema, allow_none=True)
    task = F.String()
    experts_needed = F.Integer()
    requested_at = moment()
    status = F.String(metadata={"enum": STATUSES})
    draw = F.Nested(DrawSchema)
    invitations = F.List(F.Nested(PublicInvitationSchema), metadata={"description": "once the panel is decided"})
    redraw_of = F.String(allow_none=True, metadata={"description": "the cancelled request it draws again"})
    cancellation = F.Nested(CancellationSchema, allow_none=True, metadata={"description": "when and why"})


class RedrawSchema(ma.Schema):
    request_id = F.String()
    requested_at = moment()
    redraw_of = F.String()
    reason = F.String(allow_none=True, metadata={"description": "why the request it redraws was cancelled"})


class RequesterRedrawsSchema(ma.Schema):
    """A requester's requests, cancellations and redraws (重新抽取), for a regulator of its division."""

    requester_id = F.String()
    requester_type = F.String()
    requester = F.Nested(RequesterSchema, allow_none=True)
    requests = F.Integer()
    open = F.Integer(metadata={"description": "inviting, complete or short"})
    cancellations = F.Integer()
    redraws = F.Integer()
    redrawn = F.List(F.Nested(RedrawSchema), metadata={"description": "its redraws, newest first"})


class NamedDrawSchema(PublicDrawSchema):
    """The audit with the experts' names (专家抽取公示), as on the registry's expert pool page."""

    names = F.Dict(
        keys=F.String(),
        values=F.String(),
        metadata={"description": "expert id -> name (as on the registry's expert pool page)"},
    )
