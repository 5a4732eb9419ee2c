"""The objection deadline a violation notice states (异议期限), never earlier than credit's.

Credit counts the objection period from the notice day: the Jiaxing day the violation reached the platform,
never before `recorded_on`. Notify cannot see credit's day, so it takes the latest day it knows of: `recorded_on`,
the Jiaxing day of the event's time and the day notify itself handles it. The period is the `objection_days`
of credit's rule table in force on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Window:
    """One credit rule table's objection period: `days` for notice days from `effective_from` on."""

    effective_from: date
    days: int


def days_on(windows: tuple[Window, ...], day: date) -> int:
    """The objection period of the table in force on `day` (the latest that took effect by then)."""
    in_force = [w for w in sorted(windows) if w.effective_from <= day]
    if not in_force:
        raise ValueError(f"no credit rule table in force on {day.isoformat()}")
    return in_force[-1].days


def deadline_facts(data: dict, event_day: date, handled_on: date, windows: tuple[Window, ...]) -> dict:
    """What the notice states: recorded_on, the notice day, the period and its last day (inclusive)."""
    recorded_on = date.fromisoformat(data["recorded_on"]) if data.get("recorded_on") else event_day
    notice_on = max(recorded_on, event_day, handled_on)
    days = days_on(windows, notice_on)
    return {
        "recorded_on": recorded_on.isoformat(),
        "notice_on": notice_on.isoformat(),
        "objection_days": days,
        "objection_deadline": (notice_on + timedelta(days=days)).isoformat(),
    }
