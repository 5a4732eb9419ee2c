"""Time in one place: UTC timestamps, Jiaxing calendar days, and the clock the edge hands to commands.

Timestamps are UTC (ISO 8601 with Z). A calendar day in the domain (deadlines, effect starts, bulletins,
"today") is a day in Jiaxing (Asia/Shanghai), whatever the server's zone: `jiaxing_day` is the one function
that turns a moment into such a day. Tests set a `FixedClock` on the service context instead of patching.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

JIAXING = ZoneInfo("Asia/Shanghai")  # the tzdata package supplies it where the OS has no zone files


def utcnow() -> datetime:
    return datetime.now(UTC)


def isotime(moment: datetime | None = None) -> str:
    """UTC RFC 3339 with a Z, millisecond precision."""
    moment = (moment or utcnow()).astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def jiaxing_day(moment: datetime) -> date:
    """The calendar day in Jiaxing at `moment` (an aware datetime)."""
    return moment.astimezone(JIAXING).date()


def jiaxing_day_of(iso: str) -> date:
    """The Jiaxing day of an ISO 8601 timestamp (an event's `time`)."""
    return jiaxing_day(datetime.fromisoformat(iso.replace("Z", "+00:00")))


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        return utcnow()

    def today(self) -> date:
        return jiaxing_day(self.now())


class FixedClock(Clock):
    """A clock that stands still until moved (tests)."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta
