"""The shortlist read from the ladder (rungs by rank score, cut by agency id into sections, read from the top)
equals the plain full ranking, and reads only the sections that can still reach it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields, replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from matching_factories import CITY, make_demand, make_provider, qual

from services.matching.domain.recommend import Provider, Track, recommend
from services.matching.domain.shortlist import ladder_categories, rank_score, shortlist
from services.matching.store.providers import LadderEntry, ladder_entries, provider_from_entry

TODAY = date(2026, 3, 5)  # the demand was posted on 2026-03-02
CATEGORIES = ["safety_evaluation", "training"]
PLACES = [("330411", "330411101"), ("330411", "330411104"), ("330402", "330402100"), ("310101", None)]

qualifications = st.builds(
    qual,
    st.sampled_from(CATEGORIES),
    st.sampled_from(["甲级", "乙级", "丙级", "A", None]),
    st.sampled_from(["2025-01-01", "2026-03-03"]),
    st.sampled_from(["2026-03-01", "2026-03-04", "2027-12-31"]),
    st.booleans(),
)


@st.composite
def providers(draw, agency_id: str):
    county, town = draw(st.sampled_from(PLACES))
    return make_provider(
        agency_id,
        status=draw(st.sampled_from(["active", "active", "suspended"])),
        qualifications=tuple(draw(st.lists(qualifications, min_size=1, max_size=3))),
        county=county,
        town=town,
        credit_score=draw(st.one_of(st.none(), st.integers(50, 70))),
        grade=draw(st.sampled_from(["A", "B", "D", None])),
        rectification_until=draw(st.sampled_from([None, date(2026, 3, 5), date(2026, 4, 1)])),
    )


@st.composite
def pools(draw):
    ids = draw(st.lists(st.sampled_from([f"ag{i:02d}" for i in range(40)]), unique=True, max_size=25))
    pool = [draw(providers(i)) for i in ids]
    tracks = {i: Track({"C": draw(st.integers(0, 7))}, draw(st.integers(0, 3))) for i in ids if draw(st.booleans())}
    place = draw(st.sampled_from(PLACES))
    demand = make_demand(
        category=draw(st.sampled_from(CATEGORIES)),
        county=place[0],
        town=place[1],
        industry=draw(st.sampled_from(["C", "E", None])),
        buyer_type=draw(st.sampled_from(["enterprise", "government"])),
        needed_qualification=draw(st.sampled_from([None, "乙级", "A"])),
    )
    return pool, tracks, demand, draw(st.integers(1, 6))


def on_ladder(pool, category, size=1000):
    """The ladder of a category as the store keeps it: rungs by rank score cut by id into sections of `size`,
    entries with that category's verified qualifications only. The sections, and `fetch` giving their providers."""
    standing = [
        replace(p, qualifications=tuple(q for q in p.qualifications if q.category == category and q.verified))
        for p in pool
        if category in ladder_categories(p)
    ]
    rungs = defaultdict(list)
    for provider in sorted(standing, key=lambda p: p.agency_id):
        rungs[rank_score(provider)].append(provider)
    held = {}
    for score, on_rung in rungs.items():
        for start in range(0, len(on_rung), size):
            held[(score, on_rung[start].agency_id if start else "")] = on_rung[start : start + size]
    sections = [(score, low, len(providers)) for (score, low), providers in held.items()]
    return sections, lambda wanted: [p for score, low, _ in wanted for p in held[(score, low)]]


def short(demand, ladder, tracks, limit, read: list | None = None):
    """`shortlist` over a ladder (`on_ladder`), reading the tracks of what it reads (and noting the sections read
    in `read`); the best experience is anyone's, as the store keeps it."""
    sections, providers_of = ladder
    best = max((t.completed_by_industry.get(demand.industry, 0) for t in tracks.values()), default=0)

    def fetch(wanted):
        if read is not None:
            read.extend(wanted)
        providers = providers_of(wanted)
        return providers, {p.agency_id: tracks[p.agency_id] for p in providers if p.agency_id in tracks}, best

    return shortlist(demand, sections, fetch, CITY, TODAY, limit)


@settings(max_examples=400, deadline=None)
@given(pools(), st.integers(1, 4))
def test_the_shortlist_from_the_ladder_equals_the_full_ranking(case, size):
    pool, tracks, demand, limit = case
    fast = short(demand, on_ladder(pool, demand.category, size), tracks, limit)
    assert fast == recommend(demand, pool, tracks, CITY, TODAY, limit)


def test_only_the_rungs_that_can_reach_the_shortlist_are_read():
    pool = [make_provider(f"ag{s}", credit_score=s) for s in range(40, 100)]
    read: list = []
    top = short(make_demand(), on_ladder(pool, "safety_evaluation"), {}, 3, read)
    assert [r.agency_id for r in top] == ["ag99", "ag98", "ag97"]
    assert [score for score, _, _ in read] == [99, 98, 97]  # ag96 could reach at most 48 + 20 < 68.5, the third's


