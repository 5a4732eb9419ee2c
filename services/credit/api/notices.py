"""Public notices (公告送达) on the public credit site, no token: the notices of violations and of buyers' at-fault
claims no channel delivered to the agency in time, as JSON and as a page in the site's look."""

from __future__ import annotations

from services.common.site.pages import CSV, HTML, PAGE_TOO, download, page_or, paging, render, site_blueprint
from services.common.storage.pagination import PageArgs, page_schema
from services.common.web.app import ctx

from ..rulebook import BOOK
from ..schemas.notices import PublicNoticeSchema
from ..views import notices as views
from .public import EVERYTHING, TEMPLATES

TITLE = "违法违规记录及过错解约主张公告送达"
blp = site_blueprint(
    "credit-notices",
    __name__,
    "/public/credit",
    TEMPLATES,
    "Public notices of violations and claims (公告送达), no token",
)


@blp.route("/notices")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(PublicNoticeSchema))
@blp.doc(**PAGE_TOO)
def notices(args):
    """Public notices (公告送达), the newest first: the day published (the notice counts as served), the violation
    (or the buyer's at-fault claim), the objection deadline and the effect's dates that run from it (a browser gets
    the page)."""
    uow = ctx().read()
    found = views.public_notices(uow, args)
    return page_or(found, "credit_notices.html", TITLE, **_page(uow, found))


@blp.route("/notices/page")
@blp.arguments(PageArgs, location="query")
@blp.doc(**HTML)
def notices_page(args):
    """The public notices as a page in Chinese."""
    uow = ctx().read()
    return render("credit_notices.html", TITLE, **_page(uow, views.public_notices(uow, args)))


@blp.route("/notices.csv")
@blp.arguments(PageArgs, location="query")
@blp.doc(**CSV)
def notices_csv(args):
    """Every public notice as CSV (UTF-8 with BOM), the newest first."""
    uow = ctx().read()
    return download(views.notices_sheet(uow, views.public_notices(uow, {**args, **EVERYTHING})["items"]), "notices")


def _page(uow, found: dict) -> dict:
    days = BOOK.on(uow.today).public_notice_days
    return {
        "items": found["items"],
        "paging": paging(found["next_cursor"]),
        "notice_days": days,
        "effect": views.effect,
        "cause": views.cause,
        "by_whom": views.by_whom,
    }
