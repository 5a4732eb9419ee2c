"""Notify at the event boundary: a batch mixing due-process steps (an unknown agency, a claim naming no buyer),
copies, a replay and an invitation its rules cannot tell is applied once; the bad one is dead-lettered alone."""

from __future__ import annotations

import json

from services.common.messaging.worker import start
from services.common.storage.context import ServiceContext
from services.notify.worker import WORKER
from tests.integration.notify.conftest import Notify, agency, event, new_id
from tests.integration.notify.test_notify_due_process import step, violation_case
from tests.support.kafka import position_group_at_end
from tests.support.wait import wait_until


def test_a_mixed_batch_tells_once_and_dead_letters_the_bad_event_alone(notify_config, kafka_bootstrap, raw_producer):
    config = notify_config()
    position_group_at_end(kafka_bootstrap, config.consumer_group, sorted(WORKER.handlers))
    ctx = ServiceContext(config)
    notify, running = Notify(ctx, None, raw_producer, "notify"), [start(ctx, WORKER)]
    known, unknown = new_id("ag"), new_id("ag")
    registered = agency(known)
    notify.send_and_wait(registered)
    ruling = step(
        "objection-ruled", known, violation_case(), ruled_on="2026-11-10", upheld=False, note="", ruled_by="330400"
    )
    no_buyer = {"contract_id": new_id("c")}  # a claim naming no buyer: the agency is told, nobody else
    claim_ruling = step(
        "objection-ruled", known, no_buyer, ruled_on="2026-11-10", upheld=True, note="", ruled_by="330400"
    )
    accepted = step("claim-accepted", known, no_buyer, accepted_on="2026-11-06", accepted_by=known)
    poison = event(
        "expert-drawn",
        {  # its answer-by, in Jiaxing time, is past the last day there is
            "request_id": new_id("er"),
            "requester_id": "330400",
            "requester_type": "government",
            "task": "review",
            "expert_id": new_id("ex"),
            "position": 0,
            "answer_by": "9999-12-31T23:00:00+00:00",
            "first_day": "2026-11-10",
            "last_day": "2026-11-11",
        },
    )
    strangers = [
        step("objection-filed", unknown, violation_case(), filed_on="2026-11-05", reason="r", filed_by=unknown),
        step("repair-applied", unknown, violation_case(), applied_on="2026-11-05", evidence="e", applied_by=unknown),
    ]
    running.pop().shutdown()  # the next poll gets each partition's events together: one batch
    notify.send(ruling, claim_ruling, ruling, poison, accepted, registered, *strangers)
    running.append(start(ctx, WORKER))
    try:
        good = [ruling, claim_ruling, accepted, *strangers]
        notify.handled(*good)
        [letter] = wait_until(lambda: list(ctx.db["dead_letters"].find()))
        assert json.loads(letter["value"])["id"] == poison.id and letter["error_class"] == "OverflowError"
        notify.send(claim_ruling, ruling)  # the same events in a later batch
        marker = step("claim-accepted", known, no_buyer, accepted_on="2026-11-07", accepted_by=known)
        notify.send_and_wait(marker)
        told = sorted((n["org"], n["event_id"]) for n in ctx.db["notifications"].find())
        assert told == sorted([(known, ruling.id), (known, claim_ruling.id)]), "each told once, the buyer nobody"
        assert ctx.db["inbox"].count_documents({}) == 2 + len(good)
        assert ctx.db["dead_letters"].count_documents({}) == 1
    finally:
        running.pop().shutdown()
        ctx.close()
