"""The rule table covers the catalogue; every template renders; who is told what, as the rules read."""

from __future__ import annotations

from datetime import date

import pytest

from services.common.events.catalogue import CATALOGUE
from services.notify.domain import rules
from services.notify.domain.rules import IGNORED, NOTICES, RULES, Rule, expiring, extras, rules_for
from services.notify.handlers import HANDLERS
from services.notify.render import names, render
from tests.unit.notify.notify_factories import (
    AGENCY,
    BUYER,
    CLAIM_CASE,
    ENTERPRISE,
    EXPERT,
    FUNDER,
    NOTICE_SAMPLES,
    REGULATOR,
    SAMPLES,
)

DAY = date(2026, 11, 2)


def test_every_catalogue_event_type_has_a_rule_or_is_explicitly_ignored():
    assert set(RULES) | set(IGNORED) == set(CATALOGUE)
    assert not set(RULES) & set(IGNORED)


def test_every_catalogue_event_type_has_a_sample_and_the_ignored_ones_tell_nobody():
    assert set(SAMPLES) == set(CATALOGUE)
    assert [t for t in IGNORED if rules_for(t, SAMPLES[t])] == []
    assert [t for t in RULES if not rules_for(t, SAMPLES[t])] == []


def test_every_rule_is_consumed_and_registry_events_feed_the_projection():
    assert set(RULES) <= set(HANDLERS)
    assert {"agency-registered", "agency-updated", "enterprise-registered", "enterprise-updated"} <= set(HANDLERS)
    assert not {"expert-registered", "expert-updated", "notice-delivered"} & set(HANDLERS)


def test_every_rule_names_a_template_file_and_a_known_kind():
    every = [r for rs in RULES.values() for r in rs] + list(NOTICES.values())
    assert {r.template for r in every} == set(names())
    assert {r.kind for r in every} <= set(rules.KINDS)


@pytest.mark.parametrize("event_type", sorted(SAMPLES))
def test_the_samples_are_valid_catalogue_data(event_type):
    """Strict: a field the catalogue does not know is refused; every value the sample gives survives."""
    sample = SAMPLES[event_type]
    loaded = CATALOGUE[event_type].load(sample, strict=True)
    assert {k: loaded.get(k) for k in sample} == sample


def _context(data: dict, legal: bool = False, **more) -> dict:
    named = {f: f"名称-{data[f]}" for f in ("agency_id", "buyer_id", "enterprise_id", "applicant_id") if data.get(f)}
    return {
        "data": data,
        "org": {"_id": AGENCY, "name": "平湖市安澜安全评价有限公司"},
        "names": named,
        "legal": legal,
        "event": {},
        **extras("violation-recorded", data, DAY),
        **more,
    }


@pytest.mark.parametrize("event_type", sorted(RULES))
def test_every_event_template_renders_text_and_html(event_type):
    for rule in RULES[event_type]:
        message = render(rule.template, _context(SAMPLES[event_type]))
        assert message.title and "\n" not in message.title
        assert "平湖市安澜安全评价有限公司" in message.text and message.html.startswith("<p>")


@pytest.mark.parametrize("notice", sorted(NOTICE_SAMPLES))
def test_every_notice_template_renders(notice):
    items = [{"title": "新的服务需求：safety_evaluation（330482）", "created_at": "2026-11-02T01:00:00.000Z"}]
    message = render(notice, _context(NOTICE_SAMPLES[notice], items=items))
    assert message.title and message.text and message.html


def test_html_is_escaped_but_text_is_not():
    data = {**SAMPLES["violation-revoked"], "reason": "<b>A & B</b>"}
    message = render("violation-revoked", _context(data))
    assert "<b>A & B</b>" in message.text and "&lt;b&gt;A &amp; B&lt;/b&gt;" in message.html


def test_a_violation_is_a_legal_notice_saying_how_to_object_and_that_credit_tells_the_deadline():
    data = SAMPLES["violation-recorded"]
    [rule] = rules_for("violation-recorded", data)
    assert rule.legal(data) and rules.organisations(rule, data) == [AGENCY]
    text = render(rule.template, _context(data, legal=True)).text
    assert "2026-11-02 记录了" in text and "/credit/violations/v-1/objection" in text
    assert "另行告知异议截止日期" in text and "2026-11-17" not in text, "notify works out no deadline of its own"


