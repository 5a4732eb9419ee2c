"""Reads of expert engagements: requests as each caller may see them, an expert's own invitations, engagement
records and flags, a requester's redraws (regulators of its division), and the public side (engagements per
expert, the audit of every draw, cancellation and redraw).

While a request is still inviting, only regulators and admin see its order and invitations: nobody can lobby
the next in line. Once the panel is decided (complete, short or cancelled) the requester sees the panel and
anyone its order in the audit.
"""

from __future__ import annotations

from services.common.errors import Forbidden, NotFound
from services.common.reference import CITY_CODE, COUNTIES, TOWNS
from services.common.storage.mapping import from_doc, to_plain
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ...domain.buyers import covers
from ..domain.engagement import OPEN, ExpertRequest, RequestStatus
from ..domain.records import FLAG_WINDOW, Record, flagged, record_of
from ..store import PANEL_FIELDS, REQUESTS, ExpertStore

OVERSEERS = ("regulator", "admin")
PUBLIC_CRITERIA = ("specialties", "industries", "min_grade", "counties", "first_day", "last_day")


def _decided(request: ExpertRequest) -> bool:
    return request.status != RequestStatus.INVITING


def _shown(request: ExpertRequest, full: bool) -> dict:
    """The request; its draw lists and invitations only when `full`."""
    doc = to_plain(request)
    doc["draw"] = {**doc["draw"], "eligible_count": request.draw.eligible_count}
    if not full:
        doc["draw"] = {k: v for k, v in doc["draw"].items() if k not in ("eligible", "excluded", "order")}
        doc.pop("invitations")
    return doc


def _panel(uow: UnitOfWork, request: ExpertRequest) -> list[dict]:
    """The accepted experts with what the requester needs to know of them (name, grade, county, specialties)."""
    ids = [i.expert_id for i in request.panel]
    known = ExpertStore(uow).panel_profiles(ids)
    return [{"expert_id": x, **known.get(x, dict.fromkeys(PANEL_FIELDS))} for x in ids]


def request_view(uow: UnitOfWork, who: Principal, request_id: str) -> dict:
    """The requester, regulators and admin read a request; the panel appears once it is decided."""
    request = ExpertStore(uow).request(request_id)
    oversees = who.role in OVERSEERS
    if not oversees and who.org != request.requester_id:
        raise Forbidden("only the requester and regulators read an expert request")
    doc = _shown(request, oversees or _decided(request))
    return doc | ({"panel": _panel(uow, request)} if _decided(request) else {})


