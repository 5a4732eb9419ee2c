"""A notification's delivery plan: which channels, to which address, from when; preferences and quiet hours.

Legal notices (法定告知) always go to the inbox and by e-mail, whatever the preferences. SMS waits for the end
of the quiet hours (22:00–08:00 Jiaxing time) unless urgent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from .rules import CHOOSABLE, EMAIL, SMS, WEBHOOK, Rule

JIAXING = ZoneInfo("Asia/Shanghai")
QUIET_FROM, QUIET_UNTIL = time(22), time(8)


@dataclass(frozen=True)
class Preferences:
    """One organisation's choices (偏好); contacts given here win over the registry's."""

    channels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> chosen among CHOOSABLE
    digest: bool = False  # demand-posted as one e-mail a day
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Planned:
    channel: str
    target: str  # an e-mail address, a phone number or a webhook id
    not_before: datetime


@dataclass(frozen=True)
class Plan:
    deliveries: list[Planned]
    digest: bool  # held for the daily digest instead of sent now
    missing: list[str]  # channels wanted but without an address


def quiet_until(now: datetime) -> datetime | None:
    """The end of the quiet hours if `now` falls in them (as an aware datetime), else None."""
    local = now.astimezone(JIAXING)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    day = local.date() + timedelta(days=1 if local.time() >= QUIET_FROM else 0)
    return datetime.combine(day, QUIET_UNTIL, JIAXING)


def sms_time(now: datetime, urgent: bool) -> datetime:
    return now if urgent else (quiet_until(now) or now)


def chosen_channels(rule: Rule, prefs: Preferences, legal: bool) -> set[str]:
    chosen = set(prefs.channels.get(rule.kind, rule.channels)) & set(CHOOSABLE)
    return chosen | {EMAIL} if legal else chosen


def plan(
    rule: Rule, prefs: Preferences, email: str | None, webhooks: list[str], legal: bool, urgent: bool, now: datetime
) -> Plan:
    """The deliveries of one notification to one organisation (besides its inbox entry)."""
    digest = rule.digest and prefs.digest and not legal and not urgent
    chosen = set() if digest else chosen_channels(rule, prefs, legal)
    addresses = {EMAIL: prefs.email or email, SMS: prefs.phone}
    deliveries = [
        Planned(c, addresses[c], sms_time(now, urgent) if c == SMS else now) for c in sorted(chosen) if addresses[c]
    ]
    deliveries += [Planned(WEBHOOK, hook, now) for hook in webhooks]
    return Plan(deliveries, digest, sorted(c for c in chosen if not addresses[c]))
