"""The benchmark's Jiaxing: three years of a city at full size, drawn from one seed (pure: the same seed, scale and
day give the same city). Names and codes come from the demo's generators (`demo/names.py`, `demo/people.py`).

At scale 1: 60,000 enterprises over the 72 towns, 500 providers, 1,500 experts, 150,000 contracts over three
years, twice as many quality spot checks (each a credit fact, as a contract's end is: about 450,000 facts),
100,000 purchase subsidies applied for, approved and paid.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from demo import names, people
from demo.reference import CATEGORY_NAMES, CATEGORY_WEIGHTS, LEVELLED
from services.common.reference import COUNTY_CODES, section_of, towns_of

#: the generator's version: any change to what it draws bumps it (the cache key of a built city)
GENERATOR = 1
FULL = {
    "enterprises": 60_000,
    "providers": 500,
    "experts": 1_500,
    "contracts": 150_000,
    "spot_checks": 300_000,
    "violations": 1_500,
    "applications": 100_000,
}
YEARS = 3
SEVERITIES = ("minor", "general", "serious", "severe")
OUTCOMES = {"completed": 84, "late": 8, "terminated": 5, "admitted": 3}  # 3: the agency admits fault


@dataclass(frozen=True)
class Deal:
    """A contract's life: posted, offered, accepted and signed on `day`; completed or terminated on `ends`."""

    key: int
    day: date
    ends: date | None  # None: still running
    enterprise: dict
    category: str
    bidders: tuple[str, ...]  # the first wins
    budget_fen: int
    duration_days: int
    outcome: str
    subsidy: bool


@dataclass(frozen=True)
class City:
    seed: int
    scale: float
    start: date  # the day the registry is filled; activity runs from the next day to `today`
    today: date
    providers: list[dict]  # registration bodies; every certificate is verified by a regulator
    experts: list[dict]
    enterprises: list[dict]
    deals: list[Deal]
    spot_checks: list[tuple[date, str, bool, int]]  # day, agency, passed, findings
    violations: list[tuple[date, str, str]]  # day, agency, severity

    @property
    def key(self) -> str:
        """What a built city is cached under: the generator's version, the seed, the scale and its last day."""
        return f"g{GENERATOR}-seed{self.seed}-scale{self.scale:g}-{self.today.isoformat()}"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(1, (self.today - self.start).days + 1)]


def count(name: str, scale: float) -> int:
    return max(int(FULL[name] * scale), 10 if name in ("providers", "experts") else 1)


def plan_city(seed: int, scale: float, today: date) -> City:
    rng = random.Random(f"anfu-city-{seed}-{scale:g}")
    start = today - timedelta(days=365 * YEARS)
    providers = [_provider(rng, names.Unique(), start, i) for i in range(count("providers", scale))]
    enterprises = people.enterprises(rng, count("enterprises", scale))
    days = [start + timedelta(days=i) for i in range(1, (today - start).days + 1)]
    agencies = [p["uscc"] for p in providers]
    return City(
        seed=seed,
        scale=scale,
        start=start,
        today=today,
        providers=providers,
        experts=people.experts(rng, count("experts", scale)),
        enterprises=enterprises,
        deals=_deals(rng, count("contracts", scale), count("applications", scale), providers, enterprises, days),
        spot_checks=sorted(
            (rng.choice(days), rng.choice(agencies), rng.random() < 0.997, int(rng.random() < 0.01))
            for _ in range(count("spot_checks", scale))
        ),
        violations=sorted(
            (rng.choice(days), rng.choice(agencies), rng.choices(SEVERITIES, (70, 20, 7, 3))[0])
            for _ in range(count("violations", scale))
        ),
    )


def _provider(rng: random.Random, unique: names.Unique, start: date, index: int) -> dict:
    county = rng.choice(COUNTY_CODES)
    town = rng.choice(towns_of(county))
    categories = sorted(set(rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()), k=3)))
    name = unique(
        rng, lambda r: names.place_prefix(county, town, None) + r.choice(names.WORDS) + r.choice(names.AGENCY_TRADES)
    )
    return {
        "uscc": names.uscc(rng, county),
        "name": f"{name}" if index else "嘉兴安泰安全评价有限公司",
        "kind": "agency",
        "categories": categories,
        "county": county,
        "town": town,
        "qualifications": [_certificate(rng, category, start) for category in categories],
        "staff": {"count": rng.randrange(6, 80), "safety_engineers": rng.randrange(1, 6)},
        "contacts": [names.contact(rng, "负责人")],
    }


def _certificate(rng: random.Random, category: str, start: date) -> dict:
    """Valid from before the city's start for ten years (the longest a certificate runs)."""
    valid_from = start - timedelta(days=rng.randrange(0, 700))
    levels = LEVELLED.get(category)
    return {
        "category": category,
        "certificate_no": f"ZJAQ-{category[:3].upper()}-{rng.randrange(10**6):06d}",
        "issuer": rng.choice(names.ISSUERS),
        "level": levels[-1] if levels else None,
        "valid_from": valid_from.isoformat(),
        "valid_until": (valid_from + timedelta(days=3650)).isoformat(),
    }


def _deals(
    rng: random.Random, n: int, subsidised: int, providers: list[dict], firms: list[dict], days: list[date]
) -> list[Deal]:
    offering = {c: [p["uscc"] for p in providers if c in p["categories"]] for c in CATEGORY_WEIGHTS}
    categories = [c for c in CATEGORY_WEIGHTS if offering[c]]
    weights = [CATEGORY_WEIGHTS[c] for c in categories]
    smes_share = sum(f["size"] != "large" for f in firms) / len(firms)
    subsidy_chance = min(1.0, subsidised / max(n * 0.92 * smes_share, 1))
    deals = []
    for key in range(n):
        category = rng.choices(categories, weights)[0]
        firm, day = rng.choice(firms), rng.choice(days)
        duration = rng.randrange(15, 91)
        outcome = rng.choices(list(OUTCOMES), list(OUTCOMES.values()))[0]
        ends = day + timedelta(days=duration if outcome in ("completed", "late") else duration // 2)
        ends = ends if ends <= days[-1] else None
        done = ends is not None and outcome in ("completed", "late")
        candidates = offering[category]
        deals.append(
            Deal(
                key=key,
                day=day,
                ends=ends,
                enterprise=firm,
                category=category,
                bidders=tuple(rng.sample(candidates, min(len(candidates), rng.choice((1, 2, 3))))),
                budget_fen=rng.randrange(10, 80) * 100_000,
                duration_days=duration,
                outcome=outcome,
                subsidy=done and firm["size"] != "large" and rng.random() < subsidy_chance,
            )
        )
    return sorted(deals, key=lambda d: (d.day, d.key))


def demand_body(deal: Deal, deadline) -> dict:
    firm = deal.enterprise
    return {
        "category": deal.category,
        "county": firm["county"],
        "town": firm["town"],
        "industry": section_of(firm["industry_code"]),
        "description": f"{CATEGORY_NAMES[deal.category]}（{firm['name']}）",
        "budget_fen": deal.budget_fen,
        "offer_deadline": deadline,
    }
