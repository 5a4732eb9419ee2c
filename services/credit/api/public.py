"""Public credit disclosure (信用公示), no token: ratings of active agencies, the two lists, monthly bulletins,
and a server-rendered page in Chinese. Organisations only; no personal data."""
from __future__ import annotations

from pathlib import Path

from flask import render_template
from flask_smorest import Blueprint

from services.common.pagination import page_schema
from services.common.web import ctx

from .. import views
from ..domain.rules import CURRENT
from ..schemas import BulletinSchema, BulletinSummarySchema, PublicArgs, PublicRatingSchema

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
blp = Blueprint("credit-public", __name__, url_prefix="/public/credit", template_folder=str(TEMPLATES),
                description="Public credit disclosure (信用公示), no token")
DIMENSION_NAMES = {"basic_management": "基础管理", "service_quality": "服务质量", "performance_record": "履约记录"}


@blp.route("/ratings")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(PublicRatingSchema))
def ratings(args):
    """Ratings of all active agencies (filter by county, grade)."""
    return views.public_ratings(ctx().read(), args)


@blp.route("/severe-dishonesty-list")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(PublicRatingSchema))
def severe_dishonesty_list(args):
    """严重失信名单: agencies under a veto listing (36 months unless repaired)."""
    return views.listed(ctx().read(), "listed_until", args)


@blp.route("/rectification-list")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(PublicRatingSchema))
def rectification_list(args):
    """限期整改名单: agencies with 20 or more points of deductions, for 6 months."""
    return views.listed(ctx().read(), "rectification_until", args)


@blp.route("/bulletins")
@blp.response(200, BulletinSummarySchema(many=True))
def bulletins():
    """Monthly bulletins (月度信用公示), newest first."""
    return views.bulletins(ctx().read())


@blp.route("/bulletins/<month>")
@blp.response(200, BulletinSchema)
def bulletin(month):
    """One month's frozen snapshot (YYYY-MM)."""
    return views.bulletin(ctx().read(), month)


@blp.route("/page")
@blp.doc(responses={"200": {"description": "HTML page in Chinese", "content": {"text/html": {}}}})
def page():
    """The public credit page (信用信息公示) for people: grades, both lists, the latest bulletins."""
    html = render_template("credit_public.html", rules=CURRENT, dimensions=DIMENSION_NAMES, **views.page(ctx().read()))
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}
