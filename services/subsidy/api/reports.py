"""Coverage (覆盖率) and the yearly assessment (年度考核) per county and town: JSON, CSV and XLSX."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from services.common.site.sheets import to_csv, to_xlsx
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from .. import export, views
from ..schemas import ReportArgs, ReportSchema

blp = Blueprint(
    "reports", __name__, url_prefix="/reports", description="Coverage and the yearly assessment of counties and towns"
)
READERS = ("official", "regulator", "finance")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_DOC = {
    "responses": {
        "200": {"description": "the same table as a file", "content": {t.split(";")[0]: {} for t in FORMATS.values()}}
    }
}


def _report(division: str | None, year: int | None) -> dict:
    uow = ctx().read()
    start, end = views.window_of(uow, year)
    rows = views.figures(uow, current_principal(), division, year)
    return {"window_start": start, "window_end": end, "rows": rows}


def _file(division: str | None, year: int | None, fmt: str, name: str) -> Response:
    """The full table (every figure) of the caller's division or the one asked for, as CSV or XLSX."""
    uow = ctx().read()
    scope = views.report_scope(current_principal(), division)
    rows = views.figures(uow, current_principal(), scope, year)
    kind = f"{year} 年度考核情况" if year else "覆盖情况"
    table = export.sheet(rows, scope, views.window_of(uow, year), uow.now, kind, full=True)
    return attachment(to_csv(table) if fmt == "csv" else to_xlsx(table), fmt, name)


def attachment(body: bytes, fmt: str, name: str) -> Response:
    return Response(
        body, content_type=FORMATS[fmt], headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    )


@blp.route("/coverage")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, ReportSchema)
@requires(*READERS)
def coverage(args):
    """Coverage over the last 12 months of a division and every division inside it."""
    return _report(args.get("division"), None)


@blp.route("/coverage.<any(csv, xlsx):fmt>")
@blp.arguments(ReportArgs, location="query")
@blp.doc(**FILE_DOC)
@requires(*READERS)
def coverage_file(args, fmt):
    """The coverage table as CSV or XLSX."""
    return _file(args.get("division"), None, fmt, "coverage")


@blp.route("/assessment/<int:year>")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, ReportSchema)
@requires(*READERS)
def assessment(args, year):
    """The yearly assessment: the calendar year's figures per county and town, against the target."""
    return _report(args.get("division"), year)


@blp.route("/assessment/<int:year>.<any(csv, xlsx):fmt>")
@blp.arguments(ReportArgs, location="query")
@blp.doc(**FILE_DOC)
@requires(*READERS)
def assessment_file(args, year, fmt):
    """The yearly assessment as CSV or XLSX."""
    return _file(args.get("division"), year, fmt, f"assessment-{year}")
