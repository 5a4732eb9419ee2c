"""Matching's public pages (公众网站, zh-CN, no token): an agency's practice record (执业公示), in pages, and the
draw audit of every expert request (专家抽取公示) with the experts named, as a page, JSON and CSV. No amounts and
no buyer identity in the practice record: the buyer's type, the place, the dates and how each contract ended."""

from __future__ import annotations

from pathlib import Path

from services.common.errors import NotFound
from services.common.site.pages import CSV, HTML, SearchArgs, download, page_or, paging, render, site_blueprint
from services.common.web.app import ctx

from .. import views
from ..experts.store import REQUESTS
from ..experts.views import draws as audit
from ..store import CONTRACTS, MatchingStore

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
pages = site_blueprint("matching-site", __name__, "/public", TEMPLATES, "Public pages in Chinese (执业公示), no token")
EVERYTHING = {"limit": 10_000, "cursor": None}


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


@pages.route("/expert-draws.csv")
@pages.doc(**CSV)
def draws_csv():
    """The draw audit of every request as CSV: the experts named, cancellations and redraws."""
    uow = ctx().read()
    return download(audit.sheet(uow, audit.named_draws(uow, EVERYTHING)["items"]), "expert-draws")


@pages.route("/home/matching")
@pages.doc(**HTML)
def home():
    """What the home page (门户首页) shows of matching: contracts signed through the platform, expert draws."""
    uow = ctx().read()
    return render(
        "matching_home.html",
        "供需对接和专家抽取",
        signed=uow[CONTRACTS].count_documents({"status": {"$in": ["signed", "completed", "terminated"]}}),
        completed=uow[CONTRACTS].count_documents({"status": "completed"}),
        draws=uow[REQUESTS].count_documents({}),
        redraws=uow[REQUESTS].count_documents({"redraw_of": {"$ne": None}}),
    )


def draws(args: dict):
    """The draw audit (JSON, or its page for a browser): `GET /public/expert-draws`."""
    found = audit.named_draws(ctx().read(), args)
    return page_or(
        found, "matching_draws.html", audit.TITLE, **_draws_page(found["items"], paging(found["next_cursor"]))
    )


def draw(request_id: str):
    """One request's audit (JSON, or its page): `GET /public/expert-draws/<request_id>`."""
    found = audit.named_draw(ctx().read(), request_id)
    return page_or(found, "matching_draws.html", audit.TITLE, **_draws_page([found], {}))


def _draws_page(draws: list[dict], pages: dict) -> dict:
    return {"draws": draws, "paging": pages, "requester": audit.requester}