@pytest.mark.parametrize("recorded_on, recorded", [("2026-10-30", "2026-10-30"), (None, DAY.isoformat())])
def test_a_violation_is_dated_by_recorded_on_else_by_its_event_day(recorded_on, recorded):
    data = {**SAMPLES["violation-recorded"], "recorded_on": recorded_on}
    assert extras("violation-recorded", data, DAY) == {"recorded_on": recorded}
    assert extras("contract-signed", data, DAY) == {}


@pytest.mark.parametrize(
    "changes, says",
    [
        ({}, "自 2026-11-02 起扣 5 分，至 2027-11-02（不含）"),
        (
            {
                "severity": "severe",
                "effect_from": "2026-11-09",
                "effect_until": "2029-11-09",
                "points": -20,
                "listed": True,
            },
            "自 2026-11-09 起信用等级为 D，列入严重失信名单，至 2029-11-09（不含）；在 2026-11-09（含）前提出异议的",
        ),
        ({"effect_from": None, "effect_until": None}, None),
    ],
)
def test_the_dates_credit_set_are_a_legal_notice_stated_as_credit_published_them(changes, says):
    data = {**SAMPLES["violation-scheduled"], **changes}
    [rule] = rules_for("violation-scheduled", data)
    assert rule.legal(data) and rules.organisations(rule, data) == [AGENCY]
    message = render(rule.template, _context(data, legal=True))
    assert "2026-11-17" in message.title and "请于 2026-11-17（含）前提出" in message.text
    assert "于 2026-11-02 送达平台" in message.text and "/credit/violations/v-1/objection" in message.text
    if says:
        assert says in message.text
    else:
        assert "起扣" not in message.text and "严重失信名单" not in message.text, "no effect: no dates of one"


def test_a_major_hazard_is_urgent_for_the_enterprise_and_its_regulators_and_a_spot_check_tells_the_agency():
    data = SAMPLES["inspection-completed"]
    [hazard] = rules_for("inspection-completed", data)
    assert hazard.urgent(data) and rules.organisations(hazard, data) == [ENTERPRISE]
    assert rules.REGULATORS in hazard.audience
    assert rules_for("inspection-completed", {**data, "major_hazard": False, "hazards_major": 0}) == []
    spot = rules_for(
        "inspection-completed", {**data, "major_hazard": False, "hazards_major": 0, "kind": "quality_spot_check"}
    )
    assert [r.template for r in spot] == ["inspection-spot-check"]


@pytest.mark.parametrize(
    "change, legal",
    [
        ({}, True),  # grade B → C
        ({"old_grade": "B", "new_grade": "B"}, False),  # score only
        ({"old_grade": None, "old_score": None, "new_grade": "B"}, False),  # the first rating
        ({"old_grade": "B", "new_grade": "B", "interview_required": True}, True),
        ({"old_grade": "C", "new_grade": "C", "rectification_until": "2027-05-02"}, True),
        ({"old_grade": "D", "new_grade": "D", "listed_until": "2029-11-02"}, True),
    ],
)
def test_a_rating_change_is_a_legal_notice_when_it_is_adverse(change, legal):
    data = {**SAMPLES["rating-changed"], **change}
    assert rules_for("rating-changed", data)[0].legal(data) is legal


def test_contracts_tell_both_parties_and_subsidies_the_applicant():
    for event_type in ("contract-signed", "contract-completed", "contract-terminated"):
        [rule] = rules_for(event_type, SAMPLES[event_type])
        assert rules.organisations(rule, SAMPLES[event_type]) == [AGENCY, BUYER]
    for event_type in ("subsidy-approved", "subsidy-rejected", "subsidy-paid"):
        [rule] = rules_for(event_type, SAMPLES[event_type])
        assert rules.organisations(rule, SAMPLES[event_type]) == [ENTERPRISE] and not rule.legal({})


def test_a_clawback_is_a_legal_notice_to_the_applicant_and_news_to_the_funder():
    data = SAMPLES["subsidy-clawback-flagged"]
    applicant, funder = rules_for("subsidy-clawback-flagged", data)
    assert (rules.organisations(applicant, data), applicant.legal(data)) == ([ENTERPRISE], True)
    assert (rules.organisations(funder, data), funder.legal(data)) == ([FUNDER], False)
    text = render(applicant.template, _context(data, legal=True)).text
    assert "追回 10,000.00 元" in text and "【法定告知】" in render(applicant.template, _context(data)).title


