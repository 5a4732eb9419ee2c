"""Staffing and continuing education (人员配备、继续教育): basic-management terms of the rating day. Pure.

An agency's staffing facts are its practitioners' events (joined, left, certificate verified, training recorded)
and its own profile events (its verified qualifications), trimmed by the handler to ids, days, certificate kinds and
hours. A term is a state on the rating day, read from the facts that had reached the platform by then (so a fact
never changes a day before it arrived, and `known_at` reproduces what was known): each practitioner as his newest
event (by time) says, his hours as his training facts say wherever they were recorded (one who moved keeps them),
the agency's qualifications as its newest profile says. Terms are in force on that day only
(start = the day, end = the next day); they count in the score, not in the deductions that lead to an interview
or the rectification list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.common.reference.practice import (
    CERTIFICATE_KINDS,
    EDUCATION_TABLES,
    STAFFING_TABLES,
    education_on,
    staffing_on,
)
from services.common.site.labels import LABELS

from .effects import Effect
from .facts import PROFILE_FACTS, STAFFING_FACTS, TRAINING, Fact
from .rules import Rule, RuleTable

MET, SHORT, EDUCATION = "staffing.met", "staffing.short", "continuing_education.short"
TERMS = (MET, SHORT, EDUCATION)
YEAR_CLOSES = (1, 16)  # a year's hours may be recorded until 15 January of the next: it is counted from the 16th


@dataclass
class Picture:
    """What was known of an agency's staff on a day: its practitioners now (id -> verified certificates as
    (kind, valid from, valid until)), hours per (practitioner, year), its verified qualifications."""

    staff: dict[str, list[tuple[str, date, date]]] = field(default_factory=dict)
    hours: dict[tuple[str, int], int] = field(default_factory=dict)
    qualified: list[tuple[str, date, date]] = field(default_factory=list)


def picture(facts: Iterable[Fact], day: date) -> Picture:
    """The agency's staff on `day` from its staffing facts noticed by then: each practitioner as his newest joined,
    left or certificate-verified by event time says; his hours per year the most any of his training facts says,
    wherever recorded (the store adds those recorded at his earlier agencies)."""
    known = sorted((f for f in facts if f.type in STAFFING_FACTS and f.notice <= day), key=lambda f: (f.time, f.id))
    seen, newest = Picture(), {}
    for fact in known:
        data = fact.data
        if fact.type in PROFILE_FACTS:
            seen.qualified = [(q["category"], _d(q["valid_from"]), _d(q["valid_until"])) for q in data["qualified"]]
            continue
        if fact.type == TRAINING:  # his hours wherever recorded: says nothing of where he works now
            key = (data["practitioner_id"], data["year"])
            seen.hours[key] = max(seen.hours.get(key, 0), data["year_hours"])
        else:
            newest[data["practitioner_id"]] = data
    for who, data in newest.items():
        if data["on_staff"]:
            seen.staff[who] = [(c["kind"], _d(c["valid_from"]), _d(c["valid_until"])) for c in data["certificates"]]
    return seen


def terms(facts: Iterable[Fact], day: date, table: RuleTable) -> list[Effect]:
    """The staffing and continuing-education terms in force on `day` (none under a table without them)."""
    if SHORT not in table.rules:
        return []
    facts = list(facts)
    seen, rules = picture(facts, day), table.rules
    categories = sorted({c for c, since, until in seen.qualified if since <= day <= until})
    checked = [(c, _shortfalls(seen, c, day)) for c in categories if staffing_on(c, day)[1]]
    out = [_term(rules[SHORT], day, c, f"{LABELS['category'][c]}：{'；'.join(m)}") for c, m in checked if m]
    if checked and not out:
        names = "、".join(LABELS["category"][c] for c, _ in checked)
        out.append(_term(rules[MET], day, "met", f"{names}：人员配备达到要求"))
    year_end = picture(facts, date(closed_year(day), 12, 31))
    return out + _education(seen, year_end, day, rules[EDUCATION])


def next_change(facts: Iterable[Fact], day: date) -> date | None:
    """The first day after `day` on which time alone may change the terms: a certificate or qualification starts
    or lapses, a reference table applies, a year's hours are counted (None: no staffing fact)."""
    facts = [f for f in facts if f.type in STAFFING_FACTS]
    if not facts:
        return None
    days = {date(day.year + n, *YEAR_CLOSES) for n in (0, 1)}
    days |= {t.since for t in (*STAFFING_TABLES, *EDUCATION_TABLES)}
    for fact in facts:
        rows = fact.data.get("qualified") or fact.data.get("certificates") or ()
        days |= {d for r in rows for d in (_d(r["valid_from"]), _d(r["valid_until"]) + timedelta(days=1))}
    return min((d for d in days if d > day), default=None)


def closed_year(day: date) -> int:
    """The last year whose hours are counted by `day` (15 January of the next year closes a year)."""
    return day.year - 1 if day >= date(day.year, *YEAR_CLOSES) else day.year - 2


def _shortfalls(seen: Picture, category: str, day: date) -> list[str]:
    """What the category's staffing rule in force on `day` misses, in Chinese (empty: met)."""
    version, requirements = staffing_on(category, day)
    out = []
    for r in requirements:
        held = len({who for who, certs in seen.staff.items() for k, a, b in certs if k in r.kinds and a <= day <= b})
        if held < r.minimum:
            wanted = "或".join(CERTIFICATE_KINDS[k] for k in r.kinds)
            out.append(
                f"须有持经核验、有效的{wanted}证书的从业人员至少 {r.minimum} 名，现有 {held} 名（{version} 版要求）"
            )
    return out


def _education(seen: Picture, then: Picture, day: date, rule: Rule) -> list[Effect]:
    """One term for the practitioners on staff on the day and on the last day of the last closed year (`then`: the
    agency employing him at the year's end answers for it) below its requirement (the highest of his verified
    certificates valid on its last day, by the table in force then), each −points, capped."""
    year = closed_year(day)
    last, table = date(year, 12, 31), education_on(date(year, 12, 31))
    if table is None:
        return []
    below = 0
    for who, certs in seen.staff.items():
        if who not in then.staff:
            continue
        required = max((table.rows.get(k, 0) for k, a, b in certs if a <= last <= b), default=0)
        below += seen.hours.get((who, year), 0) < required
    if not below:
        return []
    points = below * rule.points
    counted = max(points, -(rule.per_event_cap or -points))
    note = f"{year} 年继续教育学时不足的从业人员 {below} 名（{table.version} 版学时要求）"
    return [_term(rule, day, str(year), note, counted, capped=counted - points)]


def _term(rule: Rule, day: date, code: str, note: str, points: int | None = None, capped: int = 0) -> Effect:
    return Effect(
        rule=rule.key,
        reason_code=code,
        dimension=rule.dimension,
        points=rule.points if points is None else points,
        source_event_id=f"{rule.key}:{code}",
        start=day,
        end=day + timedelta(days=1),
        cap_group=rule.cap_group,
        capped=capped,
        note=note,
    )


def _d(text: str) -> date:
    return date.fromisoformat(text)
