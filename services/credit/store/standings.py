"""What a refresh reads and writes: the agencies of a unit of work together, in a few round trips whatever their
number.

Collections: facts (_id = event or fact id; `case`), lines (the ledger: effects counted by kind, per agency),
agencies (_id = agency id: profile, status history, rating, `chain`, `next_change_on`, `notice_due_on`,
`deliveries_pending`), history (one entry per published change; corrected in place, what was published kept),
awaiting (the objections and repair applications a regulator must decide).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from pymongo import UpdateOne

from services.common.clock import isotime
from services.common.storage.mapping import from_plain, to_plain
from services.common.storage.store import Store

from ..domain.facts import PRACTITIONER_FACTS, TRAINING, Fact, case_key
from ..domain.ledger import Chain, Line
from ..domain.rating import Rating

FACTS, LINES, AGENCIES, HISTORY, AWAITING = "facts", "lines", "agencies", "history", "awaiting"


@dataclass
class Standing:
    """An agency as its refresh finds it: its stored document, its ledger lines not yet ended (by its chain's day),
    the stored facts of the cases its new facts belong to (`settled`), the facts new to its ledger (`new`) and,
    of those, the ones to store (`unstored`); its practitioners' training recorded at other agencies (`elsewhere`,
    among `settled`)."""

    agency_id: str
    doc: dict
    lines: Counter
    settled: list[Fact]
    new: list[Fact]
    unstored: list[Fact]
    elsewhere: list[Fact] = field(default_factory=list)

    @property
    def rating(self) -> Rating | None:
        return Rating.from_summary(self.doc["rating"]) if self.doc.get("rating") else None

    @property
    def chain(self) -> Chain:
        return chain_of(self.doc)


@dataclass
class Changes:
    """What one agency's refresh writes: its new facts, its ledger change (the whole ledger when `rebuilt`), the
    fields of its document that changed, the history entry of a published change, the corrections of published
    entries (`_id`, fields) and the cases whose pending decisions a revocation closed."""

    agency_id: str
    facts: list[Fact]
    lines: Counter
    rebuilt: bool
    fields: dict
    history: dict | None
    corrections: list[tuple[str, dict]] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)


class StandingStore(Store):
    """The reads and writes of refreshes, in one unit of work."""

    def standings(self, arrived: dict[str, list[Fact]], stored: set[str] = frozenset()) -> dict[str, Standing]:
        """Each agency (`arrived`: its new facts) as its refresh finds it, in three reads whatever their number:
        the documents, the ledger lines not ended by each one's chain day, the stored facts of the cases the new
        facts belong to (a re-sent fact is found there: neither new nor stored twice) with its practitioners'
        training recorded at other agencies. `stored`: ids of new facts
        already written (a due-process step's)."""
        docs = {d["_id"]: d for d in self[AGENCIES].find({"_id": {"$in": sorted(arrived)}})}
        through = {a: chain.through for a in arrived if (chain := chain_of(docs.get(a))).through}
        lines = self._open_lines(through)
        keys = {case_key(f) for facts in arrived.values() for f in facts} | {f"staffing:{a}" for a in arrived}
        known = self._facts_of_cases(keys, set(arrived))  # every refresh reads its agency's staffing facts
        elsewhere = self.trained_elsewhere({a: practitioners([*known[a], *arrived[a]]) for a in arrived})
        found = {}
        for agency_id, facts in arrived.items():
            settled = [f for f in [*known[agency_id], *elsewhere[agency_id]] if f.id not in stored]
            copies = {f.id for f in settled}
            new = [f for f in facts if f.id not in copies]
            unstored = [f for f in new if f.id not in stored]
            doc, open_lines = docs.get(agency_id) or {}, lines.get(agency_id, Counter())
            found[agency_id] = Standing(agency_id, doc, open_lines, settled, new, unstored, elsewhere[agency_id])
        return found

    def lines(self, agency_id: str, ended_after: date | None) -> Counter:
        """The agency's ledger lines not ended on or before a day (all of them for None)."""
        query = {"agency_id": agency_id, "count": {"$ne": 0}}
        if ended_after:
            query["end"] = {"$gt": ended_after.isoformat()}
        return Counter({from_plain(Line, d): d["count"] for d in self[LINES].find(query)})

    def save_refreshes(self, changes: list[Changes]) -> None:
        """Write what the refreshes of a unit of work changed, each kind in one round trip, in this order: the new
        facts, the ledger (a rebuilt agency's lines replaced), the agencies' changed fields, the corrected history,
        the history, the decisions no longer awaited."""
        facts = [fact_doc(c.agency_id, f, self.uow.now) for c in changes for f in c.facts]
        if facts:
            self[FACTS].insert_many(facts)
        rebuilt = [c.agency_id for c in changes if c.rebuilt]
        if rebuilt:
            self[LINES].delete_many({"agency_id": {"$in": rebuilt}})
        lines = [_line_update(c.agency_id, line, n) for c in changes for line, n in c.lines.items()]
        if lines:
            self[LINES].bulk_write(lines, ordered=False)
        fields = [UpdateOne({"_id": c.agency_id}, {"$set": c.fields}, upsert=True) for c in changes if c.fields]
        if fields:
            self[AGENCIES].bulk_write(fields, ordered=False)
        corrections = [UpdateOne({"_id": _id}, {"$set": fields}) for c in changes for _id, fields in c.corrections]
        if corrections:
            self[HISTORY].bulk_write(corrections, ordered=False)
        history = [_history_doc(c.agency_id, c.history, self.uow.now) for c in changes if c.history]
        if history:
            self[HISTORY].insert_many(history)
        closed = [key for c in changes for key in c.closed]
        if closed:
            self[AWAITING].delete_many({"case": {"$in": closed}})

    def trained_elsewhere(self, staff: dict[str, set[str]], known_at: date | None = None) -> dict[str, list[Fact]]:
        """Each agency's practitioners' training facts stored at other agencies (recorded while they worked there;
        `known_at`: noticed by then), in one query: continuing education counts wherever it was recorded."""
        found: dict[str, list[Fact]] = {a: [] for a in staff}
        people = sorted(set().union(*staff.values()))
        if not people:
            return found
        query = {"data.practitioner_id": {"$in": people}, "type": TRAINING}
        if known_at:
            query["noticed_on"] = {"$lte": known_at.isoformat()}
        for doc in self[FACTS].find(query):
            for agency_id, people in staff.items():
                if doc["agency_id"] != agency_id and doc["data"]["practitioner_id"] in people:
                    found[agency_id].append(Fact.from_dict(doc))
        return found

    def _open_lines(self, through: dict[str, date]) -> dict[str, Counter]:
        """Each agency's ledger lines not ended on or before its day (one query)."""
        found: dict[str, Counter] = {a: Counter() for a in through}
        if through:
            query = {
                "agency_id": {"$in": sorted(through)},
                "count": {"$ne": 0},
                "end": {"$gt": min(through.values()).isoformat()},
            }
            for doc in self[LINES].find(query):
                line = from_plain(Line, doc)
                if line.end > through[doc["agency_id"]]:
                    found[doc["agency_id"]][line] = doc["count"]
        return found

    def _facts_of_cases(self, keys: set[str], agencies: set[str]) -> dict[str, list[Fact]]:
        """The stored facts of these agencies in these cases, by agency."""
        found: dict[str, list[Fact]] = {a: [] for a in agencies}
        if keys:
            for doc in self[FACTS].find({"case": {"$in": sorted(keys)}}):
                if doc["agency_id"] in found:
                    found[doc["agency_id"]].append(Fact.from_dict(doc))
        return found


def practitioners(facts: list[Fact]) -> set[str]:
    """The practitioners named in an agency's facts."""
    return {f.data["practitioner_id"] for f in facts if f.type in PRACTITIONER_FACTS}


def fact_doc(agency_id: str, fact: Fact, at) -> dict:
    return {"_id": fact.id, "agency_id": agency_id, **fact.to_dict(), "case": case_key(fact), "stored_at": at}


def chain_of(doc: dict | None) -> Chain:
    return from_plain(Chain, (doc or {}).get("chain") or {})


def _line_update(agency_id: str, line: Line, n: int) -> UpdateOne:
    plain = to_plain(line)
    return UpdateOne(
        {"_id": f"{agency_id}|" + hashlib.sha1(json.dumps(plain, sort_keys=True).encode()).hexdigest()[:20]},
        {"$inc": {"count": n}, "$setOnInsert": {"agency_id": agency_id, **plain}},
        upsert=True,
    )


def _history_doc(agency_id: str, entry: dict, at) -> dict:
    """A published change; its string _id (time, event id) orders the history."""
    return {"_id": f"{isotime(at)}|{entry['event_id']}", "agency_id": agency_id, "at": at, **entry}
