"""The violation code table (违法违规行为代码表) as the public reads it: every version, the one in force marked, and
as a sheet (services/common/reference/violations.json)."""

from __future__ import annotations

from datetime import date, datetime

from services.common.reference import violations
from services.common.site.sheets import Column, Sheet


def code_tables(today: date) -> list[dict]:
    """Every version, newest first, the one in force today marked."""
    current = violations.table_on(today)
    return [
        {**vars(table), "in_force": table is current, "codes": list(table.rows.values())}
        for table in reversed(violations.TABLES)
    ]


CODE_COLUMNS = [
    Column("代码表", width=30),
    Column("施行日期", width=11),
    Column("现行", width=6),
    Column("行为名称", width=30),
    Column("法律依据", width=50),
    Column("代码", width=24),
]


def codes_sheet(today: date, now: datetime) -> Sheet:
    """Every version of the table, one row a code."""
    rows = [
        [t["title"], t["since"], "是" if t["in_force"] else "否", c.name, c.basis, c.code]
        for t in code_tables(today)
        for c in t["codes"]
    ]
    return Sheet(violations.TITLE, f"截至 {today.isoformat()}", CODE_COLUMNS, rows, now, name="代码表")
