"""The public coverage page in pages: `limit` counties or towns a page by code, `cursor` the last one shown."""

from __future__ import annotations

import re

import pytest

from services.common.reference import COUNTY_CODES, towns_of
from services.subsidy.app import create_app

pytestmark = pytest.mark.integration


@pytest.fixture
def client(make_config):
    return create_app(make_config("subsidy")).test_client()


def shown(page: str, level: str) -> list[str]:
    """The codes of the rows on a coverage page (counties link to their own page; towns by their row's name), the
    totals row (the whole division, in the table's foot) aside."""
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    if level == "county":
        return re.findall(r"coverage\?county=(\d{6})\"", rows)
    return re.findall(r"<tr><th scope=\"row\">([^<]+)</th>", rows)


def test_counties_come_in_pages_by_code(client):
    first = client.get("/public/subsidy/coverage?limit=3")
    assert first.status_code == 200
    assert shown(first.text, "county") == sorted(COUNTY_CODES)[:3]
    cursor = re.search(r"cursor=(\d{6})", first.text).group(1)
    assert cursor == sorted(COUNTY_CODES)[2]
    rest = client.get(f"/public/subsidy/coverage?limit=10&cursor={cursor}")
    assert shown(rest.text, "county") == sorted(COUNTY_CODES)[3:]
    assert "cursor=" not in rest.text.split("</table>")[1]  # the last page links to no next one


def test_a_county_pages_its_towns(client):
    county = COUNTY_CODES[0]
    page = client.get(f"/public/subsidy/coverage?county={county}&limit=2")
    assert page.status_code == 200
    assert len(shown(page.text, "town")) == min(2, len(towns_of(county)))


def test_a_cursor_not_among_the_rows_is_refused(client):
    assert client.get("/public/subsidy/coverage?cursor=330499").status_code == 422
    assert client.get(f"/public/subsidy/coverage?county={COUNTY_CODES[0]}&cursor={COUNTY_CODES[1]}").status_code == 422
