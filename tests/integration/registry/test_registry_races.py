"""Writes that race on one record: each request is retried on a transient conflict (never 503), and the
versioned replace applies it on top of the winner's change (the version counts every answered change)."""

from __future__ import annotations

import pytest

from tests.integration.registry.conftest import register_provider
from tests.support.races import race

pytestmark = pytest.mark.integration

CALLERS, ROUNDS = 8, 3


def _change(caller: int, n: int) -> dict:
    """Half the callers write the same field (name), the others each a field of their own."""
    if caller % 2 == 0:
        return {"name": f"嘉兴安泰{caller}-{n}"}
    return (
        {"email": f"c{caller}-{n}@antai.example"}
        if caller % 4 == 1
        else {"staff": {"count": 20 + caller * 10 + n, "safety_engineers": 4}}
    )


def test_concurrent_patches_of_one_provider_all_apply(registry, token):
    uscc = register_provider(registry, token, verified=False)["id"]
    headers = token("agency", uscc)

    def patch(caller: int, n: int):
        response = registry.client.patch(f"/providers/{uscc}", json=_change(caller, n), headers=headers)
        return response.status_code, _change(caller, n)

    results = race(patch, CALLERS, ROUNDS)
    statuses = [status for status, _ in results]
    assert set(statuses) <= {200, 409}, statuses
    stored = registry.ctx.db["providers"].find_one({"_id": uscc})
    assert stored["version"] == 1 + statuses.count(200)
    applied = [change for status, change in results if status == 200]
    assert {"name": stored["name"]} in applied
    assert {"email": stored["email"]} in applied and {"staff": stored["staff"]} in applied


def test_status_changes_racing_profile_updates_never_answer_503(registry, token):
    uscc = register_provider(registry, token, verified=False)["id"]
    owner, regulator = token("agency", uscc), token("regulator", "330400")

    def write(caller: int, n: int) -> int:
        if caller == 0:
            target = "suspended" if n % 2 == 0 else "active"
            body = {"status": target, "reason": "检查" if target == "suspended" else None}
            return registry.client.post(f"/providers/{uscc}/status", json=body, headers=regulator).status_code
        return registry.client.patch(
            f"/providers/{uscc}", json={"name": f"安泰{caller}-{n}"}, headers=owner
        ).status_code

    statuses = race(write, CALLERS, ROUNDS)
    assert set(statuses) <= {200, 409}, statuses
    stored = registry.ctx.db["providers"].find_one({"_id": uscc})
    assert stored["version"] == 1 + statuses.count(200)
    assert stored["status"] == "suspended" and len(stored["history"]) == ROUNDS
