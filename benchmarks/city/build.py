"""Build the planned city through the services' own commands and events (`flow.py` says how that differs from
HTTP and Kafka): the registry fills on the first day, then every day of three years is played in order, each
service's commands for the day in large units of work, their events delivered before the next step needs them."""

from __future__ import annotations

import time
from datetime import timedelta

from services.common.errors import Conflict
from services.common.web.auth import Principal
from services.credit import commands as credit
from services.matching import commands as matching
from services.matching.domain.refusals import Refused
from services.matching.schemas.contracts import CompleteSchema, TerminateSchema
from services.matching.schemas.demands import DemandCreateSchema, OfferCreateSchema
from services.registry import commands as registry
from services.registry.schemas.people import EnterpriseInSchema, ExpertInSchema
from services.registry.schemas.providers import ProviderInSchema
from services.subsidy import commands as subsidy
from services.subsidy.schemas import ApplySchema, ProgrammeCreateSchema

from .flow import Services
from .plan import City, Deal, demand_body

CITY = "330400"
REGULATOR = Principal("city-regulator", "regulator", CITY)
VIOLATIONS = {"minor": "late-report", "general": "incomplete-records", "serious": "qualification-rental"}
VIOLATIONS["severe"] = "false-report"
DEMAND, OFFER = DemandCreateSchema(), OfferCreateSchema()


def who(role: str, org: str) -> Principal:
    return Principal(f"{role}-{org}", role, org)


def build(services: Services, city: City, say=print) -> dict:
    """Fill the services with `city`; seconds per phase."""
    spent, began = {}, time.perf_counter()
    services.setup()
    services.on(city.start)
    programmes = _registry(services, city)
    spent["registry (first day)"] = time.perf_counter() - began
    contracts: dict[int, str] = {}
    by_day = _by_day(city)
    for n, day in enumerate(city.days()):
        services.on(day)
        starts, ends, checks, violations = by_day.get(day, ([], [], [], []))
        contracts.update(zip([d.key for d in starts], services.run("matching", [_deal(d) for d in starts])))
        ends = [d for d in ends if contracts.get(d.key)]
        services.run("matching", [_end(d, contracts[d.key]) for d in ends])
        services.run("credit", [_spot_check(c) for c in checks] + [_violation(v) for v in violations])
        paid = [d for d in ends if d.subsidy]
        applied = services.run("subsidy", [_apply(d, contracts[d.key].split("|")[0], programmes) for d in paid])
        paid = [(d, a) for d, a in zip(paid, applied) if a]
        services.run("subsidy", [_approve(d, a, "town") for d, a in paid])
        services.run("subsidy", [_approve(d, a, "county") for d, a in paid])
        services.run("subsidy", [_pay(d, a) for d, a in paid])
        if n % 90 == 0:
            say(f"   {day}: {time.perf_counter() - began:.0f} s, events applied {services.events}", flush=True)
    spent["three years of activity"] = time.perf_counter() - began - spent["registry (first day)"]
    return spent


def _by_day(city: City) -> dict:
    days: dict = {}
    for deal in city.deals:
        days.setdefault(deal.day, ([], [], [], []))[0].append(deal)
        if deal.ends:
            days.setdefault(deal.ends, ([], [], [], []))[1].append(deal)
    for check in city.spot_checks:
        days.setdefault(check[0], ([], [], [], []))[2].append(check)
    for violation in city.violations:
        days.setdefault(violation[0], ([], [], [], []))[3].append(violation)
    return days


def _registry(services: Services, city: City) -> dict[str, str]:
    """Providers register and a regulator verifies every certificate; experts and enterprises register; each
    county opens a purchase subsidy programme for the three years. The programme of each county."""
    providers = [ProviderInSchema().load(p) for p in city.providers]
    services.run(
        "registry", [lambda uow, p=p: registry.register_provider(uow, who("agency", p["uscc"]), p) for p in providers]
    )
    services.run(
        "registry",
        [
            lambda uow, p=p, q=q: registry.verify_qualification(
                uow, REGULATOR, p["uscc"], q["category"], q["certificate_no"]
            )
            for p in providers
            for q in p["qualifications"]
        ],
    )
    services.run(
        "registry",
        [lambda uow, e=e: registry.register_expert(uow, REGULATOR, ExpertInSchema().load(e)) for e in city.experts],
    )
    services.run(
        "registry",
        [
            lambda uow, e=e: registry.register_enterprise(
                uow, who("enterprise", e["uscc"]), EnterpriseInSchema().load(e)
            )
            for e in city.enterprises
        ],
        chunk=500,
    )
    counties = sorted({e["county"] for e in city.enterprises})
    made = services.run("subsidy", [lambda uow, c=c: _programme(uow, c, city) for c in counties])
    return dict(zip(counties, made))


