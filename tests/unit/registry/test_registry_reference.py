"""Shared reference data: Jiaxing divisions, service categories, GB/T 4754 sections."""

from __future__ import annotations

import pytest

from services.common import reference


def test_seven_counties_and_seventy_two_towns():
    assert len(reference.COUNTIES) == 7 and len(reference.TOWNS) == 72
    assert reference.COUNTIES["330482"] == "平湖市" and reference.COUNTIES["330481"] == "海宁市"


def test_town_to_county():
    assert reference.county_of("330402007") == "330402"
    assert all(reference.county_of(t) == "330411" for t in reference.towns_of("330411"))
    assert sum(len(reference.towns_of(c)) for c in reference.COUNTY_CODES) == 72
    with pytest.raises(KeyError):
        reference.county_of("330402999")


def test_categories_and_sections():
    assert len(reference.SERVICE_CATEGORIES) == 11 and "smart_monitoring" in reference.SERVICE_CATEGORIES
    assert reference.INDUSTRY_SECTIONS[0] == "A" and reference.INDUSTRY_SECTIONS[-1] == "T"
    assert [reference.section_of(c) for c in ("01", "3311", "4720", "97")] == ["A", "C", "E", "T"]
    with pytest.raises(KeyError):
        reference.section_of("98")