def test_a_crowded_rung_is_read_only_as_far_as_the_shortlist_reaches():
    """250 providers tied on score and place: the ten smallest ids fill the list, the sections after the first
    hold only larger ids, which lose every tie."""
    pool = [make_provider(f"ag{i:03d}", credit_score=99) for i in range(250)] + [make_provider("zz", credit_score=98)]
    read: list = []
    ladder = on_ladder(pool, "safety_evaluation", 50)
    top = short(make_demand(), ladder, {}, 10, read)
    assert [r.agency_id for r in top] == [f"ag{i:03d}" for i in range(10)]
    assert read == [(99, "", 50)]
    busy = {f"ag{i:03d}": Track(open_contracts=1) for i in range(45)}  # only 5 free in the first section
    read.clear()
    top = short(make_demand(), ladder, busy, 10, read)
    assert [r.agency_id for r in top] == [f"ag{i:03d}" for i in range(45, 55)]
    assert read == [(99, "", 50), (99, "ag050", 50)]


def test_a_later_section_whose_smaller_id_wins_a_tie_is_still_read():
    """m (72, another town: 36 + 14) and a, z (60, the demand's town: 30 + 20) all reach 50 with nothing running:
    the smaller id wins, so a's section is read though a lower rung; z's, after m's id, is not."""
    pool = [
        make_provider("m", credit_score=72, town="330411104"),
        make_provider("a", credit_score=60),
        make_provider("z", credit_score=60),
    ]
    read: list = []
    top = short(make_demand(), on_ladder(pool, "safety_evaluation", 1), {}, 1, read)
    assert [(r.agency_id, r.total) for r in top] == [("a", 50.0)]
    assert read == [(72, "", 1), (60, "", 1)]


def test_experience_anyone_has_keeps_lower_rungs_in_reach():
    pool = [make_provider(f"ag{s}", credit_score=s) for s in range(40, 100)]
    tracks = {"ag60": Track({"C": 5})}  # 30 + 20 + 20 = 70 beats ag99's 69.5
    top = short(make_demand(), on_ladder(pool, "safety_evaluation"), tracks, 1)
    assert [(r.agency_id, r.total) for r in top] == [("ag60", 70.0)]


def test_a_provider_stands_on_the_ladders_it_may_ever_serve():
    provider = make_provider(
        "X", qualifications=(qual(), qual(category="training", verified=False), qual(valid_until="2020-01-01"))
    )
    assert ladder_categories(provider) == ("safety_evaluation",)
    assert ladder_categories(replace(provider, grade="D")) == ()
    assert ladder_categories(replace(provider, status="suspended")) == ()
    assert rank_score(replace(provider, credit_score=None)) == 60


def test_a_lower_rung_that_can_tie_is_still_read():
    pool = [make_provider("ag70", credit_score=70), make_provider("ag62", credit_score=62)]
    tracks = {"ag70": Track(open_contracts=1)}  # 35 + 20 − 4 = 51 = 31 + 20: fewer running contracts wins the tie
    top = short(make_demand(), on_ladder(pool, "safety_evaluation"), tracks, 1)
    assert [(r.agency_id, r.total) for r in top] == [("ag62", 51.0)]


def test_a_provider_tied_with_the_last_at_no_fairness_is_still_ranked():
    pool = [make_provider("ag1", credit_score=80), make_provider("ag9", credit_score=72)]
    tracks = {"ag1": Track(open_contracts=1)}  # 40 + 20 − 4 = 56 = 36 + 20: ag9 has fewer running contracts
    top = short(make_demand(), on_ladder(pool, "safety_evaluation"), tracks, 1)
    assert [(r.agency_id, r.total) for r in top] == [("ag9", 56.0)]


def test_a_ladder_entry_reads_as_the_provider_it_stands_for():
    """A rung's entry gives id, score and place at once and the rest of the provider when first read; either way
    it reads as the provider built from the entry."""
    doc = {
        "_id": "ag01",
        "name": "嘉兴安泰",
        "status": "active",
        "county": "330411",
        "town": "330411101",
        "categories": ["safety_evaluation"],
        "rating": {"score": 64, "grade": "B", "rectification_until": "2026-04-01"},
        "qualifications": [
            {
                "category": "safety_evaluation",
                "level": "乙级",
                "valid_from": "2025-01-01",
                "valid_until": "2027-12-31",
                "verified": True,
            }
        ],
    }
    ((rung, entry),) = ladder_entries(doc).items()
    lazy, built = LadderEntry(entry, "safety_evaluation"), provider_from_entry(entry, "safety_evaluation")
    assert rung == "safety_evaluation:64" and lazy._provider is None
    assert (lazy.agency_id, lazy.credit_score, lazy.county, lazy.town) == ("ag01", 64, "330411", "330411101")
    assert lazy._provider is None  # what bounds a total needs no provider
    assert all(getattr(lazy, f.name) == getattr(built, f.name) for f in fields(Provider))
    assert lazy.on_rectification_list(TODAY) and not lazy.on_rectification_list(date(2026, 4, 1))
