"""The public site's kit: names instead of codes, money in yuan, links between services, SVG charts."""

from __future__ import annotations

import re

import pytest

from services.common.config import Config
from services.common.site import charts
from services.common.site import pages as site


def test_places_and_authorities_are_named_never_coded():
    assert site.place("330402", "330402007") == "南湖区 建设街道"
    assert site.place("330481") == "海宁市"
    assert site.place(None) == "嘉兴市外"
    assert site.authority("330400") == "嘉兴市" and site.authority("330411") == "秀洲区"
    assert site.authority("浙江省应急管理厅") == "浙江省应急管理厅"
    assert site.label("category", "safety_evaluation") == "安全评价" and site.label("kind", "unknown") == "unknown"


@pytest.mark.parametrize(
    "fen, text",
    [(0, "0.00"), (5, "0.05"), (123456, "1,234.56"), (-100, "-1.00"), (500_000_000, "5,000,000.00"), (None, "—")],
)
def test_money_is_shown_in_yuan(fen, text):
    assert site.yuan(fen) == text


def test_the_public_urls_default_to_the_make_run_ports_and_refuse_nonsense():
    assert Config(service="credit").site_urls["registry"] == "http://127.0.0.1:8001"
    urls = Config(service="credit", public_urls="registry=https://anfu.example/registry/,credit=http://c").site_urls
    assert urls == {"registry": "https://anfu.example/registry", "credit": "http://c"}
    for bad in ("registry=ftp://x", "nobody=http://x", "registry"):
        with pytest.raises(ValueError):
            Config(service="credit", public_urls=bad).check()


def test_a_line_chart_spans_its_values_and_escapes_its_labels():
    svg = str(charts.line_chart([("2024-01-01", 100), ("2024-02-01", 95), ("<b>", 101)], "信用分 & 变化"))
    assert svg.startswith("<svg") and 'role="img"' in svg and '<title id="chart-t">信用分 &amp; 变化</title>' in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert xs == sorted(xs) and len(xs) == 3
    ys = [float(y) for y in re.findall(r'cy="([\d.]+)"', svg)]
    assert ys[1] > ys[0] > ys[2]  # 95 is lowest on the page (largest y), 101 highest
    assert charts.line_chart([], "x") == ""


def test_a_bar_chart_scales_to_its_maximum():
    svg = str(charts.bar_chart([("南湖区", 1000), ("秀洲区", 500), ("嘉善县", 0)], "覆盖率", 1000))
    widths = [float(w) for w in re.findall(r'<rect class="bar" [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert "100.0%" in svg and "50.0%" in svg and "南湖区" in svg
    assert charts.share(875) == "87.5%"
