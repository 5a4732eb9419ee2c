"""The demo city's front door and the public lists in a real browser (headless Chromium, no JavaScript): the home
page through Caddy with each service's part, every list page at a desktop's and a phone's width (390 px: tables
as cards, chart words at body size, no sideways scrolling), and no ASCII word on any public page outside names,
codes shown beside what they are, URLs, grade and talent-class letters and the few allowed words (`checks.ascii_words`).
Screenshots go to test-output/browser/<test>/ (git-ignored)."""

from __future__ import annotations

import re

import pytest

from demo.programmes import REWARD_COUNTY
from services.common.reference import COUNTIES
from tests.e2e.city.checks import accessible, ascii_words, fits_a_phone, no_personal_data

pytestmark = pytest.mark.integration
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def lists(city) -> dict[str, str]:
    """Every list page (and one of each kind of record page) by a short name."""
    urls, report = city.urls, city.report
    return {
        "severe": urls["credit"] + "/public/credit/severe-dishonesty-list",
        "rectification": urls["credit"] + "/public/credit/rectification-list",
        "ratings": urls["credit"] + "/public/credit/ratings",
        "bulletins": urls["credit"] + "/public/credit/bulletins",
        "rules": urls["credit"] + "/public/credit/rules",
        "rule-table": urls["credit"] + "/public/credit/rules/1",
        "corrections": urls["credit"] + "/public/credit/corrections",
        "chain": urls["credit"] + "/public/credit/chain",
        "programmes": urls["subsidy"] + "/public/subsidy/programmes",
        "coverage": urls["subsidy"] + "/public/subsidy/coverage",
        "coverage-county": urls["subsidy"] + f"/public/subsidy/coverage?county={REWARD_COUNTY}",
        "draws": urls["matching"] + "/public/expert-draws",
        "draw": urls["matching"] + f"/public/expert-draws/{report.expert_request}",
        "practitioners": urls["registry"] + f"/public/providers/{report.good_provider}/practitioners",
        "talent": urls["registry"] + "/public/talent",
    }


@pytest.fixture(params=["desktop", "phone"])
def tab(request, browser):
    """A tab without JavaScript at a desktop's or a phone's width."""
    phone = request.param == "phone"
    context = browser.new_context(
        java_script_enabled=False, locale="zh-CN", viewport=PHONE if phone else DESKTOP, is_mobile=phone
    )
    page = context.new_page()
    page.phone = phone
    yield page
    context.close()


def look(page, url: str, city, shots, name: str) -> str:
    answer = page.goto(url)
    assert answer.status == 200, url
    accessible(page)
    no_personal_data(page.content(), city.personal)
    if page.phone:
        fits_a_phone(page)
    page.screenshot(path=shots / f"{name}-{'phone' if page.phone else 'desktop'}.png", full_page=True)
    return page.inner_text("main")


def test_the_home_page_shows_each_service_part_and_links_every_public_page(tab, city, front, shots):
    plan, report = city.plan, city.report
    main = look(tab, front + "/", city, shots, "home")
    listed = [p for p in plan.providers if p.valid and p.id != report.suspended_provider]
    assert f"{len(listed)}家服务机构持有经核验的有效资质" in main.replace(" ", "").replace("\n", "")
    assert f"{len(plan.experts)}名专家在库" in main.replace("\n", "")
    bulletins = tab.request.get(city.urls["credit"] + "/public/credit/bulletins").json()
    latest = f"{bulletins[0]['month'][:4]} 年 {int(bulletins[0]['month'][5:])} 月" if bulletins else "尚无月度信用公示"
    assert latest in main and "全市中小微企业服务覆盖率" in main and "此部分暂时无法显示" not in main
    links = tab.locator("main a").evaluate_all("els => els.map(e => e.href)")
    public = sorted({link for link in links if "/public/" in link})
    assert len(public) >= 12 and f"{front}/api/registry/docs" in links
    for link in public:  # every public page answers through the front door
        assert tab.request.get(link, headers={"Accept": "text/html"}).status == 200, link
    docs = tab.request.get(f"{front}/api/credit/docs")
    assert docs.status == 200 and '"/api/credit/openapi.json"' in docs.text()  # the Swagger UI finds its document
    assert tab.request.get(f"{front}/api/credit/openapi.json").json()["info"]["title"].startswith("Anfu credit")
    policy = look(tab, front + "/public/policy", city, shots, "policy")
    assert "（二）目标任务" in policy.replace("(", "（").replace(")", "）")


