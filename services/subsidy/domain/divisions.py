"""Divisions (行政区划) as the subsidy domain reads them: the city, its counties and their towns.

A funder's area is its own division and everything inside it: the city holds every county and town, a
county holds its towns, a town only itself. The table and these relations are the kit's reference data.
"""

from __future__ import annotations

from services.common.reference import CITY_CODE, division_name, inside, is_division, scope
from services.common.reference import level_of as level

__all__ = ["CITY_NAME", "CLUSTER_BASE_COUNTY", "inside", "is_division", "level", "name", "place_inside", "scope"]

CLUSTER_BASE_COUNTY = "330411"  # 集聚基地 is in 秀洲区
CITY_NAME = "嘉兴市"


def name(code: str) -> str:
    return CITY_NAME if code == CITY_CODE else division_name(code)


def place_inside(area: str, county: str | None, town: str | None) -> bool:
    """A place (its county, maybe its town) lies inside `area`."""
    return inside(area, town) if town else inside(area, county)
