"""Who may get what: every rule an application must pass, each failure a `Refusal` naming its rule.

All failures are collected (not just the first), so an applicant sees every reason at once.
"""

from __future__ import annotations

from services.common.site.words import authority, label

from . import divisions
from .amounts import Refusal, meets
from .facts import PROVIDER_KINDS_IN_BASE, Deal, Firm, Provider
from .programmes import Kind, Programme, State


def purchase_refusals(p: Programme, deal: Deal, firm: Firm | None, grade: str | None) -> list[Refusal]:
    """购买服务补助: a completed contract of an eligible enterprise, category, place and agency grade."""
    r, found = p.rules, _programme_refusals(p, Kind.ENTERPRISE_PURCHASE)
    if deal.buyer_type != "enterprise" or not deal.enterprise_id:
        found.append(Refusal("buyer", "合同的买方不是企业"))
    if deal.status != "completed":
        found.append(Refusal("completed", f"合同未验收完成（状态：{label('contract_status', deal.status)}）"))
    elif not p.covers(deal.completed_on):
        found.append(
            Refusal("period", f"合同完成日 {deal.completed_on} 不在项目期间 {p.period_start}–{p.period_end} 内")
        )
    if deal.false_reports:
        found.append(
            Refusal("false_report", f"合同的服务被认定为虚假报告（违法违规记录编号 {'、'.join(deal.false_reports)}）")
        )
    if r.categories and deal.category not in r.categories:
        found.append(Refusal("category", f"服务类别“{label('category', deal.category)}”不在补助范围内"))
    found += _firm_refusals(p, firm)
    if not meets(grade, r.min_grade):
        found.append(
            Refusal(
                "min_grade", f"签约日 {deal.signed_on} 机构信用等级为 {grade or '未知'}，低于要求的 {r.min_grade} 级"
            )
        )
    return found


def cluster_refusals(p: Programme, provider: Provider | None, grade: str | None) -> list[Refusal]:
    """集聚基地扶持: an active agency or association resident in the cluster base during the period."""
    found = _programme_refusals(p, Kind.CLUSTER_BASE_SUPPORT)
    if provider is None:
        return [*found, Refusal("known", "补贴服务尚未收到该机构的登记信息")]
    if provider.kind not in PROVIDER_KINDS_IN_BASE:
        kind = label("kind", provider.kind)
        found.append(Refusal("kind", f"机构类型“{kind}”不在扶持范围内（中介服务机构、行业协会）"))
    if provider.status != "active":
        found.append(Refusal("status", f"机构状态为“{label('provider_status', provider.status)}”"))
    if not provider.resident_during(p.period_start, p.period_end):
        found.append(Refusal("residency", f"项目期间 {p.period_start}–{p.period_end} 未入驻集聚基地"))
    if not meets(grade, p.rules.min_grade):
        found.append(Refusal("min_grade", f"机构信用等级为 {grade or '未知'}，低于要求的 {p.rules.min_grade} 级"))
    return found


def town_refusals(p: Programme, town: str) -> list[Refusal]:
    """以奖代补: a town inside the funder's area (and the programme's divisions, if listed)."""
    found = _programme_refusals(p, Kind.TOWN_REWARD)
    if divisions.level(town) != "town":
        found.append(Refusal("town", f"{authority(town)} 不是镇（街道）"))
    elif not _in_divisions(p, None, town):
        found.append(Refusal("division", f"{authority(town)} 不在项目资助地区内"))
    return found


def _programme_refusals(p: Programme, kind: Kind) -> list[Refusal]:
    found = []
    if p.state != State.OPEN:
        found.append(Refusal("open", f"项目未开放申请（状态：{label('programme_state', p.state.value)}）"))
    if p.kind != kind:
        found.append(Refusal("kind", f"项目类别为“{label('programme_kind', p.kind.value)}”"))
    return found


def _firm_refusals(p: Programme, firm: Firm | None) -> list[Refusal]:
    r = p.rules
    if firm is None:
        return [Refusal("known", "补贴服务尚未收到该企业的登记信息")]
    found = []
    if firm.status != "active":
        found.append(Refusal("status", f"企业状态为“{label('enterprise_status', firm.status)}”"))
    if firm.size not in r.sizes:
        size = label("enterprise_size", firm.size)
        found.append(Refusal("size", f"企业规模“{size}”不在补助范围内（{_sizes(r.sizes)}）"))
    if r.sections and firm.section not in r.sections:
        found.append(Refusal("section", f"行业门类“{label('industry', firm.section)}”不在补助范围内"))
    if not _in_divisions(p, firm.county, firm.town):
        found.append(Refusal("division", f"企业所在地 {authority(firm.town or firm.county)} 不在项目资助地区内"))
    return found


def _sizes(sizes) -> str:
    return "、".join(label("enterprise_size", s) for s in sizes)


def _in_divisions(p: Programme, county: str | None, town: str | None) -> bool:
    """Inside the funder's area and, if the programme lists divisions, inside one of them."""
    if not divisions.place_inside(p.funder, county, town):
        return False
    return not p.rules.divisions or any(divisions.place_inside(d, county, town) for d in p.rules.divisions)
