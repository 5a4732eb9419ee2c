"""How the public site names things (names, never codes) and writes figures: places, authorities, the Chinese
name of each code, money in 元 with two decimals, rates as percentages rounded half up to one decimal.

Pure functions, one for each thing: pages, notices, exports and a subsidy's amount lines say the same.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from services.common.clock import JIAXING
from services.common.reference import CITY_CODE, COUNTIES, TOWNS, division_name

from .labels import LABELS

__all__ = ["LABELS", "amount", "authority", "label", "moment", "options", "percent", "place", "rate", "yuan"]

CITY_NAME = "嘉兴市"
OUTSIDE = "嘉兴市外"
#: a division code (GB/T 2260, six digits; a town nine) standing alone inside a text
_CODE = re.compile(r"(?<!\d)(\d{9}|\d{6})(?!\d)")
_TENTH_OF_A_PERCENT = Decimal("0.001")


def place(county: str | None, town: str | None = None) -> str:
    """County and town by name (嘉兴市外 when the place is outside the city)."""
    if not county:
        return OUTSIDE
    return " ".join(n for n in (COUNTIES.get(county) or _name(county), TOWNS.get(town or "")) if n)


def _name(code: str) -> str:
    if code == CITY_CODE:
        return CITY_NAME
    try:
        return division_name(code)
    except KeyError:
        return OUTSIDE


def _known(code: str) -> bool:
    return code == CITY_CODE or code in COUNTIES or code in TOWNS


def authority(name: str | None) -> str:
    """Who recorded or decided something, by name: a division code alone is its name (330400 -> 嘉兴市), and a
    code inside a name is replaced by the division's name (执法系统（330402） -> 执法系统（南湖区）)."""
    if not name:
        return "—"
    if _known(name):
        return _name(name)
    return _CODE.sub(lambda m: _name(m.group(1)) if _known(m.group(1)) else m.group(1), name)


def label(kind: str, value) -> str:
    """The Chinese name of a code (the code itself if there is none)."""
    return LABELS.get(kind, {}).get(value, value if value is not None else "—")


def options(kind: str) -> list[tuple[str, str]]:
    """(value, Chinese name) of a label kind, for a select."""
    return list(LABELS[kind].items())


def amount(fen: int) -> Decimal:
    """Integer fen as a sum in 元 (two decimals, exact): 123456 -> Decimal('1234.56')."""
    return Decimal(fen).scaleb(-2)


def yuan(fen: int | None) -> str:
    """Integer fen as 元 with two decimals and thousands separators: 123456 -> 1,234.56."""
    return "—" if fen is None else f"{amount(fen):,.2f}"


def rate(part: int, whole: int = 1000) -> Decimal | None:
    """`part` of `whole` as a fraction rounded half up to a tenth of a percent (None when `whole` is 0):
    rate(3, 11) -> Decimal('0.273'); rate(300) -> Decimal('0.300') (300 per mille)."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_TENTH_OF_A_PERCENT, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int = 1000) -> str:
    """`part` of `whole` as a percentage rounded half up to one decimal: percent(3, 11) -> 27.3%,
    percent(300) -> 30.0% (a rate stored per mille), percent(0, 0) -> —."""
    value = rate(part, whole)
    return "—" if value is None else f"{value * 100:.1f}%"


def moment(value: str | datetime | None) -> str:
    """A stored UTC time as a person in Jiaxing reads it: 2026-12-07T08:45:00Z -> 2026-12-07 16:45."""
    if not value:
        return "—"
    when = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    return when.astimezone(JIAXING).strftime("%Y-%m-%d %H:%M")
