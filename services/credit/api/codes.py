"""The violation code table (违法违规行为代码表), public: every version as JSON, as a page and as CSV. Each code a
violation names, its name and its legal basis (services/common/reference/violations.json)."""

from __future__ import annotations

from services.common.reference import violations
from services.common.site.pages import CSV, HTML, PAGE_TOO, download, page_or, render
from services.common.web.app import ctx

from ..schemas.codes import CodeTableSchema
from ..views.codes import code_tables, codes_sheet
from .public import blp


@blp.route("/violation-codes")
@blp.response(200, CodeTableSchema(many=True))
@blp.doc(**PAGE_TOO)
def violation_codes():
    """The violation code table, every version newest first: code, name (行为名称) and legal basis (法律依据); a
    violation is read by the version in force on the day it occurred (a browser gets the page)."""
    tables = code_tables(ctx().clock.today())
    return page_or(tables, "credit_codes.html", violations.TITLE, tables=tables)


@blp.route("/violation-codes/page")
@blp.doc(**HTML)
def violation_codes_page():
    """The violation code table as a page in Chinese."""
    return render("credit_codes.html", violations.TITLE, tables=code_tables(ctx().clock.today()))


@blp.route("/violation-codes.csv")
@blp.doc(**CSV)
def violation_codes_csv():
    """Every version of the code table as CSV (UTF-8 with BOM): one row a code."""
    uow = ctx().read()
    return download(codes_sheet(uow.today, uow.now), "violation-codes")
