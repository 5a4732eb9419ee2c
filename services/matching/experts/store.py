"""Storage of expert engagements. Collections: `experts` (the registry's expert events, newest wins) and
`expert_requests` (invitations inside, versioned so two concurrent answers cannot both win; `answer_due` is the
earliest pending deadline, for the expiry job). Times are ISO strings (UTC, Z), days ISO dates."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING

from services.common.clock import isotime
from services.common.storage.mapping import from_doc, to_doc
from services.common.storage.store import Store

from .domain.draw import Criteria, Expert
from .domain.engagement import ExpertRequest

EXPERTS, REQUESTS = "experts", "expert_requests"
LIVE_REQUEST = ["inviting", "complete", "short"]
PANEL_FIELDS = ("name", "grade", "county", "specialties")


def setup(ctx) -> None:
    """Indexes of the requests (once per process)."""
    requests = ctx.db[REQUESTS]
    requests.create_index([("requester_id", ASCENDING), ("requested_at", DESCENDING)])
    requests.create_index([("status", ASCENDING), ("answer_due", ASCENDING)])
    requests.create_index([("invitations.expert_id", ASCENDING), ("requested_at", DESCENDING)])
    requests.create_index([("requester_type", ASCENDING), ("requested_at", DESCENDING)])


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
        """Experts invited for this requester at or after `since` (rotation, 轮换)."""
        docs = self[REQUESTS].find({"requester_id": requester_id, "invitations.invited_at": {"$gte": isotime(since)}})
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

    def requests(self, query: dict) -> list[ExpertRequest]:
        return [from_doc(ExpertRequest, d) for d in self[REQUESTS].find(query)]

    def overdue_request_ids(self, now: datetime, limit: int = 100) -> list[str]:
        query = {"status": "inviting", "answer_due": {"$lt": isotime(now)}}
        return [d["_id"] for d in self[REQUESTS].find(query, {"_id": 1}).limit(limit)]
