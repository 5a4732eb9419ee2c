"""Tables an official can hand on, as XLSX (openpyxl) and CSV (UTF-8 with a byte-order mark), both the same:
a title row, a row with the period, the units and the generation time (Jiaxing time), Chinese headers only, the
rows, a totals row, and notes for whatever does not add up by design.

Money is given in fen and written in 元 (`words.amount`: a number with two decimals, `#,##0.00` in a
workbook); a rate is given as (part, whole) and written as a percentage rounded half up to one decimal
(`words.rate`: `0.0%` in a workbook, `27.3%` in a CSV). Pure: a `Sheet` in, bytes out.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from services.common.clock import JIAXING

from .words import amount, rate

UNITS = "金额单位：元；比率为百分比，四舍五入保留一位小数"
FORMATS = {"count": "#,##0", "yuan": "#,##0.00", "percent": "0.0%", "text": "@"}
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


@dataclass(frozen=True)
class Column:
    """A column: its Chinese header, what its values are (text, count, yuan: fen, percent: (part, whole)) and
    its width in characters."""

    title: str
    kind: str = "text"
    width: int = 12


@dataclass
class Sheet:
    title: str
    period: str
    columns: list[Column]
    rows: list[list]
    generated_at: datetime
    totals: list | None = None
    notes: list[str] = field(default_factory=list)
    name: str = "表"  # the worksheet's name

    def subtitle(self) -> str:
        made = self.generated_at.astimezone(JIAXING).strftime("%Y-%m-%d %H:%M")
        return f"{self.period}；{UNITS}；生成时间 {made}（北京时间）"


def value(column: Column, raw):
    """A cell's value for a workbook: 元 and fractions as exact decimals, text as text."""
    if raw is None:
        return None
    if column.kind == "yuan":
        return amount(raw)
    if column.kind == "percent":
        return rate(*raw)
    return raw


def text(column: Column, raw) -> str:
    """A cell as CSV text: 元 with two decimals (no separators), a percentage with one decimal."""
    shown = value(column, raw)
    if shown is None:
        return ""
    if column.kind == "yuan":
        return f"{shown:.2f}"
    if column.kind == "percent":
        return f"{shown * 100:.1f}%"
    return str(shown)


def to_csv(sheet: Sheet) -> bytes:
    """The sheet as CSV in UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([sheet.title])
    writer.writerow([sheet.subtitle()])
    writer.writerow([c.title for c in sheet.columns])
    for row in [*sheet.rows, *([sheet.totals] if sheet.totals else [])]:
        writer.writerow([text(c, raw) for c, raw in zip(sheet.columns, row)])
    for note in sheet.notes:
        writer.writerow([f"注：{note}"])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(sheet: Sheet) -> bytes:
    """The sheet as a workbook: title, subtitle, bold frozen header, formats, widths, totals, notes."""
    book = Workbook()
    ws = book.active
    ws.title = sheet.name[:31]
    span = len(sheet.columns)
    for row, words, font in ((1, sheet.title, Font(bold=True, size=14)), (2, sheet.subtitle(), Font(size=10))):
        ws.cell(row=row, column=1, value=words).font = font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=3, column=index, value=column.title)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "B4"  # the header rows and the first column stay in view
    for raw_row in sheet.rows:
        _append(ws, sheet.columns, raw_row)
    if sheet.totals:
        for cell in _append(ws, sheet.columns, sheet.totals):
            cell.font, cell.fill = Font(bold=True), TOTAL_FILL
    for note in sheet.notes:
        ws.append([f"注：{note}"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=span)
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True)
    ws.print_title_rows = "3:3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(ws, columns: list[Column], raw_row: list) -> list:
    ws.append([value(c, raw) for c, raw in zip(columns, raw_row)])
    cells = list(ws[ws.max_row])
    for column, cell in zip(columns, cells):
        cell.number_format = FORMATS[column.kind]
    return cells
