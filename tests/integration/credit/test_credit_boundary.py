"""Credit at the event boundary: a batch mixing new events, copies, a replay and one that cannot be applied is
applied once, the bad one dead-lettered alone; and a unit of work leaves nothing behind once it is gone."""

from __future__ import annotations

import gc
import json
import weakref

from services.common.messaging.worker import start
from services.common.storage.context import ServiceContext
from services.credit import handlers
from services.credit.worker import WORKER
from tests.integration.credit.conftest import Credit, agency_registered, new_id, violation
from tests.support.kafka import position_group_at_end
from tests.support.wait import wait_until


def test_a_unit_of_work_is_freed_with_its_batch(make_config):
    ctx = ServiceContext(make_config("credit"))
    agency = new_id("ag")
    with ctx.uow() as uow:
        handlers.on_events([agency_registered(agency), violation(agency)], uow)
        gone = weakref.ref(uow)
    del uow
    gc.collect()
    assert ctx.db["agencies"].find_one({"_id": agency})["rating"], "the batch was applied"
    assert gone() is None, "the unit of work (its session, its events) is not kept after it ended"
    ctx.close()


def test_a_mixed_batch_applies_each_event_once_and_dead_letters_the_bad_one_alone(
    make_config, kafka_bootstrap, raw_producer
):
    config = make_config("credit")
    position_group_at_end(kafka_bootstrap, config.consumer_group, sorted(WORKER.handlers))
    ctx = ServiceContext(config)
    credit, running = Credit(ctx, None, raw_producer, "credit"), [start(ctx, WORKER)]
    agency = new_id("ag")
    registered = agency_registered(agency)
    credit.send_and_wait(registered)
    first, second = violation(agency, "minor"), violation(agency, "minor")
    poison = violation(agency, "severe", description="\ud800")  # valid JSON, read; no BSON string can hold it
    running.pop().shutdown()  # the next poll gets them together: one batch
    credit.send(first, first)
    credit.producer.send("violation-recorded", key=poison.key, value=json.dumps(poison.to_dict()).encode())
    credit.send(second, registered)
    running.append(start(ctx, WORKER))
    try:
        credit.handled(first, second)
        [letter] = wait_until(lambda: list(ctx.db["dead_letters"].find()))
        assert letter["error_class"] == "UnicodeEncodeError" and "surrogates not allowed" in letter["reason"]
        assert json.loads(letter["value"])["id"] == poison.id, "the bad event alone"
        credit.send(second, first)  # the same events again, in a later batch
        marker = violation(agency, "minor")
        credit.send_and_wait(marker)
        facts = [d["_id"] for d in ctx.db["facts"].find({"agency_id": agency})]
        assert sorted(facts) == sorted([first.id, second.id, marker.id]), "each fact once; nothing of the bad one"
        assert credit.rating(agency)["score"] == 100 - 3 * 2
        assert ctx.db["inbox"].count_documents({}) == 4 and ctx.db["dead_letters"].count_documents({}) == 1
    finally:
        running.pop().shutdown()
        ctx.close()
