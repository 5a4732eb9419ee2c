"""The rule table covers the catalogue; every template renders; who is told what, as the rules read."""

from __future__ import annotations

from datetime import date

import pytest

from services.common.events.catalogue import CATALOGUE
from services.notify.domain import rules, words
from services.notify.domain.rules import IGNORED, NOTICES, RULES, Rule, expiring, extras, rules_for
from services.notify.handlers import HANDLERS
from services.notify.render import names, render
from tests.unit.notify.notify_factories import (
    AGENCY,
    BUYER,
    CLAIM_CASE,
    CREDIT_URL,
    ENTERPRISE,
    EXPERT,
    FUNDER,
    GOV_SOURCE,
    KNOWN_VIOLATION,
    NAMES,
    NOTICE_MORE,
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


def _context(data: dict, legal: bool = False, org: str = AGENCY, **more) -> dict:
    """The context notify builds (`domain.words.context`), the organisations known by the names in NAMES."""
    origin = {"type": "violation-recorded", "source": GOV_SOURCE}
    facts = extras("violation-recorded", data, DAY)
    return words.context(data, org, NAMES, origin, legal, KNOWN_VIOLATION, CREDIT_URL, **facts, **more)


@pytest.mark.parametrize("event_type", sorted(RULES))
def test_every_event_template_renders_text_and_html(event_type):
    for rule in RULES[event_type]:
        message = render(rule.template, _context(SAMPLES[event_type]))
        assert message.title and "\n" not in message.title
        assert message.text.startswith("平湖市安澜安全评价有限公司：") and message.html.startswith("<p>")


@pytest.mark.parametrize("notice", sorted(NOTICE_SAMPLES))
def test_every_notice_template_renders(notice):
    message = render(notice, _context(NOTICE_SAMPLES[notice], **NOTICE_MORE))
    assert message.title and message.text and message.html


def test_html_is_escaped_but_text_is_not():
    data = {**SAMPLES["violation-revoked"], "reason": "<b>A & B</b>"}
    message = render("violation-revoked", _context(data))
    assert "<b>A & B</b>" in message.text and "&lt;b&gt;A &amp; B&lt;/b&gt;" in message.html


def test_a_violation_is_a_legal_notice_naming_its_code_recorder_and_basis_and_linking_the_credit_page():
    data = SAMPLES["violation-recorded"]
    [rule] = rules_for("violation-recorded", data)
    assert rule.legal(data) and rule.revocable and rules.organisations(rule, data) == [AGENCY]
    message = render(rule.template, _context(data, legal=True))
    assert message.title == "【法定告知】违法违规行为记录：报告未按期报送（一般）"
    assert "嘉兴市综合行政执法系统于 2026-11-02 记录了贵单位的违法违规行为：报告未按期报送" in message.text
    assert "依据：《安全评价检测检验机构管理办法》（应急管理部令第1号）第二十九条" in message.text
    assert f"{CREDIT_URL}/public/credit/agencies/{AGENCY}" in message.text and "/credit/violations" not in message.text
    assert "另行告知异议截止日期" in message.text and "2026-11-17" not in message.text, "notify works out no deadline"


@pytest.mark.parametrize("recorded_on, recorded", [("2026-10-30", "2026-10-30"), (None, DAY.isoformat())])
def test_a_violation_is_dated_by_recorded_on_else_by_its_event_day(recorded_on, recorded):
    data = {**SAMPLES["violation-recorded"], "recorded_on": recorded_on}
    assert extras("violation-recorded", data, DAY) == {"recorded_on": recorded}
    assert extras("contract-signed", data, DAY) == {}


@pytest.mark.parametrize(
    "changes, says",
    [
        ({}, "该记录自 2026-11-02 起扣减信用分 5 分，至 2027-11-02（不含）"),
        (
            {
                "severity": "severe",
                "effect_from": "2026-11-10",
                "effect_until": "2029-11-10",
                "points": -20,
                "listed": True,
            },
            "贵单位自 2026-11-10 起信用等级为 D 级，列入严重失信名单，至 2029-11-10（不含）；"
            "在 2026-11-10（含）前提出异议的",
        ),
        ({"severity": "severe", "effect_from": None, "effect_until": None, "listed": True}, "列入严重失信名单暂缓"),
        ({"method": "public_notice", "channel": None}, "于 2026-11-03 在安服平台公告送达"),
    ],
)
def test_a_served_violation_is_a_legal_notice_of_the_deadline_in_plain_chinese(changes, says):
    data = {**SAMPLES["violation-served"], **changes}
    [rule] = rules_for("violation-served", data)
    assert rule.legal(data) and rules.organisations(rule, data) == [AGENCY]
    message = render(rule.template, _context(data, legal=True))
    severity = {"general": "一般", "severe": "严重"}[data["severity"]]
    assert message.title == f"【法定告知】异议截止 2026-11-18：报告未按期报送（{severity}）"
    assert "请于 2026-11-18（含）前登录安服平台" in message.text and "期限自该日起算" in message.text
    assert "嘉兴市综合行政执法系统于 2026-11-02 记录的贵单位违法违规行为：报告未按期报送" in message.text
    assert "依据：《安全评价检测检验机构管理办法》" in message.text
    assert f"{CREDIT_URL}/public/credit/agencies/{AGENCY}#objection" in message.text
    assert says in message.text and says in message.html
    assert "/credit/violations" not in message.text + message.html, "no API path"
    assert not {"severe", "general", "public_notice", "delivered"} & set(message.text.replace("，", " ").split())


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
    for event_type in ("contract-signed", "contract-completed"):
        [rule] = rules_for(event_type, SAMPLES[event_type])
        assert rules.organisations(rule, SAMPLES[event_type]) == [AGENCY, BUYER]
    terminated = SAMPLES["contract-terminated"]
    told = [
        org for rule in rules_for("contract-terminated", terminated) for org in rules.organisations(rule, terminated)
    ]
    assert told == [AGENCY, BUYER]
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
        assert message.title.startswith("【法定告知】") and "报告未按期报送（记录编号 v-1）" in message.text
        assert "经嘉兴市安全生产监管部门于" in message.text
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
    assert "合同编号 c-1" in text and "主张确认" in text and "查证属实" in text


def test_regulators_are_told_what_waits_for_their_ruling_and_the_agency_not_of_its_own_steps():
    for event_type in ("objection-filed", "repair-applied"):
        [rule] = rules_for(event_type, SAMPLES[event_type])
        assert rule.audience == (rules.REGULATORS,) and not rule.legal(SAMPLES[event_type])
    claim = render("objection-filed", _context(_claim("objection-filed"), org=REGULATOR))
    assert claim.text.startswith("嘉兴市有关部门：") and NAMES[BUYER] + "就服务合同（合同编号 c-1）" in claim.text
    repair = render("repair-applied", _context(SAMPLES["repair-applied"], org=REGULATOR)).text
    assert "请登录安服平台查看整改材料并审核" in repair and f"/public/credit/agencies/{AGENCY}" in repair


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


@pytest.mark.parametrize(
    ("change", "legal"),
    [
        ({"terminated_by": "buyer", "signed_on": "2026-10-01"}, True),
        ({"signed_on": "2026-10-01"}, True),  # no terminated_by: the buyer's claim
        ({"terminated_by": "agency", "signed_on": "2026-10-01"}, False),  # the agency's own admission
        ({"terminated_by": "buyer", "signed_on": None}, False),  # unsigned: withdrawn, nothing to object to
        ({"terminated_by": "buyer", "signed_on": "2026-10-01", "at_fault": "buyer"}, False),
    ],
)
def test_a_buyers_at_fault_claim_is_a_legal_notice_to_the_agency_only(change, legal):
    data = {**SAMPLES["contract-terminated"], **change}
    agency, buyer = rules_for("contract-terminated", data)
    assert (rules.organisations(agency, data), agency.legal(data)) == ([AGENCY], legal)
    assert (rules.organisations(buyer, data), buyer.legal(data)) == ([BUYER], False)


def test_the_agencys_notice_of_a_buyers_claim_says_how_to_accept_or_contest_it_and_the_buyers_does_not():
    data = SAMPLES["contract-terminated"]
    agency, buyer = rules_for("contract-terminated", data)
    told = render(agency.template, _context(data, legal=agency.legal(data)))
    assert told.title.startswith("【法定告知】过错解约主张：") and data["contract_id"] in told.title
    assert "接受该主张，或对其提出异议" in told.text and "异议期自本告知送达之日起算" in told.text
    assert f"{CREDIT_URL}/public/credit/agencies/{AGENCY}#objection" in told.text
    assert f'href="{CREDIT_URL}/public/credit/agencies/{AGENCY}#objection"' in told.html
    copy = render(buyer.template, _context(data, legal=buyer.legal(data), org=BUYER))
    assert copy.title.startswith("服务合同已终止：") and "异议" not in copy.text + copy.html
