"""Reference data of practitioners (从业人员): certificate kinds and talent levels with their Chinese names, and
the effective-dated tables of the yearly continuing-education hours (继续教育学时) per certificate kind and of the
minimum staffing (人员配备) per service category. Read once from ``practice.json`` and checked at import.

A table applies from its `since` day until the next table's; officials change a rule by adding a table with a
later `since`, never by editing one in force.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from . import SERVICE_CATEGORIES

_DATA = json.loads(Path(__file__).with_name("practice.json").read_text(encoding="utf-8"))

#: certificate kind -> Chinese name (执业资格证书种类)
CERTIFICATE_KINDS: MappingProxyType = MappingProxyType(dict(_DATA["certificate_kinds"]))
#: talent level under the city's talent policy -> Chinese name (嘉兴市人才分类)
TALENT_LEVELS: MappingProxyType = MappingProxyType(dict(_DATA["talent_levels"]))


@dataclass(frozen=True)
class Requirement:
    """At least `minimum` practitioners, each with a verified certificate of one of `kinds` valid that day."""

    kinds: tuple[str, ...]
    minimum: int


@dataclass(frozen=True)
class Table:
    version: str
    since: date
    title: str
    rows: MappingProxyType  # kind -> yearly hours, or category -> requirements


def _table(raw: dict, rows: dict) -> Table:
    return Table(raw["version"], date.fromisoformat(raw["since"]), raw["title"], MappingProxyType(rows))


def _requirement(raw: dict) -> Requirement:
    kinds = tuple(raw["kinds"])
    if not kinds or set(kinds) - set(CERTIFICATE_KINDS) or raw["minimum"] < 1:
        raise ValueError(f"practice.json: bad staffing requirement {raw}")
    return Requirement(kinds, raw["minimum"])


def _checked(tables: list[Table], known: tuple[str, ...]) -> tuple[Table, ...]:
    """Tables in order of their `since`, versions unique, every row about a known kind or category."""
    days = [t.since for t in tables]
    if days != sorted(set(days)) or len({t.version for t in tables}) != len(tables):
        raise ValueError("practice.json: tables must have distinct versions and increasing `since` days")
    for table in tables:
        if set(table.rows) - set(known):
            raise ValueError(
                f"practice.json: table {table.version} names unknown {sorted(set(table.rows) - set(known))}"
            )
    return tuple(tables)


EDUCATION_TABLES: tuple[Table, ...] = _checked(
    [_table(t, {k: int(h) for k, h in t["hours"].items()}) for t in _DATA["continuing_education"]],
    tuple(CERTIFICATE_KINDS),
)
STAFFING_TABLES: tuple[Table, ...] = _checked(
    [_table(t, {c: tuple(_requirement(r) for r in rs) for c, rs in t["minimums"].items()}) for t in _DATA["staffing"]],
    SERVICE_CATEGORIES,
)


def in_force(tables: tuple[Table, ...], day: date) -> Table | None:
    """The table that applies on `day` (the last one whose `since` is not after it), None before the first."""
    return next((t for t in reversed(tables) if t.since <= day), None)


def education_on(day: date) -> Table | None:
    """The continuing-education table in force on `day`: certificate kind -> hours (学时) a year."""
    return in_force(EDUCATION_TABLES, day)


def staffing_on(category: str, day: date) -> tuple[str | None, tuple[Requirement, ...]]:
    """The version of the staffing table in force on `day` and what it requires of `category` (none: no rule)."""
    table = in_force(STAFFING_TABLES, day)
    return (table.version, table.rows.get(category, ())) if table else (None, ())


def staffing_kinds(category: str) -> frozenset[str]:
    """Every certificate kind a staffing table (any version) counts for `category`."""
    return frozenset(k for t in STAFFING_TABLES for r in t.rows.get(category, ()) for k in r.kinds)
