"""Public credit disclosure (信用公示), no token: ratings of active agencies (search, filters, pages), the two
lists, monthly bulletins (JSON and a page each), the rule tables, the public page and an agency's credit page
in Chinese, in the site's shared look. Organisations only; no personal data."""

from __future__ import annotations

import re
from pathlib import Path

from services.common.errors import Invalid
from services.common.site.charts import line_chart
from services.common.site.pages import HTML, paging, render, site_blueprint
from services.common.storage.pagination import page_schema
from services.common.web.app import ctx

from ..schemas.public import (
    MONTH,
    BulletinEntrySchema,
    BulletinSummarySchema,
    PublicArgs,
    PublicRatingSchema,
    RuleTableSchema,
    RuleVersionSchema,
)
from ..views import notices as notice_views
from ..views import public as views

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
blp = site_blueprint(
    "credit-public", __name__, "/public/credit", TEMPLATES, "Public credit disclosure (信用公示), no token"
)
DIMENSION_NAMES = {"basic_management": "基础管理", "service_quality": "服务质量", "performance_record": "履约记录"}


@blp.route("/ratings")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(PublicRatingSchema))
def ratings(args):
    """Ratings of all active agencies (search by name `q`; filter by county, town, grade)."""
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


@blp.route("/bulletins/<month:month>")
@blp.response(200, BulletinSummarySchema)
def bulletin(month):
    """One month's frozen bulletin (YYYY-MM): as of the 1st, grades counted; entries at `/entries`."""
    return views.bulletin(ctx().read(), _month(month))


@blp.route("/bulletins/<month:month>/entries")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(BulletinEntrySchema))
def bulletin_entries(args, month):
    """A page of one month's bulletin entries (search by name; filter by county, town, grade)."""
    return views.bulletin_entries(ctx().read(), _month(month), args)


@blp.route("/bulletins/<month:month>/page")
@blp.arguments(PublicArgs, location="query")
@blp.doc(**HTML)
def bulletin_page(args, month):
    """One month's bulletin as a page in Chinese (月度信用公示), with a link to its JSON."""
    data = views.bulletin_page(ctx().read(), _month(month), args)
    title = f"{month[:4]} 年 {int(month[5:])} 月安全生产中介服务机构信用公示"
    return _html("credit_bulletin.html", title, **data)


@blp.route("/rules")
@blp.response(200, RuleVersionSchema(many=True))
def rules():
    """The rule tables (评价规则), newest first: version and the day from which it applies."""
    return views.rules()


@blp.route("/rules/<version>")
@blp.response(200, RuleTableSchema)
def rule_table(version):
    """One rule table: every row's points and period, caps, thresholds and due-process days."""
    return views.rule_table(version)


@blp.route("/page")
@blp.arguments(PublicArgs, location="query")
@blp.doc(**HTML)
def page(args):
    """The public credit page (信用信息公示): the rules in force, agencies by score (search, pages), both lists,
    the monthly bulletins."""
    return _html("credit_public.html", "安全生产中介服务机构信用信息公示", **views.page(ctx().read(), args))


@blp.route("/agencies/<agency_id>")
@blp.doc(**HTML)
def agency_page(agency_id):
    """An agency's credit page: grade and score with its history as a chart, the violations disclosed today,
    the lists it is on and those it is to be put on (拟列入), with their dates."""
    data = {**views.agency_page(uow := ctx().read(), agency_id), "intended": notice_views.intended(uow, agency_id)}
    chart = line_chart([(h["as_of"], h["new_score"]) for h in data["history"]], "信用分变化")
    return _html("credit_agency.html", "机构信用信息", chart=chart, **data)


def _month(month: str) -> str:
    if not re.match(MONTH, month):
        raise Invalid("a month is YYYY-MM", field="month", location="path")
    return month


def _html(template: str, title: str, **data):
    return render(template, title, dimensions=DIMENSION_NAMES, paging=paging(data.pop("next_cursor", None)), **data)
