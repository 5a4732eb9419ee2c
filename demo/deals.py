"""Deals (供需对接): a demand, the offers it draws, the award and what became of the contract — inspections,
completion, termination, an at-fault claim and its due process, a purchase subsidy. Pure."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from services.common.reference import section_of

from .people import Provider
from .reference import CATEGORY_NAMES, CATEGORY_WEIGHTS, INSPECTED, OUTCOMES

AWARDED = ("completed", "late", "signed", "withdrawn", "terminated", "admitted", "claim")
SIGNED = ("completed", "late", "signed", "terminated", "admitted", "claim")
BAD = ("late", "terminated", "admitted", "claim")
TERMINATIONS = {  # outcome -> who ends it, who is at fault, why
    "terminated": ("buyer", "none", "企业停产搬迁，双方协商解除合同"),
    "admitted": ("agency", "agency", "机构技术人员不足，无法按合同约定完成服务"),
    "claim": ("buyer", "agency", "机构未按合同约定开展现场检查，报告内容与现场不符"),
}
CLAIM_STEPS = {"accepted": 3, "confirmed": 3, "dismissed": 2, "open": 2}  # 承认 / 异议驳回 / 异议成立 / 待定
SUBSIDY_STEPS = {"paid": 15, "approved": 2, "rejected": 3}
MAJOR_HAZARD = "重大事故隐患：涉爆粉尘作业区域未按规定设置除尘系统"
PENALTIES = {"late": 1, "admitted": 5}  # points an outcome costs at once (a claim waits for due process)


@dataclass(frozen=True)
class Deal:
    key: str
    buyer: tuple[str, str]  # token (role, org)
    enterprise_id: str
    demand: dict  # the POST /demands body, without offer_deadline
    deadline_days: int
    bids: tuple[dict, ...]  # agency_id and the offer body
    winner: int | None  # index of the accepted bid
    outcome: str  # see OUTCOMES
    completion: dict | None = None  # the POST /contracts/{id}/complete body
    termination: dict | None = None  # the POST /contracts/{id}/terminate body, and who sends it
    inspection: dict | None = None  # the POST /contracts/{id}/inspections body
    claim: str | None = None  # the at-fault claim's due process, see CLAIM_STEPS
    subsidy: str | None = None  # the purchase subsidy's end, see SUBSIDY_STEPS

    @property
    def agency_id(self) -> str | None:
        return None if self.winner is None else self.bids[self.winner]["agency_id"]


def deals(rng: random.Random, count: int, providers: list[Provider], enterprises: list[dict], good: str) -> list[Deal]:
    offering = [p for p in providers if p.offers and p.valid]
    subsidised: dict[str, int] = {}
    lost: dict[str, int] = {}
    made = []
    for index in range(count):
        forced = list(OUTCOMES)[index] if index < len(OUTCOMES) else None  # every path at least once
        deal = _deal(rng, f"d{index + 1:04d}", offering, rng.choice(enterprises), good, forced)
        penalty = PENALTIES.get(deal.outcome, 0)
        if penalty and lost.get(deal.agency_id, 0) + penalty > 8:  # every agency stays B while deals go on
            deal = replace(
                deal, outcome="completed", completion={"on_time": True, "score": 4}, termination=None, claim=None
            )
        lost[deal.agency_id] = lost.get(deal.agency_id, 0) + PENALTIES.get(deal.outcome, 0)
        if deal.subsidy and subsidised.get(deal.enterprise_id, 0) < 2:  # at most two per enterprise and year
            subsidised[deal.enterprise_id] = subsidised.get(deal.enterprise_id, 0) + 1
        elif deal.subsidy:
            deal = replace(deal, subsidy=None)
        made.append(deal)
    return _with_a_major_hazard(made)


def _with_a_major_hazard(made: list[Deal]) -> list[Deal]:
    """At least one inspection finds a major hazard (重大隐患), however small the city."""
    if any(d.inspection and d.inspection["hazards_major"] for d in made):
        return made
    index, deal = next((i, d) for i, d in enumerate(made) if d.inspection)
    inspection = {
        **deal.inspection,
        "hazards_major": 1,
        "findings": deal.inspection["findings"] + 1,
        "summary": MAJOR_HAZARD,
    }
    return made[:index] + [replace(deal, inspection=inspection)] + made[index + 1 :]


def _deal(rng: random.Random, key: str, offering: list[Provider], firm: dict, good: str, forced: str | None) -> Deal:
    category, candidates = _category(rng, offering)
    outcome = forced or rng.choices(list(OUTCOMES), list(OUTCOMES.values()))[0]
    bidders = rng.sample(candidates, min(len(candidates), rng.choice((1, 2, 2, 3))))
    winner = None if outcome in ("open", "cancelled") else rng.randrange(len(bidders))
    if (
        not forced
        and winner is not None
        and good in [b.id for b in candidates]
        and rng.random() < 0.3
        and good not in [b.id for b in bidders]
    ):
        bidders[winner] = next(p for p in candidates if p.id == good)
    if winner is not None and bidders[winner].id == good and outcome in BAD:  # the showcase keeps a clean record
        others = [p for p in candidates if p not in bidders]
        if others:
            bidders[winner] = others[0]
        else:
            outcome = "completed"
    budget = rng.randrange(10, 80) * 100_000
    bids = tuple(
        {
            "agency_id": b.id,
            "price_fen": budget * rng.randrange(80, 101) // 100 // 10_000 * 10_000,
            "plan": f"{CATEGORY_NAMES[category]}：现场勘查、资料审查，出具书面报告",
            "duration_days": rng.randrange(15, 91),
        }
        for b in bidders
    )
    government = rng.random() < 0.12
    buyer = ("official", firm["town"]) if government else ("enterprise", firm["uscc"])
    demand = {
        "category": category,
        "county": firm["county"],
        "town": firm["town"],
        "industry": section_of(firm["industry_code"]),
        "description": f"{CATEGORY_NAMES[category]}（{firm['name']}，{firm['employees']}人）",
        "budget_fen": budget,
        "enterprise_id": firm["uscc"] if government else None,
        "needed_qualification": "乙级" if category == "safety_evaluation" else None,
    }
    demand = {k: v for k, v in demand.items() if v is not None}
    return Deal(
        key,
        buyer,
        firm["uscc"],
        demand,
        rng.randrange(7, 30),
        bids,
        winner,
        outcome,
        completion=_completion(rng, outcome),
        termination=_termination(outcome),
        inspection=_inspection(rng, outcome, category),
        claim=_pick(rng, CLAIM_STEPS) if outcome == "claim" else None,
        subsidy=_pick(rng, SUBSIDY_STEPS)
        if (not government and outcome in ("completed", "late") and firm["size"] != "large" and rng.random() < 0.75)
        else None,
    )


def _category(rng: random.Random, offering: list[Provider]) -> tuple[str, list[Provider]]:
    while True:
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        candidates = [p for p in offering if category in p.valid]
        if candidates:
            return category, candidates


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _completion(rng: random.Random, outcome: str) -> dict | None:
    if outcome == "completed":
        return {"on_time": True, "score": rng.choice((4, 5, 5))}
    if outcome == "late":
        return {"on_time": False, "score": rng.choice((2, 3))}
    return None


def _termination(outcome: str) -> dict | None:
    if outcome not in TERMINATIONS:
        return None
    by, at_fault, reason = TERMINATIONS[outcome]
    return {"by": by, "body": {"at_fault": at_fault, "reason": reason}}


def _inspection(rng: random.Random, outcome: str, category: str) -> dict | None:
    """An on-site inspection (现场检查) under the signed contract; about one in eight finds a major hazard."""
    if outcome not in SIGNED or category not in INSPECTED or rng.random() > 0.7:
        return None
    general, major = rng.randrange(0, 9), int(rng.random() < 0.12)
    rectified = general + major if outcome in ("completed", "late") else rng.randrange(0, general + 1)
    return {
        "hazards_general": general,
        "hazards_major": major,
        "hazards_rectified": rectified,
        "findings": general + major,
        "summary": MAJOR_HAZARD if major else "一般隐患已书面告知企业，限期整改",
    }
