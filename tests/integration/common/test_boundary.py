"""Trust at the event boundary, on the real broker and database: no message stops a consumer, refused events
are kept whole as dead letters with their reason, and both CloudEvents content modes of the official SDK work."""

from __future__ import annotations

import json
from datetime import timedelta

from cloudevents.v1.http import CloudEvent
from cloudevents.v1.kafka import to_binary, to_structured

from services.common.clock import isotime, utcnow
from services.common.metrics import EVENTS_DEAD_LETTERED
from tests.support.effect_worker import EFFECT_WORKER, violation
from tests.support.harness import new_id
from tests.support.kafka import committed
from tests.support.wait import holds, wait_until

TOPIC = "violation-recorded"


def effect(ctx, event_id: str):
    return ctx.db["effects"].find_one({"_id": event_id})


def letters(ctx, key: bytes) -> list[dict]:
    return list(ctx.db["dead_letters"].find({"key": key}).sort("offset", 1))


def poison(agency: str) -> dict[str, bytes]:
    """One message of each kind a consumer must survive, all about one agency (one key: one partition)."""

    def edited(**changes) -> bytes:
        body = violation(agency).to_dict()
        for name, value in changes.items():
            if name.startswith("data_"):
                body["data"][name[5:]] = value
            else:
                body[name] = value
        return json.dumps(body).encode()

    return {
        "not JSON": b"{malformed",
        "time out of range": edited(time="0001-01-01T00:00:00+01:00"),
        "ahead of": violation(agency, time=isotime(utcnow() + timedelta(hours=1))).to_bytes(),
        "may not publish": violation(agency, source="/evil/laptop").to_bytes(),
        "differs from data.agency_id": edited(data_agency_id="agency-someone-else"),
        "description": edited(data_description="x" * 1_000_000),  # ~1 MiB, invalid (too long)
    }


def test_every_poison_message_is_kept_whole_and_the_next_event_is_applied(make_config, run_worker, raw_producer, probe):
    ctx = run_worker(EFFECT_WORKER, make_config("notify"))
    dlq = probe(f"{TOPIC}.notify-dlq")
    agency = new_id("agency")
    key, bad, good = agency.encode(), poison(agency), violation(agency)
    counted = EVENTS_DEAD_LETTERED.labels("notify", TOPIC)._value.get()
    for value in [*bad.values(), good.to_bytes()]:
        raw_producer.send(TOPIC, key=key, value=value, headers=[("origin", b"test")])
    raw_producer.flush()

    assert wait_until(lambda: effect(ctx, good.id), timeout=60)["applied"] == 1
    kept = letters(ctx, key)
    assert [k["value"] for k in kept] == list(bad.values()), "every poison message is stored whole, in order"
    for reason, letter in zip(bad, kept):
        assert reason in letter["reason"], (reason, letter["reason"])
        assert letter["headers"] == [{"key": "origin", "value": b"test"}] and letter["service"] == "notify"
    assert kept[1]["reason"].startswith("envelope: time out of range")
    copies = dlq.wait_for(lambda m: m.key == key, count=len(bad))
    assert [dict(c.headers)["dlq_id"].decode() for c in copies] == [k["_id"] for k in kept]
    large = copies[-1]
    assert dict(large.headers)["dlq_truncated"] == b"true" and len(large.value) < len(bad["description"])
    assert EVENTS_DEAD_LETTERED.labels("notify", TOPIC)._value.get() - counted == len(bad)
    assert ctx.db["inbox"].count_documents({}) == 1, "nothing of a refused event was applied"


def sdk_event(agency: str) -> CloudEvent:
    """An event built by the official CloudEvents SDK, as an integrator would."""
    data = violation(agency).data
    return CloudEvent(
        {
            "type": TOPIC,
            "source": "/gov/enforcement/330411",
            "subject": agency,
            "partitionkey": agency,
            "datacontenttype": "application/json",
            "dataversion": "1",
        },
        data,
    )


def test_the_cloudevents_sdks_binary_and_structured_modes_are_applied(make_config, run_worker, raw_producer):
    ctx = run_worker(EFFECT_WORKER, make_config("notify"))
    agency = new_id("agency")
    binary, structured = sdk_event(agency), sdk_event(agency)
    for message in (to_binary(binary), to_structured(structured)):
        raw_producer.send(TOPIC, key=message.key.encode(), value=message.value, headers=list(message.headers.items()))
    raw_producer.flush()
    for event in (binary, structured):
        assert wait_until(lambda: effect(ctx, event["id"]))["applied"] == 1
    assert ctx.db["dead_letters"].count_documents({}) == 0


def test_a_dead_letter_kept_nowhere_is_retried_and_never_committed_past(
    own_mongo, make_config, run_worker, raw_producer, kafka_bootstrap, probe
):
    config = make_config("notify", mongodb_uri=own_mongo.url)
    ctx = run_worker(EFFECT_WORKER, config)
    dlq = probe(f"{TOPIC}.notify-dlq")
    before = committed(kafka_bootstrap, config.consumer_group, TOPIC)
    own_mongo.stop()  # the database is gone and the DLQ copy of a large message is truncated: kept nowhere whole
    agency = new_id("agency")
    large, good = poison(agency)["description"], violation(agency)
    raw_producer.send(TOPIC, key=agency.encode(), value=large)
    raw_producer.send(TOPIC, key=agency.encode(), value=good.to_bytes())
    raw_producer.flush()
    [copy] = dlq.wait_for(lambda m: m.key == agency.encode())  # the worker reached it: only a truncated copy
    assert dict(copy.headers)["dlq_truncated"] == b"true"
    holds(lambda: committed(kafka_bootstrap, config.consumer_group, TOPIC) == before, seconds=4)

    own_mongo.start()
    assert wait_until(lambda: effect(ctx, good.id), timeout=60, interval=0.5)["applied"] == 1
    [letter] = letters(ctx, agency.encode())
    assert letter["value"] == large
