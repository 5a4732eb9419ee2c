"""Rule tables are data files with an effective-from day, validated when the service starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from credit_factories import d

from services.credit import rulebook
from services.credit.domain.rules import InvalidRules
from services.credit.rulebook import BOOK, RULES_DIR, load, published


def _write(directory: Path, version: str, **changes) -> None:
    doc = {**json.loads((RULES_DIR / "1.json").read_text(encoding="utf-8")), "version": version, **changes}
    (directory / f"{version}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_the_deployed_tables_load_version_one_before_service_and_two_from_it():
    assert [t.version for t in BOOK.tables] == ["1", "2", "3"]
    assert BOOK.on(d("1999-01-01")).version == BOOK.on(d("2026-11-30")).version == "1"
    assert BOOK.on(d("2026-12-01")).version == BOOK.on(d("2026-12-31")).version == "2"
    assert BOOK.on(d("2027-01-01")).version == BOOK.on(d("2030-01-01")).version == "3"
    one, two = published(BOOK.version("1")), published(BOOK.version("2"))
    assert one["rules"][0].key == "contract.on_time"
    assert (one["public_notice_days"], two["public_notice_days"]) == (None, 5)
    assert (two["min_score"], two["max_score"]) == (0, 130), "the bounds of a score, as the table states them"
    assert {k: v for k, v in two.items() if k not in ("version", "effective_from", "title", "public_notice_days")} == {
        k: v for k, v in one.items() if k not in ("version", "effective_from", "title", "public_notice_days")
    }, "version 2 changes only when the clocks start"
    three = published(BOOK.version("3"))
    assert three["rules"][: len(two["rules"])] == two["rules"], "version 3 keeps every row of version 2"
    assert [r.key for r in three["rules"][len(two["rules"]) :]] == [
        "staffing.met",
        "staffing.short",
        "continuing_education.short",
    ]
    assert (three["caps"], three["max_score"]) == ({**two["caps"], "staffing": 2}, 132)


def test_a_later_table_applies_from_its_day(tmp_path):
    _write(tmp_path, "1")
    _write(tmp_path, "2", effective_from="2027-01-01")
    book = load(tmp_path)
    assert [book.on(d("2026-12-31")).version, book.on(d("2027-01-01")).version] == ["1", "2"]
    assert book.next_change(d("2026-06-01")) == d("2027-01-01") and book.next_change(d("2027-01-01")) is None


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"rules": []}, "missing rules"),
        ({"objection_days": "fifteen"}, "objection_days"),
        ({"surprise": 1}, "surprise"),
        ({"caps": {}}, "capped rule needs a declared cap"),
        ({"grades": [{"grade": "B", "min_score": 90}, {"grade": "A", "min_score": 105}]}, "best first"),
    ],
)
def test_a_broken_table_is_refused_at_start(tmp_path, changes, message):
    _write(tmp_path, "1", **changes)
    with pytest.raises(InvalidRules, match=message):
        load(tmp_path)


def test_a_file_must_be_named_after_its_version(tmp_path):
    _write(tmp_path, "1")
    (tmp_path / "1.json").rename(tmp_path / "2.json")
    with pytest.raises(InvalidRules, match="named after its version"):
        rulebook.load(tmp_path)


def test_two_tables_may_not_share_a_day(tmp_path):
    _write(tmp_path, "1")
    _write(tmp_path, "2")
    with pytest.raises(InvalidRules, match="share"):
        load(tmp_path)
