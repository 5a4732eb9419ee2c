"""Shared reference data: Jiaxing divisions (GB/T 2260), service categories, GB/T 4754 sections.

Pure lookups, no I/O beyond reading the packaged ``divisions.json`` once at import.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType

_DATA = json.loads((Path(__file__).with_name("divisions.json")).read_text(encoding="utf-8"))

CITY_CODE: str = _DATA["city"]["code"]  # 嘉兴市 330400

#: county/district code -> name (7 县/市/区)
COUNTIES: MappingProxyType = MappingProxyType({c["code"]: c["name"] for c in _DATA["counties"]})
#: town/street code -> name (镇/街道)
TOWNS: MappingProxyType = MappingProxyType({t["code"]: t["name"] for c in _DATA["counties"] for t in c["towns"]})
#: town code -> county code
TOWN_COUNTY: MappingProxyType = MappingProxyType({t["code"]: c["code"] for c in _DATA["counties"] for t in c["towns"]})

COUNTY_CODES: tuple[str, ...] = tuple(COUNTIES)
TOWN_CODES: tuple[str, ...] = tuple(TOWNS)

#: The fixed list of service categories (clauses 三, 八, 十).
SERVICE_CATEGORIES: tuple[str, ...] = (
    "safety_consulting",  # 安全咨询
    "safety_training",  # 安全教育培训
    "safety_evaluation",  # 安全评价
    "testing_inspection",  # 安全检测检验
    "occupational_health",  # 职业卫生服务
    "hazard_investigation",  # 隐患排查治理
    "standardization_coaching",  # 标准化辅导
    "risk_identification",  # 风险辨识
    "insurance_risk_assessment",  # 保险风险评估 (保险+服务)
    "emergency_rescue_support",  # 应急救援
    "smart_monitoring",  # 智慧用电/消防 (互联网+安全)
)

#: GB/T 4754-2017 门类 section letters, A (agriculture) … T (international organisations).
INDUSTRY_SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRST")

#: GB/T 4754-2017: the two-digit divisions (大类) of each section, first and last.
SECTION_DIVISIONS: MappingProxyType = MappingProxyType(
    {
        "A": (1, 5),
        "B": (6, 12),
        "C": (13, 43),
        "D": (44, 46),
        "E": (47, 50),
        "F": (51, 52),
        "G": (53, 60),
        "H": (61, 62),
        "I": (63, 65),
        "J": (66, 69),
        "K": (70, 70),
        "L": (71, 72),
        "M": (73, 75),
        "N": (76, 79),
        "O": (80, 82),
        "P": (83, 83),
        "Q": (84, 85),
        "R": (86, 90),
        "S": (91, 96),
        "T": (97, 97),
    }
)


def is_division(code: str | None) -> bool:
    """The city, one of its counties or one of their towns: a division an authority may act for."""
    return code == CITY_CODE or code in COUNTIES or code in TOWNS


def level_of(code: str) -> str:
    """city, county or town (KeyError if the code is none of them)."""
    if code == CITY_CODE:
        return "city"
    if code in COUNTIES:
        return "county"
    if code in TOWNS:
        return "town"
    raise KeyError(code)


def inside(area: str | None, code: str | None) -> bool:
    """`code` is the division `area` itself or lies inside it, by the table (never by a prefix of digits)."""
    if not is_division(area) or not is_division(code):
        return False
    return area in (CITY_CODE, code) or TOWN_COUNTY.get(code) == area


def scope(area: str | None) -> tuple[str, ...]:
    """Every division inside `area`, itself first: the city all, a county its towns, a town itself; () if unknown."""
    if area == CITY_CODE:
        return (CITY_CODE, *COUNTIES, *TOWNS)
    if area in COUNTIES:
        return (area, *(t for t, c in TOWN_COUNTY.items() if c == area))
    return (area,) if area in TOWNS else ()


def is_county(code: str) -> bool:
    return code in COUNTIES


def is_town(code: str) -> bool:
    return code in TOWNS


def county_of(town_code: str) -> str:
    """The county code a town belongs to (KeyError if unknown)."""
    return TOWN_COUNTY[town_code]


def towns_of(county_code: str) -> tuple[str, ...]:
    """Town codes of a county (KeyError if the county is unknown)."""
    if county_code not in COUNTIES:
        raise KeyError(county_code)
    return tuple(t for t, c in TOWN_COUNTY.items() if c == county_code)


def division_name(code: str) -> str:
    """Name of a county or town code (KeyError if unknown)."""
    return COUNTIES.get(code) or TOWNS[code]


def section_of(industry_code: str) -> str:
    """The GB/T 4754 section letter of a division/group/class code ("3311" -> "C"); KeyError if none."""
    division = int(industry_code[:2])
    for letter, (first, last) in SECTION_DIVISIONS.items():
        if first <= division <= last:
            return letter
    raise KeyError(industry_code)
