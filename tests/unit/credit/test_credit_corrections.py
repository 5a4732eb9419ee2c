"""Corrections (更正): a rebuild that changes the past names the first day it corrects, and the published history is
shown as now known, with what was published kept beside it."""

from __future__ import annotations

from credit_factories import d, delivered, rating, revoked, violation

from services.common.events.catalogue.credit import RatingChangedData
from services.credit import outgoing
from services.credit.domain.effects import effects
from services.credit.domain.ledger import ledger
from services.credit.domain.notices import corrected_history
from services.credit.domain.standing import rebuilt
from services.credit.rulebook import BOOK

LISTED = [violation("v1", "2027-03-01", "severe"), delivered("v1", "2027-03-01")]


def _entry(_id: str, as_of: str, old: int | None, new: int, grade: str, listed_until: str | None = None) -> dict:
    return {
        "_id": _id,
        "as_of": as_of,
        "old_score": old,
        "new_score": new,
        "old_grade": "B" if old else None,
        "new_grade": grade,
        "interview_required": new <= 90,
        "rectification_until": "2027-09-08" if new <= 80 else None,
        "listed_until": listed_until,
    }


def test_a_void_revocation_rebuilds_from_the_first_day_it_corrects():
    lines = ledger(effects(LISTED, BOOK))
    today = d("2027-05-01")
    done = rebuilt(lines, rating(LISTED, "2027-04-30"), [*LISTED, revoked("v1", "2027-05-01")], today, BOOK)
    assert (done.corrected_from, done.rating.grade, done.rating.listed_until) == (d("2027-03-08"), "B", None)
    ended = rebuilt(lines, rating(LISTED, "2027-04-30"), [*LISTED, revoked("v1", "2027-05-01", "ended")], today, BOOK)
    assert ended.corrected_from is None and ended.rating.grade == "B", "ended from today: the past stands"


def test_the_history_shows_each_day_as_now_known_and_keeps_what_was_published():
    entries = [
        _entry("h0", "2027-01-10", None, 100, "B"),
        _entry("h1", "2027-03-08", 100, 80, "D", "2030-03-08"),
    ]
    corrected = corrected_history(entries, ledger(()), BOOK, d("2027-05-01"))
    assert corrected == [
        (
            entries[1],
            {
                "old_score": 100,
                "new_score": 100,
                "old_grade": "B",
                "new_grade": "B",
                "interview_required": False,
                "rectification_until": None,
                "listed_until": None,
                "published": {k: v for k, v in entries[1].items() if k not in ("_id", "as_of")},
                "corrected_on": "2027-05-01",
            },
        )
    ], "the first rating was right and is left alone"
    again = {**entries[1], **corrected[0][1]}
    assert corrected_history([again], ledger(()), BOOK, d("2027-06-01")) == [], "already as now known"
    relisted = corrected_history([again], ledger(effects(LISTED, BOOK)), BOOK, d("2027-06-01"))
    assert relisted[0][1]["published"] == corrected[0][1]["published"], "what was published is kept from the first"
    assert (relisted[0][1]["new_grade"], relisted[0][1]["listed_until"]) == ("D", "2030-03-08")


def test_a_correcting_rating_changed_names_each_earlier_event_it_corrects():
    lines = ledger(effects(LISTED, BOOK))
    facts = [*LISTED, revoked("v1", "2027-05-01")]
    done = rebuilt(lines, rating(LISTED, "2027-04-30"), facts, d("2027-05-01"), BOOK)
    entries = [
        {**_entry("h0", "2027-01-10", None, 100, "B"), "event_id": "e0"},
        {**_entry("h1", "2027-03-08", 100, 80, "D", "2030-03-08"), "event_id": "e1"},
    ]
    corrected = corrected_history(entries, done.delta, BOOK, d("2027-05-01"))
    old = {"score": 80, "grade": "D", "interview_required": True, "rectification_until": None}
    data = outgoing.rating_changed("ag1", old, done.rating, done.reasons, "x", done.corrected_from, corrected)
    loaded = RatingChangedData().load(data)
    assert loaded["corrected_from"] == d("2027-03-08") and "correction" in loaded["reasons"]
    assert loaded["corrections"] == [{"event_id": "e1", "as_of": d("2027-03-08"), "new_grade": "B", "new_score": 100}]
    assert [(e["_id"], v["new_grade"]) for e, v in corrected] == [("h1", "B")], "the history writes the same entries"


def test_a_rating_changed_without_corrections_loads_with_none():
    data = outgoing.rating_changed("ag1", None, rating([], "2027-01-10"), [], "agency-registered")
    assert data["corrections"] == [] and "correction" not in data["reasons"]
    earlier = {k: v for k, v in data.items() if k not in ("corrections", "corrected_from")}
    assert RatingChangedData().load(earlier)["corrections"] == [], "an event published before the field existed"
