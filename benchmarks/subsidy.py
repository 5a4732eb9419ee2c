"""Subsidy under load: applications per second, then approvals per second with concurrent reviewers all
reserving from one budget (the conditional update and its retries under contention). In-process Flask test
clients on the real database; the projections are written directly (no Kafka needed)."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from benchmarks.stack import print_result
from services.common.config import Config
from services.common.storage.context import ServiceContext
from services.common.web.auth import issue_token
from services.subsidy.app import create_app
from services.subsidy.store import SubsidyStore

COUNTY, TOWN = "330482", "330482001"


def _headers(config: Config, role: str, org: str) -> dict:
    return {"Authorization": f"Bearer {issue_token(config, role, org)}"}


def _seed(ctx: ServiceContext, n: int) -> list[tuple[str, str]]:
    """An agency and n enterprises with a completed contract each, as the handlers would project them."""
    pairs, today = [], ctx.clock.today()
    with ctx.uow() as uow:
        store = SubsidyStore(uow)
        store.add_grade("g-1", "ag-bench", (today - timedelta(days=400)).isoformat(), "B", "2020-01-01T00:00:00Z")
        for i in range(n):
            firm, contract = f"e-{i}", f"ct-{i}"
            store.save_firm(
                {"enterprise_id": firm, "name": firm, "size": "small", "county": COUNTY, "town": TOWN},
                "2020-01-01T00:00:00Z",
            )
            for kind in ("contract-signed", "contract-completed"):
                store.save_contract(
                    kind,
                    {
                        "contract_id": contract,
                        "agency_id": "ag-bench",
                        "buyer_type": "enterprise",
                        "enterprise_id": firm,
                        "category": "safety_evaluation",
                        "county": COUNTY,
                        "town": TOWN,
                        "price_fen": 100_000,
                        "signed_on": str(today - timedelta(30)),
                        "completed_on": str(today - timedelta(1)),
                    },
                )
            pairs.append((firm, contract))
    return pairs


def bench_subsidy(n: int, threads: int, kafka: str, mongo: str) -> dict:
    config = Config(
        service="subsidy",
        mongodb_uri=mongo,
        kafka_bootstrap_servers=kafka,
        mongodb_database=f"bench_subsidy_{uuid.uuid4().hex[:8]}",
    )
    app = create_app(config)
    ctx = app.extensions["anfu"]
    client = app.test_client()
    client.get("/programmes", headers=_headers(config, "admin", None))  # indexes
    pairs = _seed(ctx, n)
    today = ctx.clock.today()
    official = _headers(config, "official", COUNTY)
    programme = client.post(
        "/programmes",
        headers=official,
        json={
            "name": "bench",
            "kind": "enterprise_purchase",
            "period_start": str(today - timedelta(100)),
            "period_end": str(today + timedelta(100)),
            "rules": {"budget_fen": 30_000 * n // 2, "rate_permille": 300},
        },
    ).get_json()
    client.post(f"/programmes/{programme['id']}/open", headers=official)

    started = time.perf_counter()
    ids = [
        client.post(
            "/applications",
            headers=_headers(config, "enterprise", firm),
            json={"programme_id": programme["id"], "contract_id": contract},
        ).get_json()["id"]
        for firm, contract in pairs
    ]
    applied = time.perf_counter()
    town = _headers(config, "official", TOWN)
    with ThreadPoolExecutor(threads) as pool:
        statuses = list(
            pool.map(lambda i: app.test_client().post(f"/applications/{i}/approve", headers=town).status_code, ids)
        )
    approved = time.perf_counter()
    budget = ctx.db["budgets"].find_one({"_id": programme["id"]})
    ctx.mongo.client.drop_database(config.database)
    ctx.close()
    return {
        "subsidy_applications": n,
        "applications_per_s": n / (applied - started),
        "approvals_per_s": n / (approved - applied),
        "approvals_reserved": statuses.count(200),
        "approvals_refused": statuses.count(409),
        "budget_left_fen": budget["left_fen"],
    }


def run(stack, size: int) -> None:
    """Subsidy applications/s and approvals/s with 8 concurrent reviewers on one budget (size/3 applications)."""
    print_result("subsidy", bench_subsidy(max(size // 3, 20), 8, stack.kafka, stack.mongo))
