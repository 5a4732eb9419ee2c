"""Every legal and illegal transition of demands and offers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from matching_factories import DEADLINE, POSTED, at, demand_with_offers, make_demand, make_offer

from services.common.web.problems import status_of
from services.matching.domain.demand import AWARD_WINDOW, DemandStatus, OfferStatus
from services.matching.domain.refusals import IllegalTransition, Refused


def demand_in(status: DemandStatus):
    """A demand brought to `status` through its legal path (it holds one offer from ag1)."""
    demand = demand_with_offers("ag1")
    if status == DemandStatus.AWARDED:
        demand.accept_offer(demand.offers[0].id, at(2))
    elif status == DemandStatus.CLOSED:
        demand.accept_offer(demand.offers[0].id, at(2))
        demand.close(at(40))
    elif status == DemandStatus.CANCELLED:
        demand.cancel(at(2))
    elif status == DemandStatus.EXPIRED:
        demand.expire(DEADLINE + AWARD_WINDOW + timedelta(days=1))
    assert demand.status == status
    return demand


NOT_OPEN = [DemandStatus.AWARDED, DemandStatus.CLOSED, DemandStatus.CANCELLED, DemandStatus.EXPIRED]


# --- creation -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kw", [dict(buyer_type="person"), dict(budget_fen=-1), dict(offer_deadline=POSTED)])
def test_a_demand_refuses_bad_facts(kw):
    with pytest.raises(Refused):
        make_demand(**kw)


def test_a_new_demand_is_open_with_no_offers():
    demand = make_demand()
    assert demand.status == DemandStatus.OPEN and demand.offers == []
    assert demand.posted_on == POSTED.date()


def test_the_demand_date_is_the_jiaxing_day_of_posting():
    late_evening_utc = POSTED.replace(hour=20)  # 04:00 the next day in Jiaxing
    assert make_demand(posted_at=late_evening_utc).posted_on == POSTED.date() + timedelta(days=1)


# --- offers on a demand ---------------------------------------------------------------------------


def test_a_provider_offers_on_an_open_demand():
    demand = make_demand()
    offer = make_offer(demand, "ag1")
    demand.submit_offer(offer)
    assert demand.live_offers() == [offer] and offer.status == OfferStatus.SUBMITTED


@pytest.mark.parametrize("status", NOT_OPEN)
def test_no_offer_on_a_demand_that_is_not_open(status):
    demand = demand_in(status)
    with pytest.raises(IllegalTransition):
        demand.submit_offer(make_offer(demand, "ag9", days=1))


def test_no_offer_after_the_deadline():
    demand = make_demand()
    with pytest.raises(Refused, match="deadline"):
        demand.submit_offer(make_offer(demand, "ag1", days=11))


def test_one_live_offer_per_provider_but_a_withdrawn_one_can_be_replaced():
    demand = demand_with_offers("ag1")
    with pytest.raises(Refused, match="already"):
        demand.submit_offer(make_offer(demand, "ag1"))
    demand.withdraw_offer(demand.offers[0].id, at(2))
    demand.submit_offer(make_offer(demand, "ag1", days=3))
    assert [o.status for o in demand.offers] == [OfferStatus.WITHDRAWN, OfferStatus.SUBMITTED]


def test_a_buyer_cannot_answer_its_own_demand():
    demand = make_demand(buyer_id="assoc1", buyer_type="association")
    with pytest.raises(Refused, match="own demand"):
        demand.submit_offer(make_offer(demand, "assoc1"))


def test_an_offer_for_another_demand_is_refused():
    demand, other = make_demand(), make_demand()
    with pytest.raises(Refused, match="another demand"):
        demand.submit_offer(make_offer(other, "ag1"))


# --- the offer state machine ----------------------------------------------------------------------

OFFER_ACTIONS = {"withdraw": OfferStatus.WITHDRAWN, "accept": OfferStatus.ACCEPTED, "decline": OfferStatus.DECLINED}


@pytest.mark.parametrize("action", OFFER_ACTIONS)
def test_a_submitted_offer_can_leave_submitted_once(action):
    demand = demand_with_offers("ag1")
    offer = demand.offers[0]
    getattr(offer, action)(at(2))
    assert offer.status == OFFER_ACTIONS[action] and offer.decided_at == at(2)
    for again in OFFER_ACTIONS:
        with pytest.raises(IllegalTransition):
            getattr(offer, again)(at(3))


def test_withdrawing_an_offer_is_only_possible_while_the_demand_is_open():
    demand = demand_in(DemandStatus.AWARDED)
    with pytest.raises(IllegalTransition):
        demand.withdraw_offer(demand.offers[0].id, at(3))


# --- award ----------------------------------------------------------------------------------------


def test_accepting_one_offer_declines_the_other_live_ones():
    demand = demand_with_offers("ag1", "ag2", "ag3")
    demand.withdraw_offer(demand.offers[2].id, at(2))
    chosen = demand.accept_offer(demand.offers[1].id, at(3))
    assert demand.status == DemandStatus.AWARDED and demand.awarded_offer_id == chosen.id
    assert [o.status for o in demand.offers] == [OfferStatus.DECLINED, OfferStatus.ACCEPTED, OfferStatus.WITHDRAWN]


def test_the_buyer_may_award_after_the_deadline_while_the_demand_is_open():
    demand = demand_with_offers("ag1")
    demand.accept_offer(demand.offers[0].id, at(12))
    assert demand.status == DemandStatus.AWARDED


def test_a_government_buyer_cannot_award_a_provider_that_did_not_offer():
    demand = demand_with_offers("ag1", buyer_type="government", buyer_id="gov330411")
    with pytest.raises(Refused, match="not an offer"):
        demand.accept_offer("of-designated", at(2))
    assert demand.status == DemandStatus.OPEN


def test_a_withdrawn_offer_cannot_be_accepted():
    demand = demand_with_offers("ag1")
    demand.withdraw_offer(demand.offers[0].id, at(2))
    with pytest.raises(IllegalTransition):
        demand.accept_offer(demand.offers[0].id, at(3))
    assert demand.status == DemandStatus.OPEN


@pytest.mark.parametrize("status", NOT_OPEN)
def test_no_award_on_a_demand_that_is_not_open(status):
    demand = demand_in(status)
    with pytest.raises(IllegalTransition):
        demand.accept_offer(demand.offers[0].id, at(3))


# --- cancel, expire, close ------------------------------------------------------------------------


def test_cancelling_declines_live_offers():
    demand = demand_in(DemandStatus.CANCELLED)
    assert demand.offers[0].status == OfferStatus.DECLINED and demand.ended_at == at(2)


@pytest.mark.parametrize("status", NOT_OPEN)
def test_only_an_open_demand_can_be_cancelled(status):
    with pytest.raises(IllegalTransition):
        demand_in(status).cancel(at(50))


def test_without_offers_a_demand_expires_at_its_deadline():
    demand = make_demand()
    with pytest.raises(Refused, match="not reached"):
        demand.expire(DEADLINE)
    demand.expire(DEADLINE + timedelta(minutes=1))
    assert demand.status == DemandStatus.EXPIRED


def test_with_offers_waiting_the_buyer_has_the_award_window():
    demand = demand_with_offers("ag1")
    with pytest.raises(Refused, match="not reached"):
        demand.expire(DEADLINE + AWARD_WINDOW)
    demand.expire(DEADLINE + AWARD_WINDOW + timedelta(minutes=1))
    assert demand.status == DemandStatus.EXPIRED and demand.offers[0].status == OfferStatus.DECLINED


@pytest.mark.parametrize("status", NOT_OPEN)
def test_only_an_open_demand_expires(status):
    with pytest.raises(IllegalTransition):
        demand_in(status).expire(at(400))


def test_an_awarded_demand_closes():
    demand = demand_in(DemandStatus.CLOSED)
    assert demand.ended_at == at(40)


@pytest.mark.parametrize(
    "status", [DemandStatus.OPEN, DemandStatus.CLOSED, DemandStatus.CANCELLED, DemandStatus.EXPIRED]
)
def test_only_an_awarded_demand_closes(status):
    demand = demand_with_offers("ag1") if status == DemandStatus.OPEN else demand_in(status)
    with pytest.raises(IllegalTransition):
        demand.close(at(50))


def test_a_refusal_is_a_conflict_naming_the_state_and_answers_409():
    with pytest.raises(IllegalTransition) as refused:
        demand_in(DemandStatus.CANCELLED).cancel(at(3))
    assert status_of(refused.value) == 409 and refused.value.extensions == {"state": "cancelled"}
    assert str(refused.value) == "cannot cancel a cancelled demand"
