"""The violation code table (违法违规行为代码表), public: every version as JSON and the table as a page. Each code a
violation names, its name and its legal basis (services/common/reference/violations.json)."""

from __future__ import annotations

from services.common.reference import violations
from services.common.site.pages import CSV, HTML, PAGE_TOO, download, page_or, render
from services.common.site.sheets import Column, Sheet
from services.common.web.app import ctx

from ..schemas.codes import CodeTableSchema
from .public import blp


def _tables() -> list[dict]:
    """Every version, newest first, the one in force today marked."""
    current = violations.table_on(ctx().clock.today())
    return [
        {**vars(table), "in_force": table is current, "codes": list(table.rows.values())}
        for table in reversed(violations.TABLES)
    ]


@blp.route("/violation-codes")
@blp.response(200, CodeTableSchema(many=True))
@blp.doc(**PAGE_TOO)
def violation_codes():
    """The violation code table, every version newest first: code, name (行为名称) and legal basis (法律依据); a
    violation is read by the version in force on the day it occurred (a browser gets the page)."""
    tables = _tables()
    return page_or(tables, "credit_codes.html", violations.TITLE, tables=tables)


@blp.route("/violation-codes/page")
@blp.doc(**HTML)
def violation_codes_page():
    """The violation code table as a page in Chinese."""
    return render("credit_codes.html", violations.TITLE, tables=_tables())


CODE_COLUMNS = [
    Column("代码表", width=30),
    Column("施行日期", width=11),
    Column("现行", width=6),
    Column("行为名称", width=30),
    Column("法律依据", width=50),
    Column("代码", width=24),
]


@blp.route("/violation-codes.csv")
@blp.doc(**CSV)
def violation_codes_csv():
    """Every version of the code table as CSV (UTF-8 with BOM): one row a code."""
    uow = ctx().read()
    rows = [
        [t["title"], t["since"], "是" if t["in_force"] else "否", c.name, c.basis, c.code]
        for t in _tables()
        for c in t["codes"]
    ]
    sheet = Sheet(violations.TITLE, f"截至 {uow.today.isoformat()}", CODE_COLUMNS, rows, uow.now, name="代码表")
    return download(sheet, "violation-codes")
