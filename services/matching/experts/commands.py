"""Commands of expert engagements (专家抽取): request and draw, answers, missed deadlines, completion,
cancellation.

The requester never names experts: the draw's recorded order decides who is invited, and who next. One open
request per requester and subject: asking again needs the open one cancelled with a reason (a redraw).
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
from ..domain.refusals import Refused
from ..store import MatchingStore
from . import outgoing
from .domain.draw import Criteria, Parties, draw
from .domain.engagement import ExpertRequest, Invitation
from .domain.subjects import Requester, subject_of
from .store import ExpertStore

CRITERIA = ("specialties", "industries", "min_grade", "counties", "first_day", "last_day")


def request_experts(uow: UnitOfWork, who: Principal, body: dict, rotation_days: int) -> ExpertRequest:
    """A requester asks for N experts: draw from the pool now, record the draw, invite the first of the order.

    The public value of the seed is the moment of the request (UTC ISO 8601); the request id is random. A
    request about a subject whose last request was cancelled is its redraw."""
    requester_type = BUYER_ROLES.get(who.role)  # the roles that buy request experts
    if requester_type is None or not who.org:
        raise Forbidden("only a regulator, enterprise, insurer or association organisation requests experts")
    criteria = from_plain(Criteria, {k: body[k] for k in CRITERIA})
    if not uow.today <= criteria.first_day <= criteria.last_day:
        raise Invalid("the work lies between today and its last day", field="first_day")
    store, request_id, public_value = ExpertStore(uow), f"xr-{uuid.uuid4().hex[:16]}", isotime(uow.now)
    market, parties = MatchingStore(uow), Parties(who.org, body.get("reviewed_party_id"))
    _check_registered(market, parties.reviewed_party_id)
    requester = _requester(market, requester_type, who.org)
    about = subject_of(requester_type, who.org, parties.reviewed_party_id)
    subject = store.subject(who.org, about)
    redraw_of = subject.open(request_id)
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
        subject=about,
        requester=requester,
        redraw_of=redraw_of,
    )
    store.add_request(request)
    store.save_subject(subject)
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
    _close_subject(store, request)
    uow.publish("expert-engagement-completed", subject=request.id, data=outgoing.engagement_completed(request))
    return request


def cancel(uow: UnitOfWork, who: Principal, request_id: str, body: dict) -> ExpertRequest:
    """The requester withdraws its open request with a reason (public in the audit); pending invitations lapse,
    and the experts it engaged are told (event). Its next request about the subject is a redraw."""
    store = ExpertStore(uow)
    request = store.request(request_id)
    who.require_org(request.requester_id)
    engaged = request.cancel(body["reason"], uow.now)
    store.save_request(request)
    _close_subject(store, request)
    uow.publish("expert-request-cancelled", subject=request.id, data=outgoing.request_cancelled(request, engaged))
    return request


def _check_registered(market: MatchingStore, reviewed_party_id: str | None) -> None:
    """The reviewed party is an enterprise or provider matching knows (422): an invented id makes no subject."""
    if reviewed_party_id and not (market.enterprise(reviewed_party_id) or market.provider(reviewed_party_id)):
        raise Invalid(f"{reviewed_party_id} is not a registered enterprise or agency", field="reviewed_party_id")


def _requester(market: MatchingStore, requester_type: str, org: str) -> Requester:
    """Who asks, as the audit will show it: a government division, or an enterprise, insurer or association that
    matching knows as registered and active (409 otherwise)."""
    if requester_type == "government":
        return Requester.government(org)
    if requester_type == "enterprise":
        found = market.enterprise(org)
        requester = found and Requester.enterprise(found.industry_section, found.county, found.town)
    else:
        found = market.provider(org)
        requester = found and Requester.organisation(found.name, found.county, found.town)
    if not found or found.status != "active":
        raise Refused(f"{org} is not a registered, active {requester_type} (or not yet known to matching)")
    return requester


def _close_subject(store: ExpertStore, request: ExpertRequest) -> None:
    subject = store.subject(request.requester_id, request.subject)
    subject.close(request.id, cancelled=request.cancellation is not None)
    store.save_subject(subject)


def _announce(uow: UnitOfWork, request: ExpertRequest, invited: list[Invitation]) -> None:
    for invitation in invited:
        uow.publish("expert-drawn", subject=request.id, data=outgoing.expert_drawn(request, invitation))


def _answered(uow: UnitOfWork, request: ExpertRequest, invitation: Invitation) -> None:
    uow.publish(
        "expert-engagement-answered", subject=request.id, data=outgoing.engagement_answered(request, invitation)
    )
