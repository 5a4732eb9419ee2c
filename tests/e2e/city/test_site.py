"""The demo city's public site in a real browser (headless Chromium, no JavaScript needed): search the directory,
follow a provider to its page, its credit page and its practice record; the expert pool, credit lists,
programmes and coverage; no personal data anywhere; landmarks, labels and captions; a phone's width and print.
What the pages must show comes from the demo's plan (same seed, same day). Screenshots go to
test-output/browser/<test>/ (git-ignored)."""

from __future__ import annotations

import re

import pytest

from demo.client import Api
from demo.deals import SIGNED
from demo.programmes import REWARD_COUNTY
from demo.steps.registry import REGULATOR
from services.common.reference import COUNTIES, TOWNS, towns_of
from services.common.site.words import LABELS, yuan
from tests.e2e.city import checks
from tests.e2e.city.checks import accessible

pytestmark = pytest.mark.integration


@pytest.fixture
def page(browser):
    """A tab without JavaScript: every page and form must work without it."""
    context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def no_personal_data(html: str, city) -> None:
    checks.no_personal_data(html, city.personal)


def place(body: dict) -> str:
    return f"{COUNTIES[body['county']]} {TOWNS[body['town']]}"


def follow(page, control) -> None:
    """Click a link or a form's button and wait until the page it leads to has loaded (reading at once may read
    the page it leaves)."""
    with page.expect_navigation():
        control.click()


def rows(page) -> list[str]:
    return page.locator("main table tbody th").all_inner_texts()


def search(page, name: str) -> list[str]:
    page.get_by_label("机构名称").fill(name)
    follow(page, page.get_by_role("button", name="查询"))
    return rows(page)


def test_search_the_directory_and_follow_a_provider(page, city, shots):
    urls, plan, report = city.urls, city.plan, city.report
    listed = [p for p in plan.providers if p.valid and p.id != report.suspended_provider]  # verified, active
    unlisted = [p for p in plan.providers if p not in listed]
    residents = sorted(p.body["name"] for p in listed if p.body["cluster_base"])
    good = plan.provider(report.good_provider)
    assert len(listed) > 20 and unlisted and residents and report.suspended_provider in {p.id for p in unlisted}
    page.goto(urls["registry"] + "/public/providers")
    accessible(page)
    assert len(rows(page)) == 20 and set(rows(page)) <= {p.body["name"] for p in listed}  # 20 a page
    assert page.get_by_role("link", name=re.compile("下一页")).count() == 1
    page.screenshot(path=shots / "directory.png", full_page=True)

    assert search(page, good.body["name"]) == [good.body["name"]]
    assert page.get_by_label("机构名称").input_value() == good.body["name"]  # the search is kept
    for provider in unlisted:  # declared only, lapsed or suspended
        assert search(page, provider.body["name"]) == [], provider.body["name"]
    page.get_by_label("机构名称").fill("")
    page.get_by_label("仅入驻集聚基地").check()
    follow(page, page.get_by_role("button", name="查询"))
    assert sorted(rows(page)) == residents
    page.screenshot(path=shots / "cluster-base.png", full_page=True)

    page.goto(urls["registry"] + "/public/providers?q=" + good.body["name"])
    follow(page, page.get_by_role("link", name=good.body["name"]))
    assert page.url == f"{urls['registry']}/public/providers/{good.id}"
    accessible(page)
    body = page.inner_text("main")
    assert place(good.body) in body and all(LABELS["category"][c] in body for c in good.valid)
    assert good.body["qualifications"][0]["issuer"] in body
    assert not re.search(rf"(?<![0-9A-Z]){good.body['county']}", body)  # places by name, never by code
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "provider.png", full_page=True)

    follow(page, page.get_by_role("link", name=re.compile("^信用评价")))
    assert page.url.startswith(urls["credit"])
    accessible(page)
    rating = Api(urls).ok("credit", "get", f"/credit/agencies/{good.id}/rating", REGULATOR)
    body = page.inner_text("main")
    assert f"{rating['score']}（评价日" in body and "A 级" in body and "暂无有效期内的违规记录" in body
    history = page.locator("main table").filter(has_text="信用分变化明细").locator("tbody tr").count()
    published = Api(urls).ok("credit", "get", f"/credit/agencies/{good.id}/history?limit=60", REGULATOR)["items"]
    assert history == len(published) >= 2  # registered, then raised to A (spot checks in one batch: one change)
    assert page.locator("svg.line polyline").count() == 1 and page.locator("svg.line circle").count() == history
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "credit.png", full_page=True)

    follow(page, page.get_by_role("link", name="执业公示"))
    assert page.url.startswith(urls["matching"])
    accessible(page)
    deals = [d for d in plan.deals if d.agency_id == good.id and d.outcome in SIGNED]
    shown = page.locator("main table tbody tr").all_inner_texts()
    assert deals and len(shown) == min(20, len(deals)) and [r for r in shown if "按期完成" in r]
    categories = sorted(LABELS["category"][d.demand["category"]] for d in deals)
    shown_categories = sorted(page.locator("main table tbody tr th:first-child").all_inner_texts())
    assert shown_categories == categories if len(deals) <= 20 else set(shown_categories) <= set(categories)
    assert [d for d in deals if yuan(d.bids[d.winner]["price_fen"]) in page.content()] == []  # no amounts
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "practice.png", full_page=True)


