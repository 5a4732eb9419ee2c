"""Credit storage: facts, the ledger, agencies (profile, status history, rating and its carried state),
history, bulletins.

Collections: facts, lines, agencies and history (`standings.py`: what a refresh reads and writes), bulletins
(_id = YYYY-MM, frozen; with its link of the chain: sequence, digest, previous) with bulletin_entries (frozen; a
correction's link beside them), the chain and correction notices (`publications.py`), public_notices (公告送达,
_id = violation id), awaiting (the objections and repair applications regulators must decide, _id = kind|case),
evidence files (`evidence.py`).
"""

from __future__ import annotations

from datetime import date

from pymongo import ASCENDING, DESCENDING, UpdateOne

from services.common.errors import NotFound

from ..domain.chain import BULLETIN, bulletin_document
from ..domain.facts import Fact
from .evidence import FILES as EVIDENCE_FILES
from .publications import BULLETINS, ENTRIES, PublicationStore
from .standings import AGENCIES, AWAITING, FACTS, HISTORY, LINES, StandingStore, fact_doc, practitioners

PUBLIC_NOTICES = "public_notices"
PROFILE_FIELDS = ("name", "kind", "county", "town", "status")  # public; no personal data
#: an agency the registry has published (its profile arrived). Facts about any other id are held: rated, never public.
KNOWN = {"profile_time": {"$exists": True}}
HELD = {"profile_time": {"$exists": False}}


def setup(ctx) -> None:
    """Indexes (run once per process)."""
    db = ctx.db
    db[FACTS].create_index("case")  # few indexes: a batch inserts its facts in one write
    db[FACTS].create_index([("agency_id", ASCENDING), ("time", ASCENDING)])
    db[LINES].create_index([("agency_id", ASCENDING), ("end", ASCENDING)])
    db[AGENCIES].create_index([("status", ASCENDING), ("rating.score", DESCENDING)])
    db[AGENCIES].create_index("next_change_on")
    db[AGENCIES].create_index("notice_due_on")
    db[PUBLIC_NOTICES].create_index([("published_on", DESCENDING), ("_id", DESCENDING)])
    db[AWAITING].create_index([("kind", ASCENDING), ("due_on", ASCENDING)])
    db[AGENCIES].create_index("name")
    for field in ("rating.listed_until", "rating.rectification_until", "rating.interview_required"):
        db[AGENCIES].create_index(field)
    db[HISTORY].create_index([("agency_id", ASCENDING), ("_id", DESCENDING)])
    db[ENTRIES].create_index([("month", ASCENDING), ("_id", ASCENDING)])
    db[ENTRIES].create_index("agency_id")  # an agency's entries, checked for corrections
    db[FACTS].create_index("data.practitioner_id", sparse=True)  # his training wherever recorded
    db[FACTS].create_index("stored_at")  # the agencies whose facts changed since the last check
    db[EVIDENCE_FILES].create_index([("metadata.state", ASCENDING), ("metadata.uploaded_at", ASCENDING)])


