"""Public subsidy pages and data (no token): the programmes (name, period, budget used and left,
beneficiaries as a count) and coverage by county and town (counts only), in the site's shared look."""

from __future__ import annotations

from pathlib import Path

import marshmallow as ma
from marshmallow import validate

from services.common.reference import COUNTY_CODES
from services.common.site.charts import bar_chart
from services.common.site.pages import HTML, SearchArgs, paging, render, site_blueprint
from services.common.web.app import ctx

from .. import views
from ..schemas import PublicProgrammeSchema

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
blp = site_blueprint(
    "subsidy-public",
    __name__,
    "/public/subsidy",
    TEMPLATES,
    "Public subsidy programmes (补贴项目公示) and coverage (服务覆盖), no token",
)


class CoverageArgs(SearchArgs):
    county = ma.fields.String(
        validate=validate.OneOf(COUNTY_CODES),
        metadata={"description": "a county: its towns; none: the city's counties"},
    )


@blp.route("/programmes")
@blp.response(200, PublicProgrammeSchema(many=True))
def programmes():
    """Every open and closed programme, newest period first."""
    return views.public_programmes(ctx().read())


@blp.route("/page")
@blp.arguments(SearchArgs, location="query")
@blp.doc(**HTML)
def page(args):
    """补贴项目公示: the programmes for people, in Chinese, in pages."""
    found = views.public_programme_page(ctx().read(), args)
    return render(
        "subsidy_public.html",
        "安全生产社会化服务补贴项目公示",
        programmes=found["items"],
        paging=paging(found["next_cursor"]),
    )


@blp.route("/coverage")
@blp.arguments(CoverageArgs, location="query")
@blp.doc(**HTML)
def coverage(args):
    """服务覆盖: the share of small and medium enterprises served in the last 12 months, by county (or by
    town of a county), as a bar chart and a table; `limit` counties or towns a page, by code."""
    found = views.public_coverage(ctx().read(), args.get("county"), args["limit"], args.get("cursor"))
    chart = bar_chart(
        [(r.name, r.share_permille) for r in found["parts"]], f"{found['name']}中小微企业服务覆盖率", 1000
    )
    title = f"{found['name']}安全生产社会化服务覆盖情况"
    return render("subsidy_coverage.html", title, chart=chart, paging=paging(found.pop("next_cursor")), **found)
