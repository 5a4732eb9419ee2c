"""Objections (异议), revocation and credit repair (信用修复): timing rules."""

from __future__ import annotations

import pytest
from credit_factories import completed, d, objection, rating, repair_applied, repair_decided, revoked, ruling, violation

from services.credit.domain import dueprocess as dp
from services.credit.domain.effects import effects
from services.credit.domain.facts import cases
from services.credit.domain.ledger import ledger, reasons
from services.credit.rulebook import BOOK


def rate(facts, on, known=None):
    return rating(facts, on.isoformat(), known=known)


@pytest.mark.parametrize("kind", [None, "void"])
def test_a_void_revocation_removes_the_violation_from_every_day_and_what_was_known_stays_readable(kind):
    """An old event without `kind` is void: every revocation so far withdrew a violation recorded in error."""
    facts = [violation("v1", "2026-01-01", "serious"), revoked("v1", "2026-03-01", kind)]
    assert rate(facts, d("2026-02-01")).score == 100  # everything known now: it never stood
    assert rate(facts, d("2026-02-01"), known="2026-02-28").score == 90  # as known before the revocation
    assert rate(facts, d("2026-03-01")).effects == ()
    status = dp.violation_status(cases(facts)["violation:v1"], BOOK)
    assert (status["revoked"], status["revoked_on"], status["revocation_reason"], status["revoked_by"]) == (
        True,
        "2026-03-01",
        "recorded in error",
        "330411",
    )
    assert status["revocation_kind"] == "void"


def test_a_revocation_that_ends_the_violation_ends_it_that_day():
    facts = [violation("v1", "2026-01-01", "serious"), revoked("v1", "2026-03-01", "ended")]
    assert rate(facts, d("2026-02-01")).score == 90  # it stood until then
    assert rate(facts, d("2026-03-01")).score == 100
    assert dp.violation_status(cases(facts)["violation:v1"], BOOK)["revocation_kind"] == "ended"


def test_revocation_arriving_before_the_violation_still_revokes():
    facts = [revoked("v1", "2026-01-01"), violation("v1", "2026-02-01", "general")]
    assert rate(facts, d("2026-02-02")).score == 100


def test_an_upheld_objection_voids_the_violation_from_every_day():
    facts = [violation("v1", "2026-01-01", "general"), objection("v1", "2026-01-05"), ruling("v1", "2026-01-20", True)]
    assert rate(facts, d("2026-01-10"), known="2026-01-19").score == 95
    assert rate(facts, d("2026-01-10")).score == rate(facts, d("2026-01-20")).score == 100
    with pytest.raises(dp.NotAllowed, match="revoked"):
        dp.revocable(facts, "violation:v1")


def test_rejected_objection_keeps_a_non_severe_effect_from_the_start():
    facts = [violation("v1", "2026-01-01", "general"), objection("v1", "2026-01-05"), ruling("v1", "2026-01-20", False)]
    assert rate(facts, d("2026-01-02")).score == 95


def test_effect_shows_objection_deadline_and_repair_date():
    e = rate([violation("v1", "2026-01-31", "general")], d("2026-02-01")).effects[0]
    assert (e.rule, e.source_event_id.startswith("violation"), e.objection_deadline, e.repair_eligible_on) == (
        "violation.general",
        True,
        d("2026-02-15"),
        d("2026-04-30"),
    )
    assert e.end == d("2027-01-31")


def test_pending_objection_holds_a_severe_listing_until_the_ruling():
    facts = [violation("v1", "2026-01-01", "severe"), objection("v1", "2026-01-06")]
    assert rate(facts, d("2026-03-01")).grade == "B"
    rejected = facts + [ruling("v1", "2026-01-25", False)]
    assert rate(rejected, d("2026-01-24")).grade == "B"
    listed = rate(rejected, d("2026-01-25"))
    assert (listed.grade, listed.listed_until) == ("D", d("2029-01-25"))
    upheld = facts + [ruling("v1", "2026-01-25", True)]
    assert rate(upheld, d("2026-02-01")).grade == "B"


