"""Subsidy (补贴): officials open the year's programmes; enterprises apply for completed contracts, cluster-base
residents for support, towns for their reward; the review chain (town → county) approves or rejects and
finance pays. Subsidy learns contracts and grades from events: an application waits until its quote (试算)
is eligible."""

from __future__ import annotations

from ..client import Api, DemoError, parallel
from ..plan import City
from ..programmes import REWARD_COUNTY
from ..report import Tally
from .matching import Played


def open_programmes(api: Api, city: City, tally: Tally) -> dict[str, str]:
    """Create and open every programme (last year's is closed again); their ids by plan key."""
    ids = {}
    for programme in city.programmes:
        official = ("official", programme.funder)
        made = api.ok("subsidy", "post", "/programmes", official, (201,), json=programme.body)
        api.ok("subsidy", "post", f"/programmes/{made['id']}/open", official)
        if programme.closed:  # the worker's job may have closed it already (its period has ended)
            api.ok("subsidy", "post", f"/programmes/{made['id']}/close", official, (200, 409))
        ids[programme.key] = made["id"]
        tally.add("programmes")
    return ids


def purchases(api: Api, city: City, played: list[Played], ids: dict[str, str], tally: Tally) -> list[str]:
    """Enterprises apply for their completed contracts; the ids of the paid applications' contracts."""
    wanted = [p for p in played if p.deal.subsidy]

    def purchase(p: Played):
        county = city.enterprises_by_id[p.deal.enterprise_id]["county"]
        body = {"programme_id": ids[f"purchase-{county}"], "contract_id": p.contract_id}
        apply(api, ("enterprise", p.deal.enterprise_id), body, p.deal.subsidy, tally)
        return p.contract_id if p.deal.subsidy == "paid" else None

    return [c for c in parallel(purchase, wanted) if c]


def support(api: Api, city: City, ids: dict[str, str], before: dict[str, int], tally: Tally) -> None:
    """Cluster-base residents apply; then, once subsidy counts every contract of 桐乡市, its towns."""
    by_key = {p.key: p for p in city.programmes}
    for role, org, end in by_key["cluster"].applicants:
        apply(api, (role, org), {"programme_id": ids["cluster"]}, end, tally)
    planned = city.covered(REWARD_COUNTY)
    expected = {town: covered + planned.get(town, 0) for town, covered in before.items()}
    api.wait(f"subsidy's coverage of {REWARD_COUNTY} towns: {expected}", lambda: covered(api) == expected, interval=0.5)
    for role, org, end in by_key["reward"].applicants:
        apply(api, (role, org), {"programme_id": ids["reward"]}, end, tally)


def covered(api: Api) -> dict[str, int]:
    """SMEs covered in each town of 桐乡市 as subsidy counts them (the town reward pays by coverage): taken
    before the deals, it is what a stack holding other data adds to the plan."""
    rows = api.ok("subsidy", "get", "/reports/coverage", ("official", REWARD_COUNTY))["rows"]
    return {r["division"]: r["covered_smes"] for r in rows if r["level"] == "town"}


def apply(api: Api, applicant: tuple[str, str], body: dict, end: str, tally: Tally) -> dict:
    """Apply once the quote is eligible, then take the application through review to `end`."""
    refusals = {}

    def eligible():
        quote = api.ok("subsidy", "post", "/applications/quote", applicant, (200, 404), json=body)
        refusals["last"] = quote.get("refusals") or quote.get("detail")  # 404: the contract not known yet
        return quote.get("eligible")

    try:
        api.wait(f"{applicant} eligible under {body}", eligible)
    except DemoError as err:
        raise DemoError(f"{err}; refusals: {refusals.get('last')}") from None
    application = api.ok("subsidy", "post", "/applications", applicant, (201,), json=body)
    tally.add("subsidy applications")
    return review(api, application, end, tally)


def review(api: Api, application: dict, end: str, tally: Tally) -> dict:
    """Each reviewer in turn approves (or the first rejects); finance pays when `end` is paid."""
    path = f"/applications/{application['id']}"
    while (step := application["current_step"]) is not None:
        if step["level"] == "finance":
            if end != "paid":
                break
            application = api.ok(
                "subsidy",
                "post",
                f"{path}/pay",
                ("finance", application["funder"]),
                json={"payment_reference": f"JX-{application['id'][-10:].upper()}"},
            )
            tally.add("subsidies paid")
            tally.add("subsidy paid fen", application["amount_fen"])
        elif end == "rejected":
            application = api.ok(
                "subsidy",
                "post",
                f"{path}/reject",
                ("official", step["division"]),
                json={"reason": "申报材料与合同约定不符，请补正后重新申报"},
            )
            tally.add("subsidies rejected")
        else:
            application = api.ok("subsidy", "post", f"{path}/approve", ("official", step["division"]))
    return application