class CreditStore(StandingStore, PublicationStore):
    """Reads and writes of the credit database, in one unit of work."""

    def add_fact(self, agency_id: str, fact: Fact) -> None:
        """Store one fact (a concurrent one with its id fails on the unique _id)."""
        self[FACTS].insert_one(fact_doc(agency_id, fact, self.uow.now))

    def facts(self, agency_id: str, known_at: date | None = None) -> list[Fact]:
        """The agency's stored facts (`known_at`: those noticed by the end of that day, for `rating.rate`)."""
        query = {"agency_id": agency_id, **({"noticed_on": {"$lte": known_at.isoformat()}} if known_at else {})}
        return [Fact.from_dict(d) for d in self[FACTS].find(query).sort([("time", 1), ("_id", 1)])]

    def rated_facts(self, agency_id: str, known_at: date | None = None) -> list[Fact]:
        """The facts the agency's rating reads: its own and its practitioners' training recorded elsewhere."""
        return self._with_training_elsewhere(agency_id, self.facts(agency_id, known_at), known_at)

    def staffing_facts(self, agency_id: str) -> list[Fact]:
        """The facts its staffing terms read (人员配备、继续教育): its case `staffing:<agency>`, with its
        practitioners' training recorded elsewhere."""
        return self._with_training_elsewhere(agency_id, self.case_facts(agency_id, f"staffing:{agency_id}"))

    def _with_training_elsewhere(self, agency_id: str, own: list[Fact], known_at: date | None = None) -> list[Fact]:
        return own + self.trained_elsewhere({agency_id: practitioners(own)}, known_at)[agency_id]

    def case_facts(self, agency_id: str, key: str) -> list[Fact]:
        return [Fact.from_dict(d) for d in self[FACTS].find({"case": key, "agency_id": agency_id})]

    def violation_facts(self, agency_id: str, claims: bool = False) -> list[Fact]:
        """Every fact of the agency's violation cases (`claims`: and of its claims, whose notices are served too)."""
        pattern = "^(violation|claim):" if claims else "^violation:"
        return [Fact.from_dict(d) for d in self[FACTS].find({"agency_id": agency_id, "case": {"$regex": pattern}})]

    def served_cases_of(self, event_ids: set[str]) -> dict[str, tuple[str, str]]:
        """The stored violation-recorded and contract-terminated events among these ids: (agency, case) by event id."""
        query = {"_id": {"$in": sorted(event_ids)}, "type": {"$in": ["violation-recorded", "contract-terminated"]}}
        return {d["_id"]: (d["agency_id"], d["case"]) for d in self[FACTS].find(query)}

    def history_since(self, agency_id: str, day: date) -> list[dict]:
        """The agency's published changes rated on or after a day."""
        return list(self[HISTORY].find({"agency_id": agency_id, "as_of": {"$gte": day.isoformat()}}))

    def notices_due(self, day: date) -> list[str]:
        """Agencies a public notice may fall due for by a day."""
        return self.agency_ids({"notice_due_on": {"$lte": day.isoformat()}})

    def set_notice_due(self, agency_id: str, day: date | None) -> None:
        self[AGENCIES].update_one({"_id": agency_id}, {"$set": {"notice_due_on": day.isoformat() if day else None}})

    def add_public_notices(self, notices: list[dict]) -> None:
        """Public notices (公告送达), once each (a violation is published once)."""
        self[PUBLIC_NOTICES].bulk_write(
            [UpdateOne({"_id": n["_id"]}, {"$setOnInsert": n}, upsert=True) for n in notices], ordered=False
        )

    def await_decision(self, kind: str, key: str, agency_id: str, since: date, due: date) -> None:
        """An objection (`objection`) or a repair application (`repair`) waits for a regulator's decision."""
        doc = {"kind": kind, "case": key, "agency_id": agency_id, "since": since.isoformat(), "due_on": due.isoformat()}
        self[AWAITING].replace_one({"_id": f"{kind}|{key}"}, doc, upsert=True)

    def decided(self, kind: str, key: str) -> None:
        self[AWAITING].delete_one({"_id": f"{kind}|{key}"})

    def awaiting(self, kind: str) -> list[dict]:
        """What waits for a decision, the earliest due first."""
        return list(self[AWAITING].find({"kind": kind}).sort([("due_on", 1), ("_id", 1)]))

    def case_agency(self, key: str) -> str | None:
        """The agency a violation or claim is about."""
        primary = "violation-recorded" if key.startswith("violation:") else "contract-terminated"
        doc = self[FACTS].find_one({"case": key, "type": primary}, {"agency_id": 1})
        return doc["agency_id"] if doc else None

    def agency(self, agency_id: str) -> dict | None:
        return self[AGENCIES].find_one({"_id": agency_id})

    def known_agency(self, agency_id: str) -> dict:
        """The agency's profile and rating (NotFound if the credit service never heard of it)."""
        doc = self.agency(agency_id)
        if doc is None:
            raise NotFound(f"no agency {agency_id!r} known to the credit service")
        return doc

    def fact_span(self, agency_id: str) -> dict:
        """How many facts are stored about an agency, and the times of the first and the last."""
        times = [d["time"] for d in self[FACTS].find({"agency_id": agency_id}, {"time": 1}).sort("time", 1)]
        return {
            "facts": len(times),
            "first_fact_at": times[0] if times else None,
            "last_fact_at": times[-1] if times else None,
        }

    def agency_ids(self, query: dict | None = None) -> list[str]:
        return [d["_id"] for d in self[AGENCIES].find(query or {}, {"_id": 1}).sort("_id")]

    def agencies(self) -> list[dict]:
        """Every agency's profile and status history (no ratings), for bulletins."""
        return list(self[AGENCIES].find({}, {"rating": 0, "chain": 0}).sort("_id"))

    def due(self, day: date) -> list[str]:
        """Agencies whose rating time alone may have changed by a day."""
        return self.agency_ids({"next_change_on": {"$lte": day.isoformat()}})

    def save_profile(self, agency_id: str, data: dict, time: str) -> None:
        """Keep the newest profile (by event time) and every status change, for bulletins of past days."""
        profile = {k: data.get(k) for k in PROFILE_FIELDS}
        self.upsert_newer(AGENCIES, agency_id, "profile_time", time, profile, on_insert={"rating": None})
        self[AGENCIES].update_one(
            {"_id": agency_id}, {"$addToSet": {"statuses": {"time": time, "status": data["status"]}}}
        )

    def bulletin(self, month: str) -> dict | None:
        return self[BULLETINS].find_one({"_id": month})

    def bulletins(self, limit: int) -> list[dict]:
        """Bulletin summaries, newest first."""
        return list(self[BULLETINS].find({}).sort("_id", -1).limit(limit))

    def add_bulletin(self, month: str, doc: dict, entries: list[dict]) -> None:
        """A month's bulletin, chained; a second one for the month fails on the unique _id (it stays frozen)."""
        chained = self.link(BULLETIN, month, bulletin_document({"month": month, **doc}, entries), self.uow.today)
        self[BULLETINS].insert_one({"_id": month, **doc, **chained, "published_at": self.uow.now})
        if entries:
            self[ENTRIES].insert_many([{**e, "_id": f"{month}|{e['agency_id']}", "month": month} for e in entries])
