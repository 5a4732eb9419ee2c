"""What a notice says of the things it names, in plain zh-CN: organisations and divisions by name, the recorder of a
violation by its registered name, each violation code by its name and legal basis (the code table), severities as
轻微/一般/较重/严重, the reasons of a rating change in words, links to the platform's pages. Pure: the projections
come in as plain values; the site's words (`services.common.site.words`) are reused, never repeated.
"""

from __future__ import annotations

from datetime import date

from services.common.reference import is_division
from services.common.reference.systems import system_name
from services.common.reference.violations import code_on, newest
from services.common.site.words import authority, label

#: the organisations a notice may name, and what it calls one whose name is not known yet
NAMED = {
    "agency_id": "该服务机构",
    "buyer_id": "委托方",
    "enterprise_id": "该企业",
    "applicant_id": "申请单位",
    "requester_id": "申请单位",
}
#: the rating's reasons (credit's rule rows) in words; a violation's reason is its code's name
REASONS = {
    "contract.on_time": "合同按期履约",
    "contract.late": "合同逾期完成",
    "contract.terminated_at_fault": "因机构过错解除合同",
    "spot_check.passed": "质量抽查合格",
    "spot_check.finding": "质量抽查发现问题",
    "spot_check.failed": "质量抽查不合格",
    "mutual_inspection.passed": "互查合格",
}
UNLISTED = "未列入代码表的行为"


def name_of(org: str | None, known: str | None, fallback: str) -> str:
    """An organisation by its name: as registered, a division by its name, else what the notice calls it."""
    if known:
        return known
    return authority(org) if is_division(org) else fallback


def greeting(org: str, known: str | None, expert: bool) -> str:
    """Whom a notice addresses: the organisation's name, never its code."""
    if known:
        return known
    if is_division(org):
        return f"{authority(org)}有关部门"
    return "尊敬的专家" if expert else "贵单位"


def regulator(who: str | None) -> str:
    """A regulator or official by its division's name (南湖区安全生产监管部门); any other name as written."""
    return f"{authority(who)}安全生产监管部门" if is_division(who) else authority(who)


def recorder(source: str | None, recorded_by: str | None) -> str:
    """Who recorded a violation: the registered name of the government system it came from, else the regulator's
    division, else the name as recorded (codes in it named)."""
    return system_name(source) or regulator(recorded_by)


def violation(data: dict, known: dict) -> dict:
    """A violation as a notice states it: its code's name and legal basis in the table of the day it occurred,
    its severity in words, what was recorded (the event's data first, else notify's projection of it)."""
    facts = {**known, **{k: v for k, v in data.items() if v is not None}}
    code, day = facts.get("code"), facts.get("occurred_on")
    named = (code_on(code, date.fromisoformat(day)) if day else None) or newest(code or "")
    return {
        "name": named.name if named else UNLISTED,
        "basis": named.basis if named else None,
        "severity": label("severity", facts.get("severity")) if facts.get("severity") else None,
        "description": facts.get("description"),
        "occurred_on": day,
        "recorder": recorder(known.get("source"), facts.get("recorded_by")),
    }


def reason(text: str, day: date) -> str:
    """A rating's reason (`+violation.general:late-report`, `-contract.on_time:contract.on_time`) in words."""
    sign, (rule, _, code) = text[:1], text[1:].partition(":")
    if rule.startswith("violation."):
        named = code_on(code, day) or newest(code)
        what = f"{named.name if named else UNLISTED}（{label('severity', rule.split('.', 1)[1])}违法违规行为）"
    else:
        what = REASONS.get(rule, "信用评价规则规定的其他事项")
    return f"{what}，{'计入' if sign == '+' else '不再计入'}信用评分"


def links(agency_id: str | None, credit_url: str) -> dict:
    """The pages a notice links to: the agency's credit page, and its part that says how to object (there is no
    page to object yet: objections are filed through credit's API)."""
    page = f"{credit_url}/public/credit/agencies/{agency_id}" if agency_id else f"{credit_url}/public/credit/page"
    return {"credit_page": page, "objection": f"{page}#objection"}


def context(
    data: dict,
    org: str,
    names: dict[str, str | None],
    origin: dict,
    legal: bool,
    known: dict,
    credit_url: str,
    **more,
) -> dict:
    """What a template reads: the event's data, whom it greets, every organisation it names by name, the violation
    it is about (its code's name and basis), the reasons of a rating in words, the links. `names` maps an
    organisation id to its registered name (None when not known yet); `known` is notify's projection of the
    violation (with the source of its violation-recorded)."""
    expert = org == data.get("expert_id") or org in (data.get("experts") or [])
    rating_day = date.fromisoformat(data["as_of"]) if data.get("as_of") else None
    return {
        "data": data,
        "greeting": greeting(org, names.get(org), expert),
        "names": {f: name_of(data.get(f), names.get(data.get(f)), called) for f, called in NAMED.items()},
        "legal": legal,
        "event": origin,
        "violation": violation(data, known) if data.get("violation_id") else None,
        "reasons": [reason(r, rating_day) for r in data.get("reasons") or []] if rating_day else [],
        "links": links(data.get("agency_id"), credit_url),
        **more,
    }
