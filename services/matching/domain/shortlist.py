"""The shortlist over many providers (推荐名单): rank only those that can still reach it. Pure.

The `providers` projection keeps a ladder per category: the providers that may ever be recommended in it (active,
not grade D, a verified qualification for it), in rungs by rank score (credit score; unrated counts as 60), each
rung cut by agency id into sections (段) of a few dozen. Dates, level and the rectification list are judged per
demand, by `recommend`, on the sections read. No total exceeds rank score × 0.5 + the demand's best nearness + the
best experience anyone has in its industry (fairness only takes away), and ties go to fewer running contracts, then
the smaller id; so once the shortlist is full and its last place ranks before the best anyone in the next section
could reach (that bound, no running contract, the section's lowest id), nobody not yet read can enter it: the
result is exactly `recommend` over every provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from .demand import Demand
from .recommend import (
    CREDIT_WEIGHT,
    EXPERIENCE_CAP,
    EXPERIENCE_POINTS,
    NEARNESS_POINTS,
    UNRATED_SCORE,
    Provider,
    Recommendation,
    Track,
    eligibility,
    nearness,
    recommend,
    shortlist_size,
)

#: a section of a rung: (rank score, the lowest agency id it may hold, how many providers stand on it); the
#: sections of a rung hold the ids from their lowest up to the next section's lowest
Section = tuple[int, str, int]


def rank_score(provider: Provider) -> int:
    """The score the credit points are counted from."""
    return UNRATED_SCORE if provider.credit_score is None else provider.credit_score


def ladder_categories(provider: Provider) -> tuple[str, ...]:
    """The categories whose ladder the provider stands on (what no demand date can change)."""
    if provider.status != "active" or provider.grade == "D":
        return ()
    return tuple(dict.fromkeys(q.category for q in provider.qualifications if q.verified))


def best_total(score: int, demand: Demand, best_done: int) -> float:
    """The highest total a provider of rank score `score` can reach for this demand (`best_done`: the most
    contracts anyone completed in the demand's industry, counted up to the cap)."""
    near = NEARNESS_POINTS["same_town" if demand.town else "same_county"]
    done = min(best_done, EXPERIENCE_CAP) if demand.industry else 0
    return score * CREDIT_WEIGHT + near + done * EXPERIENCE_POINTS


def best_of(provider: Provider, demand: Demand, tracks: Mapping[str, Track], city_counties: frozenset[str]) -> float:
    """The provider's total before fairness (which only takes away)."""
    done = (
        tracks.get(provider.agency_id, Track()).completed_by_industry.get(demand.industry, 0) if demand.industry else 0
    )
    return (
        rank_score(provider) * CREDIT_WEIGHT
        + NEARNESS_POINTS[nearness(demand, provider, city_counties)]
        + min(done, EXPERIENCE_CAP) * EXPERIENCE_POINTS
    )


def reachable(
    demand: Demand,
    providers: Sequence[Provider],
    tracks: Mapping[str, Track],
    city_counties: frozenset[str],
    today: date,
    size: int,
) -> list[Provider]:
    """The providers that can be in a shortlist of `size`: by best total, the first `size` eligible ones, then
    those whose best (at no fairness, so before the last of them if tied) still beats the last of them."""
    best = {p.agency_id: best_of(p, demand, tracks, city_counties) for p in providers}
    ordered = sorted(providers, key=lambda p: (-best[p.agency_id], p.agency_id))
    first: list[Provider] = []
    for taken, provider in enumerate(ordered, start=1):  # noqa: B007 (read after the loop)
        if eligibility(provider, demand, today)[0]:
            first.append(provider)
            if len(first) == size:
                break
    else:
        return first
    last = recommend(demand, first, tracks, city_counties, today, size)[-1]
    bar = (-last.total, tracks.get(last.agency_id, Track()).open_contracts, last.agency_id)
    return first + [p for p in ordered[taken:] if (-best[p.agency_id], 0, p.agency_id) < bar]


def settled(ranked: Sequence[Recommendation], size: int, tracks: Mapping[str, Track], bound: tuple) -> bool:
    """Full, and the last place ranks before `bound`, the best rank key anyone not yet read could have."""
    if len(ranked) < size:
        return False
    last = ranked[-1]
    return (-last.total, tracks.get(last.agency_id, Track()).open_contracts, last.agency_id) < bound


def bound(section: Section, demand: Demand, best_done: int) -> tuple:
    """The best rank key a provider of this section (or any after it) could have: (−total, running, id)."""
    score, lowest, _ = section
    return -best_total(score, demand, best_done), 0, lowest


def next_sections(pending: Sequence[Section], size: int) -> tuple[list[Section], list[Section]]:
    """The first sections holding at least `size` providers (one at least), and the rest."""
    taken, held = 0, 0
    while taken < len(pending) and (taken == 0 or held < size):
        held += pending[taken][2]
        taken += 1
    return list(pending[:taken]), list(pending[taken:])


#: what reading sections gives: their providers, the tracks of those providers, and the most contracts anyone
#: completed in the demand's industry
Read = tuple[Iterable[Provider], Mapping[str, Track], int]


def shortlist(
    demand: Demand,
    sections: Iterable[Section],
    fetch: Callable[[list[Section]], Read],
    city_counties: frozenset[str],
    today: date,
    limit: int = 10,
) -> list[Recommendation]:
    """`recommend` over the ladder of the demand's category, reading sections from the top (`fetch(sections)`)
    until nobody not yet read can enter the shortlist."""
    size = shortlist_size(demand, limit)
    pending = sorted((s for s in sections if s[2] > 0), key=lambda s: (-s[0], s[1]))
    providers: list[Provider] = []
    tracks: dict[str, Track] = {}
    ranked: list[Recommendation] = []
    best_done = 0
    while pending and not settled(ranked, size, tracks, bound(pending[0], demand, best_done)):
        taken, pending = next_sections(pending, size)
        read, their_tracks, best_done = fetch(taken)
        providers.extend(read)
        tracks.update(their_tracks)
        ranked = recommend(
            demand,
            reachable(demand, providers, tracks, city_counties, today, size),
            tracks,
            city_counties,
            today,
            limit,
        )
    return ranked
