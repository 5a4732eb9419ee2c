"""Service (送达) under rule table 2: the objection window and the listing delay run from the day the notice was
delivered, or from its public notice (公告送达) when nothing reached the agency within 5 days of the notice day."""

from __future__ import annotations

import pytest
from credit_factories import d, delivered, objection, published_notice, rating, revoked, ruling, violation

from services.credit.domain import dueprocess as dp
from services.credit.domain.facts import cases
from services.credit.domain.notices import due_for_public_notice, intended_listings, service_news
from services.credit.rulebook import BOOK

DAY0 = "2027-03-01"  # rule table 2 (in force from 2026-12-01)


def status(facts, violation_id: str = "v1") -> dict:
    return dp.violation_status(cases(facts)[f"violation:{violation_id}"], BOOK)


def test_the_rule_table_in_force_states_the_public_notice_days():
    table = BOOK.on(d(DAY0))
    assert (table.version, table.public_notice_days, table.objection_days, table.listing_delay_days) == ("3", 5, 15, 7)


def test_a_notice_delivered_on_day_d_sets_the_deadline_at_d_plus_15_and_a_listing_at_d_plus_7():
    facts = [violation("v1", DAY0, "severe"), delivered("v1", "2027-03-03", channel="sms")]
    found = status(facts)
    assert (found["served_on"], found["served_by"], found["served_channel"]) == ("2027-03-03", "delivered", "sms")
    assert (found["objection_deadline"], found["effect_start"]) == ("2027-03-18", "2027-03-10")
    assert rating(facts, "2027-03-09").grade == "B"
    assert (rating(facts, "2027-03-10").grade, rating(facts, "2027-03-10").listed_until) == ("D", d("2030-03-10"))


def test_a_general_violation_counts_from_the_notice_day_and_its_deadline_waits_for_service():
    unserved = [violation("v1", DAY0, "general")]
    assert rating(unserved, DAY0).score == 95, "its points count from the day credit took it in"
    assert (status(unserved)["served_on"], status(unserved)["objection_deadline"]) == (None, None)
    assert dp.object_to(unserved, "violation:v1", d("2027-05-01"), "not us", BOOK)[0] == "objection-filed"
    served = [*unserved, delivered("v1", "2027-03-02", channel="inbox")]
    assert rating(served, DAY0).effects[0].objection_deadline == d("2027-03-17")
    with pytest.raises(dp.NotAllowed, match="closed on 2027-03-17"):
        dp.object_to(served, "violation:v1", d("2027-03-18"), "late", BOOK)


def test_without_delivery_the_notice_is_published_on_day_5_and_the_clocks_run_from_then():
    facts = [violation("v1", DAY0, "severe")]
    assert rating(facts, "2027-06-01").grade == "B", "never listed while not served"
    assert due_for_public_notice(facts, BOOK, d("2027-03-05")) == ([], d("2027-03-06"))
    [due], later = due_for_public_notice(facts, BOOK, d("2027-03-06"))
    assert (due.key, later) == ("violation:v1", None)
    noticed = [*facts, published_notice("v1", "2027-03-06")]
    found = status(noticed)
    assert (found["served_on"], found["served_by"], found["objection_deadline"]) == (
        "2027-03-06",
        "public_notice",
        "2027-03-21",
    )
    assert rating(noticed, "2027-03-12").grade == "B" and rating(noticed, "2027-03-13").grade == "D"
    assert due_for_public_notice(noticed, BOOK, d("2027-04-01")) == ([], None)


def test_a_delivery_after_the_public_notice_changes_nothing():
    noticed = [violation("v1", DAY0, "severe"), published_notice("v1", "2027-03-06")]
    late = [*noticed, delivered("v1", "2027-03-04", noticed="2027-03-08")]  # delivered earlier, known later
    assert status(late) == status(noticed)
    assert [rating(late, f"2027-03-{n:02}") for n in range(1, 31)] == [
        rating(noticed, f"2027-03-{n:02}") for n in range(1, 31)
    ]


def test_the_first_delivery_known_stands_and_a_listing_never_starts_before_the_notice_day():
    early = [violation("v1", DAY0, "severe", noticed="2027-03-12"), delivered("v1", "2027-03-02", noticed="2027-03-12")]
    found = status([*early, delivered("v1", "2027-03-13", channel="inbox")])
    assert (found["served_on"], found["objection_deadline"], found["effect_start"]) == (
        "2027-03-02",
        "2027-03-17",
        "2027-03-12",
    )


def test_a_void_or_revoked_violation_needs_no_public_notice_and_is_not_told_as_served():
    facts = [violation("v1", DAY0, "severe"), revoked("v1", "2027-03-02")]
    assert due_for_public_notice(facts, BOOK, d("2027-04-01")) == ([], None)
    assert service_news(facts, [delivered("v1", "2027-03-03")], BOOK) == ([], None)


def test_service_news_tells_each_violation_once_and_the_first_public_notice_due():
    recorded = [violation("v1", DAY0, "general"), violation("v2", "2027-03-02", "minor")]
    news, due = service_news([], recorded, BOOK)
    assert (news, due) == ([], d("2027-03-06"))
    first = delivered("v1", "2027-03-02")
    [(case, dates)], due = service_news(recorded[:1], [first], BOOK)  # the facts of the cases changed
    assert (case.key, dates.service.on, dates.objection_deadline, dates.start, due) == (
        "violation:v1",
        d("2027-03-02"),
        d("2027-03-17"),
        d(DAY0),
        None,
    )
    assert service_news([recorded[0], first], [delivered("v1", "2027-03-05", channel="inbox")], BOOK)[0] == []


def test_version_one_runs_the_clocks_from_the_notice_day_whatever_is_delivered():
    facts = [violation("v1", "2026-06-01", "severe"), delivered("v1", "2026-06-05")]
    found = status(facts)
    assert (found["served_on"], found["served_by"], found["objection_deadline"], found["effect_start"]) == (
        "2026-06-01",
        "notice_day",
        "2026-06-16",
        "2026-06-08",
    )
    assert service_news([], facts, BOOK) == ([], None), "nothing to tell: version 1 told it when taken in"


def test_intended_listings_show_a_served_severe_violation_until_its_listing_starts():
    facts = [violation("v1", DAY0, "severe", description="出具虚假报告"), delivered("v1", "2027-03-02")]
    assert intended_listings(facts[:1], BOOK, d(DAY0)) == [], "not yet told: not yet publicised"
    [shown] = intended_listings(facts, BOOK, d("2027-03-08"))
    assert (shown["served_on"], shown["listing_from"], shown["objection_deadline"], shown["description"]) == (
        "2027-03-02",
        "2027-03-09",
        "2027-03-17",
        "出具虚假报告",
    )
    assert intended_listings(facts, BOOK, d("2027-03-09")) == [], "listed: on the list, no longer intended"
    held = [*facts, objection("v1", "2027-03-05")]
    [pending] = intended_listings(held, BOOK, d("2027-04-01"))
    assert (pending["listing_from"], pending["objection_pending"]) == (None, True)
    assert intended_listings([*held, ruling("v1", "2027-04-02", True)], BOOK, d("2027-04-03")) == []
    rejected = intended_listings([*held, ruling("v1", "2027-03-06", False)], BOOK, d("2027-03-08"))
    assert [v["listing_from"] for v in rejected] == ["2027-03-09"]
