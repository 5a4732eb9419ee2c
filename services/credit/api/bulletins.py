"""Monthly bulletins (月度信用公示) and the rule tables (评价规则), no token: JSON for a program, the page for a
browser, and CSV."""

from __future__ import annotations

import re

from services.common.errors import Invalid
from services.common.site.pages import CSV, HTML, PAGE_TOO, download, page_or, paging, render, site_blueprint
from services.common.site.sheets import Column, Sheet
from services.common.site.words import place
from services.common.storage.pagination import page_schema
from services.common.web.app import ctx

from ..schemas.public import (
    BulletinEntrySchema,
    BulletinSummarySchema,
    FilterArgs,
    PublicArgs,
    RuleTableSchema,
    RuleVersionSchema,
)
from ..views import public as views
from ..views.publications import title as notice_title
from .public import DIMENSION_NAMES, EVERYTHING, RATING_COLUMNS, TEMPLATES

blp = site_blueprint(
    "credit-bulletins",
    __name__,
    "/public/credit",
    TEMPLATES,
    "Monthly bulletins (月度信用公示) and rules (评价规则), no token",
)
FIRST_PAGE = {"limit": 20, "cursor": None}
MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
BULLETINS_TITLE = "月度信用公示"
BULLETIN_COLUMNS = [
    Column("公示月份", width=10),
    Column("评价日", width=11),
    Column("规则版本", width=8),
    Column("机构（家）", "count", 10),
    *(Column(f"{g} 级（家）", "count", 9) for g in "ABCD"),
]
RULE_COLUMNS = [
    Column("事项", width=40),
    Column("维度", width=10),
    Column("分值", "count", 6),
    Column("有效期（月）", "count", 10),
    Column("说明", width=50),
]


@blp.route("/bulletins")
@blp.response(200, BulletinSummarySchema(many=True))
@blp.doc(**PAGE_TOO)
def bulletins():
    """Monthly bulletins (月度信用公示), newest first."""
    found = views.bulletins(ctx().read())
    return page_or(found, "credit_bulletins.html", BULLETINS_TITLE, bulletins=found)


@blp.route("/bulletins.csv")
@blp.doc(**CSV)
def bulletins_csv():
    """The bulletins as CSV: one row a month with its grades counted."""
    uow = ctx().read()
    rows = [
        [b["_id"], b["as_of"], b["rule_version"], b["agencies"], *(b["grades"].get(g, 0) for g in "ABCD")]
        for b in views.bulletins(uow)
    ]
    return download(
        Sheet(BULLETINS_TITLE, f"截至 {uow.today.isoformat()}", BULLETIN_COLUMNS, rows, uow.now), "bulletins"
    )


@blp.route("/bulletins/<month:month>")
@blp.response(200, BulletinSummarySchema)
@blp.doc(**PAGE_TOO)
def bulletin(month):
    """One month's frozen bulletin (YYYY-MM): as of the 1st, grades counted; entries at `/entries`."""
    found = views.bulletin(ctx().read(), _month(month))
    return page_or(found, "credit_bulletin.html", _title(month), **_bulletin_page(month, FIRST_PAGE))


@blp.route("/bulletins/<month:month>/entries")
@blp.arguments(PublicArgs, location="query")
@blp.response(200, page_schema(BulletinEntrySchema))
@blp.doc(**PAGE_TOO)
def bulletin_entries(args, month):
    """A page of one month's bulletin entries (search by name; filter by county, town, grade)."""
    found = views.bulletin_entries(ctx().read(), _month(month), args)
    return page_or(found, "credit_bulletin.html", _title(month), **_bulletin_page(month, args))


@blp.route("/bulletins/<month:month>/entries.csv")
@blp.arguments(FilterArgs, location="query")
@blp.doc(**CSV)
def bulletin_entries_csv(args, month):
    """Every entry of one month's bulletin the search finds, as CSV."""
    uow = ctx().read()
    doc = views.bulletin(uow, _month(month))
    rows = [
        [e["name"], e["agency_id"], place(e["county"], e["town"]), e["score"], f"{e['grade']} 级"]
        + [(e.get("subtotals") or {}).get(k, 0) for k in DIMENSION_NAMES]
        + [doc["as_of"], "；".join(notice_title(c["notice"]) for c in e.get("corrections", ())) or "—"]
        for e in views.bulletin_entries(uow, month, {**args, **EVERYTHING})["items"]
    ]
    period = f"评价日 {doc['as_of']}，评价规则第 {doc['rule_version']} 版"
    sheet = Sheet(_title(month), period, [*RATING_COLUMNS, Column("更正公告", width=40)], rows, uow.now)
    sheet.notes = ["本公示发布后不再变更；此后查明的情况以更正公告公示，见“更正公告”一栏。"]
    return download(sheet, f"bulletin-{month}")


@blp.route("/bulletins/<month:month>/page")
@blp.arguments(PublicArgs, location="query")
@blp.doc(**HTML)
def bulletin_page(args, month):
    """One month's bulletin as a page in Chinese (月度信用公示)."""
    return render("credit_bulletin.html", _title(_month(month)), **_bulletin_page(month, args))


@blp.route("/rules")
@blp.response(200, RuleVersionSchema(many=True))
@blp.doc(**PAGE_TOO)
def rules():
    """The rule tables (评价规则), newest first: version and the day from which it applies."""
    found = views.rules()
    return page_or(found, "credit_rule_versions.html", "信用评价规则", versions=found)


@blp.route("/rules/<version>")
@blp.response(200, RuleTableSchema)
@blp.doc(**PAGE_TOO)
def rule_table(version):
    """One rule table: every row's points and period, caps, thresholds and due-process days."""
    found = views.rule_table(version)
    table = views.rule_book(version)
    return page_or(
        found,
        "credit_rule_table.html",
        f"信用评价规则第 {version} 版",
        rules=table,
        rule_note=views.rule_note,
        dimensions=DIMENSION_NAMES,
    )


@blp.route("/rules/<version>/table.csv")
@blp.doc(**CSV)
def rule_table_csv(version):
    """One rule table's rows as CSV."""
    uow, table = ctx().read(), views.rule_book(version)
    rows = [
        [r.title, DIMENSION_NAMES[r.dimension], r.points, r.months, views.rule_note(table, r)]
        for r in table.rules.values()
    ]
    sheet = Sheet(
        table.title, f"自 {table.effective_from.isoformat()} 起施行", RULE_COLUMNS, rows, uow.now, name="评价规则"
    )
    return download(sheet, f"rules-{version}")


@blp.route("/home", endpoint="home")
@blp.doc(**HTML)
def home():
    """What the home page (门户首页) shows of credit: the latest monthly bulletin, agencies rated and on the lists."""
    uow = ctx().read()
    return render("credit_home.html", "信用评价", latest=next(iter(views.bulletins(uow, 1)), None), **views.counts(uow))


def _bulletin_page(month: str, args: dict) -> dict:
    data = views.bulletin_page(ctx().read(), _month(month), args)
    return {**data, "dimensions": DIMENSION_NAMES, "month": month, "paging": paging(data.pop("next_cursor", None))}


def _title(month: str) -> str:
    return f"{month[:4]} 年 {int(month[5:])} 月安全生产中介服务机构信用公示"


def _month(month: str) -> str:
    if not MONTH.fullmatch(month):
        raise Invalid("a month is YYYY-MM", field="month", location="path")
    return month
