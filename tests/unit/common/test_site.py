"""The public site's kit: names instead of codes, money in yuan, links between services, SVG charts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from services.common.config import Config
from services.common.reference import SERVICE_CATEGORIES
from services.common.site import charts, words
from services.common.site import pages as site
from services.common.site.labels import LABELS


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


def test_a_line_chart_spans_its_values_and_writes_its_words_in_html():
    html = str(charts.line_chart([("2024-01-01", 100), ("2024-02-01", 95), ("<b>", 101)], "信用分 & 变化"))
    assert html.startswith('<figure class="chart lines">') and "<figcaption>信用分 &amp; 变化</figcaption>" in html
    assert 'aria-label="信用分 &amp; 变化"' in html and "&lt;b&gt;" in html and "<b>" not in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<text" not in svg, "no word is drawn in the SVG (it would shrink with the screen)"
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert xs == sorted(xs) and len(xs) == 3
    ys = [float(y) for y in re.findall(r'cy="([\d.]+)"', svg)]
    assert ys[1] > ys[0] > ys[2]  # 95 is lowest on the page (largest y), 101 highest
    assert '<div class="y-axis" aria-hidden="true"><span>111</span><span>85</span></div>' in html  # the axis span
    assert charts.line_chart([], "x") == ""


def test_a_bar_chart_is_text_with_a_mark_at_each_target():
    bars = [
        charts.Bar("南湖区", words.rate(1, 1), "100.0%", words.rate(300), "30.0%"),
        charts.Bar("秀洲区", words.rate(1, 2), "50.0%"),
        charts.Bar("<嘉善县>", None, "—", words.rate(2000), "200.0%"),
    ]
    html = str(charts.bar_chart(bars, "覆盖率", "说明"))
    assert re.findall(r'class="bar" style="width:([\d.]+)%"', html) == ["100.0", "50.0", "0.0"]
    assert re.findall(r'class="target" style="left:([\d.]+)%"', html) == ["30.0", "100.0"]  # held in the track
    assert "100.0%（目标 30.0%）" in html and "&lt;嘉善县&gt;" in html and "竖线为目标" in html
    assert "竖线" not in str(charts.bar_chart(bars[1:2], "覆盖率")) and charts.bar_chart([], "x") == ""


@pytest.mark.parametrize(
    "part, whole, shown",
    [(3, 11, "27.3%"), (4, 19, "21.1%"), (1, 16, "6.3%"), (1, 8, "12.5%"), (300, 1000, "30.0%"), (0, 5, "0.0%")],
)
def test_rates_are_rounded_half_up_to_one_decimal(part, whole, shown):
    assert words.percent(part, whole) == shown
    assert words.rate(part, whole) * 100 == Decimal(shown.rstrip("%"))


def test_a_rate_of_nothing_is_a_dash_and_a_permille_is_the_default_whole():
    assert words.percent(5, 0) == "—" and words.rate(5, 0) is None
    assert words.percent(875) == "87.5%" and words.percent(2_000) == "200.0%"


def test_money_is_an_exact_sum_of_yuan():
    assert words.amount(123_456) == Decimal("1234.56") and words.amount(-5) == Decimal("-0.05")
    assert words.yuan(1_960_000) == "19,600.00"


def test_an_authority_is_named_even_when_a_code_is_inside_its_name():
    assert words.authority("嘉兴市综合行政执法系统（330402）") == "嘉兴市综合行政执法系统（南湖区）"
    assert words.authority("330482001") == "当湖街道" and words.authority(None) == "—"
    assert words.authority("执法系统（123456）") == "执法系统（123456）"  # not a division: kept


def test_every_code_of_the_domain_has_a_chinese_name():
    from services.matching.experts.domain.engagement import TASKS, Answer, RequestStatus
    from services.registry.domain.enterprises import Size
    from services.subsidy.domain.programmes import Kind, State

    for kind, values in (
        ("task", TASKS),
        ("answer", [a.value for a in Answer]),
        ("request_status", [s.value for s in RequestStatus]),
        ("enterprise_size", [s.value for s in Size]),
        ("programme_kind", [k.value for k in Kind]),
        ("programme_state", [s.value for s in State]),
        ("category", SERVICE_CATEGORIES),
    ):
        assert [v for v in values if v not in LABELS[kind]] == [], kind
