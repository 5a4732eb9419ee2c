"""Commands of expert engagements (专家抽取): request and draw, answers, missed deadlines, completion.

The requester never names experts: the draw's recorded order decides who is invited, and who next.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from services.common.clock import isotime
from services.common.errors import Forbidden, Invalid
from services.common.storage.mapping import from_plain
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ..domain.buyers import BUYER_ROLES
from . import outgoing
from .domain.draw import Criteria, Parties, draw
from .domain.engagement import ExpertRequest, Invitation
from .store import ExpertStore

CRITERIA = ("specialties", "industries", "min_grade", "counties", "first_day", "last_day")


def request_experts(uow: UnitOfWork, who: Principal, body: dict, rotation_days: int) -> ExpertRequest:
    """A requester asks for N experts: draw from the pool now, record the draw, invite the first of the order.

    The public value of the seed is the moment of the request (UTC ISO 8601); the request id is random."""
    requester_type = BUYER_ROLES.get(who.role)  # the roles that buy request experts
    if requester_type is None or not who.org:
        raise Forbidden("only a regulator, enterprise, insurer or association organisation requests experts")
    criteria = from_plain(Criteria, {k: body[k] for k in CRITERIA})
    if not uow.today <= criteria.first_day <= criteria.last_day:
        raise Invalid("the work lies between today and its last day", field="first_day")
    store, request_id, public_value = ExpertStore(uow), f"xr-{uuid.uuid4().hex[:16]}", isotime(uow.now)
    parties = Parties(who.org, body.get("reviewed_party_id"))
    recent = store.experts_drawn_for(who.org, uow.now - timedelta(days=rotation_days))
    drawn = draw(
        store.pool(criteria),
        criteria,
        parties,
        recent,
        store.experts_engaged(criteria),
        body["experts_needed"],
        public_value,
        request_id,
    )
    request, invited = ExpertRequest.open(
        uow.now,
        id=request_id,
        requester_id=who.org,
        requester_type=requester_type,
        task=body["task"],
        experts_needed=body["experts_needed"],
        criteria=criteria,
        reviewed_party_id=parties.reviewed_party_id,
        description=body["description"],
        draw=drawn,
    )
    store.add_request(request)
    uow.publish("expert-requested", subject=request.id, data=outgoing.expert_requested(request))
    _announce(uow, request, invited)
    return request


def answer(uow: UnitOfWork, who: Principal, request_id: str, body: dict) -> ExpertRequest:
    """The invited expert himself (token org = his expert id) accepts or declines, with a reason if he will."""
    if who.role != "expert" or not who.org:
        raise Forbidden("only the invited expert answers")
    store = ExpertStore(uow)
    request = store.request(request_id)
    invited = request.answer(who.org, body["accept"], body.get("reason"), uow.now)
    store.save_request(request)
    _answered(uow, request, request.invitation(who.org))
    _announce(uow, request, invited)
    return request


def expire_answers(uow: UnitOfWork, request_id: str) -> int:
    """The job's command: invitations past their deadline expire and the next in the order are invited."""
    store = ExpertStore(uow)
    request = store.request(request_id)
    expired, invited = request.expire(uow.now)
    if expired:
        store.save_request(request)
    for invitation in expired:
        _answered(uow, request, invitation)
    _announce(uow, request, invited)
    return len(expired)


def complete(uow: UnitOfWork, who: Principal, request_id: str, body: dict) -> ExpertRequest:
    """The requester records the work done and evaluates each expert of the panel (1–5)."""
    store = ExpertStore(uow)
    request = store.request(request_id)
    who.require_org(request.requester_id)
    scores = {e["expert_id"]: e["score"] for e in body["evaluations"]}
    if len(scores) != len(body["evaluations"]):
        raise Invalid("each expert is evaluated once", field="evaluations")
    request.complete(scores, body.get("completed_on") or uow.today, uow.today)
    store.save_request(request)
    uow.publish("expert-engagement-completed", subject=request.id, data=outgoing.engagement_completed(request))
    return request


def _announce(uow: UnitOfWork, request: ExpertRequest, invited: list[Invitation]) -> None:
    for invitation in invited:
        uow.publish("expert-drawn", subject=request.id, data=outgoing.expert_drawn(request, invitation))


def _answered(uow: UnitOfWork, request: ExpertRequest, invitation: Invitation) -> None:
    uow.publish(
        "expert-engagement-answered", subject=request.id, data=outgoing.engagement_answered(request, invitation)
    )
