"""Subsidy programmes (补贴项目): kinds, funder, period, budget and the rules that make an amount.

draft → open → closed. A draft may change anything; an open programme only its name and description: its
rules (money and eligibility) are frozen, and a changed rule is a new version (a new draft that closes its
predecessor when it opens). Every version of a programme shares one budget (its `lineage`: the first version's
id): a later version cannot change `budget_fen`; the funder raises the budget with an audited top-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from services.common.errors import Conflict, Invalid
from services.common.reference import INDUSTRY_SECTIONS, SERVICE_CATEGORIES

from . import divisions

GRADES = ("A", "B", "C", "D")  # best first
SIZES = ("micro", "small", "medium")  # 中小微企业
PERMILLE = 1000
EDITABLE_WHEN_OPEN = frozenset({"name", "description"})


class Kind(StrEnum):
    ENTERPRISE_PURCHASE = "enterprise_purchase"  # 购买服务补助
    CLUSTER_BASE_SUPPORT = "cluster_base_support"  # 集聚基地扶持
    TOWN_REWARD = "town_reward"  # 以奖代补


class State(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class IllegalState(Conflict):
    """The programme is not in a state that allows this."""


@dataclass(frozen=True)
class Tier:
    """A town reward step: coverage of at least `min_share_permille` earns `amount_fen`."""

    min_share_permille: int
    amount_fen: int


@dataclass(frozen=True)
class Rules:
    """What a programme pays and to whom. Empty choices mean: no restriction."""

    budget_fen: int
    rate_permille: int = 0  # of the contract price (enterprise_purchase)
    cap_per_contract_fen: int | None = None
    cap_per_beneficiary_year_fen: int | None = None
    min_grade: str | None = None  # of the agency, on the signing day
    stacking_limit_permille: int = PERMILLE  # all subsidies on one contract ≤ this share of its price
    fixed_fen: int | None = None  # per resident (cluster_base_support)
    tiers: tuple[Tier, ...] = ()  # town_reward
    coverage_target_permille: int | None = None  # the assessment target, if this programme sets one
    categories: tuple[str, ...] = ()
    sizes: tuple[str, ...] = SIZES
    sections: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()  # inside the funder's area; empty = the whole area


@dataclass
class Programme:
    id: str
    name: str
    kind: Kind
    funder: str  # division code of the funding county, town or city
    period_start: date
    period_end: date  # included
    rules: Rules
    created_at: datetime
    description: str = ""
    state: State = State.DRAFT
    edition: int = 1  # 版本: 1, 2, ... (the API's `version`; the stored document's `version` is the kit's revision)
    supersedes: str | None = None
    superseded_by: str | None = None
    lineage: str = ""  # the first version's id: the programme across its versions, whose one budget they share
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    history: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self.lineage = self.lineage or self.id
        check(self)

    @property
    def first(self) -> bool:
        """The first version (its budget is still its own to set while a draft)."""
        return self.lineage == self.id

    def covers(self, day: date) -> bool:
        return self.period_start <= day <= self.period_end

    def change(self, values: dict, by: str, now: datetime) -> None:
        """Change fields: anything in a draft, only name and description when open, nothing when closed."""
        if self.state == State.CLOSED:
            raise IllegalState("a closed programme cannot change", state=self.state.value)
        frozen = sorted(set(values) - EDITABLE_WHEN_OPEN)
        if self.state == State.OPEN and frozen:
            raise IllegalState(
                f"an open programme's rules cannot change ({', '.join(frozen)}): create a new version",
                state=self.state.value,
                fields=frozen,
            )
        rule_values = values.get("rules", {})
        if not self.first and rule_values.get("budget_fen", self.rules.budget_fen) != self.rules.budget_fen:
            raise IllegalState(
                "every version of a programme shares its one budget: raise it with a top-up, not a new version",
                state=self.state.value,
                rule="one_budget",
                fields=["rules.budget_fen"],
            )
        changed = replace(self, **{**values, "rules": replace(self.rules, **rule_values)})  # checks it
        self.__dict__.update(changed.__dict__)
        names = [k for k in values if k != "rules"] + [f"rules.{k}" for k in rule_values]
        self._note(f"changed {', '.join(sorted(names))}", by, now)

    def open(self, by: str, now: datetime) -> None:
        if self.state != State.DRAFT:
            raise IllegalState(f"only a draft opens; this one is {self.state.value}", state=self.state.value)
        self.state, self.opened_at = State.OPEN, now
        self._note("opened", by, now)

    def close(self, by: str, now: datetime) -> None:
        if self.state != State.OPEN:
            raise IllegalState(f"only an open programme closes; this one is {self.state.value}", state=self.state.value)
        self.state, self.closed_at = State.CLOSED, now
        self._note("closed", by, now)

    def supersede(self, successor: str, by: str, now: datetime) -> None:
        """A later version opened: this one closes (if open) and is no longer the programme's current version."""
        if self.state == State.OPEN:
            self.close(by, now)
        self.superseded_by = successor

    def topped_up(self, amount_fen: int, reason: str, by: str, now: datetime) -> None:
        """The funder raised the budget (the budget record moves; this is the audit trail)."""
        if self.state != State.OPEN:
            raise IllegalState(
                f"only an open programme is topped up; this one is {self.state.value}", state=self.state.value
            )
        self._note(f"budget topped up by {amount_fen} fen: {reason}", by, now)

    def _note(self, action: str, by: str, now: datetime) -> None:
        """The audit trail: who did what when."""
        self.history.append({"at": now, "by": by, "action": action})

    def next_version(self, new_id: str, now: datetime) -> Programme:
        """A draft copy with the same rules, to be changed and opened instead of this one."""
        if self.state == State.DRAFT:
            raise IllegalState("a draft is changed in place, not versioned", state=self.state.value)
        return Programme(
            id=new_id,
            name=self.name,
            kind=self.kind,
            funder=self.funder,
            period_start=self.period_start,
            period_end=self.period_end,
            rules=self.rules,
            created_at=now,
            description=self.description,
            edition=self.edition + 1,
            supersedes=self.id,
            lineage=self.lineage,
        )


