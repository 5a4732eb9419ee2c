"""The demo city as a plan: everything that will be registered, posted, signed, recorded and paid, drawn from
one seed. Pure: the same seed, size and day give the same plan (the builder sends it through the APIs)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from services.common.clock import jiaxing_day, utcnow

from . import deals as deal_plans
from . import engagements, people, practitioners, sanctions
from . import programmes as programme_plans
from .reference import SIZES


@dataclass(frozen=True)
class City:
    seed: int
    size: str
    today: date
    providers: list[people.Provider]
    practice: practitioners.Practice  # the agencies' staff (从业人员)
    experts: list[dict]
    enterprises: list[dict]
    deals: list[deal_plans.Deal]
    violations: list[sanctions.Violation]
    spot_checks: list[sanctions.SpotCheck]
    programmes: list[programme_plans.Programme]
    expert_requests: list[engagements.ExpertRequest]
    good: str  # an agency with a clean record and three passed spot checks: grade A
    severe: str  # an agency with a severe violation: grade D and the severe-dishonesty list
    rectified: str  # an agency with two serious violations: on the rectification list
    suspended: str  # an agency a regulator suspends at the end

    def provider(self, provider_id: str) -> people.Provider:
        return next(p for p in self.providers if p.id == provider_id)

    @cached_property
    def enterprises_by_id(self) -> dict[str, dict]:
        return {e["uscc"]: e for e in self.enterprises}

    def outcomes(self) -> Counter:
        return Counter(d.outcome for d in self.deals)

    def covered(self, county: str) -> dict[str, int]:
        """Per town of `county`: SMEs with a contract signed or completed and not terminated (subsidy coverage)."""
        smes = {e["uscc"]: e["town"] for e in self.enterprises if e["size"] != "large" and e["county"] == county}
        firms = {d.enterprise_id for d in self.deals if d.outcome in ("completed", "late", "signed")}
        return Counter(town for firm, town in smes.items() if firm in firms)


def plan_city(seed: int = 2016, size: str = "small", today: date | None = None) -> City:
    if size not in SIZES:
        raise ValueError(f"size is one of {', '.join(SIZES)}")
    scale, rng = SIZES[size], random.Random(f"anfu-demo-{seed}-{size}")
    today = today or jiaxing_day(utcnow())
    providers = people.providers(rng, scale.providers, today)
    good = providers[0].id
    targets = [p for p in providers[3:] if p.offers]
    severe, rectified, suspended = (p.id for p in rng.sample(targets, 3))
    enterprises = people.enterprises(rng, scale.enterprises)
    deals = deal_plans.deals(rng, scale.deals, providers, enterprises, good)
    violations = sanctions.violations(rng, scale.violations, seed, today, targets, severe, rectified)
    spot_checks = sanctions.spot_checks(rng, scale.spot_checks, today, targets, good)
    programmes = programme_plans.programmes(rng, today, providers)
    staff_rng = random.Random(f"anfu-demo-{seed}-{size}-practice")  # a draw of its own: the rest stays as it was
    return City(
        seed=seed,
        size=size,
        today=today,
        providers=providers,
        practice=practitioners.practice(staff_rng, providers, today),
        experts=people.experts(rng, scale.experts),
        enterprises=enterprises,
        deals=deals,
        violations=violations,
        spot_checks=spot_checks,
        programmes=programmes,
        expert_requests=engagements.expert_requests(
            rng, max(2, scale.experts // 6), enterprises, [p.id for p in targets]
        ),
        good=good,
        severe=severe,
        rectified=rectified,
        suspended=suspended,
    )
