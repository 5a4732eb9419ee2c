"""Bulletins and corrections (issue 25 items 3 and 7): a bulletin reproduces exactly whatever is learnt later; what is
known now about its day differs only by later facts about the cases it knew; correction lines; the chain of digests
over canonical JSON, and tampering found from the tampered link on."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta

from credit_factories import violation
from hypothesis import given, settings
from hypothesis import strategies as st
from test_credit_properties import facts as fact_streams

from services.credit.domain import bulletins, chain
from services.credit.rulebook import BOOK

FIRST = date(2025, 7, 1)  # in the middle of the property tests' days (2025-01-01 + 0..500)
AGENCY = {"_id": "ag1", "name": "嘉兴安信安全咨询有限公司", "county": "330402", "town": "330402007"}
ACTIVE = {**AGENCY, "statuses": [{"time": "2024-01-01T00:00:00.000Z", "status": "active"}]}


@settings(max_examples=150, deadline=None)
@given(before=st.lists(fact_streams, max_size=20), after=st.lists(fact_streams, max_size=12), data=st.data())
def test_what_is_learnt_later_never_changes_a_published_bulletin(before, after, data):
    """The bulletin frozen as of the 1st from what was known then is reproduced exactly with every fact known
    later (corrections, late facts, steps of its cases): the freeze reads what had reached the platform before
    the day began (with `known_at`, the day before the 1st)."""
    known_then = [f for f in before if f.notice < FIRST]
    later = [replace(f, noticed_on=max(f.notice, FIRST + timedelta(days=data.draw(st.integers(0, 90))))) for f in after]
    published = bulletins.freeze([ACTIVE], {"ag1": known_then}, FIRST, BOOK)
    assert bulletins.freeze([ACTIVE], {"ag1": known_then + later + before}, FIRST, BOOK) == published


@settings(max_examples=100, deadline=None)
@given(before=st.lists(fact_streams, max_size=20), day=st.integers(0, 60))
def test_a_case_arriving_on_the_day_or_later_is_no_correction(before, day):
    known_then = [f for f in before if f.notice < FIRST]
    (published,) = bulletins.freeze([ACTIVE], {"ag1": known_then}, FIRST, BOOK)[1]
    arriving = violation("new-one", (FIRST + timedelta(days=day)).isoformat(), "serious")
    now = bulletins.as_known_now([*known_then, arriving], FIRST, BOOK)
    assert bulletins.correction({**published, "month": "2025-07"}, now) is None


def test_a_fact_that_changes_the_past_gives_a_correction_line():
    (published,) = bulletins.freeze([ACTIVE], {"ag1": []}, FIRST, BOOK)[1]
    entry = {**published, "month": "2025-07"}
    assert (entry["score"], entry["grade"], entry["listed_until"]) == (100, "B", None)
    # learnt after the bulletin, but of a case that had reached the platform in June: the past as known now
    late = violation("v-june", "2025-06-10", "severe", noticed="2025-06-10")
    line = bulletins.correction(entry, bulletins.as_known_now([late], FIRST, BOOK))
    assert line == {
        "bulletin": "2025-07",
        "agency_id": "ag1",
        "name": AGENCY["name"],
        "before": {"score": 100, "grade": "B", "listed_until": None, "rectification_until": None},
        "after": {"score": 80, "grade": "D", "listed_until": "2028-06-17", "rectification_until": "2025-12-17"},
    }
    corrected = {**entry, "corrections": [{"notice": "2025-08-001", "after": line["after"]}]}
    assert bulletins.shown(corrected) == line["after"]
    assert bulletins.correction(corrected, bulletins.as_known_now([late], FIRST, BOOK)) is None  # once
    assert corrected["score"] == 100  # the frozen entry stays as published


def test_an_agency_not_active_as_the_day_began_is_not_in_the_bulletin():
    joined_that_day = {**AGENCY, "statuses": [{"time": "2025-06-30T16:30:00.000Z", "status": "active"}]}  # 00:30
    summary, entries = bulletins.freeze([joined_that_day], {}, FIRST, BOOK)
    assert entries == [] and summary == {
        "as_of": "2025-07-01",
        "rule_version": "1",
        "agencies": 0,
        "grades": {"A": 0, "B": 0, "C": 0, "D": 0},
    }


def test_canonical_json_is_rfc_8785():
    document = {"b": [1, True, None], "a": "嘉兴 \u2028", "c": {"z": 1, "y": "\n"}}
    assert chain.canonical(document) == '{"a":"嘉兴 \u2028","b":[1,true,null],"c":{"y":"\\n","z":1}}'.encode()
    assert (
        chain.digest({"a": 1}, chain.GENESIS) == hashlib.sha256(b'{"a":1,"previous":"' + b"0" * 64 + b'"}').hexdigest()
    )


def _chain(documents: list[dict]) -> list[dict]:
    """Links as a publisher makes them."""
    links, previous = [], chain.GENESIS
    for n, document in enumerate(documents, 1):
        found = chain.digest(document, previous)
        links.append({"sequence": n, "kind": document["kind"], "digest": found, "previous": previous})
        previous = found
    return links


def _documents() -> list[dict]:
    entries = [bulletins.freeze([ACTIVE], {}, date(2025, m, 1), BOOK)[1] for m in (5, 6, 7)]
    summaries = [bulletins.freeze([ACTIVE], {}, date(2025, m, 1), BOOK)[0] for m in (5, 6, 7)]
    made = [chain.bulletin_document({"month": f"2025-0{m}", **s}, e) for m, s, e in zip((5, 6, 7), summaries, entries)]
    line = {"bulletin": "2025-06", "agency_id": "ag1", "name": AGENCY["name"], "before": {}, "after": {}}
    notice = {"id": "2025-07-001", "month": "2025-07", "published_on": "2025-07-09", "lines": [line]}
    return [made[0], made[1], chain.notice_document(notice), made[2]]


def test_an_untouched_chain_recomputes_link_by_link():
    documents = _documents()
    checked = chain.recompute(_chain(documents), documents)
    assert [c["ok"] for c in checked] == [True] * 4
    assert checked[1]["previous"] == checked[0]["digest"] and len({c["digest"] for c in checked}) == 4


def test_tampering_with_a_published_month_breaks_the_chain_from_there_on():
    documents = _documents()
    links = _chain(documents)
    documents[1]["entries"][0]["score"] = 101  # one point more for one agency, in the second month
    checked = chain.recompute(links, documents)
    assert [c["ok"] for c in checked] == [True, False, False, False]
    assert "differs from the content's" in checked[1]["problems"][0]
    assert "is not the digest recomputed before it" in checked[2]["problems"][0]


def test_a_rewritten_digest_is_found_even_when_its_content_is_intact():
    documents = _documents()
    links = _chain(documents)
    links[2]["digest"] = "f" * 64
    assert [c["ok"] for c in chain.recompute(links, documents)] == [True, True, False, True]
