"""The violation code table (违法违规行为代码表): each code a violation-recorded may name, with its Chinese name and
legal basis, in versions that apply from their `since` day (like the practice tables). Read once from
``violations.json`` and checked at import.

A violation is read by the table in force on the day it occurred (`occurred_on`): a code outside that table is
refused at the boundary (the catalogue's schema dead-letters the event; credit's API answers 422).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from .practice import Table, in_force

_DATA = json.loads(Path(__file__).with_name("violations.json").read_text(encoding="utf-8"))
TITLE: str = _DATA["title"]
#: where the public reads the table (credit's public site)
PUBLIC_PATH = "/public/credit/violation-codes"


@dataclass(frozen=True)
class Code:
    code: str
    name: str  # 行为名称
    basis: str  # 法律依据


def _table(raw: dict) -> Table:
    codes = [Code(c["code"], c["name"].strip(), c["basis"].strip()) for c in raw["codes"]]
    if not codes or len({c.code for c in codes}) != len(codes) or not all(c.name and c.basis for c in codes):
        raise ValueError(f"violations.json: table {raw['version']} needs distinct codes, each named with its basis")
    return Table(
        raw["version"], date.fromisoformat(raw["since"]), raw["title"], MappingProxyType({c.code: c for c in codes})
    )


def _checked(tables: list[Table]) -> tuple[Table, ...]:
    days = [t.since for t in tables]
    if not tables or days != sorted(set(days)) or len({t.version for t in tables}) != len(tables):
        raise ValueError("violations.json: tables must have distinct versions and increasing `since` days")
    return tuple(tables)


TABLES: tuple[Table, ...] = _checked([_table(t) for t in _DATA["tables"]])
#: every code of any version (the catalogue's enum; the table in force on the day decides)
EVERY_CODE: tuple[str, ...] = tuple(sorted({code for t in TABLES for code in t.rows}))


def table_on(day: date) -> Table | None:
    """The table in force on `day` (None before the first)."""
    return in_force(TABLES, day)


def code_on(code: str, day: date) -> Code | None:
    """The code as the table in force on `day` names it (None if that table has no such code)."""
    table = table_on(day)
    return table.rows.get(code) if table else None


def newest(code: str) -> Code | None:
    """The code as the newest table that has it names it (for a record whose day is not known)."""
    return next((t.rows[code] for t in reversed(TABLES) if code in t.rows), None)


def refusal(code: str, day: date) -> str | None:
    """Why a violation with `code`, occurred on `day`, cannot be taken (None: it can)."""
    table = table_on(day)
    if table is None:
        return f"no violation code table is in force on {day.isoformat()} (the first applies from {TABLES[0].since})"
    if code not in table.rows:
        return (
            f"code {code!r} is not in the violation code table (违法违规行为代码表) version {table.version} in force "
            f"on {day.isoformat()}: {', '.join(table.rows)} (see {PUBLIC_PATH})"
        )
    return None
