"""The yearly assessment's talent count per county and town (人才, clause 十七), from the registry's practitioner
events on the real broker: a talent counts where the agency he works for on the year's last day is registered,
so a year closed stays as it ended; JSON and the official's CSV with the talent columns, totals and note."""

from __future__ import annotations

import csv
import io

from services.common.clock import jiaxing_day, utcnow
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from tests.integration.subsidy.conftest import COUNTY, TOWN, agency, day
from tests.support.harness import new_id
from tests.support.wait import wait_until


def practitioner(type_: str, pid: str, agency_id: str | None, talent: str | None = None, **facts) -> Event:
    """A practitioner event as the registry publishes it: his current state (ids, name, kinds) and its facts."""
    state = {"practitioner_id": pid, "name": "沈人才", "agency_id": agency_id, "certificates": []}
    return new_event(CATALOGUE[type_], pid, {**state, "talent_level": talent, **facts}, "/services/registry")


def recognised(pid: str, agency_id: str | None, level: str, on: str) -> Event:
    facts = {"level": level, "recognised_on": on, "basis": "嘉人才〔2026〕1号", "agency_county": COUNTY}
    return practitioner("talent-recorded", pid, agency_id, level, **facts)


def _rows(subsidy, token, year: int) -> dict:
    report = subsidy.ok("get", f"/reports/assessment/{year}", token("official", COUNTY))
    return {(r["division"], r["level"]): r for r in report["rows"]}


def test_talents_count_where_their_agency_is_on_the_last_day_of_the_year(subsidy, token):
    year = jiaxing_day(utcnow()).year
    last_year, new_year = f"{year - 1}", f"{year}-01-01"
    placed, unplaced = new_id("ag"), new_id("ag")  # 当湖街道; 平湖市 without a town
    mover, newcomer, idle = new_id("prc"), new_id("prc"), new_id("prc")
    subsidy.send_and_wait(
        agency(placed),
        agency(unplaced, town=None),
        practitioner("practitioner-joined", mover, placed, joined_on=f"{last_year}-03-01"),
        recognised(mover, placed, "C", f"{last_year}-06-01"),
        # he moves on New Year's Day: his leaving arrives after his joining the next agency
        practitioner("practitioner-joined", mover, unplaced, "C", joined_on=new_year),
        practitioner(
            "practitioner-left",
            mover,
            None,
            "C",
            left_agency_id=placed,
            joined_on=f"{last_year}-03-01",
            left_on=new_year,
        ),
        practitioner("practitioner-joined", newcomer, placed, joined_on=new_year),
        recognised(newcomer, placed, "A", day(0)),
        recognised(idle, None, "B", day(0)),  # works for no agency: counted nowhere
    )
    before = _rows(subsidy, token, year - 1)
    assert (before[TOWN, "town"]["talents"], before[TOWN, "town"]["talents_by_level"]["C"]) == (1, 1)
    assert before[COUNTY, "county"]["talents"] == 1 and before[COUNTY, "unplaced"]["talents"] == 0

    now = _rows(subsidy, token, year)
    assert now[TOWN, "town"]["talents_by_level"] == {"A": 1, "B": 0, "C": 0, "D": 0, "E": 0}
    assert now[COUNTY, "unplaced"]["talents_by_level"]["C"] == 1
    assert now[COUNTY, "county"]["talents"] == 2

    response = subsidy.client.get(f"/reports/assessment/{year}.csv", headers=token("official", COUNTY))
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header = table[2]
    talents = header.index("人才（名）")
    assert header[talents + 1 :] == [
        "A 类人才（名）",
        "B 类人才（名）",
        "C 类人才（名）",
        "D 类人才（名）",
        "E 类人才（名）",
    ]
    town_row = next(r for r in table if r[1:2] == [TOWN])
    assert town_row[talents : talents + 2] == ["1", "1"]
    total = next(r for r in table if r[0] == "合计（平湖市）")
    assert total[talents:] == ["2", "1", "0", "1", "0", "0"]
    assert any(r[0].startswith("注：人才为统计期末") for r in table)
    stored = str(list(subsidy.ctx.db["employments"].find({})) + list(subsidy.ctx.db["talent_recognitions"].find({})))
    assert "沈人才" not in stored, "subsidy keeps ids, days and levels only"


def test_a_joining_without_an_agency_is_a_dead_letter(subsidy):
    pid = new_id("prc")
    subsidy.send(practitioner("practitioner-joined", pid, None, joined_on=day(0)))
    letter = wait_until(lambda: subsidy.ctx.db["dead_letters"].find_one({"key": pid.encode()}), 30)
    assert "agency" in letter["reason"] and subsidy.ctx.db["employments"].count_documents({"practitioner_id": pid}) == 0
