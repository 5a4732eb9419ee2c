"""Public credit disclosure (信用公示), no token: ratings of active agencies (search, filters, pages) and the two
lists, each as JSON for a program, a page for a browser and CSV; the public page and an agency's credit page
in Chinese, in the site's shared look. Organisations only; no personal data. (Bulletins and rules: `bulletins`.)"""

from __future__ import annotations

from pathlib import Path

from services.common.site.charts import line_chart
from services.common.site.pages import CSV, HTML, PAGE_TOO, download, page_or, paging, render, site_blueprint
from services.common.site.sheets import Column, Sheet
from services.common.site.words import place
from services.common.storage.pagination import page_schema
from services.common.web.app import ctx

from ..domain.listings import LIST_NAMES, RECTIFICATION, SEVERE
from ..schemas.public import FilterArgs, ListedAgencySchema, PublicArgs, PublicRatingSchema
from ..views import lists
from ..views import notices as notice_views
from ..views import public as views

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
blp = site_blueprint(
    "credit-public", __name__, "/public/credit", TEMPLATES, "Public credit disclosure (信用公示), no token"
)
DIMENSION_NAMES = {"basic_management": "基础管理", "service_quality": "服务质量", "performance_record": "履约记录"}
RATINGS_TITLE = "安全生产中介服务机构信用等级"
EVERYTHING = {"limit": 10_000, "cursor": None}  # a CSV file holds every row the search finds
LIST_FILES = {SEVERE: "severe-dishonesty-list", RECTIFICATION: "rectification-list"}
RATING_COLUMNS = [
    Column("机构名称", width=30),
    Column("统一社会信用代码", width=20),
    Column("所在地", width=14),
    Column("信用分", "count", 8),
    Column("等级", width=6),
    *(Column(name, "count", 9) for name in DIMENSION_NAMES.values()),
    Column("评价日", width=11),
]


@blp.route("/ratings")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(PublicRatingSchema))
@blp.doc(**PAGE_TOO)
def ratings(args):
    """Ratings of all active agencies (search by name `q`; filter by county, town, grade)."""
    found = views.public_ratings(ctx().read(), args)
    return page_or(found, "credit_ratings.html", RATINGS_TITLE, **_page(found, args))


@blp.route("/ratings.csv")
@blp.arguments(FilterArgs, location="query")
@blp.doc(**CSV)
def ratings_csv(args):
    """Every rating the search finds, as CSV."""
    uow = ctx().read()
    rows = [
        [a["name"], a["agency_id"], place(a["county"], a["town"]), a["score"], f"{a['grade']} 级"]
        + [(a.get("subtotals") or {}).get(k, 0) for k in DIMENSION_NAMES]
        + [a["as_of"]]
        for a in views.public_ratings(uow, {**args, **EVERYTHING})["items"]
    ]
    return download(Sheet(RATINGS_TITLE, f"截至 {uow.today.isoformat()}", RATING_COLUMNS, rows, uow.now), "ratings")


@blp.route("/severe-dishonesty-list")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(ListedAgencySchema))
@blp.doc(**PAGE_TOO)
def severe_dishonesty_list(args):
    """严重失信名单: agencies under a veto listing (36 months unless repaired), each with why, by whom, on what
    legal basis, since and until when, and how it comes off."""
    return _listing(SEVERE, args)


@blp.route("/severe-dishonesty-list.csv")
@blp.arguments(FilterArgs, location="query")
@blp.doc(**CSV)
def severe_dishonesty_list_csv(args):
    """The severe-dishonesty list as CSV."""
    return _listing_csv(SEVERE, args)


@blp.route("/rectification-list")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(ListedAgencySchema))
@blp.doc(**PAGE_TOO)
def rectification_list(args):
    """限期整改名单: agencies with 20 or more points of deductions, for 6 months, each with the deductions, who
    recorded them, the legal basis, the dates and how it comes off."""
    return _listing(RECTIFICATION, args)


@blp.route("/rectification-list.csv")
@blp.arguments(FilterArgs, location="query")
@blp.doc(**CSV)
def rectification_list_csv(args):
    """The rectification list as CSV."""
    return _listing_csv(RECTIFICATION, args)


def _listing(field: str, args: dict):
    found = lists.listings_page(ctx().read(), field, args)
    title = f"安全生产中介服务机构{LIST_NAMES[field]}"
    return page_or(found, "credit_list.html", title, field=field, **_page(found, args))


def _listing_csv(field: str, args: dict):
    uow = ctx().read()
    items = lists.listings_page(uow, field, {**args, **EVERYTHING})["items"]
    return download(lists.sheet(uow, field, items), LIST_FILES[field])


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


def _page(found: dict, args: dict) -> dict:
    return {
        "items": found["items"],
        "search": args,
        "dimensions": DIMENSION_NAMES,
        "paging": paging(found["next_cursor"]),
    }


def _html(template: str, title: str, **data):
    next_page = paging(data.pop("next_cursor", None))
    return render(template, title, dimensions=DIMENSION_NAMES, rule_note=views.rule_note, paging=next_page, **data)
