"""Rebuilding every rating from the stored facts equals what the incremental updates gave; time alone re-rates."""

from __future__ import annotations

from datetime import timedelta

from services.credit import jobs
from services.credit.domain.rating import rate
from services.credit.rulebook import BOOK
from services.credit.store import CreditStore
from tests.integration.credit.conftest import (
    agency_registered,
    contract_completed,
    days_ago,
    new_id,
    revoked,
    spot_check,
    violation,
)


def test_rebuild_equals_incremental(credit, token):
    a, b = new_id("ag"), new_id("ag")
    stream = [agency_registered(a), agency_registered(b)]
    stream += [contract_completed(a, on=days_ago(n)) for n in range(12)] + [contract_completed(b, on_time=False)]
    serious, general = violation(a, "serious", recorded_on=days_ago(30)), violation(b, "general")
    stream += [
        serious,
        general,
        spot_check(a, findings=3),
        spot_check(b, passed=False),
        spot_check(b, kind="mutual_inspection"),
        violation(b, "severe", recorded_on=days_ago(20)),
        revoked(b, general.data["violation_id"]),
    ]
    credit.send(*stream, *stream[5:9])  # some delivered twice
    credit.handled(*stream)

    incremental = {x: credit.rating(x) for x in (a, b)}
    assert incremental[a]["score"] == 100 + 10 + 2 - 3 - 10  # contracts capped at +10
    # the severe violation lists b seven days after it reached the platform
    assert (incremental[b]["grade"], incremental[b]["score"]) == ("B", 100 - 1 - 10 + 1)
    store, today = CreditStore(credit.ctx.read()), credit.ctx.clock.today()
    for x in (a, b):
        assert incremental[x] == rate(store.facts(x), today, BOOK).summary()

    answer = credit.client.post("/credit/admin/rebuild", headers=token("admin"))
    assert answer.status_code == 200 and answer.json["changed"] == [] and answer.json["agencies"] >= 2
    assert {x: credit.rating(x) for x in (a, b)} == incremental
    assert credit.client.post("/credit/admin/rebuild", headers=token("regulator", "330400")).status_code == 403


def test_time_alone_changes_the_rating_and_is_published(credit, probe):
    agency_id = new_id("ag")
    seen = probe("rating-changed")
    minor = violation(agency_id, "minor")
    credit.send(agency_registered(agency_id), minor)
    credit.handled(minor)
    assert credit.rating(agency_id)["score"] == 98
    later = credit.ctx.clock.today() + timedelta(days=100)
    assert agency_id in jobs.reevaluate(credit.ctx, later)
    assert jobs.reevaluate(credit.ctx, later) == []  # once a day
    lapsed = seen.events("rating-changed", subject=agency_id, old_score=98, new_score=100)[0]
    assert lapsed.data["as_of"] == later.isoformat() and lapsed.data["reasons"] == ["-violation.minor:false-report"]
    history = credit.ctx.db["history"].find_one({"agency_id": agency_id, "cause": "schedule"})
    assert history["new_score"] == 100