def test_every_list_is_a_page_at_a_desktops_and_a_phones_width(tab, city, shots):
    plan, report = city.plan, city.report
    pages = lists(city)
    rectified = plan.provider(report.rectified_provider).body["name"]
    text = look(tab, pages["rectification"], city, shots, "rectification")
    assert rectified in text and "较重违规" in text and "认定机关" in text and "期满自动移出" in text
    assert not re.search(r"（\d{6}）", text), "authorities by name"
    assert "暂无列入名单的机构" in look(tab, pages["severe"], city, shots, "severe")  # listed 7 days after the build
    rated = tab.request.get(pages["ratings"], headers={"Accept": "application/json"}).json()["items"]
    look(tab, pages["ratings"], city, shots, "ratings")
    assert tab.locator("main tbody th").all_inner_texts() == [a["name"] for a in rated]  # the same data as the JSON
    bulletins = tab.request.get(pages["bulletins"], headers={"Accept": "application/json"}).json()
    look(tab, pages["bulletins"], city, shots, "bulletins")
    assert tab.locator("main tbody tr").count() == len(bulletins)
    versions = tab.request.get(pages["rules"], headers={"Accept": "application/json"}).json()
    assert "第 1 版" in look(tab, pages["rules"], city, shots, "rules")
    assert tab.locator("main tbody tr").count() == len(versions) >= 2
    rules = look(tab, pages["rule-table"], city, shots, "rule-table")
    assert tab.locator("main tbody tr").count() == 11 and "一票否决" in rules
    programmes = look(tab, pages["programmes"], city, shots, "programmes")
    assert all(p.body["name"] in programmes for p in plan.programmes) and "%" in programmes
    assert "‰" not in programmes and not re.search(r"\d 分", programmes)
    coverage = look(tab, pages["coverage"], city, shots, "coverage")
    assert tab.locator("ul.bars li").count() == len(COUNTIES) and "《意见》第二条" in coverage
    assert tab.locator("ul.bars .target").count() == len(COUNTIES)  # every county has a target (100% or its own)
    look(tab, pages["coverage-county"], city, shots, "coverage-county")
    assert tab.locator("main tfoot th").inner_text() == f"合计（{COUNTIES[REWARD_COUNTY]}）"
    experts = {e["name"] for e in plan.experts}
    draws = look(tab, pages["draws"], city, shots, "draws")
    assert "exp-" not in draws and [name for name in experts if name in draws]
    draw = look(tab, pages["draw"], city, shots, "draw")
    assert report.expert_request in draw and "抽取顺序和邀请结果" in draw and "申请单位" in draw
    chain = tab.request.get(pages["chain"], headers={"Accept": "application/json"}).json()
    look(tab, pages["chain"], city, shots, "chain")
    assert tab.locator("main tbody tr").count() == len(chain) == len(bulletins) and "如何校验" in tab.inner_text("main")
    notices = tab.request.get(pages["corrections"], headers={"Accept": "application/json"}).json()
    look(tab, pages["corrections"], city, shots, "corrections")
    assert tab.locator("main tbody tr").count() == len(notices)
    staff = [s for s in plan.practice.staff if s.agency_id == report.good_provider and s.verify]
    disclosed = look(tab, pages["practitioners"], city, shots, "practitioners")
    assert staff and all(
        s.body["name"] in disclosed for s in staff if s is not plan.practice.staff[plan.practice.mover]
    )
    assert not [c for s in staff for _, c in s.verify if c in disclosed], "never a certificate number"
    talent = look(tab, pages["talent"], city, shots, "talent")
    assert tab.locator("main tbody tr").count() == plan.practice.talents and "人才类别" in talent


def test_no_public_page_shows_an_ascii_word_a_person_would_have_to_read(browser, city, front, shots):
    urls, report = city.urls, city.report
    context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport=DESKTOP)
    page = context.new_page()
    page.goto(front + "/")
    found = {link for link in page.locator("a").evaluate_all("els => els.map(e => e.href)") if "/public/" in link}
    found |= set(lists(city).values()) | {
        urls["registry"] + f"/public/providers/{report.good_provider}",
        urls["registry"] + f"/public/providers/{report.outside_provider}",
        urls["credit"] + f"/public/credit/agencies/{report.good_provider}",
        urls["credit"] + f"/public/credit/agencies/{report.rectified_provider}",
        urls["credit"] + f"/public/credit/agencies/{report.severe_provider}",
        urls["matching"] + f"/public/practice/{report.good_provider}",
        urls["subsidy"] + "/public/subsidy/page",
        front + "/",
        front + "/no/such/page",
    }
    words = {}
    for url in sorted(found):
        page.goto(url)
        if leftover := ascii_words(page, city.names):
            words[url] = leftover
    page.goto(front + "/api/credit/docs")  # not a public page: the check finds its English
    assert "Anfu" in ascii_words(page, city.names)
    context.close()
    assert words == {}
    assert len(found) >= 25
