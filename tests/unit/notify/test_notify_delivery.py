"""Delivery plans, quiet hours, retries with backoff, Standard Webhooks signatures, masking, SSRF checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from services.notify.domain import signing
from services.notify.domain.masking import mask
from services.notify.domain.plan import Preferences, addresses, missed, plan, quiet_until
from services.notify.domain.retry import FIRST_GAP, MAX_AGE, MAX_GAP, retry_at
from services.notify.domain.rules import NOTICES, RULES
from services.notify.domain.urls import refusal

CST = timezone(timedelta(hours=8))
NOON = datetime(2026, 11, 2, 12, 0, tzinfo=CST)
DEMAND, VIOLATION, HAZARD, RATING = (
    RULES["demand-posted"][0],
    RULES["violation-recorded"][0],
    RULES["inspection-completed"][0],
    RULES["rating-changed"][0],
)


def channels(p) -> list[tuple[str, str]]:
    return [(d.channel, d.target) for d in p.deliveries]


def test_the_rule_default_is_email_when_an_address_is_known():
    assert channels(plan(DEMAND, Preferences(), "a@example.cn", [], False, False, NOON)) == [("email", "a@example.cn")]
    missing = plan(DEMAND, Preferences(), None, [], False, False, NOON)
    assert (missing.deliveries, missing.missing) == ([], ["email"])


def test_preferences_choose_channels_per_kind_and_contacts_override_the_registry():
    prefs = Preferences(channels={"demand": ()}, email="own@example.cn", phone="13906731234")
    assert channels(plan(DEMAND, prefs, "reg@example.cn", [], False, False, NOON)) == []
    prefs = Preferences(channels={"credit": ("sms",)}, email="own@example.cn", phone="13906731234")
    assert channels(plan(RATING, prefs, "reg@example.cn", [], False, False, NOON)) == [("sms", "13906731234")]


def test_legal_notices_always_go_by_email_whatever_the_preferences():
    prefs = Preferences(channels={"credit": ()}, digest=True)
    assert channels(plan(VIOLATION, prefs, "a@example.cn", [], True, False, NOON)) == [("email", "a@example.cn")]


def test_an_assured_notice_goes_to_every_address_from_any_source():
    prefs = Preferences(channels={"credit": ()}, email="own@example.cn", phone="13906731234")
    assured = plan(VIOLATION, prefs, "reg@example.cn", ["wh_1"], True, False, NOON)
    assert channels(assured) == [
        ("email", "own@example.cn"),
        ("email", "reg@example.cn"),
        ("sms", "13906731234"),
        ("webhook", "wh_1"),
    ]
    assert plan(VIOLATION, Preferences(), None, [], True, False, NOON).missing == ["email"]  # a phone is not owed


def test_an_address_that_became_known_owes_what_was_never_planned_to_it():
    known = addresses(Preferences(email="own@example.cn", phone="13906731234"), "reg@example.cn", assured=True)
    owed = missed(known, {("email", "reg@example.cn")}, NOON, urgent=False)
    assert [(p.channel, p.target) for p in owed] == [("email", "own@example.cn"), ("sms", "13906731234")]
    assert missed(known, {(p.channel, p.target) for p in owed} | {("email", "reg@example.cn")}, NOON, False) == []
    night = datetime(2026, 11, 2, 23, 0, tzinfo=CST)
    [_, sms] = missed(known, {("email", "reg@example.cn")}, night, urgent=False)
    assert sms.not_before == datetime(2026, 11, 3, 8, 0, tzinfo=CST)  # SMS keeps the quiet hours
    assert addresses(Preferences(email="own@example.cn"), "reg@example.cn", assured=False) == {
        "email": ["own@example.cn"],
        "sms": [],
    }


def test_a_digest_holds_demands_but_webhooks_still_go_now():
    held = plan(DEMAND, Preferences(digest=True), "a@example.cn", ["wh_1"], False, False, NOON)
    assert held.digest and channels(held) == [("webhook", "wh_1")]
    assert not plan(VIOLATION, Preferences(digest=True), "a@example.cn", [], True, False, NOON).digest


@pytest.mark.parametrize("hour, expected", [(12, None), (7, (2, 8)), (22, (3, 8)), (23, (3, 8)), (8, None), (21, None)])
def test_quiet_hours_run_from_22_to_8_jiaxing_time(hour, expected):
    end = quiet_until(datetime(2026, 11, 2, hour, 30, tzinfo=CST).astimezone(UTC))
    assert (end.astimezone(CST).day, end.astimezone(CST).hour) == expected if expected else end is None


def test_sms_waits_for_the_morning_unless_urgent():
    night = datetime(2026, 11, 2, 23, 0, tzinfo=CST)
    prefs = Preferences(phone="13906731234")
    [sms] = [d for d in plan(HAZARD, prefs, None, [], False, False, night).deliveries if d.channel == "sms"]
    assert sms.not_before == datetime(2026, 11, 3, 8, 0, tzinfo=CST)
    [urgent] = [d for d in plan(HAZARD, prefs, None, [], False, True, night).deliveries if d.channel == "sms"]
    assert urgent.not_before == night


def test_retries_double_up_to_two_hours_then_stop_after_a_day():
    start = datetime(2026, 11, 2, tzinfo=UTC)
    deadline = start + MAX_AGE
    assert retry_at(1, start, deadline, 0.999999) - start == pytest.approx(FIRST_GAP, abs=timedelta(seconds=1))
    assert retry_at(3, start, deadline, 0.999999) - start == pytest.approx(FIRST_GAP * 4, abs=timedelta(seconds=1))
    assert retry_at(30, start, deadline, 0.999999) - start == pytest.approx(MAX_GAP, abs=timedelta(seconds=1))
    assert retry_at(30, deadline - timedelta(minutes=5), deadline, 0.0) is None


@given(attempts=st.integers(1, 60), jitter=st.floats(0, 1, exclude_max=True))
def test_jitter_keeps_a_retry_between_half_and_the_full_gap(attempts, jitter):
    now = datetime(2026, 11, 2, tzinfo=UTC)
    gap = retry_at(attempts, now, now + MAX_AGE, jitter) - now
    full = min(FIRST_GAP * 2 ** min(attempts - 1, 20), MAX_GAP)
    assert full / 2 <= gap <= full


def test_signatures_verify_with_the_standard_webhooks_library_also_during_a_rotation():
    old, new = signing.new_secret(b"o" * 24), signing.new_secret(b"n" * 24)
    assert new.startswith("whsec_")
    timestamp, body = int(datetime.now(UTC).timestamp()), '{"type":"violation-recorded"}'
    headers = signing.headers([new, old], "msg_1", timestamp, body)
    for secret in (new, old):
        assert Webhook(secret).verify(body, headers) == {"type": "violation-recorded"}
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret(b"x" * 24)).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(body.replace("violation", "rating"), headers)


def test_contacts_are_masked_anywhere_in_a_text():
    text = "550 <lu.xiaofeng@example.cn> refused; sms to 13906731234 or +8613906731234"
    masked = mask(text)
    assert "lu.xiaofeng" not in masked and "13906731234" not in masked
    assert "l***@example.cn" in masked and "139****1234" in masked


@pytest.mark.parametrize(
    "url, addresses, production, refused",
    [
        ("https://hooks.example.cn/anfu", ["93.184.216.34"], True, False),
        ("http://hooks.example.cn/anfu", ["93.184.216.34"], True, True),  # not https
        ("https://localhost/x", ["127.0.0.1"], True, True),  # loopback
        ("https://intranet/x", ["10.1.2.3"], True, True),  # private
        ("https://meta/x", ["169.254.169.254"], True, True),  # link-local (cloud metadata)
        ("https://v6/x", ["93.184.216.34", "::1"], True, True),  # any address counts
        ("https://nowhere/x", [], True, True),  # does not resolve
        ("http://127.0.0.1:8080/x", ["127.0.0.1"], False, False),  # development allows it
        ("ftp://example.cn/x", ["93.184.216.34"], False, True),
    ],
)
def test_production_webhooks_are_https_to_public_addresses_only(url, addresses, production, refused):
    assert (refusal(url, addresses, production) is not None) is refused


def test_internal_notices_are_not_subscribable_events():
    assert not set(NOTICES) & set(RULES)
