"""Public credit disclosure (信用公示), no token: ratings of active agencies, the two lists, monthly bulletins,
and a server-rendered page in Chinese. Organisations only; no personal data."""
from __future__ import annotations

from flask import render_template
from flask_smorest import Blueprint

from services.common.errors import NotFound
from services.common.pagination import page_schema, paginate
from services.common.web import ctx

from . import service
from .rules import CURRENT
from .schemas import BulletinSchema, BulletinSummarySchema, PublicArgs, PublicRatingSchema
from .store import AGENCIES, BULLETINS

blp = Blueprint("credit-public", __name__, url_prefix="/public/credit", template_folder="templates",
                description="Public credit disclosure (信用公示), no token")
SHOWN = ("name", "county")
DIMENSION_NAMES = {"basic_management": "基础管理", "service_quality": "服务质量", "performance_record": "履约记录"}


def _public(doc: dict) -> dict:
    rating = doc.get("rating") or {}
    return {"agency_id": doc["_id"], **{k: doc.get(k) for k in SHOWN}, **{k: rating.get(k) for k in (
        "score", "grade", "subtotals", "listed_until", "rectification_until", "as_of")}}


def _page(query: dict, args: dict, sort: str = "_id") -> dict:
    for key in ("county", "grade"):
        if args.get(key):
            query[{"grade": "rating.grade"}.get(key, key)] = args[key]
    page = paginate(ctx().db[AGENCIES], query, args["limit"], args["cursor"], sort=sort)
    return {**page, "items": [_public(d) for d in page["items"]]}


def _listed(field: str) -> dict:
    """Agencies whose stored rating has the list entry still running today."""
    return {f"rating.{field}": {"$gt": service.today().isoformat()}}


@blp.route("/ratings")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(PublicRatingSchema))
def ratings(args):
    """Ratings of all active agencies (filter by county, grade)."""
    return _page({"status": "active", "rating": {"$ne": None}}, args)


@blp.route("/severe-dishonesty-list")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(PublicRatingSchema))
def severe_dishonesty_list(args):
    """严重失信名单: agencies under a veto listing (36 months unless repaired)."""
    return _page(_listed("listed_until"), args)


@blp.route("/rectification-list")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(PublicRatingSchema))
def rectification_list(args):
    """限期整改名单: agencies with 20 or more points of deductions, for 6 months."""
    return _page(_listed("rectification_until"), args)


@blp.route("/bulletins")
@blp.response(200, BulletinSummarySchema(many=True))
def bulletins():
    """Monthly bulletins (月度信用公示), newest first."""
    return list(ctx().db[BULLETINS].find({}, {"entries": 0}).sort("_id", -1).limit(120))


@blp.route("/bulletins/<month>")
@blp.response(200, BulletinSchema)
def bulletin(month):
    """One month's frozen snapshot (YYYY-MM)."""
    doc = ctx().db[BULLETINS].find_one({"_id": month})
    if doc is None:
        raise NotFound(f"no bulletin for {month!r}")
    return doc


@blp.route("/page")
@blp.doc(responses={"200": {"description": "HTML page in Chinese", "content": {"text/html": {}}}})
def page():
    """The public credit page (信用信息公示) for people: grades, both lists, the latest bulletins."""
    db = ctx().db
    active = [_public(d) for d in db[AGENCIES].find({"status": "active", "rating": {"$ne": None}}).sort(
        [("rating.score", -1), ("_id", 1)]).limit(500)]
    html = render_template(
        "credit_public.html", today=service.today().isoformat(), rules=CURRENT, dimensions=DIMENSION_NAMES,
        active=active, listed=[_public(d) for d in db[AGENCIES].find(_listed("listed_until")).sort("_id")],
        rectifying=[_public(d) for d in db[AGENCIES].find(_listed("rectification_until")).sort("_id")],
        bulletins=list(db[BULLETINS].find({}, {"entries": 0}).sort("_id", -1).limit(12)))
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}
