"""Recommendations for one demand over 10,000 agencies, against one indexed find on the same database.

The provider projection is made by matching's own handlers from registry and credit events (one agency), then
copied under 10,000 ids (scores 60-99: 250 providers tied on each rung, cut into sections) and put on the ladder
as a batch of events would
(`MatchingStore.refresh_ladder`); the demand is posted with matching's command. Both timings are in-process (the view
function, and `find_one` by `_id`), median of several calls.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from benchmarks.stack import Stack
from services.common.clock import utcnow
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from services.common.storage.context import ServiceContext
from services.common.web.auth import Principal
from services.matching import commands, handlers, store, views

CATEGORY = "safety_evaluation"
AGENCIES = 10_000
BUYER = Principal("bench", "regulator", "330400")


def seed(ctx: ServiceContext) -> str:
    """10,000 eligible providers and one open demand; the demand's id."""
    until = (utcnow().date() + timedelta(days=365)).isoformat()
    profile = new_event(
        CATALOGUE["agency-registered"],
        "agency-0",
        {
            "agency_id": "agency-0",
            "name": "嘉兴安泰安全评价有限公司",
            "uscc": "91330400MA2B3C4D5E",
            "kind": "agency",
            "categories": [CATEGORY],
            "county": "330411",
            "town": "330411101",
            "status": "active",
            "qualifications": [
                {
                    "category": CATEGORY,
                    "certificate_no": "APJ-浙-001",
                    "level": "乙级",
                    "issuer": "浙江省应急管理厅",
                    "valid_from": "2024-01-01",
                    "valid_until": until,
                    "verified": True,
                    "verified_by": "regulator:330400",
                }
            ],
        },
        "/services/registry",
    )
    rating = new_event(
        CATALOGUE["rating-changed"],
        "agency-0",
        {
            "agency_id": "agency-0",
            "as_of": utcnow().date().isoformat(),
            "new_score": 80,
            "new_grade": "B",
            "reasons": ["benchmark"],
            "interview_required": False,
            "rule_version": "bench",
        },
        "/services/credit",
    )
    with ctx.uow() as uow:
        handlers.on_provider_states([profile, rating], uow)
    doc = ctx.db[store.PROVIDERS].find_one({"_id": "agency-0"})
    copies = [
        {
            **doc,
            "_id": f"agency-{i}",
            "rating": {**doc["rating"], "score": 60 + i % 40},
            "ladder": {},
            "ladder_stale": True,
        }
        for i in range(1, AGENCIES)
    ]
    for start in range(0, len(copies), 1000):
        ctx.db[store.PROVIDERS].insert_many(copies[start : start + 1000])
    with ctx.uow() as uow:
        store.MatchingStore(uow).refresh_ladder()
    with ctx.uow() as uow:
        demand = commands.post_demand(
            uow,
            BUYER,
            {
                "category": CATEGORY,
                "county": "330411",
                "town": "330411101",
                "industry": "C",
                "description": "年度安全现状评价",
                "budget_fen": 3_000_000,
                "offer_deadline": utcnow() + timedelta(days=7),
            },
        )
    return demand.id


def median_seconds(call, times: int) -> float:
    spent = []
    for _ in range(times):
        began = time.perf_counter()
        call()
        spent.append(time.perf_counter() - began)
    return statistics.median(spent)


def run(stack: Stack, size: int) -> None:
    ctx = ServiceContext(stack.config("matching", "recommend"))
    store.setup(ctx)
    demand_id = seed(ctx)
    reads = ctx.read()
    top = views.recommendations(reads, BUYER, demand_id, 10)
    recommend = median_seconds(lambda: views.recommendations(ctx.read(), BUYER, demand_id, 10), 5)
    find = median_seconds(lambda: ctx.db[store.PROVIDERS].find_one({"_id": "agency-5000"}), 50)
    print(
        f"recommendations over {AGENCIES} agencies: {recommend * 1000:.0f} ms ({len(top['items'])} ranked); "
        f"one indexed find_one: {find * 1000:.2f} ms"
    )
    print(f"recommendations / one indexed find = {recommend / find:.1f}  (target <= 10)")
    ctx.mongo.client.drop_database(ctx.config.database)
    ctx.close()
