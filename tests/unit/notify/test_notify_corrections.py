"""A revocation and a correction in plain words: a void revocation (撤销) says the violation never stood and the past
is corrected; an ended one (提前移出) says from which day; a rating change that corrects the past says from when."""

from __future__ import annotations

from datetime import date

import pytest

from services.notify.domain import words
from services.notify.domain.rules import extras, rules_for
from services.notify.render import render
from tests.unit.notify.notify_factories import AGENCY, CREDIT_URL, GOV_SOURCE, KNOWN_VIOLATION, NAMES, SAMPLES

DAY = date(2026, 11, 20)


def _message(event_type: str, changes: dict):
    data = {**SAMPLES[event_type], **changes}
    [rule] = rules_for(event_type, data)
    origin = {"type": event_type, "source": "/services/credit"}
    known = {**KNOWN_VIOLATION, "source": GOV_SOURCE}
    context = words.context(
        data, AGENCY, NAMES, origin, rule.legal(data), known, CREDIT_URL, **extras(rule.template, data, DAY)
    )
    return render(rule.template, context)


@pytest.mark.parametrize("kind", ["void", None])  # an event from before `kind` is void
def test_a_void_revocation_says_the_violation_never_stood_and_every_date_is_corrected(kind):
    message = _message("violation-revoked", {"kind": kind})
    assert message.title == "违法违规记录已撤销：报告未按期报送"
    revoked = "报告未按期报送（记录编号 v-1，事由：安全评价报告逾期 12 天报送）已撤销，原因：异议成立：回执属实"
    assert revoked in message.text
    assert "视为自始不存在：此前各日的信用评价均已更正" in message.text and "视为自始不存在" in message.html
    assert "提前移出" not in message.text + message.html


def test_an_ended_revocation_says_from_which_day_and_that_the_past_stands():
    message = _message("violation-revoked", {"kind": "ended", "reason": "信用修复：已完成整改"})
    assert message.title == "违法违规记录已提前移出：报告未按期报送"
    assert "已提前移出，原因：信用修复：已完成整改" in message.text
    assert "该记录自 2026-11-20 起不再影响信用评分；此前各日的信用评价照旧" in message.text
    assert "自 2026-11-20 起不再影响信用评分" in message.html
    assert "撤销" not in message.text + message.title and "自始不存在" not in message.text


def test_a_correction_of_the_rating_says_from_which_day_it_is_corrected():
    corrected = {"corrected_from": "2026-10-20", "reasons": ["-violation.general:late-report"]}
    message = _message("rating-changed", corrected)
    assert message.title == "【法定告知】信用评价更正：B 级 → C 级"
    assert "贵单位自 2026-10-20 起的信用评价已按此后查明的情况更正" in message.text
    assert "自 2026-10-20 起的信用评价已按此后查明的情况更正" in message.html
    assert "报告未按期报送（一般违法违规行为），不再计入信用评分" in message.text


def test_a_rating_change_that_corrects_nothing_says_nothing_of_a_correction():
    message = _message("rating-changed", {})
    assert message.title.startswith("【法定告知】信用评价变更：") and "更正" not in message.text + message.html
