"""Matching (供需对接): each deal as its parties would play it — the buyer posts a demand, agencies offer, the
buyer accepts one, both sign, the agency inspects the site, the buyer accepts the work, or either side ends
it. Matching learns enterprises and agencies from registry events: a refusal while it has not yet heard of
them (409/422) is retried until a deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..client import Api, DemoError, parallel
from ..deals import Deal
from ..plan import City
from ..report import Tally

NOT_YET = (409, 422)  # matching has not heard of the enterprise or the agency (its verification) yet
OUTCOMES = {
    "completed": "contracts completed on time",
    "late": "contracts completed late",
    "signed": "contracts signed, running",
    "withdrawn": "contracts withdrawn before signing",
    "terminated": "contracts terminated, nobody at fault",
    "admitted": "contracts terminated, the agency admits fault",
    "claim": "contracts terminated, the buyer claims agency fault",
}


@dataclass(frozen=True)
class Played:
    """A deal as the services know it: the ids they gave."""

    deal: Deal
    demand_id: str
    contract_id: str | None


def play_all(api: Api, city: City, tally: Tally) -> list[Played]:
    return parallel(lambda deal: play(api, city, deal, tally), city.deals)


def play(api: Api, city: City, deal: Deal, tally: Tally) -> Played:
    deadline = datetime.now(UTC) + timedelta(days=deal.deadline_days)
    demand = retry_post(
        api,
        f"{deal.key}: post its demand",
        "/demands",
        deal.buyer,
        {**deal.demand, "offer_deadline": deadline.isoformat().replace("+00:00", "Z")},
    )
    tally.add("demands")
    offers = [
        retry_post(
            api,
            f"{deal.key}: {bid['agency_id']} offers",
            f"/demands/{demand['id']}/offers",
            ("agency", bid["agency_id"]),
            {k: v for k, v in bid.items() if k != "agency_id"},
        )
        for bid in deal.bids
    ]
    tally.add("offers", len(offers))
    if deal.outcome == "cancelled":
        api.ok("matching", "post", f"/demands/{demand['id']}/cancel", deal.buyer)
        tally.add("demands cancelled")
    if deal.outcome == "open":
        tally.add("demands open, offers waiting")
    if deal.winner is None:
        return Played(deal, demand["id"], None)
    contract = api.ok(
        "matching", "post", f"/demands/{demand['id']}/offers/{offers[deal.winner]['id']}/accept", deal.buyer, (201,)
    )
    tally.add("contracts")
    _fulfil(api, city, deal, contract["id"], tally)
    tally.add(OUTCOMES[deal.outcome])
    return Played(deal, demand["id"], contract["id"])


def _fulfil(api: Api, city: City, deal: Deal, contract_id: str, tally: Tally) -> None:
    path, agency = f"/contracts/{contract_id}", ("agency", deal.agency_id)
    if deal.outcome == "withdrawn":
        api.ok("matching", "post", f"{path}/withdraw", agency, json={"reason": "机构人员调整，签约前撤回"})
        return
    for party in (deal.buyer, agency):
        api.ok("matching", "post", f"{path}/sign", party)
    if deal.inspection:
        api.ok(
            "matching",
            "post",
            f"{path}/inspections",
            agency,
            (201,),
            json={**deal.inspection, "inspected_on": city.today.isoformat()},
        )
        tally.add("inspections")
        tally.add("inspections with a major hazard", deal.inspection["hazards_major"])
    if deal.completion:
        api.ok("matching", "post", f"{path}/complete", deal.buyer, json=deal.completion)
    if deal.termination:
        by = deal.buyer if deal.termination["by"] == "buyer" else agency
        api.ok("matching", "post", f"{path}/terminate", by, json=deal.termination["body"])


def retry_post(api: Api, what: str, path: str, as_, body: dict) -> dict:
    """POST until matching knows who is named (201), a deadline, or another refusal."""
    last = {}

    def posted():
        response = api.send("matching", "post", path, as_, json=body)
        if response.status_code == 201:
            return response.json()
        if response.status_code not in NOT_YET:
            raise DemoError(f"{what}: {response.status_code} {response.text[:400]}")
        last["refusal"] = response.text[:400]
        return None

    try:
        return api.wait(what, posted)
    except DemoError as err:
        raise DemoError(f"{err}; last refusal: {last.get('refusal')}") from None
