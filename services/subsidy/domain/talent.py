"""Talent (人才, clause 十七) as the yearly assessment counts it: who was a recognised talent on a day and which
agency he worked for that day, from the registry's practitioner events (employments joined and left, talent
levels recognised). Pure.

A talent counts where his agency is registered (its home county and town), on the last day of the window, so a
year closed is counted as it ended, whatever moved since.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Employment:
    """He works for `agency_id` from `joined_on`; `left_on` is the day he left (from it on he is no longer there,
    and may be at the next agency)."""

    practitioner_id: str
    agency_id: str
    joined_on: date
    left_on: date | None = None

    def on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


@dataclass(frozen=True)
class Recognition:
    """A talent level recognised for a practitioner on a day; a later recognition replaces it (of two on one day,
    the later recorded, by event time)."""

    practitioner_id: str
    level: str
    recognised_on: date
    time: str


@dataclass(frozen=True)
class TalentFacts:
    employments: list[Employment] = field(default_factory=list)
    recognitions: list[Recognition] = field(default_factory=list)


def levels_on(recognitions: list[Recognition], day: date) -> dict[str, str]:
    """Practitioner id -> his talent level on `day`."""
    level: dict[str, str] = {}
    for r in sorted(recognitions, key=lambda r: (r.recognised_on, r.time)):
        if r.recognised_on <= day:
            level[r.practitioner_id] = r.level
    return level


def talents_on(facts: TalentFacts, day: date) -> dict[str, list[str]]:
    """Agency id -> the levels of the talents working for it on `day`, each person once (at the agency he joined
    last, should two employments seem to overlap while an event is on its way)."""
    level = levels_on(facts.recognitions, day)
    employer: dict[str, Employment] = {}
    for job in facts.employments:
        if job.practitioner_id in level and job.on(day):
            held = employer.get(job.practitioner_id)
            if held is None or (held.joined_on, held.agency_id) < (job.joined_on, job.agency_id):
                employer[job.practitioner_id] = job
    found: dict[str, list[str]] = defaultdict(list)
    for person, job in sorted(employer.items()):
        found[job.agency_id].append(level[person])
    return dict(found)