def check(p: Programme) -> None:
    """Every rule a programme must keep (Invalid names the field)."""
    if not divisions.is_division(p.funder):
        raise Invalid("not a division of Jiaxing", field="funder")
    if p.period_end < p.period_start:
        raise Invalid("the period ends before it starts", field="period_end")
    _check_rules(p.rules, p.funder)
    _check_kind(p)


def _check_rules(r: Rules, funder: str) -> None:
    _within(r.rate_permille, 0, PERMILLE, "rules.rate_permille")
    _within(r.stacking_limit_permille, 0, PERMILLE, "rules.stacking_limit_permille")
    if r.coverage_target_permille is not None:
        _within(r.coverage_target_permille, 0, PERMILLE, "rules.coverage_target_permille")
    _subset(r.categories, SERVICE_CATEGORIES, "rules.categories")
    _subset(r.sizes, SIZES, "rules.sizes")
    _subset(r.sections, INDUSTRY_SECTIONS, "rules.sections")
    if r.min_grade is not None and r.min_grade not in GRADES:
        raise Invalid(f"one of {GRADES}", field="rules.min_grade")
    outside = [d for d in r.divisions if not divisions.inside(funder, d)]
    if outside:
        raise Invalid(f"outside the funder's area: {', '.join(outside)}", field="rules.divisions")
    shares = [t.min_share_permille for t in r.tiers]
    if shares != sorted(set(shares)) or any(not 0 <= s <= PERMILLE for s in shares):
        raise Invalid("tiers rise strictly by share, each 0 to 1000 per mille", field="rules.tiers")


def _check_kind(p: Programme) -> None:
    r = p.rules
    if p.kind == Kind.ENTERPRISE_PURCHASE and r.rate_permille <= 0:
        raise Invalid("a purchase subsidy needs a rate", field="rules.rate_permille")
    if p.kind == Kind.CLUSTER_BASE_SUPPORT:
        if not r.fixed_fen:
            raise Invalid("cluster-base support needs an amount per resident", field="rules.fixed_fen")
        if not divisions.inside(p.funder, divisions.CLUSTER_BASE_COUNTY):
            raise Invalid("the cluster base (秀洲区) is outside the funder's area", field="funder")
    if p.kind == Kind.TOWN_REWARD:
        if not r.tiers:
            raise Invalid("a town reward needs tiers", field="rules.tiers")
        if divisions.level(p.funder) == "town":
            raise Invalid("towns are rewarded by their county or the city", field="funder")


def _within(value: int, low: int, high: int, name: str) -> None:
    if not low <= value <= high:
        raise Invalid(f"must be {low} to {high}", field=name)


def _subset(values: tuple, allowed: tuple, name: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise Invalid(f"unknown: {', '.join(unknown)}", field=name)
