"""At-fault terminations (issue 11): a buyer's claim about a signed contract rates the agency only once
accepted, uncontested within the objection period (from the notice day), or confirmed after a contest."""

from __future__ import annotations

import pytest
from credit_factories import accepted, d, objection, rating, ruling, score, terminated

from services.credit.domain import dueprocess as dp
from services.credit.domain.facts import cases
from services.credit.rulebook import BOOK


def claim(contract_id="c1", on="2026-03-01", **kw):
    return terminated(contract_id, on, by="buyer", **kw)


def state(facts, on):
    return dp.claim_state(cases(facts)[f"claim:{facts[0].data['contract_id']}"], BOOK, d(on))


def test_four_buyer_claims_alone_no_longer_sink_an_agency():
    claims = [claim(f"c{i}") for i in range(4)]
    r = rating(claims, "2026-03-16")
    assert (r.score, r.grade, r.interview_required, r.rectification_until) == (100, "B", False, None)
    assert state(claims[:1], "2026-03-16") == "open"


def test_an_uncontested_claim_takes_effect_after_the_objection_period():
    facts = [claim()]
    assert score(facts, "2026-03-16") == 100
    assert score(facts, "2026-03-17") == 95
    assert state(facts, "2026-03-17") == "uncontested"


def test_a_missing_terminated_by_is_a_claim():
    facts = [terminated("c1", "2026-03-01", by=None)]
    assert score(facts, "2026-03-02") == 100 and score(facts, "2026-03-17") == 95


def test_the_agencys_own_admission_takes_effect_at_once():
    facts = [terminated("c1", "2026-03-01", by="agency")]
    assert score(facts, "2026-03-01") == 95 and state(facts, "2026-03-01") == "admitted"


def test_an_unsigned_contract_has_no_effect():
    facts = [claim(signed_on=None), terminated("c2", "2026-03-01", by="agency", signed_on=None)]
    assert score(facts, "2026-06-01") == 100
    assert dp.statuses(facts, BOOK, d("2026-03-02"))[1] == []


def test_accepting_a_claim_takes_effect_that_day():
    facts = [claim()]
    kind, data = dp.accept_claim(facts, "claim:c1", d("2026-03-05"), BOOK)
    assert (kind, data) == ("claim-accepted", {"contract_id": "c1", "accepted_on": "2026-03-05"})
    facts.append(accepted("c1", "2026-03-05"))
    assert score(facts, "2026-03-04") == 100 and score(facts, "2026-03-05") == 95
    with pytest.raises(dp.NotAllowed, match="accepted"):
        dp.object_to(facts, "claim:c1", d("2026-03-06"), "no", BOOK)


def test_a_contested_claim_waits_for_the_regulator():
    facts = [claim(), objection("c1", "2026-03-10", claim=True)]
    assert score(facts, "2026-06-01") == 100 and state(facts, "2026-06-01") == "contested"
    confirmed = facts + [ruling("c1", "2026-06-10", False, claim=True)]
    assert score(confirmed, "2026-06-09") == 100 and score(confirmed, "2026-06-10") == 95
    assert state(confirmed, "2026-06-10") == "confirmed"
    dismissed = facts + [ruling("c1", "2026-06-10", True, claim=True)]
    assert score(dismissed, "2026-07-01") == 100 and state(dismissed, "2026-07-01") == "dismissed"


def test_the_objection_period_runs_from_the_notice_day():
    late = terminated("c1", "2026-03-01", by="buyer", noticed="2026-03-20")
    assert dp.object_to([late], "claim:c1", d("2026-04-04"), "no", BOOK)[0] == "objection-filed"
    with pytest.raises(dp.NotAllowed, match="closed on 2026-04-04"):
        dp.object_to([late], "claim:c1", d("2026-04-05"), "no", BOOK)
    with pytest.raises(dp.NotAllowed, match="uncontested"):
        dp.accept_claim([late], "claim:c1", d("2026-04-05"), BOOK)


def test_claims_show_in_the_due_process_view():
    facts = [claim(), objection("c1", "2026-03-10", claim=True)]
    [status] = dp.statuses(facts, BOOK, d("2026-03-11"))[1]
    assert (
        status["contract_id"],
        status["state"],
        status["objection"],
        status["objection_deadline"],
        status["terminated_by"],
    ) == ("c1", "contested", "pending", "2026-03-16", "buyer")