def test_ruling_before_day_seven_lists_on_day_seven():
    facts = [violation("v1", "2026-01-01", "severe"), objection("v1", "2026-01-02"), ruling("v1", "2026-01-04", False)]
    assert rate(facts, d("2026-01-07")).grade == "B"
    assert rate(facts, d("2026-01-08")).grade == "D"


def test_objection_after_the_listing_started_does_not_suspend_it():
    facts = [violation("v1", "2026-01-01", "severe"), objection("v1", "2026-01-10")]
    assert rate(facts, d("2026-01-12")).grade == "D"


def test_objection_window_is_fifteen_days():
    facts = [violation("v1", "2026-01-01", "general")]
    kind, data = dp.object_to(facts, "violation:v1", d("2026-01-16"), "not us", BOOK)
    assert (kind, data["filed_on"]) == ("objection-filed", "2026-01-16")
    with pytest.raises(dp.NotAllowed, match="closed on 2026-01-16"):
        dp.object_to(facts, "violation:v1", d("2026-01-17"), "late", BOOK)


def test_one_objection_per_violation_and_rulings_need_one():
    facts = [violation("v1", "2026-01-01", "general")]
    with pytest.raises(dp.NotAllowed):
        dp.rule_on_objection(facts, "violation:v1", d("2026-01-05"), True, "")
    facts.append(objection("v1", "2026-01-03"))
    with pytest.raises(dp.NotAllowed):
        dp.object_to(facts, "violation:v1", d("2026-01-04"), "again", BOOK)
    assert dp.rule_on_objection(facts, "violation:v1", d("2026-01-05"), True, "ok")[1]["upheld"] is True
    facts.append(ruling("v1", "2026-01-05", False))
    with pytest.raises(dp.NotAllowed):
        dp.rule_on_objection(facts, "violation:v1", d("2026-01-06"), True, "")


def test_unknown_and_revoked_violations_are_refused():
    with pytest.raises(dp.UnknownCase):
        dp.object_to([], "violation:v9", d("2026-01-01"), "x", BOOK)
    facts = [violation("v1", "2026-01-01", "general"), revoked("v1", "2026-01-02")]
    with pytest.raises(dp.NotAllowed, match="revoked"):
        dp.apply_for_repair(facts, "violation:v1", d("2026-06-01"), "x", BOOK)


@pytest.mark.parametrize(
    "severity,start,eligible",
    [
        ("general", "2026-01-01", "2026-04-01"),
        ("serious", "2026-01-01", "2027-01-01"),
        ("severe", "2026-01-08", "2027-01-08"),  # the listing starts on day 7
    ],
)
def test_repair_minimum_periods(severity, start, eligible):
    facts = [violation("v1", "2026-01-01", severity)]
    before = d(eligible).toordinal() - 1
    with pytest.raises(dp.NotAllowed, match=f"from {eligible}"):
        dp.apply_for_repair(facts, "violation:v1", d(eligible).fromordinal(before), "x", BOOK)
    assert dp.apply_for_repair(facts, "violation:v1", d(eligible), "evidence", BOOK)[0] == "repair-applied"


def test_minor_violations_cannot_be_repaired():
    with pytest.raises(dp.NotAllowed, match="cannot be repaired"):
        dp.apply_for_repair([violation("v1", "2026-01-01", "minor")], "violation:v1", d("2026-02-01"), "x", BOOK)


def test_approved_repair_ends_the_effect_that_day():
    facts = [
        violation("v1", "2026-01-01", "serious"),
        repair_applied("v1", "2027-01-05"),
        repair_decided("v1", "2027-02-01", True),
    ]
    assert rate(facts, d("2027-01-31")).score == 90
    assert rate(facts, d("2027-02-01")).score == 100
    assert rate(facts, d("2026-06-01")).score == 90  # the past is unchanged
    with pytest.raises(dp.NotAllowed):
        dp.apply_for_repair(facts, "violation:v1", d("2027-03-01"), "again", BOOK)


