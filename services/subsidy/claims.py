"""What an applicant may claim under a programme, now: who and what it is about, where, the amount line by line
and every refusal. Shared by applying and by the quote (试算) that stores nothing."""

from __future__ import annotations

from dataclasses import dataclass

from services.common.errors import Forbidden, Invalid, NotFound
from services.common.reference import county_of
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .domain.amounts import Line, Refusal, capped, fixed_base, grade_on, purchase_base, tier_base, zero_refusal
from .domain.coverage import coverage, last_twelve_months
from .domain.eligibility import cluster_refusals, purchase_refusals, town_refusals
from .domain.programmes import Kind, Programme
from .domain.talent import TalentFacts
from .store import SubsidyStore

APPLICANT_ROLES = {
    Kind.ENTERPRISE_PURCHASE: ("enterprise",),
    Kind.CLUSTER_BASE_SUPPORT: ("agency", "association"),
    Kind.TOWN_REWARD: ("official",),
}


@dataclass(frozen=True)
class Claim:
    applicant_id: str
    subject_id: str
    county: str
    town: str | None
    lines: list[Line]
    refusals: list[Refusal]
    contract_id: str | None = None


def claim(uow: UnitOfWork, who: Principal, programme: Programme, body: dict) -> Claim:
    """The claim of the caller's organisation (admin: of `applicant_id`) under `programme`."""
    if not who.is_admin and who.role not in APPLICANT_ROLES[programme.kind]:
        raise Forbidden(
            f"a {programme.kind.value} subsidy is applied for by {', '.join(APPLICANT_ROLES[programme.kind])}"
        )
    store = SubsidyStore(uow)
    applicant = (body.get("applicant_id") if who.is_admin else None) or who.org
    if not applicant:
        raise Forbidden("this token acts for no organisation")
    left = store.budget(programme.lineage)["left_fen"]
    if programme.kind == Kind.ENTERPRISE_PURCHASE:
        return _purchase(store, who, programme, body, left)
    if programme.kind == Kind.CLUSTER_BASE_SUPPORT:
        return _cluster(store, uow, programme, applicant, left)
    return _town(store, uow, programme, applicant, left)


def _purchase(store: SubsidyStore, who: Principal, p: Programme, body: dict, left: int) -> Claim:
    contract_id = body.get("contract_id")
    if not contract_id:
        raise Invalid("a purchase subsidy names its contract", field="contract_id")
    deal = store.deal(contract_id)
    if deal is None:
        raise NotFound(f"no contract {contract_id} known to the subsidy service")
    if not deal.enterprise_id:
        raise Forbidden("the contract serves no enterprise")
    who.require_org(deal.enterprise_id)
    firm = store.firm(deal.enterprise_id)
    grade = grade_on(store.grades(deal.agency_id), deal.signed_on) if deal.signed_on else None
    used = store.used(p.lineage, deal.enterprise_id, store.today.year, contract_id)
    lines = capped(purchase_base(p.rules, deal.price_fen), p.rules, used, left, deal.price_fen)
    county, town = (firm.county, firm.town) if firm else (deal.county, deal.town)
    return _with_zero(
        Claim(
            deal.enterprise_id, contract_id, county, town, lines, purchase_refusals(p, deal, firm, grade), contract_id
        )
    )


def _cluster(store: SubsidyStore, uow: UnitOfWork, p: Programme, agency_id: str, left: int) -> Claim:
    provider = store.provider(agency_id)
    grade = grade_on(store.grades(agency_id), uow.today)
    used = store.used(p.lineage, agency_id, uow.today.year, None)
    lines = capped(fixed_base(p.rules), p.rules, used, left)
    county = provider.county if provider and provider.county else p.funder
    return _with_zero(
        Claim(
            agency_id,
            agency_id,
            county,
            provider.town if provider else None,
            lines,
            cluster_refusals(p, provider, grade),
        )
    )


def _town(store: SubsidyStore, uow: UnitOfWork, p: Programme, town: str, left: int) -> Claim:
    refusals = town_refusals(p, town)
    if refusals:
        return Claim(town, town, p.funder, None, [Line("tier", "—", 0)], refusals)
    county = county_of(town)
    firms, deals = store.sme_inputs(county)  # the town's SMEs and which a service covers: nothing else counts here
    figures = coverage([town], firms, deals, [], [], TalentFacts(), last_twelve_months(uow.today), {})[0]
    used = store.used(p.lineage, town, uow.today.year, None)
    lines = capped(tier_base(p.rules.tiers, figures.covered_smes, figures.registered_smes), p.rules, used, left)
    return _with_zero(Claim(town, town, county, town, lines, []))


def _with_zero(c: Claim) -> Claim:
    """Add the refusal of an amount of 0 (a cap, the budget) to the rules' refusals."""
    zero = zero_refusal(c.lines)
    return Claim(**{**c.__dict__, "refusals": c.refusals + [zero]}) if zero else c