def test_an_expert_is_invited_by_id_and_the_requester_told_of_a_complete_panel():
    drawn = SAMPLES["expert-drawn"]
    [invite] = rules_for("expert-drawn", drawn)
    assert rules.organisations(invite, drawn) == [EXPERT] and invite.channels == (rules.EMAIL,)
    assert "2026-11-04 10:00" in render(invite.template, _context(drawn)).text  # answer_by in Jiaxing time
    answered = SAMPLES["expert-engagement-answered"]
    [complete] = rules_for("expert-engagement-answered", answered)
    assert rules.organisations(complete, answered) == [REGULATOR]
    for panel in ("inviting", "short"):
        assert rules_for("expert-engagement-answered", {**answered, "panel": panel}) == []


def test_only_demands_may_be_digested():
    assert [t for t, rs in RULES.items() if any(r.digest for r in rs)] == ["demand-posted"]
    assert isinstance(RULES["demand-posted"][0], Rule) and rules.FITTING_AGENCIES in RULES["demand-posted"][0].audience


def test_qualifications_lapsing_within_30_days_are_found():
    quals = [
        {"valid_until": "2026-12-02"},
        {"valid_until": "2026-12-03"},
        {"valid_until": "2026-11-01"},
        {"valid_until": "2026-11-02"},
    ]
    assert expiring(quals, date(2026, 11, 2)) == [{"valid_until": "2026-12-02"}, {"valid_until": "2026-11-02"}]


def _claim(event_type: str) -> dict:
    return {**SAMPLES[event_type], **CLAIM_CASE}


@pytest.mark.parametrize("event_type, outcome", [("objection-ruled", "upheld"), ("repair-decided", "approved")])
def test_each_due_process_decision_is_a_legal_notice_to_the_agency_either_way(event_type, outcome):
    for decided in (True, False):
        data = {**SAMPLES[event_type], outcome: decided}
        [rule] = rules_for(event_type, data)
        assert (rules.organisations(rule, data), rule.legal(data)) == ([AGENCY], True)
        message = render(rule.template, _context(data, legal=True))
        assert message.title.startswith("【法定告知】") and "v-1" in message.text
        assert ("行政复议" in message.text) is not decided


def test_the_buyer_hears_what_becomes_of_its_claim_and_only_of_a_claim():
    for event_type in ("objection-filed", "objection-ruled", "claim-accepted"):
        told = {
            r.template: rules.organisations(r, _claim(event_type)) for r in rules_for(event_type, _claim(event_type))
        }
        assert BUYER in [org for orgs in told.values() for org in orgs], event_type
    assert [r.template for r in rules_for("objection-ruled", SAMPLES["objection-ruled"])] == ["objection-ruled"]
    [agency, buyer] = rules_for("objection-ruled", _claim("objection-ruled"))
    assert (agency.legal({}), buyer.legal({})) == (True, False)
    text = render(buyer.template, _context(_claim("objection-ruled"))).text
    assert "c-1" in text and "主张确认" in text and "查证属实" in text


def test_regulators_are_told_what_waits_for_their_ruling_and_the_agency_not_of_its_own_steps():
    for event_type in ("objection-filed", "repair-applied"):
        [rule] = rules_for(event_type, SAMPLES[event_type])
        assert rule.audience == (rules.REGULATORS,) and not rule.legal(SAMPLES[event_type])
    text = render("objection-filed", _context(_claim("objection-filed"))).text
    assert "/credit/claims/c-1/objection/ruling" in text and "名称-" + BUYER in text
    assert (
        "/credit/violations/v-1/repair/decision" in render("repair-applied", _context(SAMPLES["repair-applied"])).text
    )


@pytest.mark.parametrize(
    "event_type", ["objection-filed", "objection-ruled", "repair-applied", "repair-decided", "claim-accepted"]
)
def test_a_due_process_step_naming_no_buyer_or_recorder_still_renders(event_type):
    for case in ({**CLAIM_CASE, "buyer_id": None}, {"recorded_by": None}):
        data = {**SAMPLES[event_type], **case}
        told = rules_for(event_type, data)
        assert told, (event_type, case)  # someone is told, so something renders below
        for rule in told:
            message = render(rule.template, _context(data))
            assert message.title and message.text and message.html, (rule.template, case)


def test_a_cancelled_expert_request_tells_every_engaged_expert_they_are_free():
    cancelled = {**SAMPLES["expert-request-cancelled"], "experts": ["exp-1", "exp-2"]}
    [rule] = rules_for("expert-request-cancelled", cancelled)
    assert rules.organisations(rule, cancelled) == ["exp-1", "exp-2"]
    text = render(rule.template, _context(cancelled)).text
    assert cancelled["reason"] in text and str(cancelled["first_day"]) in text
