"""Changes racing on one draft programme: each request is retried on a transient conflict and the retried
command reads the body as sent (its rules are converted afresh), so every answer is 200."""

from __future__ import annotations

import pytest

from tests.integration.subsidy.conftest import COUNTY, programme_body
from tests.support.races import race

pytestmark = pytest.mark.integration

CALLERS, ROUNDS = 8, 3


def _tiers(caller: int, n: int) -> list[dict]:
    return [
        {"min_share_permille": 600, "amount_fen": 1_000_000 + caller * 1000 + n},
        {"min_share_permille": 800, "amount_fen": 3_000_000},
    ]


def test_concurrent_rule_changes_of_one_draft_all_apply(subsidy, token):
    official = token("official", COUNTY)
    created = subsidy.ok(
        "post",
        "/programmes",
        official,
        201,
        json={**programme_body(), "kind": "town_reward", "rules": {"budget_fen": 5_000_000, "tiers": _tiers(0, 0)}},
    )

    def change(caller: int, n: int) -> int:
        body = {"rules": {"tiers": _tiers(caller, n)}}
        return subsidy.client.patch(f"/programmes/{created['id']}", json=body, headers=official).status_code

    statuses = race(change, CALLERS, ROUNDS)
    assert statuses == [200] * len(statuses), statuses
    stored = subsidy.ctx.db["programmes"].find_one({"_id": created["id"]})
    assert stored["version"] == 1 + len(statuses)
    written = [_tiers(c, n)[0]["amount_fen"] for n in range(ROUNDS) for c in range(CALLERS)]
    assert stored["rules"]["tiers"][0]["amount_fen"] in written
