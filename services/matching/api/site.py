"""Matching's public page (公众网站, zh-CN, no token): an agency's practice record (执业公示), in pages.
No amounts and no buyer identity: the buyer's type, the place, the dates and how each contract ended."""

from __future__ import annotations

from pathlib import Path

from services.common.errors import NotFound
from services.common.site.pages import HTML, SearchArgs, paging, render, site_blueprint
from services.common.web.app import ctx

from .. import views
from ..store import MatchingStore

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
pages = site_blueprint("matching-site", __name__, "/public", TEMPLATES, "Public pages in Chinese (执业公示), no token")


@pages.route("/practice/<agency_id>")
@pages.arguments(SearchArgs, location="query")
@pages.doc(**HTML)
def practice(args, agency_id):
    """执业公示: the agency's signed contracts, newest first (404 if matching does not know the agency)."""
    uow = ctx().read()
    agency = MatchingStore(uow).provider(agency_id)
    if agency is None:
        raise NotFound(f"no agency {agency_id} known to matching")
    record = views.practice_record(uow, agency_id, args)
    return render(
        "matching_practice.html",
        "执业公示",
        agency=agency,
        contracts=record["items"],
        paging=paging(record["next_cursor"]),
    )
