"""What a programme pays and to whom, in words a person reads (元 and %, names, never codes)."""

from __future__ import annotations

from services.common.site.words import authority, label, percent, yuan

from .programmes import PERMILLE, SIZES, Kind, Rules


def terms(kind: Kind, rules: Rules) -> list[str]:
    """The programme's rules, one sentence each, in the order an applicant meets them."""
    found = [_base(kind, rules)]
    if rules.cap_per_contract_fen is not None:
        found.append(f"单个合同补助不超过 {yuan(rules.cap_per_contract_fen)} 元")
    if rules.cap_per_beneficiary_year_fen is not None:
        found.append(f"每家每年不超过 {yuan(rules.cap_per_beneficiary_year_fen)} 元")
    if rules.stacking_limit_permille < PERMILLE:
        found.append(f"同一合同各项补助合计不超过合同价的 {percent(rules.stacking_limit_permille)}")
    if rules.min_grade:
        found.append(f"服务机构信用等级 {rules.min_grade} 级及以上")
    if rules.categories:
        found.append("服务类别：" + "、".join(label("category", c) for c in rules.categories))
    if kind == Kind.ENTERPRISE_PURCHASE and tuple(rules.sizes) != SIZES:
        found.append("企业规模：" + "、".join(label("enterprise_size", s) for s in rules.sizes))
    if rules.sections:
        found.append("行业：" + "、".join(label("industry", s) for s in rules.sections))
    if rules.divisions:
        found.append("资助地区：" + "、".join(authority(d) for d in rules.divisions))
    if rules.coverage_target_permille is not None:
        found.append(f"年度服务覆盖目标 {percent(rules.coverage_target_permille)}")
    return found


def _base(kind: Kind, rules: Rules) -> str:
    if kind == Kind.ENTERPRISE_PURCHASE:
        return f"按合同价的 {percent(rules.rate_permille)} 补助购买服务的企业"
    if kind == Kind.CLUSTER_BASE_SUPPORT:
        return f"每家入驻集聚基地的机构 {yuan(rules.fixed_fen or 0)} 元"
    steps = "；".join(f"覆盖率达到 {percent(t.min_share_permille)} 奖励 {yuan(t.amount_fen)} 元" for t in rules.tiers)
    return f"按镇（街道）服务覆盖率奖励：{steps}"
