"""How much an application gets, explained line by line; grades on a day. Integer fen, floor division; the
lines read in 元 and % (`words.yuan`, `words.percent`: the same words as the public pages and exports).

An amount starts from the programme's base (rate × price, a fixed sum or a reward tier) and every limit then
caps it: per contract, per beneficiary per year, the stacking limit on the contract, the budget left. Each
step is a `Line` (the rule, its limit, the amount after it). An amount of 0 is a refusal naming the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.common.site.words import percent, yuan

from .programmes import GRADES, PERMILLE, Rules, Tier


@dataclass(frozen=True)
class Line:
    """One step of the computation: `rule`, the `limit` it sets (fen, if any) and the amount after it."""

    rule: str
    text: str
    amount_fen: int
    limit_fen: int | None = None


@dataclass(frozen=True)
class Refusal:
    """A rule the application fails, and why."""

    rule: str
    text: str


@dataclass(frozen=True)
class DatedGrade:
    """A credit grade from `rating-changed`: in force from `as_of` (later event `time` wins a tie)."""

    as_of: date
    time: str
    grade: str


@dataclass(frozen=True)
class Used:
    """Money already committed elsewhere: this beneficiary this year in this programme, and on this contract."""

    beneficiary_year_fen: int = 0
    contract_fen: int = 0


def grade_on(grades: list[DatedGrade], day: date) -> str | None:
    """The grade in force on `day`: the newest one dated on or before it (None if none yet)."""
    known = [g for g in grades if g.as_of <= day]
    return max(known, key=lambda g: (g.as_of, g.time)).grade if known else None


def meets(grade: str | None, minimum: str | None) -> bool:
    """A grade at least as good as the minimum (A best); no minimum: always."""
    if minimum is None:
        return True
    return grade is not None and GRADES.index(grade) <= GRADES.index(minimum)


def purchase_base(rules: Rules, price_fen: int) -> Line:
    amount = price_fen * rules.rate_permille // PERMILLE
    text = f"合同价 {yuan(price_fen)} 元 × {percent(rules.rate_permille)} = {yuan(amount)} 元"
    return Line("rate", text, amount)


def fixed_base(rules: Rules) -> Line:
    return Line("fixed", f"每家入驻机构 {yuan(rules.fixed_fen or 0)} 元", rules.fixed_fen or 0)


def tier_base(tiers: tuple[Tier, ...], covered: int, registered: int) -> Line:
    """The highest tier the town's coverage (covered of registered SMEs) reaches (0 below the first)."""
    share_permille = covered * PERMILLE // registered if registered else 0  # a town without SMEs: 0
    reached = [t for t in tiers if share_permille >= t.min_share_permille]
    share = f"覆盖率 {percent(covered, registered)}（{covered}/{registered} 家）"
    if not reached:
        return Line("tier", f"{share} 未达最低档 {percent(tiers[0].min_share_permille)}", 0)
    tier = reached[-1]
    text = f"{share} 达到 {percent(tier.min_share_permille)}：奖励 {yuan(tier.amount_fen)} 元"
    return Line("tier", text, tier.amount_fen)


def capped(base: Line, rules: Rules, used: Used, budget_left_fen: int, price_fen: int | None = None) -> list[Line]:
    """The base line and one line per limit that applies, in order; the last line's amount is the result."""
    lines = [base]

    def cap(rule: str, text: str, limit: int) -> None:
        limit = max(limit, 0)
        lines.append(Line(rule, f"{text}：上限 {yuan(limit)} 元", min(lines[-1].amount_fen, limit), limit))

    if rules.cap_per_contract_fen is not None and price_fen is not None:
        cap("cap_per_contract", "单个合同补助上限", rules.cap_per_contract_fen)
    if rules.cap_per_beneficiary_year_fen is not None:
        cap(
            "cap_per_beneficiary_year",
            f"本年度已获本项目补助 {yuan(used.beneficiary_year_fen)} 元",
            rules.cap_per_beneficiary_year_fen - used.beneficiary_year_fen,
        )
    if price_fen is not None:
        limit = price_fen * rules.stacking_limit_permille // PERMILLE
        cap(
            "stacking_limit",
            f"同一合同各项补助合计不超过合同价的 {percent(rules.stacking_limit_permille)}"
            f"（{yuan(limit)} 元），已有 {yuan(used.contract_fen)} 元",
            limit - used.contract_fen,
        )
    cap("budget_left", "预算余额", budget_left_fen)
    return lines


def zero_refusal(lines: list[Line]) -> Refusal | None:
    """The rule that brought the amount to 0 (None if something is left)."""
    if lines[-1].amount_fen > 0:
        return None
    culprit = next(line for line in lines if line.amount_fen == 0)
    return Refusal(culprit.rule, f"补助金额为 0：{culprit.text}")