def list_requests(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    """A requester's own requests (regulators and admin: all), newest first."""
    oversees = who.role in OVERSEERS
    query = {} if oversees else {"requester_id": who.org}
    if args.get("status"):
        query["status"] = args["status"]
    page = paginate(uow[REQUESTS], query, args["limit"], args.get("cursor"), sort="requested_at", descending=True)
    page["items"] = [_shown(r, oversees or _decided(r)) for r in _requests(page["items"])]
    return page


def invitations(uow: UnitOfWork, who: Principal, expert_id: str, args: dict) -> dict:
    """The expert's own invitations (and nobody else's), newest first."""
    who.require_org(expert_id)
    query = {"invitations.expert_id": expert_id}
    page = paginate(uow[REQUESTS], query, args["limit"], args.get("cursor"), sort="requested_at", descending=True)
    page["items"] = [invitation_of(r, expert_id) for r in _requests(page["items"])]
    return page


def invitation_of(request: ExpertRequest, expert_id: str) -> dict:
    """The expert's invitation to `request`: the work, for whom and about whom, and his answer."""
    invitation = request.invitation(expert_id)
    return {
        "request_id": request.id,
        "requester_id": request.requester_id,
        "requester_type": request.requester_type,
        "task": request.task,
        "description": request.description,
        "reviewed_party_id": request.reviewed_party_id,
        "criteria": to_plain(request.criteria),
        **to_plain(invitation),
    }


def _requests(docs: list[dict]) -> list[ExpertRequest]:
    return [from_doc(ExpertRequest, d) for d in docs]


# --- records and flags -------------------------------------------------------------------------------------
def _record(record: Record) -> dict:
    return {**to_plain(record), "average": record.average, "flags": record.flags}


def engagement_record(uow: UnitOfWork, who: Principal, expert_id: str) -> dict:
    """The expert's record (all time) with the flags of the last year: to himself, regulators and admin."""
    if who.role not in OVERSEERS and not (who.role == "expert" and who.org == expert_id):
        raise Forbidden("only the expert himself and regulators read an engagement record")
    requests = ExpertStore(uow).requests({"invitations.expert_id": expert_id})
    current = record_of(expert_id, requests, uow.now - FLAG_WINDOW)
    return {**_record(record_of(expert_id, requests)), "flags": current.flags}


def flagged_experts(uow: UnitOfWork) -> dict:
    """Experts with repeated unexplained declines or poor evaluations in the last year (the regulator's list)."""
    since = uow.now - FLAG_WINDOW
    requests = ExpertStore(uow).requests({"requested_at": {"$gte": to_plain(since)}})
    return {"window_days": FLAG_WINDOW.days, "items": [_record(r) for r in flagged(requests, uow.now)]}


# --- public (公示): no personal data -------------------------------------------------------------------------
def public_engagements(uow: UnitOfWork, expert_id: str) -> dict:
    """How often the expert served: completed engagements, by task."""
    requests = ExpertStore(uow).requests({"invitations.expert_id": expert_id, "status": "completed"})
    served = [r for r in requests if any(i.expert_id == expert_id for i in r.panel)]
    by_task = {}
    for r in served:
        by_task[r.task] = by_task.get(r.task, 0) + 1
    return {"expert_id": expert_id, "engagements": len(served), "by_task": by_task}


def public_draw(request: ExpertRequest) -> dict:
    """The audit of a request: criteria, seed, counts, who asked (an enterprise by industry and town only), its
    cancellation or the request it redraws; the lists and answers once decided (no reasons given, no
    evaluations, no reviewed party, no description)."""
    audit = {
        "request_id": request.id,
        "requester_type": request.requester_type,
        "requester": to_plain(request.requester),
        "task": request.task,
        "experts_needed": request.experts_needed,
        "requested_at": to_plain(request.requested_at),
        "status": request.status.value,
        **{k: v for k, v in to_plain(request.criteria).items() if k in PUBLIC_CRITERIA},
        "draw": _shown(request, _decided(request))["draw"],
        "redraw_of": request.redraw_of,
        "cancellation": to_plain(request.cancellation),
    }
    if _decided(request):
        audit["invitations"] = [
            {"expert_id": i.expert_id, "position": i.position, "status": i.status.value} for i in request.invitations
        ]
    return audit


def public_draws(uow: UnitOfWork, args: dict) -> dict:
    """Every request's audit, newest first."""
    page = paginate(uow[REQUESTS], {}, args["limit"], args.get("cursor"), sort="requested_at", descending=True)
    page["items"] = [public_draw(r) for r in _requests(page["items"])]
    return page


def public_draw_of(uow: UnitOfWork, request_id: str) -> dict:
    return public_draw(ExpertStore(uow).request(request_id))


# --- a requester's redraws (regulators) -----------------------------------------------------------------------
def requester_redraws(uow: UnitOfWork, who: Principal, requester_id: str) -> dict:
    """How often the requester cancelled and asked again, for a regulator whose division holds it (its place when
    it last asked; the city's regulator also sees the city's own departments and requesters from outside)."""
    requests = sorted(ExpertStore(uow).requests({"requester_id": requester_id}), key=lambda r: r.requested_at)
    if not requests:
        raise NotFound(f"no expert requests by {requester_id}")
    latest = requests[-1]
    place = latest.requester.place if latest.requester else None
    if not _holds(who, place or CITY_CODE):
        raise Forbidden(f"requester {requester_id} lies outside the division {who.org} this regulator acts for")
    reasons = {r.id: r.cancellation.reason for r in requests if r.cancellation}
    redraws = [r for r in reversed(requests) if r.redraw_of]
    return {
        "requester_id": requester_id,
        "requester_type": latest.requester_type,
        "requester": to_plain(latest.requester),
        "requests": len(requests),
        "open": sum(r.status in OPEN for r in requests),
        "cancellations": len(reasons),
        "redraws": len(redraws),
        "redrawn": [
            {
                "request_id": r.id,
                "requested_at": to_plain(r.requested_at),
                "redraw_of": r.redraw_of,
                "reason": reasons.get(r.redraw_of),
            }
            for r in redraws
        ],
    }


def _holds(who: Principal, place: str) -> bool:
    """Admin, or a regulator of a real division (the city, a county, a town) that covers the place."""
    real = who.org == CITY_CODE or who.org in COUNTIES or who.org in TOWNS
    return who.role == "admin" or (real and covers(who.org, place))
