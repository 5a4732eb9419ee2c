"""Rules shared by every registry record: who acts, status transitions, divisions, contacts (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.common import reference
from services.common.errors import Conflict, Forbidden, Invalid

from .codes import uscc_problem

SELF = "self"  # the organisation or person the record describes


@dataclass(frozen=True)
class Actor:
    """Who asks for a change: a role, and whether the record is their own."""

    role: str
    own: bool = False

    @classmethod
    def on(cls, record, role: str, org: str | None) -> Actor:
        """A caller acting on `record`: own when a token of the record's own role acts for this very record."""
        return cls(role, own=role == record.owner_role and org == record.id)

    def can(self, allowed: frozenset[str]) -> bool:
        return self.role == "admin" or self.role in allowed or (self.own and SELF in allowed)


Transitions = dict[tuple[str, str], frozenset[str]]


def transition(kind: str, transitions: Transitions, current: str, target: str, actor: Actor) -> None:
    """Check that `actor` may move a `kind` from `current` to `target` (409 illegal, 403 not allowed)."""
    allowed = transitions.get((current, target))
    if allowed is None:
        raise Conflict(f"a {kind} cannot go from {current} to {target}", current=current, target=target)
    if not actor.can(allowed):
        raise Forbidden(f"role {actor.role!r} may not move a {kind} from {current} to {target}")


def as_status(statuses: type, value: str):
    """The status member named `value` (422 if there is none)."""
    try:
        return statuses(value)
    except ValueError:
        raise Invalid(
            f"unknown status {value!r}; one of {', '.join(s.value for s in statuses)}", field="status"
        ) from None


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


def check_uscc(code: str, field: str = "uscc") -> str:
    problem = uscc_problem(code)
    if problem:
        raise Invalid(problem, field=field)
    return code


def check_division(
    county: str | None, town: str | None, county_field: str = "county", town_field: str = "town"
) -> None:
    """County and town are Jiaxing GB/T 2260 codes, and the town lies in the county."""
    if county is not None and not reference.is_county(county):
        raise Invalid(f"unknown Jiaxing county code {county}", field=county_field)
    if town is None:
        return
    if not reference.is_town(town):
        raise Invalid(f"unknown Jiaxing town code {town}", field=town_field)
    if county is None:
        raise Invalid(f"town {town} needs its county", field=town_field)
    if reference.county_of(town) != county:
        raise Invalid(f"town {town} is not in county {county}", field=town_field)


#: the sane horizon of a certificate or a residency: no start before EARLIEST, no date after LATEST, and
#: at most LONGEST_YEARS from start to end (open-ended is `None`, never a far date such as 9999-12-31).
EARLIEST, LATEST, LONGEST_YEARS = date(1990, 1, 1), date(2100, 12, 31), 10


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_period(start: date, end: date | None, field: str, start_field: str) -> None:
    """A period within the sane horizon: start from EARLIEST, end after start and at most LONGEST_YEARS later."""
    if not EARLIEST <= start <= LATEST:
        raise Invalid(f"the start date must lie between {EARLIEST} and {LATEST}", field=start_field)
    if end is not None and end < start:
        raise Invalid("the end date is before the start date", field=field)
    if end is not None and end > years_after(start, LONGEST_YEARS):
        raise Invalid(f"the end date is more than {LONGEST_YEARS} years after the start date", field=field)


def check_choice(value: str, choices, field: str) -> None:
    if value not in choices:
        raise Invalid(f"unknown value {value!r}; one of {', '.join(choices)}", field=field)


@dataclass(frozen=True)
class Contact:
    """A contact person (personal data: never public, never in events)."""

    name: str
    phone: str | None = None
    email: str | None = None
    role: str | None = None
