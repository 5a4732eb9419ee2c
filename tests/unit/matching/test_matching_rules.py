"""Issue 11 rules in matching's domain: unverified qualifications count for nothing, a withdrawn award reopens the
demand, who may read a demand, and which enterprise a buyer may name."""

from __future__ import annotations

from datetime import date

import pytest
from matching_factories import DEADLINE, at, demand_with_offers, make_demand, make_offer, make_provider, qual

from services.common.errors import DomainError, Forbidden, Invalid
from services.matching.domain.buyers import Enterprise, check_served, covers, to_serve
from services.matching.domain.demand import DemandStatus, OfferStatus
from services.matching.domain.recommend import eligibility, fits
from services.matching.domain.refusals import IllegalTransition, Refused

TODAY = date(2026, 3, 5)
FIRM = Enterprise("ent-1", "active", "330482", "330482001")


def test_a_self_declared_qualification_is_not_eligible():
    """The abuse: a made-up 甲级 certificate won a 甲级 demand. Unverified, it now counts for nothing."""
    demand = make_demand(needed_qualification="甲级")
    self_made = make_provider("A", qualifications=(qual(level="甲级", verified=False),))
    ok, reasons = eligibility(self_made, demand, TODAY)
    assert not ok and reasons == ["no verified, valid qualification for safety_evaluation at level 甲级"]
    assert eligibility(make_provider("B", qualifications=(qual(level="甲级"),)), demand, TODAY)[0]


def test_a_withdrawn_award_reopens_the_demand_before_its_deadline():
    demand = demand_with_offers("ag1", "ag2")
    first, second = demand.offers
    demand.accept_offer(first.id, at(2))
    demand.award_withdrawn(at(3))
    assert (demand.status, demand.awarded_offer_id, first.status) == (DemandStatus.OPEN, None, OfferStatus.WITHDRAWN)
    assert second.status == OfferStatus.DECLINED
    demand.submit_offer(make_offer(demand, "ag1", days=4))
    assert [o.agency_id for o in demand.live_offers()] == ["ag1"]


def test_a_withdrawn_award_after_the_deadline_expires_the_demand():
    demand = demand_with_offers("ag1")
    demand.accept_offer(demand.offers[0].id, at(2))
    demand.award_withdrawn(DEADLINE)
    assert (demand.status, demand.ended_at) == (DemandStatus.EXPIRED, DEADLINE)


def test_only_an_awarded_demand_has_an_award_to_withdraw():
    with pytest.raises(IllegalTransition):
        demand_with_offers("ag1").award_withdrawn(at(3))


def test_a_demand_fits_an_agency_in_its_categories_while_open_and_before_the_deadline():
    demand = make_demand(county="330402", town=None)
    assert fits(make_provider("A"), demand, at(1)), "any county: the listing offers the whole city"
    assert not fits(make_provider("B", categories=("safety_training",)), demand, at(1))
    assert not fits(make_provider("A"), demand, DEADLINE)
    demand.cancel(at(2))
    assert not fits(make_provider("A"), demand, at(3))


def test_an_enterprise_buyer_serves_itself_only():
    assert to_serve("enterprise", "ent-1", None) == "ent-1" == to_serve("enterprise", "ent-1", "ent-1")
    with pytest.raises(Invalid):
        to_serve("enterprise", "ent-1", "ent-2")
    assert to_serve("insurer", "ins-1", "ent-2") == "ent-2" and to_serve("government", "330400", None) is None


@pytest.mark.parametrize(
    "buyer_type, buyer_id, enterprise, refused",
    [
        ("insurer", "ins-1", None, Invalid),  # the abuse: ANY-ENTERPRISE-ID
        ("insurer", "ins-1", Enterprise("ent-1", "deregistered", "330482"), Invalid),
        ("enterprise", "ent-1", None, Refused),
        ("government", "330411", FIRM, Forbidden),  # 秀洲区 does not act for a 平湖市 enterprise
        ("government", "330482002", FIRM, Forbidden),
        ("insurer", "ins-1", FIRM, None),
        ("association", "as-1", FIRM, None),
        ("enterprise", "ent-1", FIRM, None),
        ("government", "330400", FIRM, None),  # the city, the county, the town itself
        ("government", "330482", FIRM, None),
        ("government", "330482001", FIRM, None),
    ],
)
def test_the_served_enterprise_must_be_registered_active_and_one_the_buyer_acts_for(
    buyer_type, buyer_id, enterprise, refused
):
    try:
        check_served(buyer_type, buyer_id, "ent-1", enterprise)
    except DomainError as err:
        assert type(err) is refused
    else:
        assert refused is None


def test_a_division_covers_the_places_below_it_by_the_table_never_by_a_prefix():
    divisions = ("330400", "330482", "330482001", "330402", "330482002", "330000", "3", "33", "330", "3304", "x", "")
    assert [d for d in divisions if covers(d, FIRM.town)] == ["330400", "330482", "330482001"]
    assert not covers("330482001", "330482")
