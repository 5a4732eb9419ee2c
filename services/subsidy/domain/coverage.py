"""Coverage (覆盖率) and the yearly assessment (年度考核) per county and town.

An SME (中小微企业: micro, small, medium, active) is covered in a window when it has a contract signed or
completed on a day of the window that was not terminated. Share = covered × 1000 // registered (per mille; a
target is met when covered × 1000 ≥ target × registered). Purchase subsidies (the grants given) count in the
window of their approval day and payment day. Agencies count by home division and grade in force at the end of
the window.

Everything counts in the city, its county and its town. What a county holds without a town (an enterprise,
contract, subsidy or agency registered without one) counts in the county's row 未登记镇街 (`UNPLACED`), so a
county's towns and that row add up to the county; an agency from outside Jiaxing counts in the city only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.common.reference import CITY_CODE
from services.common.reference.practice import TALENT_LEVELS

from . import divisions
from .amounts import DatedGrade, grade_on
from .facts import Deal, Firm, Provider
from .programmes import GRADES, PERMILLE
from .talent import TalentFacts, talents_on

#: clause 二: every SME covered, unless a programme sets another target
DEFAULT_TARGET_PERMILLE = 1000
UNPLACED = "unplaced"  # the level of a county's row for what is registered there without a town
UNPLACED_NAME = "未登记镇街"


@dataclass(frozen=True)
class Grant:
    """A subsidy as coverage counts it."""

    county: str
    town: str | None
    amount_fen: int
    approved_on: date | None
    paid_on: date | None


@dataclass
class Figures:
    division: str
    name: str
    level: str
    registered_smes: int = 0
    covered_smes: int = 0
    share_permille: int = 0
    target_permille: int = DEFAULT_TARGET_PERMILLE
    met: bool = False
    contracts_by_category: dict = field(default_factory=dict)
    approved_count: int = 0
    approved_fen: int = 0
    paid_count: int = 0
    paid_fen: int = 0
    agencies_by_grade: dict = field(default_factory=dict)
    talents: int = 0  # 人才 working for an agency of the division at the end of the window
    talents_by_level: dict = field(default_factory=dict)


def last_twelve_months(today: date) -> tuple[date, date]:
    """From the day after the same day a year ago (29 Feb → 28 Feb) to today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today


def year_window(year: int, today: date) -> tuple[date, date]:
    """A calendar year, up to today if it is the current one."""
    return date(year, 1, 1), min(date(year, 12, 31), today)


def _keys(county: str | None, town: str | None) -> list[str]:
    """The rows a place counts in: the city, its county, its town (or the county's row without a town)."""
    if not county:
        return [CITY_CODE]
    return [CITY_CODE, county, town or unplaced(county)]


def unplaced(county: str) -> str:
    """The key of a county's row 未登记镇街."""
    return f"{county}:{UNPLACED}"


def _row(code: str, targets: dict[str, int]) -> Figures:
    if code.endswith(f":{UNPLACED}"):
        county = code.split(":")[0]
        return Figures(county, UNPLACED_NAME, UNPLACED, target_permille=targets.get(county, DEFAULT_TARGET_PERMILLE))
    target = targets.get(code, DEFAULT_TARGET_PERMILLE)
    return Figures(code, divisions.name(code), divisions.level(code), target_permille=target)


def coverage(
    codes: list[str],
    firms: list[Firm],
    deals: list[Deal],
    grants: list[Grant],
    providers: list[tuple[Provider, list[DatedGrade]]],
    talent: TalentFacts,
    window: tuple[date, date],
    targets: dict[str, int],
) -> list[Figures]:
    """The figures of each division in `codes` for `window` (start, end, both included), and of each county's
    row 未登记镇街 (`unplaced(county)` in `codes`) when something counts there."""
    start, end = window
    rows = {c: _row(c, targets) for c in codes}
    smes = {f.id: f for f in firms if f.is_sme and f.status == "active"}
    covered = {d.enterprise_id for d in deals if d.enterprise_id in smes and d.active_between(start, end)}
    categories: dict[str, Counter] = defaultdict(Counter)
    for firm in smes.values():
        for key in _keys(firm.county, firm.town):
            _add(rows, key, registered_smes=1, covered_smes=int(firm.id in covered))
    for deal in deals:
        if deal.active_between(start, end):
            for key in _keys(deal.county, deal.town):
                categories[key][deal.category] += 1
    for grant in grants:
        for key in _keys(grant.county, grant.town):
            if grant.approved_on and start <= grant.approved_on <= end:
                _add(rows, key, approved_count=1, approved_fen=grant.amount_fen)
            if grant.paid_on and start <= grant.paid_on <= end:
                _add(rows, key, paid_count=1, paid_fen=grant.amount_fen)
    grades: dict[str, Counter] = defaultdict(Counter)
    for provider, dated in providers:
        if provider.status == "active":
            for key in _keys(provider.county, provider.town):
                grades[key][grade_on(dated, end) or "none"] += 1
    talents = _talents(talent, {p.id: p for p, _ in providers}, end)
    for key, row in rows.items():
        row.share_permille = row.covered_smes * PERMILLE // row.registered_smes if row.registered_smes else 0
        row.met = row.registered_smes > 0 and row.covered_smes * PERMILLE >= row.target_permille * row.registered_smes
        row.contracts_by_category = dict(sorted(categories[key].items()))
        row.agencies_by_grade = {g: grades[key].get(g, 0) for g in (*GRADES, "none")}
        row.talents_by_level = {level: talents[key].get(level, 0) for level in TALENT_LEVELS}
        row.talents = sum(row.talents_by_level.values())
    return [row for key, row in rows.items() if row.level != UNPLACED or _holds_anything(row)]


def _holds_anything(row: Figures) -> bool:
    return bool(
        row.registered_smes
        or row.contracts_by_category
        or row.approved_count
        or row.paid_count
        or any(row.agencies_by_grade.values())
        or row.talents
    )


def _talents(facts: TalentFacts, providers: dict[str, Provider], day: date) -> dict[str, Counter]:
    """Talents by level in each row their agency's home counts in, on `day` (an agency not known: nowhere)."""
    found: dict[str, Counter] = defaultdict(Counter)
    for agency_id, levels in talents_on(facts, day).items():
        provider = providers.get(agency_id)
        for key in _keys(provider.county, provider.town) if provider else ():
            found[key].update(levels)
    return found


def _add(rows: dict[str, Figures], key: str, **counts: int) -> None:
    row = rows.get(key)
    if row is not None:
        for name, value in counts.items():
            setattr(row, name, getattr(row, name) + value)
