"""Every legal and illegal transition of contracts, and inspections under them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from matching_factories import at, awarded_contract, contract_in, demand_with_offers, make_inspection

from services.matching.domain.contract import Contract, ContractStatus
from services.matching.domain.refusals import IllegalTransition, Refused

S = ContractStatus
TODAY = at(60).date()


def test_a_contract_follows_only_the_accepted_offer():
    demand = demand_with_offers("ag1", "ag2", buyer_type="insurer", buyer_id="ins1", enterprise_id="ent7")
    with pytest.raises(Refused, match="accepted"):
        Contract.award("ct0", demand, demand.offers[0], at(2))
    offer = demand.accept_offer(demand.offers[1].id, at(2))
    contract = Contract.award("ct1", demand, offer, at(2))
    assert (contract.status, contract.agency_id, contract.price_fen) == (S.PENDING, "ag2", offer.price_fen)
    assert (contract.buyer_type, contract.enterprise_id, contract.category) == ("insurer", "ent7", demand.category)


# --- signing --------------------------------------------------------------------------------------


@pytest.mark.parametrize("first,second", [("buyer", "agency"), ("agency", "buyer")])
def test_both_parties_sign_in_any_order(first, second):
    contract = awarded_contract()
    assert contract.sign(first, at(3)) is False and contract.status == S.PENDING
    assert contract.sign(second, at(4)) is True
    assert contract.status == S.SIGNED and contract.signed_on == at(4).date()


def test_the_signing_day_is_a_jiaxing_day():
    contract = awarded_contract()
    contract.sign("buyer", at(3))
    late_evening_utc = at(3).replace(hour=17)  # already the next morning in Jiaxing (UTC+8)
    contract.sign("agency", late_evening_utc)
    assert contract.signed_on == late_evening_utc.date() + timedelta(days=1)


def test_a_party_cannot_sign_twice():
    contract = awarded_contract()
    contract.sign("buyer", at(3))
    with pytest.raises(IllegalTransition):
        contract.sign("buyer", at(3))


def test_only_buyer_or_agency_sign():
    with pytest.raises(Refused):
        awarded_contract().sign("regulator", at(3))


@pytest.mark.parametrize("status", [S.SIGNED, S.COMPLETED, S.TERMINATED])
def test_signing_needs_a_pending_contract(status):
    with pytest.raises(IllegalTransition):
        contract_in(status).sign("buyer", at(5))


# --- completion -----------------------------------------------------------------------------------


def test_a_signed_contract_completes_with_on_time_and_score():
    contract = contract_in(S.SIGNED)
    contract.complete(at(30).date(), on_time=False, score=3)
    assert (contract.status, contract.on_time, contract.score) == (S.COMPLETED, False, 3)


@pytest.mark.parametrize("status", [S.PENDING, S.COMPLETED, S.TERMINATED])
def test_completion_needs_a_signed_contract(status):
    with pytest.raises(IllegalTransition):
        contract_in(status).complete(at(50).date(), True, 4)


@pytest.mark.parametrize("score", [0, 6])
def test_the_score_is_one_to_five(score):
    with pytest.raises(Refused):
        contract_in(S.SIGNED).complete(at(30).date(), True, score)


def test_completion_cannot_precede_signing():
    with pytest.raises(Refused, match="before signing"):
        contract_in(S.SIGNED).complete(at(1).date(), True, 4)


# --- termination (signed) and withdrawal (unsigned) -----------------------------------------------


@pytest.mark.parametrize("by", ["buyer", "agency"])
def test_a_signed_contract_terminates_naming_who_ended_it_and_the_party_at_fault(by):
    contract = contract_in(S.SIGNED)
    contract.terminate(at(20).date(), "agency", "report never delivered", by)
    assert (contract.status, contract.at_fault, contract.terminated_by) == (S.TERMINATED, "agency", by)


def test_an_unsigned_contract_cannot_be_terminated_at_fault():
    """The abuse: a buyer terminated before the agency signed, blaming the agency, four times over."""
    with pytest.raises(IllegalTransition, match="pending"):
        contract_in(S.PENDING).terminate(at(3).date(), "agency", "agency too slow", "buyer")


@pytest.mark.parametrize("status", [S.PENDING, S.COMPLETED, S.TERMINATED, S.WITHDRAWN])
def test_only_a_signed_contract_terminates(status):
    with pytest.raises(IllegalTransition):
        contract_in(status).terminate(at(50).date(), "buyer", "x", "buyer")


def test_the_party_at_fault_is_agency_buyer_or_none_and_only_a_party_ends_it():
    with pytest.raises(Refused):
        contract_in(S.SIGNED).terminate(at(20).date(), "insurer", "x", "buyer")
    with pytest.raises(Refused):
        contract_in(S.SIGNED).terminate(at(20).date(), "none", "x", "regulator")


def test_termination_cannot_precede_signing():
    with pytest.raises(Refused, match="before signing"):
        contract_in(S.SIGNED).terminate(at(1).date(), "none", "x", "buyer")


@pytest.mark.parametrize("by", ["buyer", "agency"])
def test_either_party_withdraws_an_unsigned_contract_with_nobody_at_fault(by):
    contract = awarded_contract()
    contract.sign("buyer", at(3))  # one signature is not a signed contract
    contract.withdraw(by, at(4), "changed our plans")
    assert (contract.status, contract.withdrawn_by, contract.withdrawn_at, contract.at_fault) == (
        S.WITHDRAWN,
        by,
        at(4),
        None,
    )


@pytest.mark.parametrize("status", [S.SIGNED, S.COMPLETED, S.TERMINATED, S.WITHDRAWN])
def test_only_a_pending_contract_is_withdrawn(status):
    with pytest.raises(IllegalTransition):
        contract_in(status).withdraw("buyer", at(50), None)
    with pytest.raises(Refused):
        contract_in(S.PENDING).withdraw("insurer", at(4), None)


# --- inspections ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [at(3).date(), TODAY])
def test_an_inspection_under_a_signed_contract_is_its_agency_s_from_signing_to_today(day):
    contract = contract_in(S.SIGNED)
    assert contract.signed_on == at(3).date()  # the first day it may be dated
    inspection = contract.inspection("in1", TODAY, inspected_on=day, hazards_general=2, hazards_rectified=2)
    assert (inspection.id, inspection.contract_id, inspection.agency_id) == ("in1", contract.id, contract.agency_id)
    assert (inspection.inspected_on, inspection.hazards_general, inspection.passed) == (day, 2, True)


@pytest.mark.parametrize("status", [S.PENDING, S.COMPLETED, S.TERMINATED, S.WITHDRAWN])
def test_no_inspection_outside_a_signed_contract(status):
    with pytest.raises(IllegalTransition):
        contract_in(status).inspection("in1", TODAY, inspected_on=at(5).date())


@pytest.mark.parametrize("day", [at(2).date(), TODAY + timedelta(days=1)])
def test_the_inspection_date_lies_between_signing_and_today(day):
    with pytest.raises(Refused, match="between"):
        contract_in(S.SIGNED).inspection("in1", TODAY, inspected_on=day)


def test_a_major_hazard_is_flagged_even_when_rectified():
    contract = contract_in(S.SIGNED)
    inspection = make_inspection(contract, hazards_general=1, hazards_major=1, hazards_rectified=2)
    assert inspection.major_hazard and inspection.passed


@pytest.mark.parametrize(
    "general,major,rectified,major_hazard,passed",
    [(0, 0, 0, False, True), (3, 0, 1, False, False), (0, 2, 0, True, False), (2, 1, 3, True, True)],
)
def test_hazard_flags(general, major, rectified, major_hazard, passed):
    inspection = make_inspection(
        contract_in(S.SIGNED), hazards_general=general, hazards_major=major, hazards_rectified=rectified
    )
    assert (inspection.major_hazard, inspection.passed) == (major_hazard, passed)


@pytest.mark.parametrize(
    "kw", [dict(hazards_general=1, hazards_rectified=2), dict(hazards_major=-1), dict(findings=-1)]
)
def test_inspection_counts_must_add_up(kw):
    with pytest.raises(Refused):
        make_inspection(contract_in(S.SIGNED), **kw)


# --- dates in the future / before the award -------------------------------------------------------


def test_completion_and_termination_cannot_be_dated_in_the_future():
    with pytest.raises(Refused, match="future"):
        contract_in(S.SIGNED).complete(at(30).date(), True, 4, today=at(29).date())
    with pytest.raises(Refused, match="future"):
        contract_in(S.SIGNED).terminate(at(30).date(), "none", "x", "buyer", today=at(29).date())
    contract_in(S.SIGNED).complete(at(30).date(), True, 4, today=at(30).date())
