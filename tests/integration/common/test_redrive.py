"""Operators' dead-letter redrive (HTTP and command) on the real broker and database: list, show, replay after a
fix (applied once, however often replayed), discard with a reason, admin only."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import pytest

from services.common.messaging.deadletters.__main__ import main as command
from services.common.web.app import create_service_app
from tests.support.effect_worker import EFFECT_WORKER, violation
from tests.support.harness import new_id
from tests.support.wait import wait_until

TOPIC = "violation-recorded"
ADMIN = "/admin/dead-letters"


@pytest.fixture
def notify(make_config, run_worker):
    """The effect worker and an app on the same database: (worker context, HTTP client)."""
    config = make_config("notify")
    app = create_service_app("notify", [], config=config)
    yield run_worker(EFFECT_WORKER, config), app.test_client()
    app.extensions["anfu"].close()


def send(producer, *events) -> None:
    for event in events:
        producer.send(event.topic, key=event.key, value=event.to_bytes(), headers=event.headers)
    producer.flush()


def dead_letter_of(ctx, event) -> dict:
    return wait_until(lambda: ctx.db["dead_letters"].find_one({"key": event.key}))


def applied(ctx, event) -> int:
    doc = ctx.db["effects"].find_one({"_id": event.id})
    return doc["applied"] if doc else 0


def test_a_redrive_after_a_fix_applies_the_event_once(notify, raw_producer, token):
    ctx, client = notify
    event = violation(source="/gov-zj/enforcement/330000")  # a provincial system not yet allowed
    send(raw_producer, event)
    letter = dead_letter_of(ctx, event)
    assert "may not publish" in letter["reason"] and applied(ctx, event) == 0

    ctx.config = replace(ctx.config, external_sources="/gov/,/gov-zj/")  # the fix: the system is allowed now
    admin = token("admin")
    for _ in range(2):
        response = client.post(f"{ADMIN}/{letter['_id']}/replay", headers=admin)
        assert response.status_code == 200, response.json
    marker = violation(event.subject)  # same key, same partition: applied after both replays
    send(raw_producer, marker)
    wait_until(lambda: applied(ctx, marker))
    assert applied(ctx, event) == 1 and ctx.db["dead_letters"].count_documents({}) == 1
    shown = client.get(f"{ADMIN}/{letter['_id']}", headers=admin).json
    assert shown["status"] == "replayed" and [r["by"] for r in shown["replays"]] == ["admin:-", "admin:-"]
    assert base64.b64decode(shown["value_base64"]) == event.to_bytes()
    assert {h["key"] for h in shown["headers"]} == {"ce_type", "ce_id", "ce_source", "ce_specversion"}


def test_list_filter_discard_and_replay_matching(notify, raw_producer, token):
    ctx, client = notify
    admin = token("admin")
    agency = new_id("agency")
    future = violation(agency, time="2999-01-01T00:00:00Z")
    forged, other = violation(agency, source="/evil/laptop"), violation(agency, source="/evil/phone")
    send(raw_producer, future, forged, other)
    wait_until(lambda: ctx.db["dead_letters"].count_documents({}) == 3)

    page = client.get(f"{ADMIN}?limit=2", headers=admin).json
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(f"{ADMIN}?limit=2&cursor={page['next_cursor']}", headers=admin).json
    assert len(rest["items"]) == 1 and "value" not in rest["items"][0]
    evil = client.get(f"{ADMIN}?reason=/EVIL/&topic={TOPIC}", headers=admin).json["items"]
    assert sorted(i["offset"] for i in evil) == sorted(i["offset"] for i in page["items"] + rest["items"])[1:]

    ahead = client.get(f"{ADMIN}?reason=ahead", headers=admin).json["items"][0]
    discarded = client.post(
        f"{ADMIN}/{ahead['id']}/discard", json={"reason": "test clock of a supplier"}, headers=admin
    )
    assert discarded.json["status"] == "discarded" and discarded.json["discarded"]["by"] == "admin:-"
    again = client.post(f"{ADMIN}/{ahead['id']}/replay", headers=admin)
    assert again.status_code == 409 and again.content_type == "application/problem+json"

    replayed = client.post(f"{ADMIN}/replay", json={"reason": "/evil/"}, headers=admin).json["replayed"]
    assert sorted(replayed) == sorted(i["id"] for i in evil)
    wait_until(lambda: ctx.db["dead_letters"].count_documents({}) == 5)  # still refused: dead-lettered anew
    assert client.get(f"{ADMIN}?status=dead", headers=admin).json["items"][0]["reason"].count("/evil/") == 1


def test_only_admins_see_or_touch_dead_letters(notify, token):
    _, client = notify
    assert client.get(ADMIN).status_code == 401
    for role in ("regulator", "official", "agency"):
        response = client.get(ADMIN, headers=token(role, "330400"))
        assert response.status_code == 403 and response.content_type == "application/problem+json"
        assert client.post(f"{ADMIN}/replay", json={}, headers=token(role)).status_code == 403
        assert client.post(f"{ADMIN}/{'0' * 24}/discard", json={"reason": "r"}, headers=token(role)).status_code == 403
    missing = client.get(f"{ADMIN}/no-such-letter", headers=token("admin"))
    assert missing.status_code == 404 and missing.json["title"] == "Not Found"
    assert client.post(f"{ADMIN}/{'0' * 24}/discard", json={}, headers=token("admin")).status_code == 422
    assert client.post(f"{ADMIN}/x/discard", json={"reason": "r"}, headers=token("admin")).status_code == 404  # ids: 24


def test_the_command_lists_shows_and_replays(notify, raw_producer, monkeypatch, capsys, tmp_path):
    ctx, _ = notify
    for name, value in (
        ("MONGODB_URI", ctx.config.mongodb_uri),
        ("MONGODB_DATABASE", ctx.config.database),
        ("KAFKA_BOOTSTRAP_SERVERS", ctx.config.kafka_bootstrap_servers),
    ):
        monkeypatch.setenv(name, value)
    event = violation(source="/evil/laptop")
    send(raw_producer, event)
    letter = dead_letter_of(ctx, event)

    def run(*args: str) -> dict:
        assert command(["--service", "notify", "--by", "ops-zhang", *args]) == 0
        return json.loads(capsys.readouterr().out)

    assert [i["id"] for i in run("list", "--reason", "evil", "--topic", TOPIC)["items"]] == [letter["_id"]]
    assert run("list", "--reason", "no such reason")["items"] == []
    shown = run("show", letter["_id"], "--value-to", str(tmp_path / "value"))
    assert (tmp_path / "value").read_bytes() == event.to_bytes() and shown["value"] == event.to_bytes().decode()
    assert run("replay", "--all", "--reason", "evil")["replayed"] == [letter["_id"]]
    assert run("discard", letter["_id"], "--reason", "forged by a test")["discarded"]["by"] == "ops-zhang"
    assert command(["--service", "notify", "discard", letter["_id"], "--reason", "twice"]) == 1
