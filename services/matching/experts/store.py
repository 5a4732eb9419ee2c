"""Storage of expert engagements. Collections: `experts` (the registry's expert events, newest wins),
`expert_requests` (invitations inside, versioned so two concurrent answers cannot both win; `answer_due` is the
earliest pending deadline, for the expiry job) and `expert_subjects` (a requester's open request about a subject,
versioned so two concurrent requests about it cannot both open). Times are ISO strings (UTC, Z), days ISO dates."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING

from services.common.clock import isotime
from services.common.storage.mapping import from_doc, to_doc
from services.common.storage.store import Store

from .domain.draw import Criteria, Expert
from .domain.engagement import OPEN, ExpertRequest, RequestStatus
from .domain.subjects import Subject, subject_of

EXPERTS, REQUESTS, SUBJECTS = "experts", "expert_requests", "expert_subjects"
LIVE_REQUEST = [s.value for s in OPEN]
PANEL_FIELDS = ("name", "grade", "county", "specialties")


def setup(ctx) -> None:
    """Indexes of the requests, and the subjects of requests made before subjects were kept (once per process)."""
    requests = ctx.db[REQUESTS]
    requests.create_index([("requester_id", ASCENDING), ("requested_at", DESCENDING)])
    requests.create_index([("status", ASCENDING), ("answer_due", ASCENDING)])
    requests.create_index([("invitations.expert_id", ASCENDING), ("requested_at", DESCENDING)])
    requests.create_index([("requested_at", DESCENDING)])
    ctx.retrying(file_subjects)


def file_subjects(uow) -> None:
    """Requests made before subjects were kept get their subject, and each open one is its subject's open
    request (once: later requests have a subject)."""
    store = ExpertStore(uow)
    for request in store.requests({"subject": {"$exists": False}}):
        about = subject_of(request.requester_type, request.requester_id, request.reviewed_party_id)
        uow[REQUESTS].update_one({"_id": request.id}, {"$set": {"subject": about}})
        subject = store.subject(request.requester_id, about)
        if request.status in OPEN and not subject.open_request:
            subject.open(request.id)
            store.save_subject(subject)


def request_doc(request: ExpertRequest) -> dict:
    """An expert request's document, with its earliest pending answer deadline (the expiry job queries it)."""
    due = request.answer_due
    return {**to_doc(request), "answer_due": isotime(due) if due else None}


class ExpertStore(Store):
    """The expert projection and the expert requests, in one unit of work."""

    # --- the pool (projection of registry events) ------------------------------------------------
    def save_expert(self, expert_id: str, profile: dict, time: str) -> None:
        """Keep the newest registry state of an expert (events may arrive out of order)."""
        self.upsert_newer(EXPERTS, expert_id, "profile_time", time, profile, on_insert={"status": "unknown"})

    def pool(self, criteria: Criteria) -> list[Expert]:
        """Experts with one of the specialties and industries asked for (the domain checks the rest)."""
        query = {"specialties": {"$in": list(criteria.specialties)}, "industries": {"$in": list(criteria.industries)}}
        return [from_doc(Expert, d) for d in self[EXPERTS].find(query)]

    def panel_profiles(self, expert_ids: list[str]) -> dict[str, dict]:
        """What a requester learns of each expert of his panel (name, grade, county, specialties), by id."""
        docs = self[EXPERTS].find({"_id": {"$in": expert_ids}})
        return {d["_id"]: {k: d.get(k) for k in PANEL_FIELDS} for d in docs}

    def experts_drawn_for(self, requester_id: str, since: datetime) -> frozenset[str]:
        """Experts invited for this requester at or after `since` (rotation, 轮换), but not for a request it
        cancelled: a redraw may draw them again."""
        query = {
            "requester_id": requester_id,
            "invitations.invited_at": {"$gte": isotime(since)},
            "status": {"$ne": RequestStatus.CANCELLED.value},
        }
        docs = self[REQUESTS].find(query)
        return frozenset(i["expert_id"] for d in docs for i in d["invitations"] if i["invited_at"] >= isotime(since))

    def experts_engaged(self, criteria: Criteria) -> frozenset[str]:
        """Experts accepted or awaiting an answer for live requests whose days overlap the criteria's."""
        docs = self[REQUESTS].find(
            {
                "status": {"$in": LIVE_REQUEST},
                "criteria.first_day": {"$lte": criteria.last_day.isoformat()},
                "criteria.last_day": {"$gte": criteria.first_day.isoformat()},
            }
        )
        live = ("invited", "accepted")
        return frozenset(i["expert_id"] for d in docs for i in d["invitations"] if i["status"] in live)

    # --- requests ------------------------------------------------------------------------------------
    def add_request(self, request: ExpertRequest) -> None:
        self.insert_versioned(REQUESTS, request_doc(request))

    def request(self, request_id: str) -> ExpertRequest:
        return from_doc(ExpertRequest, self.load(REQUESTS, request_id, "expert request"))

    def save_request(self, request: ExpertRequest) -> None:
        self.replace_versioned(REQUESTS, request_doc(request), "expert request")

    def subject(self, requester_id: str, subject: str) -> Subject:
        """The requester's record of a subject, made the first time it is asked about."""
        key = Subject.key(requester_id, subject)
        self[SUBJECTS].update_one({"_id": key}, {"$setOnInsert": {"version": 0}}, upsert=True)
        return from_doc(Subject, self.load(SUBJECTS, key, "subject"))

    def save_subject(self, subject: Subject) -> None:
        self.replace_versioned(SUBJECTS, to_doc(subject), "subject")

    def requests(self, query: dict) -> list[ExpertRequest]:
        return [from_doc(ExpertRequest, d) for d in self[REQUESTS].find(query)]

    def overdue_request_ids(self, now: datetime, limit: int = 100) -> list[str]:
        query = {"status": "inviting", "answer_due": {"$lt": isotime(now)}}
        return [d["_id"] for d in self[REQUESTS].find(query, {"_id": 1}).limit(limit)]
