"""Continuing education 继续教育: hours (学时) per practitioner per year, recorded by a training provider or a
regulator, against the yearly requirement of his certificate kinds (reference data, effective-dated). Pure.

Hours of a year may be recorded until `closing_day` (15 January of the next year: late records of December
courses); then the year is closed and assessed: a practitioner who held a verified certificate on the year's
last day and has fewer hours than the highest requirement of those kinds is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from services.common.errors import Conflict, Invalid
from services.common.reference.practice import education_on

YEAR_CLOSES = (1, 15)  # month, day of the next year: the last day hours of a year may be recorded
CLOSED = "continuing-education-year-closed"


@dataclass(frozen=True)
class TrainingYear:
    year: int
    hours: int


@dataclass(frozen=True)
class Shortfall:
    """Below the yearly requirement by the year's end (继续教育学时不足)."""

    year: int
    required: int
    hours: int
    kinds: tuple[str, ...]  # the certificate kinds that required it
    version: str  # the requirement table applied


def closing_day(year: int) -> date:
    return date(year + 1, *YEAR_CLOSES)


def check_recordable(trained_on: date, today: date) -> int:
    """The year hours trained on `trained_on` count for; refused in the future or once the year is closed."""
    if trained_on > today:
        raise Invalid("trained_on cannot be after today", field="trained_on")
    if today > closing_day(trained_on.year):
        raise Conflict(
            f"continuing education of {trained_on.year} was closed on {closing_day(trained_on.year)}",
            rule=CLOSED,
        )
    return trained_on.year


def year_to_assess(today: date) -> int:
    """The last year closed by `today` (assessed the day after its closing day)."""
    return today.year - 1 if today > closing_day(today.year - 1) else today.year - 2


def shortfall(certificates: Iterable, year: int, hours: int) -> Shortfall | None:
    """The shortfall of a practitioner with these certificates and `hours` in `year`, or None."""
    last_day = date(year, 12, 31)
    table = education_on(last_day)
    if table is None:
        return None
    kinds = tuple(sorted({c.kind for c in certificates if c.counts_on(last_day) and c.kind in table.rows}))
    required = max((table.rows[k] for k in kinds), default=0)
    return Shortfall(year, required, hours, kinds, table.version) if hours < required else None


@dataclass(frozen=True)
class Training:
    """Hours of one course (培训) recorded for a practitioner: by a training provider (`provider_id`, its USCC)
    or a regulator (`provider_id` None)."""

    id: str
    practitioner_id: str
    trained_on: date
    hours: int
    course: str
    provider_id: str | None
    recorded_by: str
    recorded_at: datetime
