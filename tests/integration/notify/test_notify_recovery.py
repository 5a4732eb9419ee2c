"""A dispatcher killed mid-send (a real worker process, SIGKILL-like exit after the receiver got the webhook and
before the attempt was recorded): after its lease expires the delivery is sent again with the same webhook-id."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from services.common.clock import FixedClock, utcnow
from services.common.storage.context import ServiceContext
from services.notify import commands, store
from services.notify.app import create_app
from services.notify.dispatch import AFTER_SEND
from services.notify.handlers import HANDLERS
from services.notify.worker import WORKER
from tests.integration.notify.conftest import new_id
from tests.integration.notify.test_notify_inbox import violation
from tests.support.kafka import position_group_at_end
from tests.support.processes import spawn
from tests.support.wait import wait_until


def test_a_dispatcher_killed_mid_send_redelivers_with_the_same_webhook_id(
    notify_config, kafka_bootstrap, receivers, run_worker, token, tmp_path
):
    config = notify_config()
    ctx = ServiceContext(config)
    store.setup(ctx)
    mine, receiver = new_id("ag"), receivers()
    hook = (
        create_app(config)
        .test_client()
        .post(
            "/notify/webhooks",
            headers=token("agency", mine),
            json={"url": receiver.url, "event_types": ["violation-recorded"]},
        )
        .json
    )
    receiver.secret[0] = hook["secret"]
    with ctx.uow() as uow:
        commands.notify_event(uow, violation(mine))
    position_group_at_end(kafka_bootstrap, config.consumer_group, sorted(HANDLERS))

    worker = spawn(
        "services.notify.worker",
        config,
        tmp_path / "w1.log",
        ANFU_CRASHPOINT=AFTER_SEND,
        SMTP_PORT=str(config.smtp_port),
        DELIVERY_POLL_SECONDS="0.05",
        WEBHOOK_TIMEOUT_SECONDS="2",
    )
    assert worker.wait(timeout=90) == 137  # died after sending, before recording
    [sent] = receiver.ids()
    [delivery] = ctx.db["deliveries"].find({"channel": "webhook"})
    assert (delivery["_id"], delivery["status"], delivery["attempt_count"]) == (sent, "pending", 0)
    assert delivery["lease"] is not None  # still leased by the dead dispatcher

    # the dead process is still a member of its consumer group for a while: the second worker joins another
    running = run_worker(WORKER, replace(config, kafka_consumer_group=f"{config.consumer_group}-2"))
    running.clock = FixedClock(delivery["lease_until"] + timedelta(seconds=1))  # the lease has run out
    wait_until(lambda: ctx.db["deliveries"].find_one({"_id": sent})["status"] == "delivered")
    assert receiver.ids() == [sent, sent] and len(receiver.verified) == 2
    assert ctx.db["deliveries"].find_one({"_id": sent})["attempt_count"] == 1
    assert utcnow() < delivery["lease_until"] + timedelta(minutes=5)  # the real lease was short-lived, too
    ctx.close()
