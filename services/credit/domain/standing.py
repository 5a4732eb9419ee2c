"""A refresh of an agency's standing: the new rating from its ledger and the cases that changed.

Pure. `incremental` reads only the ledger lines not yet ended and the facts of the changed cases, so its cost
does not grow with the agency's history; when a change would reach a day before today (a clock set back),
`rebuilt` starts again from every fact. Both give what `rating.rate` gives from all the facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from . import staffing
from .effects import effects
from .facts import STAFFING_FACTS, Fact
from .ledger import Chain, Ledger, Line, apply, change, first_difference, ledger, next_change, reasons, touches_past
from .rating import Rating, evaluate
from .rules import RuleBook


@dataclass(frozen=True)
class Refreshed:
    rating: Rating
    chain: Chain  # carried through the day before
    delta: Counter  # lines to add to the stored ledger (all lines when `rebuilt`)
    next_change: date | None  # the first later day on which time alone may change the rating
    reasons: list[str]
    rebuilt: bool = False
    corrected_from: date | None = None  # rebuilt: the first day before today whose rating changed (a correction)


def incremental(
    lines: Ledger,
    chain: Chain,
    old: Rating | None,
    settled: Iterable[Fact],
    new: Iterable[Fact],
    today: date,
    book: RuleBook,
) -> Refreshed | None:
    """The refresh from the stored lines (those not ended by `chain.through`) and the facts of the changed
    cases (`settled` already in the ledger, `new` not yet); None if it cannot be done without the history."""
    if old is None or chain.through is None or chain.through >= today:
        return None
    settled = list(settled)
    delta = change(effects(settled, book), effects([*settled, *new], book))
    if touches_past(delta, today):
        return None
    after, staff = apply(lines, delta), _staff([*settled, *new])
    rating, carried = evaluate(after, today, book, chain, _terms(staff, today, book))
    return Refreshed(
        rating,
        carried,
        delta,
        _next_change(after, staff, today, carried, book),
        reasons(
            _with_terms(lines, _staff(settled), old.as_of, book),
            old.as_of,
            _with_terms(after, staff, today, book),
            today,
        ),
    )


def rebuilt(
    old_lines: Ledger, old: Rating | None, facts: Iterable[Fact], today: date, book: RuleBook, new: Iterable[Fact] = ()
) -> Refreshed:
    """The refresh from every fact (`new`: those not yet stored): a new ledger; against the whole old one, the first
    past day it corrects."""
    facts = list(facts)
    lines, staff = ledger(effects(facts, book)), _staff(facts)
    rating, carried = evaluate(lines, today, book, Chain(), _terms(staff, today, book))
    first = first_difference(old_lines, lines) if old else None
    unseen = {f.id for f in new}
    before = _with_terms(old_lines, [f for f in staff if f.id not in unseen], old.as_of, book) if old else old_lines
    return Refreshed(
        rating,
        carried,
        lines,
        _next_change(lines, staff, today, carried, book),
        reasons(before, old.as_of if old else None, _with_terms(lines, staff, today, book), today),
        rebuilt=True,
        corrected_from=first if first and first < today else None,
    )


def _staff(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if f.type in STAFFING_FACTS]


def _terms(staff: list[Fact], day: date, book: RuleBook) -> list:
    return staffing.terms(staff, day, book.on(day))


def _with_terms(lines: Ledger, staff: list[Fact], day: date, book: RuleBook) -> Counter:
    """The ledger with the staffing terms of a day, for the reasons of a change."""
    out = Counter(lines)  # a term as a line in force whatever the day: a change of its day is no reason
    out.update(replace(Line.of(t), start=date.min, end=date.max) for t in _terms(staff, day, book))
    return out


def _next_change(lines: Ledger, staff: list[Fact], day: date, chain: Chain, book: RuleBook) -> date | None:
    days = (next_change(lines, day, chain, book), staffing.next_change(staff, day))
    return min(filter(None, days), default=None)
