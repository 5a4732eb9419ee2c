"""Tables an official can hand on: the same title, subtitle, headers, rows, totals and notes in XLSX and CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from services.common.site.sheets import Column, Sheet, to_csv, to_xlsx

COLUMNS = [
    Column("地区", width=14),
    Column("企业（家）", "count"),
    Column("覆盖率", "percent"),
    Column("补助（元）", "yuan"),
]


def sheet() -> Sheet:
    return Sheet(
        title="嘉兴市服务覆盖情况",
        period="统计期间 2025-12-08 至 2026-12-07",
        columns=COLUMNS,
        rows=[["南湖区", 11, (3, 11), 1_960_000], ["未登记镇街", 2, (0, 2), 0]],
        totals=["合计（嘉兴市）", 13, (3, 13), 1_960_000],
        notes=["镇（街道）之和加未登记镇街等于县。"],
        generated_at=datetime(2026, 12, 7, 16, 30, tzinfo=UTC),
    )


def test_the_csv_has_a_bom_a_title_the_period_units_and_jiaxing_time_then_the_table_and_notes():
    data = to_csv(sheet())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["嘉兴市服务覆盖情况"]
    assert (
        rows[1][0].startswith("统计期间 2025-12-08 至 2026-12-07；金额单位：元")
        and "2026-12-08 00:30（北京时间）" in rows[1][0]
    )
    assert rows[2] == ["地区", "企业（家）", "覆盖率", "补助（元）"]
    assert rows[3:6] == [
        ["南湖区", "11", "27.3%", "19600.00"],
        ["未登记镇街", "2", "0.0%", "0.00"],
        ["合计（嘉兴市）", "13", "23.1%", "19600.00"],
    ]
    assert rows[6] == ["注：镇（街道）之和加未登记镇街等于县。"]


def test_the_workbook_has_formats_widths_a_frozen_header_totals_and_notes():
    ws = load_workbook(io.BytesIO(to_xlsx(sheet()))).active
    assert ws["A1"].value == "嘉兴市服务覆盖情况" and ws["A1"].font.bold and "A1:D1" in ws.merged_cells
    assert "北京时间" in ws["A2"].value and ws.freeze_panes == "B4"
    assert [c.value for c in ws[3]] == [c.title for c in COLUMNS] and all(c.font.bold for c in ws[3])
    assert [c.value for c in ws[4]] == ["南湖区", 11, 0.273, 19600]  # written as exact decimals, read as numbers
    assert [c.number_format for c in ws[4]] == ["@", "#,##0", "0.0%", "#,##0.00"]
    assert ws["A6"].value == "合计（嘉兴市）" and ws["A6"].font.bold and ws["C6"].value == 0.231
    assert ws["A7"].value.startswith("注：") and ws.column_dimensions["A"].width == 14
