"""Public subsidy pages and data (no token): the programmes (name, period, budget used and left, what they pay,
beneficiaries as a count) and coverage by county and town (counts only), in the site's shared look; each as a
CSV file too, and coverage as a workbook."""

from __future__ import annotations

from pathlib import Path

import marshmallow as ma
from marshmallow import validate

from services.common.reference import COUNTY_CODES
from services.common.site.charts import Bar, bar_chart
from services.common.site.pages import (
    CSV,
    HTML,
    PAGE_TOO,
    SearchArgs,
    download,
    page_or,
    paging,
    render,
    site_blueprint,
)
from services.common.site.sheets import Column, Sheet, to_xlsx
from services.common.site.words import label, percent, rate, yuan
from services.common.web.app import ctx

from .. import export, views
from ..domain.coverage import UNPLACED
from ..schemas import PublicProgrammeSchema
from .reports import FILE_DOC, attachment

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
blp = site_blueprint(
    "subsidy-public",
    __name__,
    "/public/subsidy",
    TEMPLATES,
    "Public subsidy programmes (补贴项目公示) and coverage (服务覆盖), no token",
)
PROGRAMMES_TITLE = "安全生产社会化服务补贴项目公示"
PROGRAMME_COLUMNS = [
    Column("项目名称", width=30),
    Column("类别", width=12),
    Column("资助地区", width=10),
    Column("实施期间", width=24),
    Column("状态", width=8),
    Column("预算（元）", "yuan", 15),
    Column("其中追加（元）", "yuan", 15),
    Column("已使用（元）", "yuan", 15),
    Column("其中已支付（元）", "yuan", 15),
    Column("余额（元）", "yuan", 15),
    Column("已追回（元）", "yuan", 15),
    Column("受益单位（家）", "count", 10),
    Column("补助标准", width=50),
]


EVERY_PART = 100  # more than the counties of the city, or the towns of a county, and its row 未登记镇街


def county_field() -> ma.fields.String:
    return ma.fields.String(
        validate=validate.OneOf(COUNTY_CODES),
        metadata={"description": "a county: its towns; none: the city's counties"},
    )


class CoverageArgs(SearchArgs):
    county = county_field()


class CoverageFileArgs(ma.Schema):
    county = county_field()


@blp.route("/programmes")
@blp.response(200, PublicProgrammeSchema(many=True))
@blp.doc(**PAGE_TOO)
def programmes():
    """Every open and closed programme, newest period first (a browser gets the page)."""
    found = views.public_programmes(ctx().read())
    return page_or(found, "subsidy_public.html", PROGRAMMES_TITLE, programmes=found, paging={})


@blp.route("/programmes.csv")
@blp.doc(**CSV)
def programmes_csv():
    """The programmes as CSV."""
    uow = ctx().read()
    found = views.public_programmes(uow)
    rows = [_programme_row(p) for p in found]
    sheet = Sheet(PROGRAMMES_TITLE, f"截至 {uow.today.isoformat()}", PROGRAMME_COLUMNS, rows, uow.now, name="补贴项目")
    sheet.notes = ["每个项目的各版本共用一笔预算；已使用金额含已批准待支付的补助。受益单位只公布数量。"]
    sheet.notes += [
        f"{p['name']}：{t['on']} 追加预算 {yuan(t['amount_fen'])} 元，理由：{t['reason']}"
        for p in found
        for t in p["top_ups"]
    ]
    return download(sheet, "programmes")


def _programme_row(p: dict) -> list:
    return [
        p["name"],
        label("programme_kind", p["kind"]),
        p["funder_name"],
        f"{p['period_start']} 至 {p['period_end']}",
        label("programme_state", p["state"]),
        p["budget_fen"],
        p["topped_up_fen"],
        p["used_fen"],
        p["paid_fen"],
        p["left_fen"],
        p["recovered_fen"],
        p["beneficiaries"],
        "；".join(p["terms"]),
    ]


@blp.route("/page")
@blp.arguments(SearchArgs, location="query")
@blp.doc(**HTML)
def page(args):
    """补贴项目公示: the programmes for people, in Chinese, in pages."""
    found = views.public_programme_page(ctx().read(), args)
    return render(
        "subsidy_public.html", PROGRAMMES_TITLE, programmes=found["items"], paging=paging(found["next_cursor"])
    )


@blp.route("/coverage")
@blp.arguments(CoverageArgs, location="query")
@blp.doc(**HTML)
def coverage(args):
    """服务覆盖: the share of small and medium enterprises served in the last 12 months, by county (or by
    town of a county, with a row for those registered without a town), as bars with their targets and a table;
    `limit` counties or towns a page, by code (the totals row: the whole city or county)."""
    found = views.public_coverage(ctx().read(), args.get("county"), args["limit"], args.get("cursor"))
    bars = [
        Bar(
            r.name,
            rate(r.covered_smes, r.registered_smes),
            percent(r.covered_smes, r.registered_smes),
            rate(r.target_permille),
            percent(r.target_permille),
        )
        for r in found["parts"]
    ]
    chart = bar_chart(bars, f"{found['name']}中小微企业服务覆盖率", "覆盖率按四舍五入保留一位小数。")
    return render(
        "subsidy_coverage.html",
        f"{found['name']}安全生产社会化服务覆盖情况",
        chart=chart,
        unplaced=UNPLACED,
        notes=export.notes(found["parts"], found["total"], full=False),
        paging=paging(found.pop("next_cursor")),
        **found,
    )


@blp.route("/home", endpoint="home")
@blp.doc(**HTML)
def home():
    """What the home page (门户首页) shows of subsidies: the city's coverage against its target, the programmes."""
    uow = ctx().read()
    found = views.public_programmes(uow)
    return render(
        "subsidy_home.html",
        "补贴和服务覆盖",
        city=views.public_coverage(uow, None)["total"],
        open=[p for p in found if p["state"] == "open"],
        used_fen=sum(p["used_fen"] for p in found),
    )


@blp.route("/coverage.<any(csv, xlsx):fmt>")
@blp.arguments(CoverageFileArgs, location="query")
@blp.doc(**FILE_DOC)
def coverage_file(args, fmt):
    """The coverage table of the page as CSV or XLSX: every county (or town) of it, the totals row."""
    uow = ctx().read()
    found = views.public_coverage(uow, args.get("county"), limit=EVERY_PART)
    window = views.window_of(uow, None)
    table = export.sheet([found["total"], *found["parts"]], found["division"], window, uow.now, "覆盖情况", False)
    if fmt == "csv":
        return download(table, f"coverage-{found['division']}")
    return attachment(to_xlsx(table), fmt, f"coverage-{found['division']}")
