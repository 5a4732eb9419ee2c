"""A page's error is a page in the site's look, with the same status; an API's error stays problem JSON."""

from __future__ import annotations

import base64

import pytest

from services.credit.app import create_app as credit_app
from services.registry.app import create_app as registry_app

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def registry(make_config):
    return registry_app(make_config("registry")).test_client()


def test_an_unknown_provider_page_is_a_page_that_says_so(registry):
    page = registry.get("/public/providers/91330400MA2XXXXXXX", headers=BROWSER)
    assert page.status_code == 404 and page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    assert "没有找到这个页面" in html and 'href="/static/site.css"' in html and "服务机构名录" in html
    assert "91330400MA2XXXXXXX" in html  # what was not found, as technical information


def test_a_page_asked_with_bad_search_fields_names_them(registry):
    page = registry.get("/public/providers?limit=-3&county=nowhere")
    assert page.status_code == 422 and page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    assert "查询条件有误（每页条数、县（市、区））" in html and "limit" not in html


def test_the_api_keeps_problem_json_for_the_same_mistakes(registry):
    api = registry.get("/directory/providers?limit=-3", headers=BROWSER)
    assert api.status_code == 422 and api.content_type == "application/problem+json"
    assert any(e["field"] == "limit" for e in api.json["errors"])


def test_an_unknown_public_address_is_a_page_for_a_browser_and_json_for_a_client(make_config):
    credit = credit_app(make_config("credit")).test_client()
    page = credit.get("/public/credit/no-such-page", headers=BROWSER)
    assert page.status_code == 404 and page.content_type.startswith("text/html")
    assert "没有找到这个页面" in page.get_data(as_text=True)
    client = credit.get("/public/credit/no-such-page", headers={"Accept": "*/*"})
    assert client.status_code == 404 and client.content_type == "application/problem+json"
    bad_month = credit.get("/public/credit/bulletins/2026-13/page", headers=BROWSER)
    assert bad_month.status_code == 422 and bad_month.content_type.startswith("text/html")


def test_a_cursor_the_database_cannot_hold_is_a_422_page(registry):
    beyond_int64 = base64.urlsafe_b64encode(b'["x", 100000000000000000000]').decode()
    page = registry.get(f"/public/experts?cursor={beyond_int64}", headers=BROWSER)
    assert page.status_code == 422 and page.content_type.startswith("text/html")
    assert "查询条件有误（翻页位置）" in page.get_data(as_text=True)
