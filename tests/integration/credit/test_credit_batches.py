"""A batch of one agency's events is stored fact by fact and refreshed once: one rating-changed when the
rating changed, none when it did not, and the same rating as one event at a time."""

from __future__ import annotations

import pytest

from services.common.messaging.worker import start
from services.common.storage.context import ServiceContext
from services.credit.domain.rating import rate
from services.credit.rulebook import BOOK
from services.credit.store import CreditStore
from services.credit.store.standings import StandingStore
from services.credit.worker import WORKER
from tests.integration.credit.conftest import Credit, agency_registered, new_id, spot_check, violation
from tests.support.kafka import position_group_at_end


@pytest.fixture
def stopped_credit(make_config, kafka_bootstrap, raw_producer):
    """(harness, restart): `restart(*events)` stops the credit worker, sends the events, and starts a new one:
    its first poll gets them together (one batch per partition); the group resumes where it was."""
    config = make_config("credit")
    position_group_at_end(kafka_bootstrap, config.consumer_group, sorted(WORKER.handlers))
    ctx = ServiceContext(config)
    running = [start(ctx, WORKER)]
    credit = Credit(ctx, None, raw_producer, "credit")

    def restart(*events) -> None:
        running.pop().shutdown()
        credit.send(*events)
        running.append(start(ctx, WORKER))
        credit.handled(*events)

    yield credit, restart
    running.pop().shutdown()
    ctx.close()


@pytest.fixture
def refreshes(monkeypatch) -> list[str]:
    """The agencies refreshed, one entry per refresh: what the refreshes of a unit of work read together (the real
    read runs)."""
    calls, real = [], StandingStore.standings

    def counted(store, arrived, stored=frozenset()):
        calls.extend(arrived)
        return real(store, arrived, stored)

    monkeypatch.setattr(StandingStore, "standings", counted)
    return calls


def test_a_batch_refreshes_each_agency_once_and_equals_one_event_at_a_time(stopped_credit, refreshes, probe):
    credit, restart = stopped_credit
    batched, single = new_id("ag"), new_id("ag")
    credit.send_and_wait(agency_registered(batched), agency_registered(single))
    minors = {x: [violation(x, "minor") for _ in range(6)] for x in (batched, single)}
    seen = probe("rating-changed")
    for event in minors[single]:
        credit.send_and_wait(event)
    refreshes.clear()
    restart(*minors[batched])

    assert refreshes == [batched]
    changed = seen.events("rating-changed", subject=batched)
    assert [(e.data["old_score"], e.data["new_score"]) for e in changed] == [(100, 88)]
    assert changed[0].data["reasons"] == ["+violation.minor:false-report", "interview"]
    assert len(seen.events("rating-changed", subject=single, count=6)) == 6
    ratings = {x: credit.rating(x) for x in (batched, single)}
    assert ratings[batched] == ratings[single] and ratings[batched]["interview_required"] is True
    store, today = CreditStore(credit.ctx.read()), credit.ctx.clock.today()
    assert ratings[batched] == rate(store.facts(batched), today, BOOK).summary()
    assert credit.ctx.db["facts"].count_documents({"agency_id": batched, "pending": True}) == 0
    assert credit.ctx.db["history"].count_documents({"agency_id": batched}) == 2  # registered, the batch


def test_a_batch_that_changes_nothing_publishes_nothing(stopped_credit, refreshes, probe):
    credit, restart = stopped_credit
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    before = credit.rating(agency_id)
    seen = probe("rating-changed")
    refreshes.clear()
    restart(*[spot_check(agency_id, passed=False, kind="mutual_inspection") for _ in range(4)])  # rate nothing
    assert refreshes == [agency_id]
    assert credit.rating(agency_id) == before
    assert credit.ctx.db["facts"].count_documents({"agency_id": agency_id, "pending": {"$exists": False}}) == 4
    credit.send_and_wait(violation(agency_id, "minor"))
    first = seen.events("rating-changed", subject=agency_id)[0]  # read in order: nothing came before this one
    assert (first.data["old_score"], first.data["new_score"]) == (100, 98)
