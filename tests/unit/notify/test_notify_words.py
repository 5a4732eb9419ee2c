"""Words a person reads: every template, rendered with realistic samples through the context notify builds, says
everything in plain zh-CN: no ASCII word outside names, URLs and codes shown beside their names (编号 …), no
division code, no API path; reasons in words; greetings by name; violation codes by their name and basis."""

from __future__ import annotations

import re
from datetime import date

import pytest

from services.credit.domain.rules import REQUIRED_RULES
from services.notify.domain import words, work
from services.notify.domain.rules import NOTICES, RULES, extras, organisations, rules_for
from services.notify.render import render
from tests.unit.notify.notify_factories import (
    AGENCY,
    CLAIM_CASE,
    CREDIT_URL,
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
URL = re.compile(r"https?://[^\s<>\"）]+")
CODE_BESIDE_ITS_NAME = re.compile(r"(编号|凭证号)[：:]?\s*[A-Za-z0-9][\w.-]*")
FORMATS = re.compile(r"(?<![A-Za-z])(PDF|JPEG|PNG)(?![A-Za-z])")  # file formats by their names
GRADE = re.compile(r"(?<![A-Za-z])[A-E]\s*(级|类)")  # 信用等级 A 级, 人才 A类
TAG = re.compile(r"<[^>]+>")
DIVISION_CODE = re.compile(r"(?<!\d)\d{6}(\d{3})?(?!\d)")
#: the same events as they come in other shapes (a claim instead of a violation, other outcomes and findings)
VARIANTS = {
    "inspection-completed": [{"major_hazard": False, "hazards_major": 0, "kind": "quality_spot_check"}],
    "objection-filed": [CLAIM_CASE, {**CLAIM_CASE, "buyer_id": None}],
    "objection-ruled": [CLAIM_CASE, {"upheld": True}],
    "repair-decided": [{"approved": False}],
    "subsidy-clawback-flagged": [{"finding": "not_delivered", "evidence_ref": "JXYJ-2026-017"}],
    "subsidy-rejected": [{"cancelled": True, "step": "system"}],
    "rating-changed": [
        {"listed_until": "2029-11-02", "reasons": ["-contract.on_time:contract.on_time"]},
        {"corrected_from": "2026-10-20", "reasons": ["-violation.general:late-report"]},
    ],
    "violation-served": [
        {"listed": True, "severity": "severe", "points": -20},
        {"listed": True, "severity": "severe", "effect_from": None, "effect_until": None},
        {"method": "public_notice", "channel": None},
    ],
    "violation-revoked": [{"kind": "ended", "reason": "信用修复：已完成整改"}],
}


def context(data: dict, org: str, template: str = "violation-recorded", **more) -> dict:
    origin = {"type": "violation-recorded", "source": GOV_SOURCE, "time": "2026-11-02T01:00:00+00:00"}
    facts = extras(template, data, DAY)
    return words.context(data, org, NAMES, origin, True, KNOWN_VIOLATION, CREDIT_URL, **facts, **more)


def rendered() -> list[tuple[str, str]]:
    """(template, every text a person reads of it: title, plain text, the HTML's text), every rule and variant."""
    found = []
    for event_type in RULES:
        for change in [{}, *VARIANTS.get(event_type, [])]:
            data = {**SAMPLES[event_type], **change}
            for rule in rules_for(event_type, data):
                for org in rule_orgs(rule, data):
                    found.append((rule.template, read(render(rule.template, context(data, org, rule.template)))))
    for notice, data in NOTICE_SAMPLES.items():
        found.append(
            (notice, read(render(NOTICES[notice].template, context(data, data.get("org_id") or AGENCY, **NOTICE_MORE))))
        )
    return found


def rule_orgs(rule, data: dict) -> list[str]:
    return organisations(rule, data) or [REGULATOR]  # a lookup (@regulators, @demand-buyer) names a division or firm


def read(message) -> str:
    return "\n".join((message.title, message.text, TAG.sub(" ", message.html)))


def foreign(text: str) -> list[str]:
    """The ASCII words and division codes a reader would meet, besides URLs, codes beside their names, file formats
    and grades."""
    for allowed in (URL, CODE_BESIDE_ITS_NAME, FORMATS, GRADE):
        text = allowed.sub(" ", text)
    for name in NAMES.values():
        text = text.replace(name, " ")
    return re.findall(r"[A-Za-z][A-Za-z_.:/-]*", text) + [m.group(0) for m in DIVISION_CODE.finditer(text)]


def test_the_check_finds_what_the_issue_found():
    planted = (
        "330400：严重程度：severe；原因：+spot_check.finding:spot_check.finding；POST /credit/violations/v-1/objection"
    )
    assert "severe" in foreign(planted) and "POST" in foreign(planted) and "330400" in foreign(planted)
    assert "spot_check.finding:spot_check.finding" in foreign(planted)
    assert foreign("依据 http://x.cn/a 合同编号 c-1，PDF，A 级") == []


@pytest.mark.parametrize("template, text", rendered(), ids=lambda v: v if "\n" not in v else "")
def test_no_notice_text_holds_an_ascii_word_a_code_or_an_api_path(template, text):
    assert foreign(text) == [], text


def test_every_template_is_checked():
    assert {t for t, _ in rendered()} == {r.template for rs in RULES.values() for r in rs} | set(NOTICES)


def test_every_reason_of_the_rating_has_words():
    assert [r for r in REQUIRED_RULES if not r.startswith("violation.") and r not in words.REASONS] == []
    assert (
        words.reason("+violation.serious:qualification-rental", DAY)
        == "出租、出借资质证书（较重违法违规行为），计入信用评分"
    )
    assert words.reason("-spot_check.finding:spot_check.finding", DAY) == "质量抽查发现问题，不再计入信用评分"


def test_whom_a_notice_greets_is_named_never_coded():
    assert words.greeting(AGENCY, "平湖市安澜安全评价有限公司", False) == "平湖市安澜安全评价有限公司"
    assert words.greeting("330400", None, False) == "嘉兴市有关部门"
    assert words.greeting(FUNDER, None, False) == "平湖市有关部门"
    assert words.greeting(EXPERT, None, True) == "尊敬的专家"
    assert words.greeting("91330482MA2B3C4D5X", None, False) == "贵单位"


@pytest.mark.parametrize(
    "source, recorded_by, says",
    [
        ("/gov/enforcement/330402", "嘉兴市综合行政执法系统（330402）", "南湖区综合行政执法系统"),
        ("/gov/enforcement/330400", "whatever it says", "嘉兴市综合行政执法系统"),
        ("/services/credit", "330411", "秀洲区安全生产监管部门"),
        ("/gov/tax/330400", "嘉兴市税务局", "嘉兴市税务局"),  # not a registered system: the name as recorded
    ],
)
def test_the_recorder_is_named_by_its_registered_system_or_division(source, recorded_by, says):
    assert words.recorder(source, recorded_by) == says


def test_a_code_is_named_by_the_table_of_the_day_it_occurred():
    old = words.violation({"code": "false-report", "occurred_on": "2018-05-01", "severity": "severe"}, {})
    new = words.violation({"code": "false-report", "occurred_on": "2022-05-01", "severity": "severe"}, {})
    assert (old["name"], old["severity"]) == ("出具虚假报告", "严重") and "第八十九条" in old["basis"]
    assert "2021 年修正）第九十二条第二款" in new["basis"]


def test_the_work_digest_counts_each_kind_with_its_earliest_day_and_the_overdue():
    items = [
        {"kind": "subsidy-town", "orgs": ["330482001"], "since": "2026-11-01", "due_on": "2026-11-11"},
        {"kind": "subsidy-town", "orgs": ["330482001"], "since": "2026-11-05", "due_on": "2026-11-15"},
        {"kind": "objection", "orgs": ["330482001", "330482"], "since": "2026-11-03", "due_on": None},
    ]
    by_org = work.by_org(items)
    assert {org: len(found) for org, found in by_org.items()} == {"330482": 1, "330482001": 3}
    assert work.lines(by_org["330482001"], date(2026, 11, 12)) == [
        {"what": "补贴申请待乡镇（街道）审核", "count": 2, "since": "2026-11-01", "due_on": "2026-11-11", "overdue": 1},
        {"what": "异议待裁决", "count": 1, "since": "2026-11-03", "due_on": None, "overdue": 0},
    ]
