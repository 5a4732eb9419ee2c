"""Recommendations (推荐): a ranked, explained shortlist of eligible providers for a demand. Pure.

Built only from this service's projections of registry and credit events and its own contracts.
The system recommends and explains; the buyer chooses (双向选择, no designated provider).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from . import staffing
from .demand import Demand, DemandStatus

GOVERNMENT_MINIMUM = 3
#: Points: credit score × CREDIT_WEIGHT; nearness; per past contract in the buyer's industry; per open contract.
CREDIT_WEIGHT = 0.5
UNRATED_SCORE = 60
NEARNESS_POINTS = {"same_town": 20, "same_county": 14, "jiaxing": 8, "outside": 0}
EXPERIENCE_POINTS, EXPERIENCE_CAP = 4, 5
FAIRNESS_POINTS = -4
#: Known qualification levels, highest first; a higher level satisfies a lower need.
LEVELS = ("甲级", "乙级", "丙级")


@dataclass(frozen=True)
class Qualification:
    category: str
    level: str | None
    valid_from: date
    valid_until: date
    verified: bool = False  # by a regulator, in the registry: an unverified (declared) one counts for nothing

    def counts_on(self, day: date) -> bool:
        return self.verified and self.valid_from <= day <= self.valid_until

    def meets(self, needed: str | None) -> bool:
        if not needed or self.level == needed:
            return True
        return self.level in LEVELS and needed in LEVELS and LEVELS.index(self.level) < LEVELS.index(needed)


@dataclass(frozen=True)
class Provider:
    """The projection of one provider: registry facts plus its latest credit rating."""

    agency_id: str
    name: str
    status: str
    categories: tuple[str, ...]
    qualifications: tuple[Qualification, ...]
    county: str | None
    town: str | None
    credit_score: int | None = None
    grade: str | None = None
    rectification_until: date | None = None
    staff: staffing.Staff = field(default_factory=dict)  # its verified practitioners (人员配备)

    def on_rectification_list(self, day: date) -> bool:
        """整改名单: listed up to, not including, `rectification_until` (as credit publishes it)."""
        return self.rectification_until is not None and day < self.rectification_until


@dataclass(frozen=True)
class Track:
    """A provider's record in this service: completed contracts by buyer industry, contracts now running."""

    completed_by_industry: Mapping[str, int] = field(default_factory=dict)
    open_contracts: int = 0


@dataclass(frozen=True)
class Factor:
    name: str
    value: object
    points: float
    explanation: str


@dataclass(frozen=True)
class Recommendation:
    rank: int
    agency_id: str
    name: str
    total: float
    eligibility: tuple[str, ...]
    factors: tuple[Factor, ...]


def eligibility(provider: Provider, demand: Demand, today: date) -> tuple[bool, list[str]]:
    """Whether a provider may serve the demand, with the reasons either way."""
    return eligible_for(provider, demand.category, demand.needed_qualification, {demand.posted_on, today}, today)


def eligible_for(
    provider: Provider, category: str, level: str | None, days: set[date], today: date
) -> tuple[bool, list[str]]:
    """Whether a provider may serve `category` (a qualification at `level` valid on each of `days`), with the
    reasons either way; the category's staffing rule is judged today."""
    qualification = next(
        (
            q
            for q in provider.qualifications
            if q.category == category and q.meets(level) and all(map(q.counts_on, days))
        ),
        None,
    )
    checks = [
        (provider.status == "active", "registered and active", f"status is {provider.status}"),
        (
            qualification is not None,
            f"verified qualification for {category} valid until {qualification.valid_until}" if qualification else "",
            f"no verified, valid qualification for {category}" + (f" at level {level}" if level else ""),
        ),
        (provider.grade != "D", f"credit grade {provider.grade or 'not yet rated'}", "credit grade D"),
        (
            not provider.on_rectification_list(today),
            "not on the rectification list",
            f"on the rectification list until {provider.rectification_until}",
        ),
    ]
    staffed = staffing.check(provider.staff, category, today)
    if staffed:
        checks.append((staffed[0], staffed[1], staffed[1]))
    if all(passed for passed, _, _ in checks):
        return True, [yes for _, yes, _ in checks]
    return False, [no for passed, _, no in checks if not passed]


def nearness(demand: Demand, provider: Provider, city_counties: frozenset[str]) -> str:
    """same_town > same_county > jiaxing > outside."""
    if provider.county == demand.county:
        return "same_town" if demand.town and provider.town == demand.town else "same_county"
    return "jiaxing" if provider.county in city_counties else "outside"


def factors(demand: Demand, provider: Provider, track: Track, city_counties: frozenset[str]) -> tuple[Factor, ...]:
    """The rank factors of one eligible provider, each with its points and a sentence."""
    score = provider.credit_score
    credit = Factor(
        "credit",
        score,
        (score if score is not None else UNRATED_SCORE) * CREDIT_WEIGHT,
        f"credit score {score}" if score is not None else f"not yet rated; counted as {UNRATED_SCORE}",
    )
    near = nearness(demand, provider, city_counties)
    done = track.completed_by_industry.get(demand.industry, 0) if demand.industry else 0
    running = track.open_contracts
    return (
        credit,
        Factor("nearness", near, NEARNESS_POINTS[near], f"located: {near.replace('_', ' ')}"),
        Factor(
            "experience",
            done,
            min(done, EXPERIENCE_CAP) * EXPERIENCE_POINTS,
            f"{done} completed contracts for buyers in industry {demand.industry or '(none given)'}",
        ),
        Factor("fairness", running, running * FAIRNESS_POINTS, f"{running} contracts running now (spreads the work)"),
    )


def shortlist_size(demand: Demand, limit: int) -> int:
    """A government buyer always sees at least three candidates (when three are eligible)."""
    return max(limit, GOVERNMENT_MINIMUM) if demand.is_government else limit


def recommend(
    demand: Demand,
    providers: Iterable[Provider],
    tracks: Mapping[str, Track],
    city_counties: frozenset[str],
    today: date,
    limit: int = 10,
) -> list[Recommendation]:
    """Eligible providers ranked by total points (ties: fewer running contracts, then id)."""
    scored = []
    for provider in providers:
        ok, reasons = eligibility(provider, demand, today)
        if ok:
            track = tracks.get(provider.agency_id, Track())
            parts = factors(demand, provider, track, city_counties)
            total = round(sum(f.points for f in parts), 2)
            scored.append(((-total, track.open_contracts, provider.agency_id), total, provider, reasons, parts))
    scored.sort(key=lambda s: s[0])
    return [
        Recommendation(
            rank=i, agency_id=p.agency_id, name=p.name, total=total, eligibility=tuple(reasons), factors=parts
        )
        for i, (_, total, p, reasons, parts) in enumerate(scored[: shortlist_size(demand, limit)], start=1)
    ]


def listing_county(provider: Provider, city_counties: frozenset[str], whole_city: bool = False) -> str | None:
    """The county whose open demands a provider sees: its own; None (all of Jiaxing) for a provider from
    outside the city or when it asks for the whole city."""
    return None if whole_city or provider.county not in city_counties else provider.county


def fits(provider: Provider, demand: Demand, now: datetime) -> bool:
    """The demand is in the provider's listing (all of Jiaxing): open, before its deadline, in its categories."""
    return demand.status == DemandStatus.OPEN and now < demand.offer_deadline and demand.category in provider.categories
