"""The public chain (公示链) of monthly bulletins and correction notices (更正公告), no token: JSON for anyone to
recompute (`python -m services.credit.verify <base url>`), the page for a browser at the same address, and CSV."""

from __future__ import annotations

from services.common.site.pages import CSV, HTML, PAGE_TOO, base_url, download, page_or, render, site_blueprint
from services.common.web.app import ctx

from ..schemas.chain import ChainLinkSchema, CorrectionNoticeSchema
from ..views import publications as views
from .public import DIMENSION_NAMES, TEMPLATES

blp = site_blueprint(
    "credit-chain", __name__, "/public/credit", TEMPLATES, "The chain of bulletins and correction notices, no token"
)
CHAIN_TITLE = "信用公示校验链"
NOTICES_TITLE = "信用公示更正公告"


@blp.route("/chain")
@blp.response(200, ChainLinkSchema(many=True))
@blp.doc(**PAGE_TOO)
def chain():
    """Every monthly bulletin and correction notice in the order published, each with the SHA-256 digest of its
    canonical JSON (RFC 8785) chained to the digest before it (a browser gets the page, with how to verify it)."""
    links = views.chain(ctx().read())
    return page_or(links, "credit_chain.html", CHAIN_TITLE, **_chain_page(links))


@blp.route("/chain/page")
@blp.doc(**HTML)
def chain_page():
    """The chain as a page (公示链), with how to verify it."""
    return render("credit_chain.html", CHAIN_TITLE, **_chain_page(views.chain(ctx().read())))


@blp.route("/chain.csv")
@blp.doc(**CSV)
def chain_csv():
    """The chain as CSV: one row a link."""
    uow = ctx().read()
    return download(views.chain_sheet(uow, views.chain(uow)), "chain")


@blp.route("/corrections")
@blp.response(200, CorrectionNoticeSchema(many=True))
@blp.doc(**PAGE_TOO)
def corrections():
    """Correction notices (更正公告), the newest first (a browser gets the page)."""
    found = views.notices(ctx().read())
    return page_or(found, "credit_corrections.html", NOTICES_TITLE, notices=found, notice_title=views.title)


@blp.route("/corrections.csv")
@blp.doc(**CSV)
def corrections_csv():
    """Every line of the correction notices listed as CSV: each corrected entry before and after."""
    uow = ctx().read()
    return download(views.notices_sheet(uow, views.notices(uow)), "corrections")


@blp.route("/corrections/<notice_id>")
@blp.response(200, CorrectionNoticeSchema)
@blp.doc(**PAGE_TOO)
def correction(notice_id):
    """One correction notice (YYYY-MM-NNN): each corrected bulletin entry before and after (a browser gets the
    page)."""
    found = views.notice(ctx().read(), notice_id)
    return page_or(found, "credit_correction.html", views.title(notice_id), **_notice_page(found))


@blp.route("/corrections/<notice_id>/page")
@blp.doc(**HTML)
def correction_page(notice_id):
    """One correction notice as a page in Chinese (更正公告)."""
    found = views.notice(ctx().read(), notice_id)
    return render("credit_correction.html", views.title(notice_id), **_notice_page(found))


def _chain_page(links: list[dict]) -> dict:
    return {"links": links, "link_title": views.link_title, "base": base_url("credit")}


def _notice_page(notice: dict) -> dict:
    return {"notice": notice, "dimensions": DIMENSION_NAMES}
