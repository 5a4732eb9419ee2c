"""`build_city`: the demo city, sent through the services' own HTTP APIs and Kafka, in the order a real year
would need it (the services learn from each other's events, so each phase waits for what the next needs)."""

from __future__ import annotations

import time

from .client import Api, DemoError
from .plan import City, plan_city
from .reference import SIZES
from .report import CityReport, Tally
from .steps import credit, experts, matching, practice, registry, subsidy
from .steps.gov import EnforcementSystem


class CityExists(DemoError):
    """This seed's city is in the stack already."""


def build_city(urls: dict[str, str], kafka_bootstrap: str, size: str = "small", seed: int = 2016) -> CityReport:
    """Build the city of `seed` at `size` against the services at `urls` (service name → base URL) and the
    broker at `kafka_bootstrap`; CityExists if its first provider is registered already."""
    started, city = time.monotonic(), plan_city(seed, size)
    api, tally = Api(urls, SIZES[size].patience), Tally()
    if registry.already_built(api, city):
        raise CityExists(
            f"the {size} demo city of seed {seed} is there already, or a build of it stopped half-way "
            f"(provider {city.good}); `make clean` or another seed starts over"
        )
    expert_ids = registry.register(api, city, tally)
    moved = practice.register(api, city, tally)
    programmes = subsidy.open_programmes(api, city, tally)
    covered_before = subsidy.covered(api)
    played = matching.play_all(api, city, tally)
    expert_requests = experts.engage_all(api, city, tally)
    paid = subsidy.purchases(api, city, played, programmes, tally)
    subsidy.support(api, city, programmes, covered_before, tally)
    registry.known_to_credit(api, city)
    gov = EnforcementSystem(kafka_bootstrap)
    try:
        credit.spot_checks(api, city, tally)
        violation_ids = credit.violations(api, city, gov, tally)
        credit.due_process(api, city, played, violation_ids, gov, tally)
    finally:
        gov.close()
    listed_from = credit.showcase(api, city)
    registry.suspend(api, city, tally)
    report = _report(
        city, tally, expert_ids, expert_requests, played, paid, programmes, listed_from, time.monotonic() - started
    )
    report.practitioner = moved
    return report


def _report(
    city: City,
    tally: Tally,
    expert_ids: list[str],
    expert_requests: list[str],
    played: list[matching.Played],
    paid: list[str],
    programmes: dict[str, str],
    listed_from: str,
    seconds: float,
) -> CityReport:
    paid_deal = next((p for p in played if p.contract_id in paid), played[0])
    county = city.enterprises_by_id[paid_deal.deal.enterprise_id]["county"]
    return CityReport(
        seed=city.seed,
        size=city.size,
        built_on=city.today.isoformat(),
        counts=dict(sorted(tally.counts.items())),
        good_provider=city.good,
        severe_provider=city.severe,
        severe_listed_from=listed_from,
        rectified_provider=city.rectified,
        suspended_provider=city.suspended,
        cluster_provider=next(p.id for p in city.providers if p.body["cluster_base"]),
        outside_provider=next((p.id for p in city.providers if p.body["origin"]), ""),
        expert=expert_ids[0],
        expert_request=expert_requests[0],
        enterprise=paid_deal.deal.enterprise_id,
        contract=paid_deal.contract_id,
        open_demand=next(p.demand_id for p in played if p.deal.outcome == "open"),  # every outcome is planned
        programme=programmes[f"purchase-{county}"],
        provider_ids=tuple(p.id for p in city.providers),
        enterprise_ids=tuple(e["uscc"] for e in city.enterprises),
        seconds=round(seconds, 1),
    )
