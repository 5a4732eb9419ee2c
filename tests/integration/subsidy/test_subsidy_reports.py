"""Cluster-base support, town rewards from coverage, coverage and the yearly assessment (JSON, CSV, XLSX),
and the public page of programmes."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from services.common.clock import jiaxing_day, utcnow
from tests.integration.subsidy.conftest import (
    COUNTY,
    OTHER_TOWN,
    TOWN,
    agency,
    day,
    enterprise,
    open_programme,
    programme_body,
    seeded,
)
from tests.support.harness import new_id


def _rows(report: dict) -> dict:
    return {r["division"]: r for r in report["rows"]}


def test_coverage_counts_smes_with_a_contract_per_county_and_town(subsidy, token):
    seeded(subsidy, firms=2)
    subsidy.send_and_wait(enterprise(new_id("e"), town=OTHER_TOWN), enterprise(new_id("e"), size="large"))
    report = subsidy.ok("get", "/reports/coverage", token("official", COUNTY))
    rows = _rows(report)
    assert (rows[COUNTY]["registered_smes"], rows[COUNTY]["covered_smes"], rows[COUNTY]["share_permille"]) == (
        3,
        2,
        666,
    )
    assert (rows[TOWN]["share_permille"], rows[OTHER_TOWN]["share_permille"]) == (1000, 0)
    assert rows[COUNTY]["contracts_by_category"] == {"safety_evaluation": 2}
    assert rows[COUNTY]["agencies_by_grade"]["B"] == 1 and rows[COUNTY]["target_permille"] == 1000
    assert report["window_end"] == day(0)
    subsidy.ok("get", "/reports/coverage?division=330402", token("official", COUNTY), 403)
    assert _rows(subsidy.ok("get", "/reports/coverage?division=330482001", token("official", COUNTY))).keys() == {TOWN}
    subsidy.ok("get", "/reports/coverage", token("enterprise", "e"), 403)


def test_subsidies_approved_and_paid_change_the_figures_and_the_exports(subsidy, token):
    [(firm, contract_id)] = seeded(subsidy)
    programme = open_programme(
        subsidy, token, rules={"budget_fen": 10_000_000, "rate_permille": 300, "coverage_target_permille": 800}
    )
    application = subsidy.ok(
        "post",
        "/applications",
        token("enterprise", firm),
        201,
        json={"programme_id": programme["id"], "contract_id": contract_id},
    )
    for who in (TOWN, COUNTY):
        subsidy.ok("post", f"/applications/{application['id']}/approve", token("official", who))
    subsidy.ok(
        "post",
        f"/applications/{application['id']}/pay",
        token("finance", COUNTY),
        json={"payment_reference": new_id("B")},
    )
    year = jiaxing_day(utcnow()).year
    rows = _rows(subsidy.ok("get", f"/reports/assessment/{year}", token("official", COUNTY)))
    assert (rows[TOWN]["approved_fen"], rows[TOWN]["paid_fen"], rows[TOWN]["paid_count"]) == (1_440_000, 1_440_000, 1)
    assert (rows[TOWN]["target_permille"], rows[TOWN]["met"]) == (800, True)

    response = subsidy.client.get(f"/reports/assessment/{year}.csv", headers=token("official", COUNTY))
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert table[0] == [f"平湖市安全生产社会化服务{year} 年度考核情况"] and table[1][0].startswith(
        f"统计期间 {year}-01-01"
    )
    header = table[2]
    assert header[:3] == ["地区", "行政区划代码", "层级"] and not [h for h in header if h.isascii()]
    town_row = next(r for r in table if r[1:2] == [TOWN])
    assert town_row[0] == "当湖街道" and town_row[header.index("已支付（元）")] == "14400.00"
    assert town_row[header.index("目标")] == "80.0%" and town_row[header.index("覆盖率")] == "100.0%"
    total = next(r for r in table if r[0] == "合计（平湖市）")
    assert total[header.index("已支付（元）")] == "14400.00" and table[-1][0].startswith("注：")

    response = subsidy.client.get("/reports/coverage.xlsx", headers=token("regulator", "330400"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[2]
    assert values[0][0] == "嘉兴市安全生产社会化服务覆盖情况" and header[0] == "地区" and sheet.freeze_panes == "B4"
    paid = header.index("已支付（元）")
    town_row = next(r for r in values if r[1] == TOWN)
    assert town_row[0] == "　当湖街道" and town_row[paid] == 14_400  # a town under its county, indented
    assert sheet.cell(row=values.index(town_row) + 1, column=paid + 1).number_format == "#,##0.00"
    assert next(r for r in values if r[0] == "合计（嘉兴市）")[paid] == 14_400
    subsidy.ok("get", "/reports/assessment/1999", token("official", COUNTY), 422)


def test_cluster_base_residents_get_support(subsidy, token):
    resident, gone, insurer = new_id("ag"), new_id("ag"), new_id("ag")
    subsidy.send_and_wait(
        agency(resident, "330411", "330411101", base_since=day(-500)),
        agency(gone, "330411", "330411101", base_since=day(-900), base_until=day(-400)),
        agency(insurer, "330411", "330411101", kind="insurer", base_since=day(-500)),
    )
    programme = open_programme(
        subsidy, token, "330411", kind="cluster_base_support", rules={"budget_fen": 1_000_000, "fixed_fen": 300_000}
    )
    body = {"programme_id": programme["id"]}
    granted = subsidy.ok("post", "/applications", token("agency", resident), 201, json=body)
    assert (granted["amount_fen"], granted["current_step"]) == (300_000, {"level": "town", "division": "330411101"})
    refused = subsidy.ok("post", "/applications", token("agency", gone), 409, json=body)
    assert [r["rule"] for r in refused["reasons"]] == ["residency"]
    refused = subsidy.ok("post", "/applications", token("agency", insurer), 409, json=body)
    assert [r["rule"] for r in refused["reasons"]] == ["kind"]
    subsidy.ok("post", "/applications", token("enterprise", resident), 403, json=body)


def test_a_town_reward_follows_the_towns_coverage(subsidy, token):
    seeded(subsidy, firms=3)
    subsidy.send_and_wait(enterprise(new_id("e")))  # 当湖街道: 3 of 4 SMEs covered = 750 ‰
    programme = open_programme(
        subsidy,
        token,
        kind="town_reward",
        rules={
            "budget_fen": 5_000_000,
            "tiers": [
                {"min_share_permille": 600, "amount_fen": 1_000_000},
                {"min_share_permille": 800, "amount_fen": 2_000_000},
            ],
        },
    )
    body = {"programme_id": programme["id"]}
    reward = subsidy.ok("post", "/applications", token("official", TOWN), 201, json=body)
    assert reward["amount_fen"] == 1_000_000 and reward["lines"][0]["text"].startswith("覆盖率 75.0%（3/4 家）")
    assert reward["current_step"] == {"level": "county", "division": COUNTY}
    subsidy.ok("post", f"/applications/{reward['id']}/approve", token("official", TOWN), 403)  # not its own
    refused = subsidy.ok("post", "/applications", token("official", OTHER_TOWN), 409, json=body)
    assert [r["rule"] for r in refused["reasons"]] == ["tier"]


def test_the_public_page_shows_budgets_and_counts_only(subsidy, token):
    [(firm, contract_id)] = seeded(subsidy)
    programme = open_programme(subsidy, token)
    subsidy.ok("post", "/programmes", token("official", COUNTY), 201, json={**programme_body(), "name": "草稿项目"})
    application = subsidy.ok(
        "post",
        "/applications",
        token("enterprise", firm),
        201,
        json={"programme_id": programme["id"], "contract_id": contract_id},
    )
    for who in (TOWN, COUNTY):
        subsidy.ok("post", f"/applications/{application['id']}/approve", token("official", who))
    [listed] = subsidy.ok("get", "/public/subsidy/programmes", {})
    assert (listed["used_fen"], listed["left_fen"], listed["beneficiaries"]) == (1_440_000, 8_560_000, 1)
    page = subsidy.client.get("/public/subsidy/page")
    html = page.data.decode()
    assert page.status_code == 200 and "补贴项目公示" in html and "14,400.00" in html and "85,600.00" in html
    assert "草稿项目" not in html and firm not in html


def test_what_is_registered_without_a_town_has_its_own_row_and_other_support_is_no_coverage(subsidy, token):
    seeded(subsidy, firms=2)
    subsidy.send_and_wait(enterprise(new_id("e"), town=None), enterprise(new_id("e"), town=None))
    resident = new_id("ag")
    subsidy.send_and_wait(agency(resident, "330411", "330411101", base_since=day(-500)))
    support = open_programme(
        subsidy, token, "330411", kind="cluster_base_support", rules={"budget_fen": 1_000_000, "fixed_fen": 300_000}
    )
    granted = subsidy.ok("post", "/applications", token("agency", resident), 201, json={"programme_id": support["id"]})
    for who in ("330411101", "330411"):
        subsidy.ok("post", f"/applications/{granted['id']}/approve", token("official", who))

    report = subsidy.ok("get", "/reports/coverage?division=330400", token("regulator", "330400"))["rows"]
    county = next(r for r in report if r["division"] == COUNTY and r["level"] == "county")
    unplaced = next(r for r in report if r["division"] == COUNTY and r["level"] == "unplaced")
    towns = [r for r in report if r["level"] == "town" and r["division"].startswith(COUNTY)]
    assert (unplaced["name"], unplaced["registered_smes"], unplaced["covered_smes"]) == ("未登记镇街", 2, 0)
    assert sum(r["registered_smes"] for r in towns) + unplaced["registered_smes"] == county["registered_smes"] == 4
    assert [r for r in report if r["approved_fen"]] == [], "cluster-base support is not a purchase subsidy"

    page = subsidy.client.get(f"/public/subsidy/coverage?county={COUNTY}")
    html = page.data.decode()
    assert page.status_code == 200 and "未登记镇街" in html and "合计（平湖市）" in html and "50.0%" in html
    assert "未登记镇街”为登记时没有填写镇（街道）" in html and "《意见》第二条" in html
    last_town = max(r["division"] for r in towns)  # in pages: the towns by code, then the county's row 未登记镇街
    paged = [
        subsidy.client.get(f"/public/subsidy/coverage?county={COUNTY}&limit={len(towns)}{cursor}").text
        for cursor in ("", f"&cursor={last_town}")
    ]
    rows = [page.split("<tbody>")[1].split("</tbody>")[0] for page in paged]
    assert "未登记镇街" not in rows[0] and f"cursor={last_town}" in paged[0] and rows[1].count("<tr>") == 1
    assert "未登记镇街" in rows[1] and "合计（平湖市）" in paged[1] and "cursor=" not in paged[1].split("</table>")[1]
    public = subsidy.client.get(f"/public/subsidy/coverage.csv?county={COUNTY}")
    table = list(csv.reader(io.StringIO(public.data.decode("utf-8-sig"))))
    assert table[2] == [
        "地区",
        "在册中小微企业（家）",
        "已覆盖（家）",
        "覆盖率",
        "目标",
        "批准补助（元）",
        "已支付（元）",
    ]
    assert ["未登记镇街", "2", "0", "0.0%", "100.0%", "0.00", "0.00"] in table
    assert ["合计（平湖市）", "4", "2", "50.0%", "100.0%", "0.00", "0.00"] in table
    workbook = subsidy.client.get("/public/subsidy/coverage.xlsx")
    assert load_workbook(io.BytesIO(workbook.data)).active["A1"].value == "嘉兴市安全生产社会化服务覆盖情况"
    for bad in ("county=", "county=330400", "county=330482001", "county=3304820"):
        assert subsidy.client.get(f"/public/subsidy/coverage?{bad}").status_code == 422, bad


def test_the_quote_is_no_application(subsidy, token):
    """`/applications/quote` is not taken for an application's id: GET there is 405, and Allow says POST only."""
    answer = subsidy.client.get("/applications/quote", headers=token("enterprise", new_id("e")))
    assert answer.status_code == 405 and set(answer.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert (
        subsidy.client.get("/applications/sa-0123456789abcdef", headers=token("finance", "330400")).status_code == 404
    )
