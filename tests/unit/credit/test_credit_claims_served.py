"""A buyer's at-fault claim (过错解约) under rule table 2 is served like a violation (送达): its objection period runs
from the day notify delivered the claim's notice to the agency, or from its public notice (公告送达) when nothing
reached the agency within 5 days of the notice day; uncontested, it takes effect the day after the period."""

from __future__ import annotations

import pytest
from credit_factories import accepted, d, delivered, objection, published_notice, rating, score, terminated

from services.credit.domain import dueprocess as dp
from services.credit.domain.effects import effects
from services.credit.domain.facts import cases
from services.credit.domain.notices import due_for_public_notice, service_news
from services.credit.rulebook import BOOK

DAY0 = "2027-03-01"  # rule table 2's dates (from 2026-12-01)


def claim(contract_id="c1", on=DAY0, **kw):
    return terminated(contract_id, on, by="buyer", **kw)


def status(facts) -> dict:
    [found] = dp.statuses(facts, BOOK, d("2027-03-02"))[1]
    return found


def state(facts, on: str) -> str:
    return dp.claim_state(cases(facts)["claim:c1"], BOOK, d(on))


def test_a_claim_delivered_on_day_d_may_be_contested_until_d_plus_15_and_then_takes_effect():
    facts = [claim(), delivered("c1", "2027-03-03", channel="sms", claim=True)]
    found = status(facts)
    assert (found["served_on"], found["served_by"], found["served_channel"]) == ("2027-03-03", "delivered", "sms")
    assert found["objection_deadline"] == "2027-03-18"
    assert dp.object_to(facts, "claim:c1", d("2027-03-18"), "no", BOOK)[0] == "objection-filed"
    with pytest.raises(dp.NotAllowed, match="closed on 2027-03-18"):
        dp.object_to(facts, "claim:c1", d("2027-03-19"), "no", BOOK)
    assert (score(facts, "2027-03-18"), state(facts, "2027-03-18")) == (100, "open")
    assert (score(facts, "2027-03-19"), state(facts, "2027-03-19")) == (95, "uncontested")
    [effect] = effects(facts, BOOK)
    assert (effect.start, effect.served_on, effect.served_by) == (d("2027-03-19"), d("2027-03-03"), "delivered")


def test_an_unserved_claim_waits_and_is_publicly_noticed_after_5_days():
    facts = [claim()]
    assert (status(facts)["served_on"], status(facts)["objection_deadline"]) == (None, None)
    assert (score(facts, "2027-05-01"), state(facts, "2027-05-01")) == (100, "open")
    assert dp.object_to(facts, "claim:c1", d("2027-05-01"), "no", BOOK)[0] == "objection-filed"
    assert due_for_public_notice(facts, BOOK, d("2027-03-05")) == ([], d("2027-03-06"))
    [due], later = due_for_public_notice(facts, BOOK, d("2027-03-06"))
    assert (due.key, later) == ("claim:c1", None)
    noticed = [*facts, published_notice("c1", "2027-03-06", claim=True)]
    assert (status(noticed)["served_by"], status(noticed)["objection_deadline"]) == ("public_notice", "2027-03-21")
    assert score(noticed, "2027-03-21") == 100 and score(noticed, "2027-03-22") == 95
    assert due_for_public_notice(noticed, BOOK, d("2027-04-01")) == ([], None)


def test_the_first_service_stands_and_a_delivery_counts_only_once_known():
    noticed = [claim(), published_notice("c1", "2027-03-06", claim=True)]
    late = [*noticed, delivered("c1", "2027-03-07", claim=True)]
    assert status(late)["objection_deadline"] == "2027-03-21"
    known_later = [claim(), delivered("c1", "2027-03-03", noticed="2027-03-05", claim=True)]
    assert rating(known_later, "2027-03-19", known="2027-03-04").score == 100, "as known then: not yet served"
    assert rating(known_later, "2027-03-19").score == 95


def test_a_claim_accepted_or_contested_before_service_follows_its_step():
    facts = [claim(), accepted("c1", "2027-03-02")]
    assert score(facts, "2027-03-01") == 100 and score(facts, "2027-03-02") == 95
    contested = [claim(), objection("c1", "2027-03-02", claim=True)]
    assert (score(contested, "2027-06-01"), state(contested, "2027-06-01")) == (100, "contested")


def test_only_buyers_claims_under_table_2_wait_for_service():
    admitted = terminated("c2", DAY0, by="agency")
    old = claim("c3", "2026-03-01")
    facts = [admitted, old, claim("c4", DAY0, signed_on=None)]
    assert due_for_public_notice(facts, BOOK, d("2027-12-31")) == ([], None)
    assert score([admitted], DAY0) == 95
    assert [(s["served_by"], s["objection_deadline"]) for s in dp.statuses([old], BOOK, d(DAY0))[1]] == [
        ("notice_day", "2026-03-16")
    ]


def test_a_new_claim_tells_the_refresh_when_its_public_notice_falls_due_but_no_violation_served():
    news, due = service_news([], [claim()], BOOK)
    assert (news, due) == ([], d("2027-03-06"))
    assert service_news([claim()], [delivered("c1", "2027-03-02", claim=True)], BOOK) == ([], None)