def _programme(uow, county: str, city: City) -> str:
    body = ProgrammeCreateSchema().load(
        {
            "name": "中小微企业购买安全生产社会化服务补助",
            "kind": "enterprise_purchase",
            "period_start": (city.start + timedelta(days=1)).isoformat(),
            "period_end": (city.today + timedelta(days=365)).isoformat(),
            "rules": {"budget_fen": 10**11, "rate_permille": 300, "cap_per_beneficiary_year_fen": 10**9},
        }
    )
    official = who("official", county)
    programme = subsidy.create_programme(uow, official, body)
    subsidy.open_programme(uow, official, programme.id)
    return programme.id


def _deal(deal: Deal):
    """Post, offer, accept, both sign (one day)."""
    buyer = who("enterprise", deal.enterprise["uscc"])

    def play(uow) -> str:
        body = DEMAND.load(demand_body(deal, (uow.now + timedelta(days=7)).isoformat()))  # the service clock
        demand = matching.post_demand(uow, buyer, body)
        offers = [_offer(uow, deal, demand.id, agency, i) for i, agency in enumerate(deal.bidders)]
        offers = [o for o in offers if o]
        if not offers:  # no bidder may serve it (listed, suspended): the demand stays open, then expires
            return None
        contract = matching.accept_offer(uow, buyer, demand.id, offers[0].id)
        matching.sign(uow, buyer, contract.id)
        matching.sign(uow, who("agency", offers[0].agency_id), contract.id)
        return f"{contract.id}|{offers[0].agency_id}"

    return play


def _offer(uow, deal: Deal, demand_id: str, agency: str, i: int):
    body = {
        "price_fen": deal.budget_fen * (100 - i) // 100,
        "plan": "现场勘查，出具书面报告",
        "duration_days": deal.duration_days,
    }
    try:
        return matching.submit_offer(uow, who("agency", agency), demand_id, OFFER.load(body))
    except Refused:  # refused before anything is written: this agency does not offer
        return None


def _end(deal: Deal, contract_id: str):
    buyer, agency = who("enterprise", deal.enterprise["uscc"]), who("agency", contract_id.split("|")[1])
    contract_id = contract_id.split("|")[0]
    if deal.outcome in ("completed", "late"):
        body = CompleteSchema().load(
            {"on_time": deal.outcome == "completed", "score": 5 if deal.outcome == "completed" else 3}
        )
        return lambda uow: matching.complete(uow, buyer, contract_id, body)
    fault = "agency" if deal.outcome == "admitted" else "none"
    body = TerminateSchema().load({"at_fault": fault, "reason": "双方协商解除合同"})
    return lambda uow: matching.terminate(uow, agency if fault == "agency" else buyer, contract_id, body)


def _spot_check(check):
    day, agency, passed, findings = check
    body = {"agency_id": agency, "inspected_on": day, "passed": passed, "findings": findings}
    body |= {"contract_id": None, "enterprise_id": None}
    return lambda uow: credit.record_spot_check(uow, REGULATOR, body)


def _violation(violation):
    day, agency, severity = violation
    body = {"agency_id": agency, "severity": severity, "code": VIOLATIONS[severity], "description": "监督检查发现"}
    body["occurred_on"] = day
    return lambda uow: credit.record_violation(uow, REGULATOR, body)


def _apply(deal: Deal, contract_id: str, programmes: dict[str, str]):
    body = ApplySchema().load({"programme_id": programmes[deal.enterprise["county"]], "contract_id": contract_id})
    applicant = who("enterprise", deal.enterprise["uscc"])

    def apply(uow) -> str | None:
        try:
            return subsidy.apply(uow, applicant, body).id
        except Conflict:  # refused before anything is written (a cap reached, an agency's grade)
            return None

    return apply


def _approve(deal: Deal, application_id: str, level: str):
    official = who("official", deal.enterprise["town" if level == "town" else "county"])
    return lambda uow: subsidy.approve(uow, official, application_id)


def _pay(deal: Deal, application_id: str):
    finance = who("finance", deal.enterprise["county"])  # the finance of the programme's county pays
    return lambda uow: subsidy.pay(uow, finance, application_id, f"PAY-{application_id}")
