"""The ladder's documents: per category a directory of its sections, and one document per section (段).

A rung (the providers of one rank score in a category) is cut by agency id into sections of at most
`SECTION_SIZE` entries: a section holds the ids from its `low` up to the next section's `low` (a rung's first
section has low ""), so a reader can stop inside a crowded rung (`domain.shortlist`). Directory
`{_id: category, sections: [[score, low, count], ...]}` (highest score first, then by low); section
`{_id: "category:score:low", entries: [...]}`, entries in no particular order. A section that grows past the size
is split in the unit of work that filled it; an emptied one (but a rung's first) is removed, its range going to
the section before it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

from pymongo import DeleteOne, ReplaceOne, UpdateOne

from ..domain.shortlist import Section

LADDER = "ladder"
SECTION_SIZE = 25


def section_id(category: str, score: int, low: str) -> str:
    return f"{category}:{score}:{low}"


def rung_of(rung: str) -> tuple[str, int]:
    """A rung id ("category:score") as (category, score)."""
    category, score = rung.rsplit(":", 1)
    return category, int(score)


class Directory:
    """One category's sections: per rank score, the count of each section by its low."""

    def __init__(self, category: str, rows: Iterable[list]):
        self.category, self.counts = category, defaultdict(dict)
        for score, low, count in rows:
            self.counts[score][low] = count
        self._lows: dict[int, list[str]] = {}

    def id(self, score: int, low: str) -> str:
        return section_id(self.category, score, low)

    def route(self, score: int, ids: Iterable[str]) -> dict[str, list[str]]:
        """Ids of one rung grouped by the low of the section they belong on (a rung's first section made when
        it has none)."""
        if score not in self._lows:
            self.counts[score].setdefault("", 0)
            self._lows[score] = sorted(self.counts[score])
        lows, groups = self._lows[score], defaultdict(list)
        for agency_id in ids:
            groups[lows[bisect_right(lows, agency_id) - 1]].append(agency_id)
        return groups

    def tidy(self) -> tuple[list[DeleteOne], dict[str, tuple[int, str]]]:
        """Remove the emptied sections (but a rung's first): their deletes; and the sections over the size."""
        counted = [(s, low, n) for s, lows in self.counts.items() for low, n in lows.items()]
        emptied = [(s, low) for s, low, n in counted if n == 0 and low]
        for score, low in emptied:
            del self.counts[score][low]
        return (
            [DeleteOne({"_id": self.id(s, low)}) for s, low in emptied],
            {self.id(s, low): (s, low) for s, low, n in counted if n > SECTION_SIZE},
        )

    def split(self, score: int, low: str, entries: list[dict]) -> list[ReplaceOne]:
        """Cut an overfull section's entries into sections of at most `SECTION_SIZE` by id; their writes."""
        entries = sorted(entries, key=lambda e: e["_id"])
        pieces = -(-len(entries) // SECTION_SIZE)
        cuts = [len(entries) * i // pieces for i in range(pieces + 1)]
        parts = [entries[cuts[i] : cuts[i + 1]] for i in range(pieces)]
        lows = [low] + [part[0]["_id"] for part in parts[1:]]
        for lowest, part in zip(lows, parts):
            self.counts[score][lowest] = len(part)
        return [
            ReplaceOne({"_id": self.id(score, lowest)}, {"entries": part}, upsert=True)
            for lowest, part in zip(lows, parts)
        ]

    def rows(self) -> list[list]:
        return sorted(
            ([s, low, n] for s, lows in self.counts.items() for low, n in lows.items()), key=lambda r: (-r[0], r[1])
        )


def sections(directory: dict | None) -> list[Section]:
    """The sections a directory document lists."""
    return [(score, low, n) for score, low, n in (directory or {}).get("sections", ())]


def move(ladder, leaving: dict[str, list[str]], joining: dict[str, list[dict]]) -> None:
    """Take providers off rungs and put entries on rungs ({"category:score": ...}), keeping sections in size."""
    categories = {rung_of(r)[0] for r in leaving.keys() | joining.keys()}
    found = {d["_id"]: d for d in ladder.find({"_id": {"$in": list(categories)}})}
    directories = {c: Directory(c, found.get(c, {}).get("sections", ())) for c in categories}
    ops = []
    for rung, ids in leaving.items():
        ops += _changes(directories, rung, ids, lambda group: {"$pull": {"entries": {"_id": {"$in": group}}}}, -1)
    for rung, entries in joining.items():
        by_id = {e["_id"]: e for e in entries}
        ops += _changes(
            directories, rung, by_id, lambda group: {"$push": {"entries": {"$each": [by_id[i] for i in group]}}}, 1
        )
    overfull = {}
    for directory in directories.values():
        deletes, full = directory.tidy()
        ops += deletes
        overfull |= {section: (directory, *where) for section, where in full.items()}
    ladder.bulk_write(ops)
    if overfull:
        ladder.bulk_write(
            [
                write
                for doc in ladder.find({"_id": {"$in": list(overfull)}})
                for write in _split(overfull[doc["_id"]], doc["entries"])
            ]
        )
    changed = [
        UpdateOne({"_id": c}, {"$set": {"sections": d.rows()}}, upsert=True)
        for c, d in directories.items()
        if d.rows() != found.get(c, {}).get("sections")
    ]
    if changed:  # an entry changed in place leaves the counts as they were
        ladder.bulk_write(changed)


def _changes(directories: dict[str, Directory], rung: str, ids: Iterable[str], change, sign: int) -> list[UpdateOne]:
    """The writes of one rung's leaving (sign −1) or joining (+1) ids, section by section, counted."""
    category, score = rung_of(rung)
    directory, writes = directories[category], []
    for low, group in directory.route(score, ids).items():
        writes.append(UpdateOne({"_id": directory.id(score, low)}, change(group), upsert=sign > 0))
        directory.counts[score][low] += sign * len(group)
    return writes


def _split(where: tuple, entries: list[dict]) -> list[ReplaceOne]:
    directory, score, low = where
    return directory.split(score, low, entries)
