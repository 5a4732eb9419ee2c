"""Delivery that cannot fall through, through the real app, worker and SMTP server: a legal notice reaches every
address the agency has, from the registry or its preferences, also one that becomes known after the notice was
written, once per address; a violation revoked before its notices were delivered is told as revoked, never as an
invitation to object."""

from __future__ import annotations

from tests.integration.notify.conftest import agency, event, new_id
from tests.integration.notify.test_notify_inbox import served, violation
from tests.support.wait import wait_until

PHONE = "13857300021"


def mails(mailbox, address: str, count: int) -> list:
    return wait_until(lambda: (lambda found: found if len(found) == count else None)(mailbox.to(address)))


def revoked(recorded) -> object:
    data = {
        "violation_id": recorded.data["violation_id"],
        "agency_id": recorded.subject,
        "reason": "记录有误，予以撤销",
    }
    return event("violation-revoked", data, "/gov/enforcement/330400")


def test_an_agency_registered_without_an_email_gets_its_notice_once_the_registry_has_one(notify, token, mailbox):
    mine = new_id("ag")
    notify.send_and_wait(agency(mine, email=None))
    notify.send_and_wait(violation(mine))
    [notice] = notify.inbox(token("agency", mine))
    assert notice["missing"] == ["email"] and notice["text"].startswith(f"安澜安全评价-{mine}：")

    address = f"{mine}@example.cn"
    later = agency(mine, email=address)
    notify.send_and_wait(later)
    [mail] = mails(mailbox, address, 1)
    assert mail["Subject"] == notice["title"] and mail["Date"].endswith("+0800") and mail["Content-Language"] == "zh-CN"
    notify.send_and_wait(agency(mine, email=address))  # the same address again
    assert len(notify.deliveries(notification_id=notice["id"])) == 1
    assert notify.inbox(token("agency", mine))[0]["missing"] == []


def unreachable(notify) -> tuple[str, object]:
    """An agency registered without an e-mail, told of a violation and of its service with the dates credit set
    (2 legal notices)."""
    mine = new_id("ag")
    notify.send_and_wait(agency(mine, email=None))
    recorded = violation(mine)
    notify.send_and_wait(recorded)
    notify.send_and_wait(served(recorded))
    return mine, recorded


def test_an_email_set_in_the_preferences_catches_up_every_undelivered_legal_notice_once(notify, token, mailbox):
    mine, _ = unreachable(notify)
    notices = notify.inbox(token("agency", mine))
    assert len(notices) == 2 and all(n["legal"] and n["missing"] == ["email"] for n in notices)

    chosen = f"{mine}.pref@example.cn"
    body = {"email": chosen, "channels": {"credit": []}}  # e-mail off: a legal notice goes anyway
    assert notify.client.put("/notify/preferences", headers=token("agency", mine), json=body).status_code == 200
    assert {m["Subject"] for m in mails(mailbox, chosen, 2)} == {n["title"] for n in notices}
    assert notify.client.put("/notify/preferences", headers=token("agency", mine), json=body).status_code == 200
    assert len(notify.deliveries(org=mine)) == 2  # each address once


def test_once_the_preferences_hold_a_contact_a_later_registry_email_still_catches_up(notify, token, mailbox):
    mine = new_id("ag")
    notify.send_and_wait(agency(mine, email=None))
    notify.send_and_wait(violation(mine))
    body = {"phone": PHONE}
    assert notify.client.put("/notify/preferences", headers=token("agency", mine), json=body).status_code == 200
    [notice] = notify.inbox(token("agency", mine))
    [sms] = notify.deliveries(org=mine)  # every channel it has: the phone of its preferences
    assert (sms["channel"], sms["target"], notice["missing"]) == ("sms", PHONE, ["email"])

    registry = f"{mine}@example.cn"
    notify.send_and_wait(agency(mine, email=registry))
    [mail] = mails(mailbox, registry, 1)
    assert mail["Subject"] == notice["title"]


def test_a_violation_revoked_before_its_notice_was_delivered_is_told_as_revoked_only(notify, token, mailbox):
    mine, recorded = unreachable(notify)
    notify.send_and_wait(revoked(recorded))

    [told] = notify.inbox(token("agency", mine))
    assert told["type"] == "violation-revoked" and "已撤销" in told["title"]
    assert "报告未按期报送" in told["text"] and "异议" not in told["text"]
    replaced = notify.ctx.db["notifications"].find({"org": mine, "superseded_by": told["id"]})
    assert sorted(n["type"] for n in replaced) == ["violation-recorded", "violation-served"]

    address = f"{mine}@example.cn"
    notify.send_and_wait(agency(mine, email=address))
    [mail] = mails(mailbox, address, 1)
    assert mail["Subject"] == told["title"] and "异议" not in mail.get_body(("plain",)).get_content()


def test_a_revocation_that_comes_before_its_violation_leaves_no_invitation_to_object(notify, token, mailbox):
    mine = new_id("ag")
    address = f"{mine}@example.cn"
    notify.send_and_wait(agency(mine, email=address))
    recorded = violation(mine)
    notify.send_and_wait(revoked(recorded))  # the topics interleave: the revocation arrives first
    notify.send_and_wait(recorded)
    notify.send_and_wait(served(recorded))

    assert [n["type"] for n in notify.inbox(token("agency", mine))] == ["violation-revoked"]
    [mail] = mails(mailbox, address, 1)
    assert "已撤销" in mail["Subject"] and "异议" not in mail.get_body(("plain",)).get_content()
