"""Expert draws (专家随机抽取): eligibility, recusal, the reproducible order, the too-few refusal (pure)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common.errors import Invalid
from services.common.web.problems import status_of
from services.matching.experts.domain.draw import (
    Criteria,
    Expert,
    Leave,
    Parties,
    TooFew,
    draw,
    drawn_order,
    recusal,
    seed_of,
    unavailable,
    unmet,
)

FIRST, LAST = date(2026, 5, 11), date(2026, 5, 13)
ENTERPRISE, REQUESTER = "91330482MA2B3C4D5E", "330400"


def expert(id_: str = "exp-1", **kw) -> Expert:
    values = dict(
        id=id_,
        status="active",
        available=True,
        name="李明",
        county="330482",
        industries=("C",),
        specialties=("危险化学品",),
        grade="senior",
    )
    return Expert(**(values | kw))


def criteria(**kw) -> Criteria:
    values = dict(
        specialties=("危险化学品", "电气安全"),
        industries=("C", "E"),
        min_grade="intermediate",
        counties=("330482",),
        first_day=FIRST,
        last_day=LAST,
    )
    return Criteria(**(values | kw))


PARTIES = Parties(REQUESTER, ENTERPRISE)


# --- eligibility ---------------------------------------------------------------------------------------
def test_a_matching_expert_lacks_nothing():
    assert unmet(expert(), criteria()) == []
    assert unavailable(expert(), criteria(), frozenset()) == []


@pytest.mark.parametrize(
    "kw, missing",
    [
        (dict(specialties=("消防",)), ["specialty"]),
        (dict(industries=("A",)), ["industry"]),
        (dict(grade="junior"), ["grade"]),
        (dict(county="330402"), ["county"]),
        (dict(grade="junior", county="330402"), ["grade", "county"]),
    ],
)
def test_criteria_name_what_is_missing(kw, missing):
    assert unmet(expert(**kw), criteria()) == missing


def test_no_counties_means_the_whole_city_and_a_higher_grade_serves_a_lower_need():
    assert unmet(expert(county="330402", grade="senior"), criteria(counties=(), min_grade="junior")) == []


@pytest.mark.parametrize(
    "kw, reasons",
    [
        (dict(status="suspended"), ["suspended"]),
        (dict(status="banned", available=False), ["banned", "unavailable"]),
        (dict(status="retired"), ["retired"]),
        (dict(available=False), ["unavailable"]),
        (dict(leave=(Leave(date(2026, 5, 13), date(2026, 5, 20)),)), ["on_leave"]),
        (dict(leave=(Leave(date(2026, 5, 1), date(2026, 5, 11)),)), ["on_leave"]),
    ],
)
def test_only_active_available_experts_off_leave_serve(kw, reasons):
    assert unavailable(expert(**kw), criteria(), frozenset()) == reasons


def test_leave_outside_the_days_and_being_busy():
    before = expert(leave=(Leave(date(2026, 5, 1), date(2026, 5, 10)),))
    assert unavailable(before, criteria(), frozenset()) == []
    assert unavailable(expert(), criteria(), frozenset({"exp-1"})) == ["engaged_elsewhere"]


def test_criteria_refuse_reversed_days_and_unknown_grades():
    with pytest.raises(Invalid):
        criteria(last_day=date(2026, 5, 10))
    with pytest.raises(Invalid):
        criteria(min_grade="expert")


# --- recusal 回避 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kw, reasons",
    [
        (dict(employer=ENTERPRISE), ["employed_by_reviewed_party"]),
        (dict(linked_orgs=(ENTERPRISE,)), ["linked_to_reviewed_party"]),
        (dict(employer=REQUESTER), ["employed_by_requester"]),
        (dict(linked_orgs=("91330400MA0000000X", REQUESTER)), ["linked_to_requester"]),
        (dict(employer="91330400MA0000000X"), []),
    ],
)
def test_ties_to_the_reviewed_party_or_the_requester_recuse(kw, reasons):
    assert recusal(expert(**kw), PARTIES, frozenset()) == reasons


def test_rotation_recuses_an_expert_drawn_recently_for_the_same_requester():
    assert recusal(expert(), PARTIES, frozenset({"exp-1"})) == ["drawn_recently"]
    assert recusal(expert(), Parties(REQUESTER), frozenset()) == []  # no reviewed party: nothing to match


# --- the draw --------------------------------------------------------------------------------------------
def test_the_draw_records_candidates_exclusions_and_an_order_anyone_can_recompute():
    pool = [
        expert("exp-3"),
        expert("exp-1"),
        expert("exp-2", employer=ENTERPRISE),
        expert("exp-4", grade="junior"),
        expert("exp-5", status="suspended"),
    ]
    result = draw(pool, criteria(), PARTIES, frozenset(), frozenset(), 2, "2026-05-04T01:00:00.000Z", "xr-1")
    assert result.candidates == 4 and result.eligible == ("exp-1", "exp-3") and result.eligible_count == 2
    assert [(x.expert_id, x.reasons) for x in result.excluded] == [
        ("exp-2", ("employed_by_reviewed_party",)),
        ("exp-5", ("suspended",)),
    ]
    seed = hashlib.sha256(b"2026-05-04T01:00:00.000Z:xr-1").hexdigest()
    assert result.seed == seed == seed_of(result.public_value, "xr-1")
    digest = {x: hashlib.sha256(f"{seed}:{x}".encode()).hexdigest() for x in ("exp-1", "exp-3")}
    assert result.order == tuple(sorted(digest, key=digest.get))


def test_too_few_eligible_is_refused_with_the_numbers():
    pool = [expert("exp-1"), expert("exp-2", linked_orgs=(REQUESTER,)), expert("exp-3", available=False)]
    with pytest.raises(TooFew) as refused:
        draw(pool, criteria(), PARTIES, frozenset(), frozenset(), 2, "t", "xr-2")
    assert status_of(refused.value) == 409
    assert refused.value.extensions == {"needed": 2, "eligible": 1, "candidates": 3, "excluded": 2}


ids = st.lists(st.integers(0, 200).map(lambda n: f"exp-{n}"), min_size=1, max_size=30, unique=True)


@given(ids, st.text(min_size=1, max_size=30), st.randoms(use_true_random=False))
def test_the_same_seed_and_pool_always_give_the_same_order(pool_ids, public_value, rnd):
    pool = [expert(x) for x in pool_ids]
    first = draw(pool, criteria(), PARTIES, frozenset(), frozenset(), 1, public_value, "xr-p")
    shuffled = pool[:]
    rnd.shuffle(shuffled)
    again = draw(shuffled, criteria(), PARTIES, frozenset(), frozenset(), 1, public_value, "xr-p")
    assert again == first
    assert sorted(first.order) == list(first.eligible) == sorted(pool_ids)
    assert drawn_order(first.seed, list(reversed(first.eligible))) == first.order


@given(ids, st.data())
def test_a_recused_expert_is_never_drawn(pool_ids, data):
    tied = set(data.draw(st.lists(st.sampled_from(pool_ids), unique=True)))
    recent = frozenset(data.draw(st.lists(st.sampled_from(pool_ids), unique=True)))
    kinds = data.draw(
        st.lists(st.sampled_from(["employer", "link", "requester"]), min_size=len(tied), max_size=len(tied))
    )
    ties = {
        x: {
            "employer": dict(employer=ENTERPRISE),
            "link": dict(linked_orgs=(ENTERPRISE,)),
            "requester": dict(employer=REQUESTER),
        }[k]
        for x, k in zip(sorted(tied), kinds)
    }
    pool = [expert(x, **ties.get(x, {})) for x in pool_ids]
    free = [x for x in pool_ids if x not in tied and x not in recent]
    if not free:
        with pytest.raises(TooFew):
            draw(pool, criteria(), PARTIES, recent, frozenset(), 1, "v", "xr-r")
        return
    result = draw(pool, criteria(), PARTIES, recent, frozenset(), 1, "v", "xr-r")
    assert set(result.order) == set(free)
    assert not (set(result.order) & (tied | recent))
    assert {x.expert_id for x in result.excluded} == (tied | recent)
