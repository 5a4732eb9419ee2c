"""Settings written at once by several callers: each request is retried on a transient conflict (never 503),
and a retried command still reads the body as sent (an admin naming the organisation stays that organisation's)."""

from __future__ import annotations

import pytest

from tests.support.harness import new_id
from tests.support.races import race

pytestmark = pytest.mark.integration

CALLERS, ROUNDS = 8, 3


def test_concurrent_preference_writes_for_one_organisation_all_answer(notify, token):
    org = new_id("ag")
    admin, own = token("admin"), token("agency", org)

    def put(caller: int, n: int):
        email = f"c{caller}-{n}@example.cn"
        body = {"email": email, "digest": caller % 2 == 0} | ({"org": org} if caller % 2 else {})
        response = notify.client.put("/notify/preferences", json=body, headers=admin if caller % 2 else own)
        return response.status_code, response.json.get("org"), email

    results = race(put, CALLERS, ROUNDS)
    assert [(status, answered) for status, answered, _ in results] == [(200, org)] * len(results), results
    stored = list(notify.ctx.db["preferences"].find())
    assert [doc["_id"] for doc in stored] == [org]
    assert stored[0]["email"] in {email for *_, email in results}
