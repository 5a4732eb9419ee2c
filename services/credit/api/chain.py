"""The public chain (公示链) of monthly bulletins and correction notices (更正公告), no token: JSON for anyone to
recompute (`python -m services.credit.verify <base url>`), and a page each in Chinese."""

from __future__ import annotations

from services.common.site.pages import HTML, base_url, render, site_blueprint
from services.common.web.app import ctx

from ..schemas.chain import ChainLinkSchema, CorrectionNoticeSchema
from ..views import publications as views
from .public import DIMENSION_NAMES, TEMPLATES

blp = site_blueprint(
    "credit-chain", __name__, "/public/credit", TEMPLATES, "The chain of bulletins and correction notices, no token"
)


@blp.route("/chain")
@blp.response(200, ChainLinkSchema(many=True))
def chain():
    """Every monthly bulletin and correction notice in the order published, each with the SHA-256 digest of its
    canonical JSON (RFC 8785) chained to the digest before it."""
    return views.chain(ctx().read())


@blp.route("/chain/page")
@blp.doc(**HTML)
def chain_page():
    """The chain as a page (公示链), with how to verify it."""
    links = views.chain(ctx().read())
    return render("credit_chain.html", "信用公示校验链", links=links, kinds=views.KINDS, base=base_url("credit"))


@blp.route("/corrections")
@blp.response(200, CorrectionNoticeSchema(many=True))
def corrections():
    """Correction notices (更正公告), the newest first."""
    return views.notices(ctx().read())


@blp.route("/corrections/<notice_id>")
@blp.response(200, CorrectionNoticeSchema)
def correction(notice_id):
    """One correction notice (YYYY-MM-NNN): each corrected bulletin entry before and after."""
    return views.notice(ctx().read(), notice_id)


@blp.route("/corrections/<notice_id>/page")
@blp.doc(**HTML)
def correction_page(notice_id):
    """One correction notice as a page in Chinese (更正公告)."""
    found = views.notice(ctx().read(), notice_id)
    return render("credit_correction.html", views.title(notice_id), notice=found, dimensions=DIMENSION_NAMES)
