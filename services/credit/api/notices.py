"""Public notices (公告送达) on the public credit site, no token: the notices of violations no channel delivered to
the agency in time, as JSON and as a page in the site's look."""

from __future__ import annotations

from services.common.site.pages import HTML, paging, render, site_blueprint
from services.common.storage.pagination import PageArgs, page_schema
from services.common.web.app import ctx

from ..rulebook import BOOK
from ..schemas.notices import PublicNoticeSchema
from ..views import notices as views
from .public import TEMPLATES

TITLE = "违法违规记录公告送达"
blp = site_blueprint(
    "credit-notices", __name__, "/public/credit", TEMPLATES, "Public notices of violations (公告送达), no token"
)


@blp.route("/notices")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(PublicNoticeSchema))
def notices(args):
    """Public notices (公告送达), the newest first: the day published (the notice counts as served), the violation,
    the objection deadline and the effect's dates that run from it."""
    return views.public_notices(ctx().read(), args)


@blp.route("/notices/page")
@blp.arguments(PageArgs, location="query")
@blp.doc(**HTML)
def notices_page(args):
    """The public notices as a page in Chinese."""
    uow = ctx().read()
    found = views.public_notices(uow, args)
    days = BOOK.on(uow.today).public_notice_days
    return render(
        "credit_notices.html", TITLE, items=found["items"], paging=paging(found["next_cursor"]), notice_days=days
    )
