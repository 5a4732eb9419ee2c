"""A notification's delivery plan: which channels, to which address, from when; preferences and quiet hours.

An assured notice (a legal notice 法定告知, or the notice that replaces one) goes to the inbox and to every
address the organisation has, from any source (the registry's e-mail, the e-mail and phone of its preferences),
whatever the preferences; an address that becomes known later catches it up (`missed`). Other notices go by the
channels the preferences choose, to the preferences' address before the registry's. SMS waits for the end of the
quiet hours (22:00–08:00 Jiaxing time) unless urgent.
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


def chosen_channels(rule: Rule, prefs: Preferences, assured: bool) -> set[str]:
    chosen = set(prefs.channels.get(rule.kind, rule.channels)) & set(CHOOSABLE)
    return chosen | set(CHOOSABLE) if assured else chosen


def addresses(prefs: Preferences, registry_email: str | None, assured: bool) -> dict[str, list[str]]:
    """The addresses of each channel: for an assured notice every one known, else the preferences' first."""
    emails = [e for e in dict.fromkeys((prefs.email, registry_email)) if e]
    return {EMAIL: emails if assured else emails[:1], SMS: [prefs.phone] if prefs.phone else []}


def plan(
    rule: Rule,
    prefs: Preferences,
    email: str | None,
    webhooks: list[str],
    assured: bool,
    urgent: bool,
    now: datetime,
) -> Plan:
    """The deliveries of one notification to one organisation (besides its inbox entry)."""
    digest = rule.digest and prefs.digest and not assured and not urgent
    chosen = set() if digest else chosen_channels(rule, prefs, assured)
    known = addresses(prefs, email, assured)
    deliveries = [Planned(c, target, sent_at(c, now, urgent)) for c in sorted(chosen) for target in known[c]]
    deliveries += [Planned(WEBHOOK, hook, now) for hook in webhooks]
    wanted = chosen - {SMS} if assured else chosen  # an assured notice needs a phone only if one is known
    return Plan(deliveries, digest, sorted(c for c in wanted if not known[c]))


def missed(known: dict[str, list[str]], planned: set[tuple[str, str]], now: datetime, urgent: bool) -> list[Planned]:
    """The deliveries an assured notice still lacks: every known address it was never planned for."""
    return [
        Planned(channel, target, sent_at(channel, now, urgent))
        for channel, targets in sorted(known.items())
        for target in targets
        if (channel, target) not in planned
    ]


def sent_at(channel: str, now: datetime, urgent: bool) -> datetime:
    return sms_time(now, urgent) if channel == SMS else now