def test_approved_repair_removes_a_severe_listing():
    facts = [
        violation("v1", "2026-01-01", "severe"),
        repair_applied("v1", "2027-01-10"),
        repair_decided("v1", "2027-01-20", True),
    ]
    before = rate(facts, d("2027-01-19"), known="2027-01-19")  # as known that day
    assert (before.grade, before.listed_until) == ("D", d("2029-01-08"))
    corrected = rate(facts, d("2027-01-19"))  # 提前移出: the approval ends it from its own day, not before
    assert (corrected.grade, corrected.listed_until) == ("D", d("2027-01-20"))
    after = rate(facts, d("2027-01-20"))
    assert (after.grade, after.score, after.listed_until) == ("B", 100, None)


def test_refused_repair_keeps_the_effect_and_allows_a_new_application():
    facts = [violation("v1", "2026-01-01", "general"), repair_applied("v1", "2026-04-01")]
    with pytest.raises(dp.NotAllowed, match="already pending"):
        dp.apply_for_repair(facts, "violation:v1", d("2026-04-02"), "x", BOOK)
    facts.append(repair_decided("v1", "2026-04-10", False))
    assert rate(facts, d("2026-05-01")).score == 95
    with pytest.raises(dp.NotAllowed, match="no repair application"):
        dp.decide_repair(facts, "violation:v1", d("2026-04-11"), True, "")
    assert dp.apply_for_repair(facts, "violation:v1", d("2026-05-01"), "more", BOOK)[0] == "repair-applied"


def test_repair_after_the_effect_ended_is_refused():
    with pytest.raises(dp.NotAllowed, match="ended"):
        dp.apply_for_repair([violation("v1", "2026-01-01", "general")], "violation:v1", d("2027-01-01"), "x", BOOK)


def test_reasons_name_new_and_ended_effects():
    facts = [violation("v1", "2026-01-01", "general", code="false-report"), completed("c1", "2025-01-10")]
    lines = ledger(effects(facts, BOOK))
    assert reasons(lines, d("2025-12-31"), lines, d("2026-01-10")) == [
        "+violation.general:false-report",
        "-contract.on_time:contract.on_time",
    ]
    assert reasons({}, None, lines, d("2025-12-31")) == ["+contract.on_time:contract.on_time"]


def test_rating_round_trips_through_its_stored_form():
    facts = [
        violation("v1", "2026-01-01", "severe"),
        completed("c1", "2026-01-02"),
        violation("v2", "2026-01-03", "serious"),
        violation("v3", "2026-01-03", "serious"),
    ]
    r = rate(facts, d("2026-02-01"))
    assert r.listed_until and r.rectification_until and r.interview_required
    assert type(r).from_summary(r.summary()) == type(r)(**{**vars(r), "effects": ()})


def test_status_tells_where_a_violation_stands():
    facts = [
        violation("v1", "2026-01-01", "severe"),
        objection("v1", "2026-01-03"),
        violation("v2", "2026-01-01", "general"),
        repair_applied("v2", "2026-04-02"),
    ]
    found = cases(facts)
    held = dp.violation_status(found["violation:v1"], BOOK)
    assert (held["objection"], held["effect_start"], held["repair_eligible_on"]) == ("pending", None, None)
    assert held["objection_deadline"] == "2026-01-16"
    repairing = dp.violation_status(found["violation:v2"], BOOK)
    assert (repairing["repair"], repairing["repair_eligible_on"], repairing["revoked"]) == (
        "pending",
        "2026-04-01",
        False,
    )


def test_reasons_name_list_and_interview_changes_caused_by_time():
    from services.credit.outgoing import rating_changed

    facts = [violation("v1", "2026-01-01", "serious"), violation("v2", "2026-01-01", "serious")]
    listed, later = rate(facts, d("2026-01-02")), rate(facts, d("2027-01-02"))
    assert later.score == listed.score == 80
    data = rating_changed("ag1", listed.summary(), later, [], "schedule")
    assert data["reasons"] == ["-interview", "-rectification"]
