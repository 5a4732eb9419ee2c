"""The public lists explained (why, by whom, on what legal basis, since and until when, how an agency comes off)
and the rule tables, each as JSON for a program, a page for a browser and CSV."""

from __future__ import annotations

import re

from services.credit import jobs
from tests.integration.credit.conftest import agency_registered, days_ago, new_id, violation
from tests.integration.credit.test_credit_public import BROWSER, _csv, _years_on


def test_the_lists_say_why_by_whom_on_what_basis_since_and_until_when(credit):
    listed, rectifying = new_id("ag"), new_id("ag")
    with credit.days_ago(10):
        credit.send_and_wait(
            agency_registered(listed, "嘉兴挂靠检测有限公司"),
            agency_registered(rectifying, "平湖整改评价有限公司"),
            violation(listed, "severe", recorded_on=days_ago(10), recorded_by="嘉兴市综合行政执法系统（330402）"),
        )
    credit.send_and_wait(violation(rectifying, "serious", recorded_by="330482"), violation(rectifying, "serious"))
    jobs.reevaluate(credit.ctx)

    [severe] = [
        r for r in credit.client.get("/public/credit/severe-dishonesty-list").json["items"] if r["agency_id"] == listed
    ]
    assert (severe["list"], severe["listed_since"], severe["removal_on"]) == (
        "严重失信名单",
        days_ago(3),
        severe["listed_until"],
    )
    [reason] = severe["reasons"]
    assert reason["authority"] == "嘉兴市综合行政执法系统（南湖区）" and reason["description"] == "出具虚假报告"
    assert reason["points"] == -20 and reason["repair_from"] == _years_on(days_ago(3), 1)
    assert severe["legal_basis"].startswith("《安全生产严重失信主体名单管理办法》（应急管理部令第11号）")
    assert severe["removal_conditions"][0] == f"{severe['listed_until']} 期满自动移出。"
    assert any(f"自 {reason['repair_from']} 起可申请信用修复" in c for c in severe["removal_conditions"])

    [rect] = [
        r for r in credit.client.get("/public/credit/rectification-list").json["items"] if r["agency_id"] == rectifying
    ]
    assert rect["listed_since"] == days_ago(0) and [r["points"] for r in rect["reasons"]] == [-10, -10]
    assert {r["authority"] for r in rect["reasons"]} == {"平湖市", "嘉兴市应急管理局"}
    assert "扣分累计达 20 分的，列入限期整改名单 6 个月" in rect["legal_basis"]

    page = credit.client.get("/public/credit/severe-dishonesty-list", headers=BROWSER)
    assert page.status_code == 200 and page.content_type.startswith("text/html") and "Accept" in page.headers["Vary"]
    html = page.get_data(as_text=True)
    assert "嘉兴挂靠检测有限公司" in html and "认定机关：嘉兴市综合行政执法系统（南湖区）" in html
    assert "应急管理部令第11号" in html and severe["removal_on"] in html and "（330402）" not in html
    table = _csv(credit.client.get("/public/credit/rectification-list.csv", query_string={"q": "整改"}))
    assert table[0] == ["安全生产中介服务机构限期整改名单"] and table[2][:5] == [
        "机构名称",
        "统一社会信用代码",
        "所在地",
        "列入日期",
        "移出日期",
    ]
    [row] = [r for r in table[3:] if r[1:2] == [rectifying]]
    assert row[3] == days_ago(0) and "较重违规" in row[5] and "平湖市" in row[6] and "《嘉兴市" in row[7]


def test_the_rules_are_pages_for_people_and_json_for_programs(credit):
    versions = credit.client.get("/public/credit/rules").json
    assert [(v["version"], v["effective_from"]) for v in versions] == [
        ("3", "2027-01-01"),
        ("2", "2026-12-01"),
        ("1", "2000-01-01"),
    ]
    index = credit.client.get("/public/credit/rules", headers=BROWSER).get_data(as_text=True)
    assert 'href="/public/credit/rules/3">第 3 版</a>' in index
    three = credit.client.get("/public/credit/rules/3", headers=BROWSER).get_data(as_text=True)
    assert "人员配备不足" in three and "有误由机构在注册系统更正" in three, "the staffing terms and how to correct them"
    assert 'href="/public/credit/rules/1">第 1 版</a>' in index
    assert credit.client.get("/public/credit/rules/1").json["rules"][0]["title"] == "合同按期履约"
    page = credit.client.get("/public/credit/rules/1", headers=BROWSER)
    html = page.get_data(as_text=True)
    assert page.content_type.startswith("text/html") and "信用评价规则第 1 版" in html and "一票否决" in html
    text = re.sub(r"<[^>]+>", "", html.split('<main id="main">')[1].split("</main>")[0])
    assert set(re.findall(r"[A-Za-z]+", text)) <= {"A", "B", "C", "D", "CSV"}  # grades and a file format only
    table = _csv(credit.client.get("/public/credit/rules/1/table.csv"))
    assert (
        table[2] == ["事项", "维度", "分值", "有效期（月）", "说明"]
        and ["合同按期履约", "履约记录", "1", "12"] == table[3][:4]
    )
    assert credit.client.get("/public/credit/rules/9", headers=BROWSER).status_code == 404
