"""Expert engagements (专家抽取, matching): a requester asks for a panel, matching draws and invites, each
invited expert answers with his own token, the requester evaluates the panel once the work is done. Matching
learns the pool from registry events: 409 (too few eligible) is retried until it has."""

from __future__ import annotations

from datetime import timedelta

from ..client import Api, DemoError
from ..engagements import ExpertRequest
from ..plan import City
from ..report import Tally
from .matching import retry_post
from .registry import REGULATOR

DECLINE = "所述工作日期与已安排的现场检查冲突"


def engage_all(api: Api, city: City, tally: Tally) -> list[str]:
    """One request after the other (an expert engaged on overlapping days is not drawn); their ids."""
    return [engage(api, city, request, tally) for request in city.expert_requests]


def engage(api: Api, city: City, plan: ExpertRequest, tally: Tally) -> str:
    first = city.today + timedelta(days=plan.starts_in)
    body = {
        **{k: v for k, v in plan.body.items() if v is not None},
        "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=2)).isoformat(),
    }
    request_id = retry_post(api, f"{plan.key}: request experts", "/expert-requests", plan.requester, body)["id"]
    tally.add("expert requests")
    path, declines = f"/expert-requests/{request_id}", plan.declines
    while (seen := api.ok("matching", "get", path, REGULATOR))["status"] == "inviting":
        invited = [i for i in seen["invitations"] if i["status"] == "invited"]
        if not invited:
            raise DemoError(f"{plan.key}: request {request_id} is inviting, but nobody is invited")
        for invitation in invited:
            accept = declines <= 0
            api.ok(
                "matching",
                "post",
                f"{path}/answer",
                ("expert", invitation["expert_id"]),
                json={"accept": accept, "reason": None if accept else DECLINE},
            )
            declines -= 1
            tally.add("expert invitations accepted" if accept else "expert invitations declined")
    panel = [member["expert_id"] for member in seen["panel"]]
    if panel:
        evaluations = [{"expert_id": e, "score": plan.scores[n % len(plan.scores)]} for n, e in enumerate(panel)]
        api.ok("matching", "post", f"{path}/complete", plan.requester, json={"evaluations": evaluations})
        tally.add("expert engagements completed")
    return request_id
