"""What the refreshes of one unit of work read and write, in a few round trips whatever the number of agencies.

A batch of consumed events is one unit of work. The facts that arrive wait here; the first refresh reads what
every agency of the batch needs (agency documents, open ledger lines, the stored facts of the changed cases)
in three queries; the writes (new facts, ledger lines, changed rating fields, history) go out together,
after the last refresh, just before the commit (`uow.once`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from services.common.storage.store import UnitOfWork

from ..domain.facts import Fact, case_key
from ..store import CreditStore, chain_of


@dataclass
class Seen:
    """What a refresh of one agency starts from: its document, its ledger lines not yet ended, the stored
    facts of the cases that changed (`settled`) and the facts new to the ledger."""

    doc: dict
    lines: Counter
    settled: list[Fact]
    new: list[Fact]


@dataclass
class Writes:
    facts: list[tuple[str, Fact]] = field(default_factory=list)
    lines: list[tuple[str, Counter]] = field(default_factory=list)
    standings: dict[str, dict] = field(default_factory=dict)
    history: list[tuple[str, dict]] = field(default_factory=list)


class Batch:
    """One unit of work's arrivals, reads and writes (`batch_of(uow)`), kept by the unit of work and gone with it."""

    def __init__(self, uow: UnitOfWork):
        self.uow, self.store = uow, CreditStore(uow)
        self.arrived: dict[str, dict[str, Fact]] = defaultdict(dict)  # agency -> fact id -> fact
        self.stored: set[str] = set()  # ids of new facts already in the database (due-process steps)
        self.waiting: set[str] = set()  # agencies to refresh (read together)
        self.seen: dict[str, Seen] = {}
        self.refreshed: set[str] = set()
        self.writes = Writes()

    def arrive(self, agency_id: str, fact: Fact, stored: bool = False) -> None:
        """A fact for the agency's next refresh (written then, unless `stored` already)."""
        self.arrived[agency_id].setdefault(fact.id, fact)
        if stored:
            self.stored.add(fact.id)
        self.expect(agency_id)

    def expect(self, agency_id: str) -> None:
        self.waiting.add(agency_id)

    def read(self, agency_id: str) -> Seen:
        """What the agency's refresh needs; the first read loads every agency waiting."""
        if agency_id in self.refreshed:  # refreshed again in this unit of work: read what was written
            self.flush()
        if agency_id not in self.seen:
            self._load({agency_id} | self.waiting - self.refreshed - set(self.seen))
        self.refreshed.add(agency_id)
        return self.seen.pop(agency_id)

    def _load(self, agencies: set[str]) -> None:
        docs = self.store.agencies_by_id(agencies)
        chains = {a: chain_of(docs.get(a)) for a in agencies}
        lines = self.store.open_lines({a: c.through for a, c in chains.items() if c.through})
        arrived = {a: list(self.arrived.pop(a, {}).values()) for a in agencies}
        facts = [f for found in arrived.values() for f in found]
        known = self.store.facts_of_cases({case_key(f) for f in facts}, agencies)  # a copy is of its case
        for a in agencies:
            stored = {f.id for f in known[a]} - self.stored
            new = [f for f in arrived[a] if f.id not in stored]
            self.writes.facts += [(a, f) for f in new if f.id not in self.stored]
            settled = [f for f in known[a] if f.id not in self.stored]
            self.seen[a] = Seen(docs.get(a) or {}, lines.get(a, Counter()), settled, new)
        self._later()

    def add_lines(self, agency_id: str, delta: Counter) -> None:
        if delta:
            self.writes.lines.append((agency_id, delta))
            self._later()

    def save_standing(self, agency_id: str, changes: dict) -> None:
        if changes:
            self.writes.standings.setdefault(agency_id, {}).update(changes)
            self._later()

    def add_history(self, agency_id: str, entry: dict) -> None:
        self.writes.history.append((agency_id, entry))
        self._later()

    def flush(self) -> None:
        """Write what the refreshes changed: each kind of write in one round trip."""
        writes, self.writes = self.writes, Writes()
        self.store.add_facts(writes.facts)
        self.store.add_lines(writes.lines)
        self.store.save_standings(writes.standings)
        self.store.add_history(writes.history)

    def _later(self) -> None:
        self.uow.once(("credit", "writes"), self.flush)  # after every refresh registered before it


def batch_of(uow: UnitOfWork) -> Batch:
    """The unit of work's batch (made on first use)."""
    return uow.keep("credit-batch", lambda: Batch(uow))
