"""The violation code table (违法违规行为代码表), public: every version as JSON and the table as a page. Each code a
violation names, its name and its legal basis (services/common/reference/violations.json)."""

from __future__ import annotations

from services.common.reference import violations
from services.common.site.pages import HTML, render
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
def violation_codes():
    """The violation code table, every version newest first: code, name (行为名称) and legal basis (法律依据); a
    violation is read by the version in force on the day it occurred."""
    return _tables()


@blp.route("/violation-codes/page")
@blp.doc(**HTML)
def violation_codes_page():
    """The violation code table as a page in Chinese."""
    return render("credit_codes.html", violations.TITLE, tables=_tables())
