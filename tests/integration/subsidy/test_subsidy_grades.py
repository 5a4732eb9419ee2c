"""Grades corrected (更正) by credit: a correcting rating-changed sets the grade of each earlier event it names, so
the grade on a corrected day is the corrected one; a replay changes nothing, and an earlier event arriving after
its correction keeps it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from services.common.clock import isotime, utcnow
from services.subsidy.handlers import on_rating_changed
from services.subsidy.store.facts import grade_from_doc
from tests.integration.subsidy.conftest import agency, contract, day, enterprise, open_programme, rating
from tests.support.harness import new_id
from tests.support.wait import wait_until


def correcting(agency_id: str, *corrected) -> object:
    """credit's rating-changed of today (grade B) correcting each (event, grade) from the first one's day."""
    fixes = [{"event_id": e.id, "as_of": e.data["as_of"], "new_grade": g, "new_score": 100} for e, g in corrected]
    return rating(agency_id, "B", day(0), corrected_from=fixes[0]["as_of"], corrections=fixes)


def test_a_correction_reaches_the_grade_on_the_signing_day(subsidy, token):
    agency_id, firm, contract_id = new_id("ag"), new_id("e"), new_id("ct")
    listed = rating(agency_id, "D", day(-70))  # a violation later revoked as void
    subsidy.send_and_wait(
        agency(agency_id),
        rating(agency_id, "B", day(-400)),
        listed,
        enterprise(firm),
        contract("contract-signed", contract_id, firm, agency_id),
        contract("contract-completed", contract_id, firm, agency_id),
    )
    programme = open_programme(subsidy, token, rules={"budget_fen": 10_000_000, "rate_permille": 300, "min_grade": "B"})
    body = {"programme_id": programme["id"], "contract_id": contract_id}

    def quote() -> dict:
        return subsidy.ok("post", "/applications/quote", token("enterprise", firm), json=body)

    assert [r["rule"] for r in quote()["refusals"]] == ["min_grade"], "D on the signing day, 60 days ago"
    correction = correcting(agency_id, (listed, "B"))
    subsidy.send_and_wait(correction)
    assert (quote()["eligible"], quote()["refusals"]) == (True, []), "B on the signing day, as now known"

    grades = subsidy.ctx.db["grades"]
    stored = grades.find_one({"_id": listed.id})
    assert (stored["grade"], [c["grade"] for c in stored["corrections"]]) == ("D", ["B"]), "published kept beside"
    before = sorted(grades.find({"agency_id": agency_id}), key=lambda g: g["_id"])
    for _ in range(2):
        subsidy.ctx.retrying(lambda uow: on_rating_changed(correction, uow))
    assert sorted(grades.find({"agency_id": agency_id}), key=lambda g: g["_id"]) == before, "a replay changes nothing"


def test_an_event_arriving_after_its_correction_keeps_it(subsidy):
    agency_id = new_id("ag")
    listed, later = rating(agency_id, "D", day(-70)), rating(agency_id, "C", day(-30))
    first = correcting(agency_id, (listed, "B"), (later, "B"))
    second = replace(correcting(agency_id, (later, "A")), time=isotime(utcnow() + timedelta(seconds=1)))
    subsidy.send_and_wait(first, second)  # credit's relay lost the earlier events' order: they come after
    subsidy.send_and_wait(listed, later)
    grades = {d["_id"]: d for d in subsidy.ctx.db["grades"].find({"agency_id": agency_id})}
    assert (grades[listed.id]["grade"], grade_from_doc(grades[listed.id]).grade) == ("D", "B")
    assert grades[listed.id]["time"] == listed.time, "dated and ordered as the event it corrects, once it came"
    assert grade_from_doc(grades[later.id]).grade == "A", "the newest correction of the day"


def test_a_correction_of_another_agencys_grade_is_a_dead_letter_and_changes_nothing(subsidy):
    victim, other = new_id("ag"), new_id("ag")
    published = rating(victim, "A", day(-20))
    subsidy.send_and_wait(published)
    hostile = correcting(other, (published, "D"))  # names the victim's event under another agency
    subsidy.send(hostile)
    letter = wait_until(lambda: subsidy.ctx.db["dead_letters"].find_one({"key": other.encode()}), 30)
    assert "another agency or day" in letter["reason"]
    stored = subsidy.ctx.db["grades"].find_one({"_id": published.id})
    assert grade_from_doc(stored).grade == "A" and "corrections" not in stored
    assert subsidy.ctx.db["grades"].count_documents({"agency_id": other}) == 0, "its own grade not half-written"
