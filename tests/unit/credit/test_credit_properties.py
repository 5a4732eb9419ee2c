"""Property: a rating depends on the set of stored facts, not on their order or duplicates."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from credit_factories import (completed, inspection, objection, repair_applied, repair_decided, revoked, ruling,
                              terminated, violation)
from services.credit.domain.rating import rate

DAY0 = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=900).map(lambda n: (DAY0 + timedelta(days=n)).isoformat())
ids = st.sampled_from(["a", "b", "c", "d"])

facts = st.one_of(
    st.builds(completed, ids, days, st.booleans()),
    st.builds(terminated, ids, days, st.sampled_from(["agency", "buyer", "none"])),
    st.builds(inspection, ids, days, st.sampled_from(["quality_spot_check", "mutual_inspection"]), st.booleans(),
              st.integers(0, 12)),
    st.builds(violation, ids, days, st.sampled_from(["minor", "general", "serious", "severe"])),
    st.builds(revoked, ids, days),
    st.builds(objection, ids, days),
    st.builds(ruling, ids, days, st.booleans()),
    st.builds(repair_applied, ids, days),
    st.builds(repair_decided, ids, days, st.booleans()),
)


@settings(max_examples=150, deadline=None)
@given(stream=st.lists(facts, max_size=25), data=st.data())
def test_shuffling_and_duplicating_facts_gives_the_same_rating(stream, data):
    replayed = data.draw(st.permutations(stream + data.draw(st.lists(st.sampled_from(stream), max_size=10))
                                         if stream else []))
    for n in (0, 200, 500, 900, 1300):
        as_of = DAY0 + timedelta(days=n)
        assert rate(replayed, as_of) == rate(stream, as_of)


@settings(max_examples=100, deadline=None)
@given(stream=st.lists(facts, max_size=25))
def test_every_point_is_traceable_to_an_effect(stream):
    r = rate(stream, DAY0 + timedelta(days=400))
    assert r.score == 100 + sum(e.points for e in r.effects) == 100 + sum(r.subtotals.values())
    assert {e.source_event_id for e in r.effects} <= {f.id for f in stream}
    assert (r.grade == "D") if r.listed_until else True
