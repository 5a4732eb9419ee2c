"""Coverage and assessment tables as CSV and XLSX (openpyxl): officials work in spreadsheets."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from services.common.reference import SERVICE_CATEGORIES

from .domain.coverage import Figures
from .domain.programmes import GRADES

COLUMNS = [
    ("地区代码", "division"),
    ("地区", "name"),
    ("层级", "level"),
    ("登记中小微企业", "registered_smes"),
    ("已覆盖企业", "covered_smes"),
    ("覆盖率‰", "share_permille"),
    ("目标‰", "target_permille"),
    ("达标", "met"),
    ("批准补助笔数", "approved_count"),
    ("批准补助金额(分)", "approved_fen"),
    ("已支付笔数", "paid_count"),
    ("已支付金额(分)", "paid_fen"),
]


def header() -> list[str]:
    return (
        [title for title, _ in COLUMNS]
        + [f"合同:{c}" for c in SERVICE_CATEGORIES]
        + [f"{g}级机构" for g in GRADES]
        + ["未评级机构"]
    )


def row(f: Figures) -> list:
    values = [getattr(f, key) for _, key in COLUMNS]
    values[COLUMNS.index(("达标", "met"))] = "是" if f.met else "否"
    return (
        values
        + [f.contracts_by_category.get(c, 0) for c in SERVICE_CATEGORIES]
        + [f.agencies_by_grade.get(g, 0) for g in (*GRADES, "none")]
    )


def to_csv(rows: list[Figures]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese headers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    writer.writerows(row(f) for f in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[Figures], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header())
    for f in rows:
        sheet.append(row(f))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
