"""Properties of the rating: order and duplicates do not matter; `known_at` reproduces what was known then; a
correction (a violation found void) changes only days on or after the violation's notice day, as if it had never
been recorded; scores stay within the table's bounds; a new rule table never changes the days before it; the
incremental refresh equals a full rebuild, as known each day and with everything known at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from credit_factories import (
    accepted,
    completed,
    delivered,
    inspection,
    objection,
    published_notice,
    repair_applied,
    repair_decided,
    revoked,
    ruling,
    terminated,
    violation,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from services.credit.domain.effects import effects
from services.credit.domain.facts import case_key, cases
from services.credit.domain.ledger import Chain, apply, ledger
from services.credit.domain.rating import evaluate, rate
from services.credit.domain.rules import RuleBook
from services.credit.domain.standing import incremental, rebuilt
from services.credit.rulebook import BOOK

DAY0 = date(2025, 1, 1)
V1 = BOOK.version("1")
#: version 1 (clocks from the notice day), then version 2 (clocks from service) from day 150
SERVED = RuleBook([V1, replace(BOOK.version("2"), effective_from=DAY0 + timedelta(days=150))])
days = st.integers(min_value=0, max_value=500).map(lambda n: (DAY0 + timedelta(days=n)).isoformat())
ids = st.sampled_from(["a", "b", "c", "d"])
late = st.integers(min_value=0, max_value=30)


def _noticed_later(fact, extra: int):
    """An event that reaches the platform `extra` days after its time (steps are noticed on their day)."""
    return replace(fact, noticed_on=fact.day + timedelta(days=extra))


events = st.one_of(
    st.builds(completed, ids, days, st.booleans()),
    st.builds(
        terminated,
        ids,
        days,
        st.sampled_from(["agency", "buyer", "none"]),
        st.sampled_from(["agency", "buyer", None]),
        st.sampled_from(["2024-12-01", None]),
    ),
    st.builds(
        inspection,
        ids,
        days,
        st.sampled_from(["quality_spot_check", "mutual_inspection"]),
        st.booleans(),
        st.integers(0, 12),
    ),
    st.builds(violation, ids, days, st.sampled_from(["minor", "general", "serious", "severe"])),
    st.builds(revoked, ids, days, st.sampled_from([None, "void", "ended"])),
    st.builds(delivered, ids, days, st.sampled_from(["inbox", "email"])),
)
steps = st.one_of(
    st.builds(objection, ids, days, st.booleans()),
    st.builds(ruling, ids, days, st.booleans(), st.booleans()),
    st.builds(accepted, ids, days),
    st.builds(repair_applied, ids, days),
    st.builds(repair_decided, ids, days, st.booleans()),
    st.builds(published_notice, ids, days),
)
facts = st.one_of(st.builds(_noticed_later, events, late), steps)


@settings(max_examples=150, deadline=None)
@given(stream=st.lists(facts, max_size=25), data=st.data())
def test_shuffling_and_duplicating_facts_gives_the_same_rating(stream, data):
    replayed = data.draw(
        st.permutations(stream + data.draw(st.lists(st.sampled_from(stream), max_size=10)) if stream else [])
    )
    for n in (0, 200, 500, 900, 1300):
        as_of = DAY0 + timedelta(days=n)
        assert rate(replayed, as_of, SERVED) == rate(stream, as_of, SERVED)


@settings(max_examples=100, deadline=None)
@given(stream=st.lists(facts, max_size=25))
def test_every_point_is_traceable_to_an_effect(stream):
    r = rate(stream, DAY0 + timedelta(days=400), SERVED)
    assert r.score - r.beyond_floor == 100 + sum(e.points for e in r.effects) == 100 + sum(r.subtotals.values())
    assert {e.source_event_id for e in r.effects} <= {f.id for f in stream}
    assert (r.grade == "D") if r.listed_until else True


@settings(max_examples=150, deadline=None)
@given(stream=st.lists(facts, max_size=25), later=st.lists(facts, max_size=10), n=st.integers(0, 600))
def test_known_at_reproduces_what_was_known_that_day(stream, later, n):
    day = DAY0 + timedelta(days=n)
    after = [replace(f, noticed_on=max(f.notice, day + timedelta(days=1))) for f in later]
    for as_of in (day - timedelta(days=30), day, day + timedelta(days=90)):
        known = rate(stream + after, as_of, SERVED, known_at=day)
        assert replace(known, known_at=None) == rate([f for f in stream if f.notice <= day], as_of, SERVED)


@settings(max_examples=150, deadline=None)
@given(stream=st.lists(facts, max_size=25), target=ids, extra=st.integers(0, 60), upheld=st.booleans())
def test_a_violation_found_void_never_stood_and_only_days_from_its_notice_change(stream, target, extra, upheld):
    found = cases(stream).get(f"violation:{target}")
    if found is None:
        return
    when = found.fact.notice + timedelta(days=extra)
    void = [revoked(target, when.isoformat(), "void")]  # also after a revocation that only ended it
    if upheld and found.ruling is None:  # an upheld objection instead (filed in time; one ruling per objection)
        void = [objection(target, found.fact.notice.isoformat()), ruling(target, when.isoformat(), True)]
    without = [f for f in stream if case_key(f) != found.key]
    for n in range(0, 1400, 45):
        as_of = DAY0 + timedelta(days=n)
        corrected = rate([*stream, *void], as_of, SERVED)
        assert corrected == rate(without, as_of, SERVED), "as if it had never been recorded"
        if as_of < found.notice_on:
            assert corrected == rate(stream, as_of, SERVED), "days before its notice day are as they were"


@settings(max_examples=80, deadline=None)
@given(stream=st.lists(facts, max_size=25), flood=st.integers(0, 80), n=st.integers(0, 900))
def test_scores_stay_within_the_tables_bounds_and_deductions_beyond_the_floor_stay_listed(stream, flood, n):
    many = [violation(f"flood-{i}", "2025-03-01", "serious") for i in range(flood)]
    r = rate(stream + many, DAY0 + timedelta(days=n), SERVED)
    table = SERVED.on(r.as_of)
    assert table.min_score <= r.score <= table.max_score
    assert r.beyond_floor == max(0, table.min_score - 100 - sum(e.points for e in r.effects))


@settings(max_examples=150, deadline=None)
@given(
    stream=st.lists(facts, max_size=25),
    n=st.integers(1, 500),
    points=st.integers(-30, 30),
    months=st.integers(1, 36),
    base=st.integers(50, 150),
    threshold=st.integers(1, 30),
)
def test_a_new_rule_table_never_changes_ratings_of_days_before_it(stream, n, points, months, base, threshold):
    effective = DAY0 + timedelta(days=n)
    rows = {
        k: replace(r, points=(-abs(points) or -1) if r.points < 0 else (abs(points) or 1), months=months)
        for k, r in V1.rules.items()
    }
    tuned = replace(
        V1,
        version="2",
        effective_from=effective,
        rules=rows,
        base_score=base,
        interview_threshold=threshold,
        rectification_threshold=threshold,
        listing_delay_days=1,
        objection_days=3,
        public_notice_days=1,
        caps=dict.fromkeys(V1.caps, 1),
    )
    book = RuleBook([V1, tuned])
    for day in (DAY0, effective - timedelta(days=1), effective - timedelta(days=40)):
        assert rate(stream, day, book) == rate(stream, day, BOOK)


@settings(max_examples=120, deadline=None)
@given(stream=st.lists(facts, max_size=30), checks=st.lists(st.integers(0, 1400), max_size=8))
# found once: a listing starting on a refresh day (a severe violation's day 7) ended unseen on 2025-07-08
@example(stream=[violation("a", "2025-01-01", "severe")], checks=[188])
def test_the_incremental_refresh_equals_a_full_rebuild(stream, checks):
    """Facts arrive on their notice days; the agency is refreshed when a fact arrives or its next change is
    due, reading only the lines not yet ended. On every day its stored rating is the rating of that day as known
    that day (`known_at`); a rebuild that corrects the past leaves the days before `corrected_from` as they were;
    at the end its ledger is the full rebuild's, rating every day as known now (`as_of`)."""
    arriving = Counter(f.notice for f in stream)
    every_day = sorted(set(arriving) | {DAY0 + timedelta(days=n) for n in checks})
    stored, lines, chain, rating, due = [], Counter(), Chain(), None, None
    day = every_day[0] if every_day else DAY0
    while every_day and day <= every_day[-1]:
        new = [f for f in stream if f.notice == day]
        if new or rating is None or (due and due <= day):
            keys = {case_key(f) for f in new}
            settled = [f for f in stored if case_key(f) in keys]
            read = Counter({ln: c for ln, c in lines.items() if chain.through is None or ln.end > chain.through})
            done = incremental(read, chain, rating, settled, new, day, SERVED) or rebuilt(
                lines, rating, stored + new, day, SERVED
            )
            for past in {DAY0, done.corrected_from - timedelta(days=1)} if done.corrected_from else ():
                if past < done.corrected_from:  # the days before it are as they were
                    assert rate(stored + new, past, SERVED) == rate(stored, past, SERVED), past
            lines = done.delta if done.rebuilt else apply(lines, done.delta)
            stored, chain, rating, due = stored + new, done.chain, done.rating, done.next_change
        if day in every_day:
            expected = rate(stream, day, SERVED, known_at=day).summary()
            assert {**rating.summary(), "as_of": None} == {**expected, "as_of": None}, day
        day = min([d for d in every_day if d > day] + ([due] if due and due > day else []), default=day + timedelta(1))
    assert lines == ledger(effects(stream, SERVED))
    for day in every_day:
        assert evaluate(lines, day, SERVED, Chain())[0] == replace(rate(stream, day, SERVED), effects=()), day
