"""The reads measured on the city: each service's app in a process of its own (spawned, so its peak memory is
its own), requests through Flask's test client (the whole request path: authentication, query checks, view,
template or schema, JSON; no socket), p50/p95 of `REPEAT` after one warm-up; the process's peak resident memory
(VmHWM) after them."""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import statistics
import time
from pathlib import Path

from services.common.web.auth import issue_token

from .flow import config

REPEAT = 30


def peak_mib(pid: int | str = "self") -> float:
    """Peak resident memory of a process (VmHWM from /proc), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(call, repeat: int = REPEAT) -> tuple[float, float]:
    """p50 and p95 of `repeat` calls, seconds."""
    spent = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        spent.append(time.perf_counter() - began)
    cuts = statistics.quantiles(spent, n=20)
    return statistics.median(spent), cuts[18]


def _serve(service: str, mongo: str, kafka: str, reads: list[tuple], repeat: int) -> dict:
    """In the spawned process: the app, then each read `(name, path, role, org, deep)` timed; `deep` walks the
    pages to the last one and times that (a deep page)."""
    cfg = config(service, mongo, kafka, rate_limit_public="100000/minute")  # counted as ever, never refused
    app = importlib.import_module(f"services.{service}.app").create_app(cfg)
    client, found = app.test_client(), {}
    logging.disable(logging.INFO)  # no request log lines on the benchmark's output
    for name, path, role, org, pages in reads:
        headers = {"Authorization": f"Bearer {issue_token(cfg, role, org)}"} if role else {}
        while pages and (cursor := client.get(path, headers=headers).get_json()["next_cursor"]):
            path = f"{path.split('?')[0]}?limit=20&cursor={cursor}"
        response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{service} {path}: {response.status_code} {response.get_data(as_text=True)[:300]}")

        def get(path=path, headers=headers):
            assert client.get(path, headers=headers).status_code == 200

        found[name] = (*timed(get, repeat), len(response.get_data()))
    return {"reads": found, "peak_mib": peak_mib()}


def serve(service: str, mongo: str, kafka: str, reads: list[tuple], repeat: int = REPEAT) -> dict:
    """`_serve` in a new process (spawned: nothing of this one's memory is inherited)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_serve, (service, mongo, kafka, reads, repeat))


def plan(dbs: dict) -> dict[str, list[tuple]]:
    """What each service is asked, with ids picked from the built city (`dbs`: service -> database)."""
    providers = dbs["registry"]["providers"]
    provider = providers.find_one({}, {"name": 1, "county": 1, "categories": 1}, sort=[("_id", 1)])
    expert = dbs["registry"]["experts"].find_one({}, {"name": 1})
    listed = dbs["credit"]["agencies"].find_one({"rating.listed_until": {"$ne": None}}, {"_id": 1})
    agency = (listed or provider)["_id"]
    demand = dbs["matching"]["demands"].find_one({"status": "open"}, {"_id": 1, "buyer_id": 1})
    year = max(
        int(d["completed_on"][:4])
        for d in dbs["subsidy"]["contracts"].find({}, {"completed_on": 1}).limit(50)
        if d.get("completed_on")
    )
    county, category = provider["county"], provider["categories"][0]
    return {
        "registry": [
            ("directory, first page", "/public/providers", None, None, 0),
            ("directory, a filter", f"/public/providers?category={category}&county={county}", None, None, 0),
            ("directory (JSON), the last page", "/directory/providers?limit=20", None, None, 1),
            ("directory, a Chinese name search", f"/public/providers?q={provider['name'][2:4]}", None, None, 0),
            ("expert pool, a name search", f"/public/experts?q={expert['name'][:2]}", None, None, 0),
        ],
        "credit": [
            ("an agency's credit page", f"/public/credit/agencies/{agency}", None, None, 0),
            ("the severe list", "/public/credit/severe-dishonesty-list", None, None, 0),
        ],
        "subsidy": [
            ("coverage page, the city", "/public/subsidy/coverage", None, None, 0),
            ("coverage page, a county", f"/public/subsidy/coverage?county={county}", None, None, 0),
            ("yearly assessment XLSX, the city", f"/reports/assessment/{year}.xlsx", "regulator", "330400", 0),
        ],
        "notify": [("an agency's inbox", "/notify/inbox", "agency", agency, 0)],
        "matching": [
            (
                "a demand's recommendations",
                f"/demands/{demand['_id']}/recommendations",
                "enterprise",
                demand["buyer_id"],
                0,
            )
        ],
    }
