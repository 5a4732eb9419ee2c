"""Divisions (行政区划) as the subsidy domain reads them: the city, its counties and their towns.

A funder's area is its own division and everything inside it: the city holds every county and town, a
county holds its towns, a town only itself.
"""

from __future__ import annotations

from services.common.reference import CITY_CODE, COUNTIES, TOWN_COUNTY, TOWNS, division_name

CLUSTER_BASE_COUNTY = "330411"  # 集聚基地 is in 秀洲区
CITY_NAME = "嘉兴市"


def is_division(code: str) -> bool:
    return code == CITY_CODE or code in COUNTIES or code in TOWNS


def level(code: str) -> str:
    """city, county or town (KeyError if the code is none of them)."""
    if code == CITY_CODE:
        return "city"
    if code in COUNTIES:
        return "county"
    if code in TOWNS:
        return "town"
    raise KeyError(code)


def name(code: str) -> str:
    return CITY_NAME if code == CITY_CODE else division_name(code)


def inside(area: str, code: str | None) -> bool:
    """`code` is `area` itself or lies inside it."""
    if code is None or not is_division(code):
        return False
    if area == CITY_CODE or area == code:
        return True
    return TOWN_COUNTY.get(code) == area


def place_inside(area: str, county: str | None, town: str | None) -> bool:
    """A place (its county, maybe its town) lies inside `area`."""
    return inside(area, town) if town else inside(area, county)


def scope(org: str | None) -> tuple[str, ...]:
    """The divisions an official of `org` oversees: itself and, for a county, its towns (the city: all)."""
    if org == CITY_CODE:
        return (CITY_CODE, *COUNTIES, *TOWNS)
    if org in COUNTIES:
        return (org, *(t for t, c in TOWN_COUNTY.items() if c == org))
    if org in TOWNS:
        return (org,)
    return ()
