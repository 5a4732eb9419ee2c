"""The yearly assessment's talent count (人才, clause 十七): who was a talent on the window's last day, counted
where the agency he worked for that day is registered; the table's talent columns and notes."""

from __future__ import annotations

from datetime import UTC, datetime

from subsidy_factories import COUNTY, TOWN, d, provider
from test_subsidy_coverage import OTHER_TOWN, WINDOW

from services.common.reference import CITY_CODE
from services.subsidy.domain.coverage import coverage, unplaced
from services.subsidy.domain.talent import Employment, Recognition, TalentFacts, levels_on, talents_on
from services.subsidy.export import sheet

END = WINDOW[1]  # 2026-06-01


def test_a_later_recognition_replaces_the_level_from_its_day():
    recognitions = [
        Recognition("p1", "D", d("2024-03-01"), "2024-03-01T02:00:00Z"),
        Recognition("p1", "B", d("2026-05-01"), "2026-05-01T02:00:00Z"),
        Recognition("p1", "C", d("2026-05-01"), "2026-05-02T02:00:00Z"),  # the same day, recorded later: wins
        Recognition("p2", "A", d("2026-07-01"), "2026-07-01T02:00:00Z"),  # after the day
    ]
    assert levels_on(recognitions, d("2025-12-31")) == {"p1": "D"}
    assert levels_on(recognitions, END) == {"p1": "C"}


def test_a_talent_counts_at_the_agency_he_works_for_that_day():
    recognised = [Recognition(p, "B", d("2020-01-01"), "t") for p in ("p1", "p2", "p3", "p4", "p5")]
    employments = [
        Employment("p1", "ag1", d("2020-01-01")),
        Employment("p2", "ag1", d("2020-01-01"), left_on=END),  # left that day: no longer there
        Employment("p2", "ag2", END),  # joined the next agency the same day
        Employment("p3", "ag1", d("2026-06-02")),  # joined after the day
        Employment("p4", "ag1", d("2020-01-01"), left_on=d("2021-01-01")),  # left long ago
        Employment("p5", "ag1", d("2020-01-01")),  # his leaving is on its way: the later joining counts
        Employment("p5", "ag2", d("2025-01-01")),
        Employment("nobody", "ag1", d("2020-01-01")),  # no talent
    ]
    assert talents_on(TalentFacts(employments, recognised), END) == {"ag1": ["B"], "ag2": ["B", "B"]}


def talent_city():
    """ag1 in 当湖街道, ag2 in 平湖市 without a town, ag3 outside Jiaxing, ag4 unknown to subsidy."""
    providers = [
        (provider(id="ag1", county=COUNTY, town=TOWN), []),
        (provider(id="ag2", county=COUNTY, town=None, status="suspended"), []),
        (provider(id="ag3", county=None, town=None), []),
    ]
    levels = {"p1": "A", "p2": "C", "p3": "C", "p4": "E", "p5": "E"}
    places = {"p1": "ag1", "p2": "ag1", "p3": "ag2", "p4": "ag3", "p5": "ag4"}
    talent = TalentFacts(
        [Employment(p, a, d("2025-01-01")) for p, a in places.items()],
        [Recognition(p, level, d("2025-06-01"), "t") for p, level in levels.items()],
    )
    codes = [CITY_CODE, COUNTY, TOWN, OTHER_TOWN, unplaced(COUNTY)]
    return coverage(codes, [], [], [], providers, talent, WINDOW, {})


def by_row(rows) -> dict:
    return {(r.division, r.level): r for r in rows}


def test_talents_count_per_county_and_town_by_level():
    rows = by_row(talent_city())
    town = rows[TOWN, "town"]
    assert (town.talents, town.talents_by_level) == (2, {"A": 1, "B": 0, "C": 1, "D": 0, "E": 0})
    assert rows[COUNTY, "unplaced"].talents == 1  # the county's row 未登记镇街 (a suspended agency's talent too)
    assert (rows[COUNTY, "county"].talents, rows[OTHER_TOWN, "town"].talents) == (3, 0)
    city = rows[CITY_CODE, "city"]
    assert (city.talents, city.talents_by_level["E"]) == (4, 1)  # outside Jiaxing: the city only; unknown: nowhere


def test_the_assessment_table_has_the_talent_columns_totals_and_notes():
    rows = talent_city()
    table = sheet(rows, CITY_CODE, WINDOW, datetime(2026, 6, 1, tzinfo=UTC), "年度考核情况", True)
    titles = [c.title for c in table.columns]
    total = titles.index("人才（名）")
    assert titles[total + 1 :] == [f"{level} 类人才（名）" for level in "ABCDE"]
    county = next(r for r in table.rows if r[1] == COUNTY)
    assert county[total:] == [3, 1, 0, 2, 0, 0]
    assert table.totals[0] == "合计（嘉兴市）" and table.totals[total:] == [4, 1, 0, 2, 0, 1]
    assert any(n.startswith("人才为统计期末") for n in table.notes)
    assert "全市机构含嘉兴市外机构 1 家（其人才 1 名）" in " ".join(table.notes)
    public = sheet(rows, CITY_CODE, WINDOW, datetime(2026, 6, 1, tzinfo=UTC), "覆盖情况", False)
    assert "人才（名）" not in [c.title for c in public.columns] and not any("人才" in n for n in public.notes)
