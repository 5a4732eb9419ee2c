"""A refresh of an agency's standing: the new rating from its ledger and the cases that changed.

Pure. `incremental` reads only the ledger lines not yet ended and the facts of the changed cases, so its cost
does not grow with the agency's history; when a change would reach a day before today (a clock set back),
`rebuilt` starts again from every fact. Both give what `rating.rate` gives from all the facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .effects import effects
from .facts import Fact
from .ledger import Chain, Ledger, apply, change, first_difference, ledger, next_change, reasons, touches_past
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
    after = apply(lines, delta)
    rating, carried = evaluate(after, today, book, chain)
    return Refreshed(
        rating, carried, delta, next_change(after, today, carried, book), reasons(lines, old.as_of, after, today)
    )


def rebuilt(old_lines: Ledger, old: Rating | None, facts: Iterable[Fact], today: date, book: RuleBook) -> Refreshed:
    """The refresh from every fact: a new ledger; against the whole old one, the first past day it corrects."""
    lines = ledger(effects(facts, book))
    rating, carried = evaluate(lines, today, book, Chain())
    first = first_difference(old_lines, lines) if old else None
    return Refreshed(
        rating,
        carried,
        lines,
        next_change(lines, today, carried, book),
        reasons(old_lines, old.as_of if old else None, lines, today),
        rebuilt=True,
        corrected_from=first if first and first < today else None,
    )
