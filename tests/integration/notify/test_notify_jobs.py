"""Daily jobs and preferences: qualifications lapsing within 30 days are told once; preferences are validated."""

from __future__ import annotations

from datetime import timedelta

from services.common.clock import FixedClock, utcnow
from services.notify import jobs
from tests.integration.notify.conftest import agency, new_id


def test_an_agency_is_told_once_of_a_qualification_lapsing_within_30_days(notify, token, mailbox):
    notify.ctx.clock = FixedClock(utcnow() + timedelta(days=1))  # the worker ran today's check when it started
    today = notify.ctx.clock.today()
    soon, later = new_id("ag"), new_id("ag")
    qualification = {
        "category": "safety_evaluation",
        "certificate_no": new_id("APJ"),
        "level": "乙级",
        "issuer": "浙江省应急管理厅",
        "valid_from": "2024-01-01",
    }
    notify.send_and_wait(
        agency(
            soon,
            email=f"{soon}@example.cn",
            qualifications=[{**qualification, "valid_until": (today + timedelta(days=20)).isoformat()}],
        ),
        agency(
            later,
            qualifications=[
                {
                    **qualification,
                    "certificate_no": new_id("APJ"),
                    "valid_until": (today + timedelta(days=31)).isoformat(),
                }
            ],
        ),
    )
    assert len(jobs.expiring_qualifications(notify.ctx)) == 1
    [told] = notify.inbox(token("agency", soon))
    assert told["type"] == "qualification-expiring" and qualification["level"] in told["text"]
    assert notify.inbox(token("agency", later)) == []
    assert jobs.expiring_qualifications(notify.ctx) == []  # once a day
    notify.ctx.clock.advance(timedelta(days=1))
    jobs.expiring_qualifications(notify.ctx)
    assert len(notify.inbox(token("agency", soon))) == 1  # once per certificate and end date
    notify.settled(channel="email", org=soon)


def test_preferences_are_validated_and_kept_per_organisation(notify, token):
    mine = new_id("ag")
    as_mine = token("agency", mine)
    bad = notify.client.put("/notify/preferences", headers=as_mine, json={"channels": {"gossip": ["email"]}})
    assert bad.status_code == 422 and bad.json["errors"]
    bad = notify.client.put("/notify/preferences", headers=as_mine, json={"channels": {"credit": ["pigeon"]}})
    assert bad.status_code == 422
    good = notify.client.put(
        "/notify/preferences", headers=as_mine, json={"channels": {"credit": []}, "email": "own@example.cn"}
    )
    assert good.status_code == 200 and good.json["channels"] == {"credit": []}
    assert notify.client.get("/notify/preferences", headers=token("agency", new_id("ag"))).json["email"] is None
    assert (
        notify.client.get("/notify/preferences", headers=token("admin"), query_string={"org": mine}).json["email"]
        == "own@example.cn"
    )


def test_preferences_written_on_a_stale_read_are_412_and_unchanged(notify, token):
    as_mine = token("agency", new_id("ag"))
    first = notify.client.get("/notify/preferences", headers=as_mine)
    assert first.headers["ETag"] == '"0"'  # never saved
    saved = notify.client.put("/notify/preferences", headers={**as_mine, "If-Match": '"0"'}, json={"digest": True})
    assert saved.status_code == 200 and saved.headers["ETag"] == '"1"'
    stale = notify.client.put("/notify/preferences", headers={**as_mine, "If-Match": '"0"'}, json={"digest": False})
    assert stale.status_code == 412 and stale.json["rule"] == "if-match"
    assert notify.client.get("/notify/preferences", headers=as_mine).json["digest"] is True
    assert notify.client.put("/notify/preferences", headers=as_mine, json={"digest": False}).headers["ETag"] == '"2"'
