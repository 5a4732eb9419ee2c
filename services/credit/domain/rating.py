"""The credit rating (信用评价) on a day: from the facts, or from an agency's ledger.

Pure. Two times: `as_of`, the day rated, and `known_at`, the day whose knowledge rates it (the facts noticed by
then; default: every fact given, corrections included). Both ways give the same rating (`rate` is the reference;
`evaluate` is what a refresh uses). Every point comes from an effect naming its rule and source fact; caps apply
to the bonuses in force that day; the score stays within the table's bounds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from services.common.storage.mapping import from_plain, to_plain

from .effects import Effect, effects
from .facts import Fact, known_by
from .ledger import Chain, Ledger, Line, advance, deductions, ledger, yesterday
from .rules import DIMENSIONS, RuleBook
from .staffing import terms as staffing_terms

#: the stored rating's fields (everything but the effects)
SUMMARY = (
    "as_of",
    "score",
    "grade",
    "subtotals",
    "deductions",
    "interview_required",
    "rectification_until",
    "listed_until",
    "rule_version",
)


@dataclass(frozen=True)
class Rating:
    as_of: date
    score: int
    grade: str
    subtotals: dict[str, int]
    deductions: int  # deductions in force that started within the window
    interview_required: bool  # 约谈
    rectification_until: date | None  # 限期整改名单, up to (not including)
    listed_until: date | None  # 严重失信名单, up to (not including)
    rule_version: str  # the table in force on the rating day
    beyond_floor: int = 0  # points of deductions below the table's lowest score: listed in the effects, not counted
    known_at: date | None = None  # rated from the facts noticed by then (None: every fact given)
    effects: tuple[Effect, ...] = ()  # in force that day (only when rated from the facts)

    def summary(self) -> dict:
        """The stored form: JSON-ready, without the effects."""
        plain = to_plain(self)
        return {k: plain[k] for k in SUMMARY}

    def to_dict(self) -> dict:
        return to_plain(self)

    @classmethod
    def from_summary(cls, doc: dict) -> Rating:
        return from_plain(cls, {k: doc[k] for k in SUMMARY})


def rate(facts: Iterable[Fact], as_of: date, book: RuleBook, known_at: date | None = None) -> Rating:
    """The rating of `as_of` with its effects, from the facts known at `known_at` (None: every fact given, so a
    correction known now reaches every date; `known_at=as_of`: the rating as it was known that day)."""
    facts = list(facts if known_at is None else known_by(facts, known_at))
    every, terms = effects(facts, book), staffing_terms(facts, as_of, book.on(as_of))
    rating, _ = evaluate(ledger(every), as_of, book, Chain(), terms)
    live = [e for e in every if e.in_force(as_of)] + terms
    return replace(rating, known_at=known_at, effects=tuple(_capped(live, book.on(as_of).caps)))


def evaluate(
    lines: Ledger, day: date, book: RuleBook, chain: Chain, terms: Iterable[Effect] = ()
) -> tuple[Rating, Chain]:
    """The rating on a day from ledger lines (all lines not ended before `chain.through`) and the terms of the day
    (`staffing.terms`: in the score only), and the chain carried through the day before."""
    table = book.on(day)
    carried = advance(chain, lines, yesterday(day), book)
    until = advance(carried, lines, day, book).until
    live = {line: n for line, n in lines.items() if line.in_force(day)}
    counted = Counter(live)
    counted.update(Line.of(term) for term in terms)
    subtotals = dict.fromkeys(DIMENSIONS, 0)
    groups: dict[tuple[str, str], int] = defaultdict(int)
    for line, n in counted.items():
        if line.cap_group and line.points > 0:
            groups[(line.cap_group, line.dimension)] += line.points * n
        else:
            subtotals[line.dimension] += line.points * n
    for (group, dimension), points in groups.items():
        subtotals[dimension] += min(points, table.caps.get(group, points))
    points = table.base_score + sum(subtotals.values())
    score = max(points, table.min_score)  # bonuses are capped: never above table.max_score
    vetoes = [line.end for line in live if line.veto]
    owed = deductions(lines, day, book)
    return Rating(
        as_of=day,
        score=score,
        grade=table.grade_for(score, bool(vetoes)),
        subtotals=subtotals,
        deductions=owed,
        interview_required=owed >= table.interview_threshold,
        rectification_until=until if until and day < until else None,
        listed_until=max(vetoes, default=None),
        rule_version=table.version,
        beyond_floor=score - points,
    ), carried


def ratings_on(lines: Ledger, days: Iterable[date], book: RuleBook, staff: Iterable[Fact] = ()) -> dict[date, Rating]:
    """The ratings of several days from one whole ledger and the staffing facts, in one pass (the chain carried
    from day to day)."""
    chain, found, staff = Chain(), {}, list(staff)
    for day in sorted(set(days)):
        found[day], chain = evaluate(lines, day, book, chain, staffing_terms(staff, day, book.on(day)))
    return found


def _capped(live: list[Effect], caps: dict[str, int]) -> list[Effect]:
    """The bonuses of a capped group count in start order until the cap; the rest show what was withheld."""
    room = dict(caps)
    out = []
    for e in live:
        if e.cap_group and e.points > 0 and e.cap_group in room:
            counted = min(e.points, room[e.cap_group])
            room[e.cap_group] -= counted
            e = replace(e, points=counted, capped=e.points - counted)
        out.append(e)
    return out