def test_the_expert_pool_shows_no_personal_data(page, city, shots):
    experts = city.plan.experts
    assert {e["id_number"] for e in experts} | {e["contacts"][0]["phone"] for e in experts} <= set(city.personal)
    page.goto(city.urls["registry"] + "/public/experts")
    accessible(page)
    assert sorted(rows(page)) == sorted(e["name"] for e in experts)
    body = page.inner_text("main")
    shown = (
        {LABELS["expert_grade"][e["grade"]] for e in experts}
        | {LABELS["industry"][i] for e in experts for i in e["industries"]}
        | {s for e in experts for s in e["specialties"]}
    )
    assert [label for label in shown if label not in body] == []
    county = experts[0]["county"]
    page.get_by_label("县（市、区）").select_option(label=COUNTIES[county])
    follow(page, page.get_by_role("button", name="查询"))
    assert sorted(rows(page)) == sorted(e["name"] for e in experts if e["county"] == county)
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "experts.png", full_page=True)


def test_credit_subsidy_and_coverage_pages(page, city, shots):
    urls, plan, report = city.urls, city.plan, city.report
    rectified = plan.provider(report.rectified_provider).body["name"]
    county = plan.enterprises_by_id[report.enterprise]["county"]
    programme = next(p for p in plan.programmes if p.key == f"purchase-{county}").body["name"]
    for name, url, expected in (
        ("credit", urls["credit"] + "/public/credit/page", rectified),
        ("programmes", urls["subsidy"] + "/public/subsidy/page", programme),
        ("coverage", urls["subsidy"] + "/public/subsidy/coverage", COUNTIES[REWARD_COUNTY]),
    ):
        page.goto(url)
        accessible(page)
        assert expected in page.inner_text("main"), name
        no_personal_data(page.content(), city)
        page.screenshot(path=shots / f"{name}.png", full_page=True)
    follow(page, page.get_by_role("link", name=COUNTIES[REWARD_COUNTY]))
    towns = page.locator("main table tbody tr").evaluate_all(
        "trs => trs.map(tr => [...tr.cells].slice(0, 3).map(c => c.innerText.trim()))"
    )
    assert towns == [
        [TOWNS[t], str(n), str(plan.covered(REWARD_COUNTY).get(t, 0))] for t, n in smes_by_town(plan, REWARD_COUNTY)
    ], "registered and covered SMEs by town"
    assert page.locator("ul.bars li").count() == len(towns)
    page.screenshot(path=shots / "coverage-county.png", full_page=True)

    page.goto(urls["credit"] + f"/public/credit/agencies/{report.rectified_provider}")
    accessible(page)
    body = page.inner_text("main")
    serious = [
        v.description for v in plan.violations if v.agency_id == report.rectified_provider and v.severity == "serious"
    ]
    assert len(serious) >= 2 and all(d in body for d in serious) and "较重" in body and "限期整改" in body
    no_personal_data(page.content(), city)
    page.screenshot(path=shots / "credit-rectified.png", full_page=True)


def smes_by_town(plan, county: str) -> list[tuple[str, int]]:
    """Each town of `county` and its registered SMEs (micro, small, medium), in the reference order."""
    smes = [e["town"] for e in plan.enterprises if e["county"] == county and e["size"] != "large"]
    return [(town, smes.count(town)) for town in towns_of(county)]


def test_every_nav_link_works_on_a_phone_and_prints_without_navigation(browser, city, front, shots):
    urls = {**city.urls, "home": front}
    phone = browser.new_context(
        java_script_enabled=False, viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = phone.new_page()
    page.goto(urls["credit"] + f"/public/credit/agencies/{city.report.good_provider}")
    links = page.locator("header nav a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) == 6 and all(link.startswith(tuple(urls.values())) for link in links)
    assert links[0] == front + "/"  # 首页: the front door
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
    printer.goto(urls["credit"] + "/public/credit/page")
    printer.pdf(path=shots / "credit-page.pdf", format="A4")
    assert (shots / "credit-page.pdf").stat().st_size > 1000
