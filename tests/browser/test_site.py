"""The public site in a real browser (headless Chromium, no JavaScript needed): search the directory, follow
a provider to its page, its credit page and its practice record; the expert pool, credit lists, programmes and
coverage; no personal data anywhere; landmarks, labels and captions; a phone's width and print.
Screenshots go to test-output/browser/<test>/ (git-ignored)."""
from __future__ import annotations

import re

import pytest
import requests

from tests.support.wait import wait_until

pytestmark = pytest.mark.integration

#: what personal data looks like: resident ID numbers, mobile phone numbers, e-mail addresses
PERSONAL = (re.compile(r"(?<![0-9A-Za-z])\d{6}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX](?![0-9A-Za-z])"),
            re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])"),
            re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"))


@pytest.fixture
def page(browser):
    """A tab without JavaScript: every page and form must work without it."""
    context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def no_personal_data(html: str, city) -> None:
    assert [p for p in city.personal if p in html] == []
    assert [m.group(0) for rx in PERSONAL for m in rx.finditer(html)] == []


def accessible(page) -> None:
    """zh-CN, one h1, the landmarks, a caption on every table, a label on every form control."""
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.locator("h1").count() == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("table").count() == page.locator("table > caption").count()
    unlabelled = page.locator("form input:not([type=hidden]), form select").evaluate_all(
        "els => els.filter(e => !e.closest('label') && !e.getAttribute('aria-label')).map(e => e.name)")
    assert unlabelled == []


def test_search_the_directory_and_follow_a_provider(page, city, site, shots):
    agency, (base, declared) = city.agency, city.others
    page.goto(site.urls["registry"] + "/public/providers")
    accessible(page)
    listed = page.locator("main table tbody th").all_inner_texts()
    assert agency["name"] in listed and base["name"] in listed and declared["name"] not in listed  # verified only
    page.screenshot(path=shots / "directory.png", full_page=True)

    page.get_by_label("机构名称").fill("安正")
    page.get_by_role("button", name="查询").click()
    assert page.locator("main table tbody th").all_inner_texts() == [agency["name"]]
    assert page.get_by_label("机构名称").input_value() == "安正"  # the search is kept
    page.get_by_label("机构名称").fill("")
    page.get_by_label("仅入驻集聚基地").check()
    page.get_by_role("button", name="查询").click()
    assert page.locator("main table tbody th").all_inner_texts() == [base["name"]]
    page.screenshot(path=shots / "cluster-base.png", full_page=True)

    page.goto(site.urls["registry"] + "/public/providers?q=安正")
    page.get_by_role("link", name=agency["name"]).click()
    assert page.url == f"{site.urls['registry']}/public/providers/{agency['id']}"
    accessible(page)
    body = page.inner_text("main")
    assert "南湖区 建设街道" in body and "安全评价" in body and "浙江省应急管理厅" in body
    assert not re.search(r"(?<![0-9A-Z])330402", body)  # places by name, never by code
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "provider.png", full_page=True)

    page.get_by_role("link", name=re.compile("^信用评价")).click()
    assert page.url.startswith(site.urls["credit"])
    accessible(page)
    body = page.inner_text("main")
    assert "96（评价日" in body and "B 级" in body  # 100 + 1 (contract on time) - 5 (general violation)
    assert "未按期报送安全评价报告备案" in body and "一般" in body
    assert page.locator("svg.chart polyline").count() == 1 and page.locator("svg.chart circle").count() == 3
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "credit.png", full_page=True)

    page.get_by_role("link", name="执业公示").click()
    assert page.url.startswith(site.urls["matching"])
    accessible(page)
    rows = page.locator("main table tbody tr").all_inner_texts()
    assert len(rows) == 1 and "安全评价" in rows[0] and "按期完成" in rows[0] and "南湖区 建设街道" in rows[0]
    assert "45,000" not in page.content() and "45000" not in page.content()  # no amounts
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "practice.png", full_page=True)


def test_the_expert_pool_shows_no_personal_data(page, city, site, shots):
    page.goto(site.urls["registry"] + "/public/experts")
    accessible(page)
    names = page.locator("main table tbody th").all_inner_texts()
    assert {e["name"] for e in city.experts} <= set(names)
    assert "高级" in page.inner_text("main") and "制造业" in page.inner_text("main")
    page.get_by_label("县（市、区）").select_option(label="海宁市")
    page.get_by_role("button", name="查询").click()
    assert page.locator("main table tbody th").all_inner_texts() == ["陈静"]
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "experts.png", full_page=True)


def test_credit_subsidy_and_coverage_pages(page, city, site, shots):
    subsidy = site.urls["subsidy"]
    wait_until(lambda: "已覆盖 1 家" in requests.get(subsidy + "/public/subsidy/coverage?county=330402",
                                                  timeout=10).text, 30)
    for name, url, expected in (
            ("credit", site.urls["credit"] + "/public/credit/page", city.agency["name"]),
            ("programmes", subsidy + "/public/subsidy/page", city.programme),
            ("coverage", subsidy + "/public/subsidy/coverage", "南湖区")):
        page.goto(url)
        accessible(page)
        assert expected in page.inner_text("main"), name
        no_personal_data(page.content(), city)
        page.screenshot(path=shots / f"{name}.png", full_page=True)
    page.get_by_role("link", name="南湖区").click()
    assert "建设街道" in page.inner_text("main") and page.locator("svg.chart rect.bar").count() >= 10
    assert "100.0%" in page.inner_text("main")  # the one SME of 建设街道 is covered
    page.screenshot(path=shots / "coverage-county.png", full_page=True)


def test_every_nav_link_works_on_a_phone_and_prints_without_navigation(browser, city, site, shots):
    phone = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740},
                                device_scale_factor=2, is_mobile=True)
    page = phone.new_page()
    page.goto(site.urls["credit"] + f"/public/credit/agencies/{city.agency['id']}")
    links = page.locator("header nav a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) == 5 and all(link.startswith(tuple(site.urls.values())) for link in links)
    for i, link in enumerate(links):
        page.goto(link)
        assert page.locator("h1").count() == 1, link
        no_personal_data(page.content(), city)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{link} is wider than a phone: {width}"
        page.screenshot(path=shots / f"phone-{i}.png", full_page=True)
    page.emulate_media(media="print")
    assert page.locator("header nav").is_hidden() and page.locator("form.search").count() in (0, 1)
    phone.close()
    printer = browser.new_context(java_script_enabled=False).new_page()
    printer.goto(site.urls["credit"] + "/public/credit/page")
    printer.pdf(path=shots / "credit-page.pdf", format="A4")
    assert (shots / "credit-page.pdf").stat().st_size > 1000
