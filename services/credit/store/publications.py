"""What credit publishes beside its bulletins: the chain of digests, correction notices (更正公告) and the links
from corrected entries to them, and how far the facts were checked for corrections.

Collections: bulletin_chain (_id = the link's sequence from 1: kind, ref, digest, previous, published_on),
correction_notices (_id = YYYY-MM-NNN: month, number, published_on, lines, sequence, digest, previous),
correction_checks (_id "facts": `through`, the time up to which stored facts were checked).
"""

from __future__ import annotations

from datetime import date, datetime

from services.common.storage.store import Store

from ..domain.chain import CORRECTION, GENESIS, digest, notice_document
from ..domain.facts import PRIMARY
from .standings import FACTS

CHAIN, NOTICES, CHECKS = "bulletin_chain", "correction_notices", "correction_checks"
BULLETINS, ENTRIES = "bulletins", "bulletin_entries"


class PublicationStore(Store):
    """The chain, correction notices and the entries they correct."""

    def link(self, kind: str, ref: str, document: dict, day: date) -> dict:
        """Append a document (`domain.chain`, without `previous`) to the chain: its sequence, digest and previous
        digest (a concurrent append of the same sequence fails on the unique _id)."""
        last = self[CHAIN].find_one({}, sort=[("_id", -1)])
        previous = last["digest"] if last else GENESIS
        found = {"sequence": (last["_id"] if last else 0) + 1, "digest": digest(document, previous)}
        self[CHAIN].insert_one(
            {"_id": found["sequence"], "kind": kind, "ref": ref, "digest": found["digest"], "previous": previous}
            | {"published_on": day.isoformat()}
        )
        return {**found, "previous": previous}

    def chain(self) -> list[dict]:
        """Every link, in the order published."""
        return [{"sequence": d.pop("_id"), **d} for d in self[CHAIN].find({}).sort("_id", 1)]

    def entries_of(self, agency_id: str) -> list[dict]:
        """An agency's entries in every published bulletin, the oldest month first."""
        return list(self[ENTRIES].find({"agency_id": agency_id}).sort("month", 1))

    def entry(self, month: str, agency_id: str) -> dict:
        return self[ENTRIES].find_one({"_id": f"{month}|{agency_id}"})

    def notice(self, notice_id: str) -> dict | None:
        return self[NOTICES].find_one({"_id": notice_id})

    def notices(self, limit: int) -> list[dict]:
        """Correction notices, the newest first."""
        return list(self[NOTICES].find({}).sort("sequence", -1).limit(limit))

    def add_notice(self, month: str, lines: list[dict], day: date) -> dict:
        """The month's next correction notice, chained, each corrected entry linked to it (beside its frozen
        fields, which stay as published)."""
        number = self[NOTICES].count_documents({"month": month}) + 1
        notice = {"id": f"{month}-{number:03d}", "month": month, "published_on": day.isoformat(), "lines": lines}
        chained = self.link(CORRECTION, notice["id"], notice_document(notice), day)
        self[NOTICES].insert_one({"_id": notice["id"], **notice, "number": number, **chained})
        for line in lines:
            self[ENTRIES].update_one(
                {"_id": f"{line['bulletin']}|{line['agency_id']}"},
                {"$push": {"corrections": {"notice": notice["id"], "after": line["after"]}}},
            )
        return notice | chained

    def checked_through(self) -> datetime | None:
        """The time up to which stored facts were checked for corrections."""
        doc = self[CHECKS].find_one({"_id": "facts"})
        return doc["through"] if doc else None

    def check_through(self, moment: datetime) -> None:
        self[CHECKS].update_one({"_id": "facts"}, {"$set": {"through": moment}}, upsert=True)

    def published_since(self, moment: datetime | None) -> list[dict]:
        """The bulletins published after a moment (every one if None)."""
        query = {"published_at": {"$gt": moment}} if moment else {}
        return list(self[BULLETINS].find(query, {"as_of": 1, "published_at": 1}))

    def agencies_with_facts_since(self, moment: datetime, latest: date) -> list[str]:
        """The agencies with a fact stored after a moment that may tell something about a bulletin's day (`latest`:
        the day of the latest bulletin): a step of a case, or a fact noticed before that day (a case first noticed
        on the day or later is no correction of it)."""
        may_correct = [{"type": {"$nin": list(PRIMARY)}}, {"noticed_on": {"$lt": latest.isoformat()}}]
        return sorted(self[FACTS].distinct("agency_id", {"stored_at": {"$gt": moment}, "$or": may_correct}))
