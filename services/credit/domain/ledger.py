"""The ledger (台账): an agency's effects counted by kind, so a rating costs the same whatever its history.

Pure. A `Line` is effects alike in everything but their source (rule, code, points, dates); the ledger maps
lines to counts. A rating needs only the lines not yet ended, and the rectification chain (限期整改) is
carried forward day by day in a `Chain`, so old history is never read again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .effects import Effect
from .rules import RuleBook, add_months

Ledger = Mapping["Line", int]


@dataclass(frozen=True)
class Line:
    rule: str
    reason_code: str
    dimension: str
    points: int
    start: date
    end: date
    veto: bool = False
    cap_group: str | None = None

    def in_force(self, day: date) -> bool:
        return self.start <= day < self.end

    @classmethod
    def of(cls, effect: Effect) -> Line:
        return cls(
            effect.rule,
            effect.reason_code,
            effect.dimension,
            effect.points,
            effect.start,
            effect.end,
            effect.veto,
            effect.cap_group,
        )


@dataclass(frozen=True)
class Chain:
    """The rectification list (限期整改) worked out through a day: the end of the latest listing."""

    through: date | None = None
    until: date | None = None


def ledger(effects: Iterable[Effect]) -> Counter:
    return Counter(Line.of(e) for e in effects)


def change(old: Iterable[Effect], new: Iterable[Effect]) -> Counter:
    """What replacing some effects by others adds to (positive) and takes from (negative) a ledger."""
    return change_of(ledger(old), ledger(new))


def apply(lines: Ledger, delta: Mapping) -> Counter:
    out = Counter(lines)
    out.update(delta)
    return Counter({line: n for line, n in out.items() if n})


def first_difference(old: Ledger, new: Ledger) -> date | None:
    """The first day two ledgers may rate differently: the first day the lines in force differ (a line whose end
    alone moved differs from the earlier of its two ends). A rating depends only on the lines in force up to its day.
    """
    steps: dict[date, Counter] = defaultdict(Counter)
    for line, n in change_of(old, new).items():
        kind = replace(line, end=line.start)  # the line apart from its end
        steps[line.start][kind] += n
        steps[line.end][kind] -= n
    in_force = Counter()
    for day in sorted(steps):
        in_force.update(steps[day])
        if any(in_force.values()):
            return day
    return None


def change_of(old: Ledger, new: Ledger) -> Counter:
    """What turns one ledger into another (lines with their count's change)."""
    delta = Counter(new)
    delta.subtract(old)
    return Counter({line: n for line, n in delta.items() if n})


def touches_past(delta: Mapping, today: date) -> bool:
    """Whether a change alters any day before today (then the carried chain no longer holds)."""
    past = Counter()
    for line, n in delta.items():
        if line.start < today:
            past[replace(line, end=min(line.end, today))] += n
    return any(past.values())


def deductions(lines: Ledger, day: date, book: RuleBook) -> int:
    """Deductions in force on a day that started within the deduction window (bonuses do not offset)."""
    since = add_months(day, -book.on(day).deduction_window_months)
    return -sum(
        line.points * n for line, n in lines.items() if line.points < 0 and line.in_force(day) and line.start > since
    )


def advance(chain: Chain, lines: Ledger, to: date, book: RuleBook) -> Chain:
    """限期整改: listed for some months from a day a deduction starts and the deductions reach the threshold,
    unless already listed; worked out for the deduction days after `chain.through` up to `to`."""
    until = chain.until
    for day in sorted({line.start for line in lines if line.points < 0}):
        if (chain.through is None or day > chain.through) and day <= to and (until is None or day >= until):
            table = book.on(day)
            if deductions(lines, day, book) >= table.rectification_threshold:
                until = add_months(day, table.rectification_months)
    return Chain(through=to, until=until)


def next_change(lines: Ledger, day: date, chain: Chain, book: RuleBook) -> date | None:
    """The first day after `day` on which time alone may change the rating (never later than that).

    `chain` is carried through the day before: a listing that starts on `day` itself ends on a day to refresh.
    """
    window = book.on(day).deduction_window_months
    days = {d for line in lines for d in (line.start, line.end)}
    days |= {add_months(line.start, window) for line in lines if line.points < 0}
    days |= {d for d in (advance(chain, lines, day, book).until, book.next_change(day)) if d}
    return min((d for d in days if d > day), default=None)


def reasons(before: Ledger, before_day: date | None, after: Ledger, after_day: date) -> list[str]:
    """What changed, as `+rule:code` (an effect came into force) and `-rule:code` (one ended)."""

    def live(lines: Ledger, day: date | None) -> Counter:
        return Counter({(ln.rule, ln.reason_code, ln.start): n for ln, n in lines.items() if day and ln.in_force(day)})

    old, new = live(before, before_day), live(after, after_day)
    found = {f"+{rule}:{code}" for (rule, code, _), n in new.items() if n > old.get((rule, code, _), 0)}
    found |= {f"-{rule}:{code}" for (rule, code, _), n in old.items() if n > new.get((rule, code, _), 0)}
    return sorted(found)


def yesterday(day: date) -> date:
    return day - timedelta(days=1)
