"""The data of the events expert engagements publish, built from the domain (shapes: catalogue/experts.py)."""

from __future__ import annotations

from services.common.clock import isotime
from services.common.storage.mapping import to_plain

from .domain.engagement import ExpertRequest, Invitation


def _request_ref(r: ExpertRequest) -> dict:
    return dict(request_id=r.id, requester_id=r.requester_id, requester_type=r.requester_type, task=r.task)


def expert_requested(r: ExpertRequest) -> dict:
    return dict(
        _request_ref(r),
        experts_needed=r.experts_needed,
        **to_plain(r.criteria),
        reviewed_party_id=r.reviewed_party_id,
        seed=r.draw.seed,
        public_value=r.draw.public_value,
        candidates=r.draw.candidates,
        eligible_count=r.draw.eligible_count,
        excluded_count=len(r.draw.excluded),
        redraw_of=r.redraw_of,
    )


def expert_drawn(r: ExpertRequest, i: Invitation) -> dict:
    return dict(
        _request_ref(r),
        expert_id=i.expert_id,
        position=i.position,
        answer_by=isotime(i.answer_by),
        first_day=r.criteria.first_day.isoformat(),
        last_day=r.criteria.last_day.isoformat(),
    )


def engagement_answered(r: ExpertRequest, i: Invitation) -> dict:
    return dict(
        _request_ref(r),
        expert_id=i.expert_id,
        answer=i.status.value,
        reason=i.reason,
        answered_at=isotime(i.answered_at),
        panel=r.status.value,
        accepted=len(r.panel),
    )


def engagement_completed(r: ExpertRequest) -> dict:
    return dict(
        _request_ref(r),
        completed_on=r.completed_on.isoformat(),
        evaluations=[{"expert_id": i.expert_id, "score": i.score} for i in r.panel],
    )


def request_cancelled(r: ExpertRequest, engaged: list[Invitation]) -> dict:
    return dict(
        _request_ref(r),
        reason=r.cancellation.reason,
        cancelled_at=isotime(r.cancellation.at),
        experts=[i.expert_id for i in engaged],
        first_day=r.criteria.first_day.isoformat(),
        last_day=r.criteria.last_day.isoformat(),
    )
