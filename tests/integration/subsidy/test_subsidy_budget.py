"""Budgets never overspend: 50 concurrent approvals at a budget that fits 20, spread over two versions of one
programme (one budget), through two service replicas of three gunicorn workers each (real processes on the real
database). Exactly 20 reserve, 30 are refused, and the one budget ends at the exact fen."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from services.platform import embedded
from tests.integration.subsidy.conftest import COUNTY, TOWN, open_programme, seeded
from tests.support.processes import ROOT, worker_env
from tests.support.wait import wait_until

AMOUNT = 12_345  # 41 150 fen × 300 ‰
BUDGET = 20 * AMOUNT + 12_000  # fits 20, with 12 000 fen too little for a 21st
REPLICAS, WORKERS, APPLICATIONS = 2, 3, 50


@pytest.fixture
def replicas(subsidy, tmp_path):
    """Two gunicorn services on the subsidy test database: their ports."""
    env = worker_env(subsidy.ctx.config)
    ports, processes = [], []
    for n in range(REPLICAS):
        port = embedded.free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "services.subsidy.app:create_app()",
        ]
        processes.append(
            subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdout=open(tmp_path / f"api-{n}.log", "ab"),
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        )
        ports.append(port)
    try:
        for port in ports:
            wait_until(lambda: embedded.answers(f"http://127.0.0.1:{port}/health/live", timeout=2), 60)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _post(port: int, path: str, headers: dict) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=b"", method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def _apply(subsidy, token, programme_id: str, pair: tuple[str, str]) -> str:
    firm, contract_id = pair
    body = {"programme_id": programme_id, "contract_id": contract_id}
    return subsidy.ok("post", "/applications", token("enterprise", firm), 201, json=body)["id"]


def test_fifty_concurrent_approvals_over_two_versions_reserve_exactly_what_fits(subsidy, token, replicas):
    pairs = seeded(subsidy, firms=APPLICATIONS, price_fen=41_150)
    programme = open_programme(subsidy, token, rules={"budget_fen": BUDGET, "rate_permille": 300})
    county = token("official", COUNTY)
    later = subsidy.ok("post", f"/programmes/{programme['id']}/versions", county, 201)
    ids = [_apply(subsidy, token, programme["id"], pair) for pair in pairs[: APPLICATIONS // 2]]
    subsidy.ok("post", f"/programmes/{later['id']}/open", county)  # closes the first; its applications go on
    ids += [_apply(subsidy, token, later["id"], pair) for pair in pairs[APPLICATIONS // 2 :]]
    assert {a["amount_fen"] for a in subsidy.ctx.db["applications"].find()} == {AMOUNT}
    assert {a["programme_id"] for a in subsidy.ctx.db["applications"].find()} == {programme["id"], later["id"]}

    official = token("official", TOWN)
    start = threading.Barrier(APPLICATIONS)

    def approve(n: int) -> int:
        start.wait()
        return _post(replicas[n % REPLICAS], f"/applications/{ids[n]}/approve", official)

    with ThreadPoolExecutor(APPLICATIONS) as pool:
        statuses = list(pool.map(approve, range(APPLICATIONS)))

    assert sorted(statuses).count(200) == 20 and statuses.count(409) == 30, statuses
    budget = subsidy.budget(programme["id"])
    assert (budget["left_fen"], budget["reserved_fen"], budget["spent_fen"]) == (12_000, 20 * AMOUNT, 0)
    reserved = list(subsidy.ctx.db["applications"].find({"status": "town_approved"}))
    assert len(reserved) == 20 and sum(a["reserved_fen"] for a in reserved) == 20 * AMOUNT
    assert subsidy.ctx.db["applications"].count_documents({"status": "submitted", "reserved_fen": 0}) == 30
    assert subsidy.ctx.db["budgets"].count_documents({}) == 1  # one budget for both versions
    refused = json.loads(
        urllib.request.urlopen(
            urllib.request.Request(f"http://127.0.0.1:{replicas[0]}/programmes/{programme['id']}", headers=official)
        ).read()
    )
    assert refused["budget"]["left_fen"] == 12_000
