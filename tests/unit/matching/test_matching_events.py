"""What matching publishes matches the catalogue exactly; domain objects survive the trip to a document."""

from __future__ import annotations

import pytest
from matching_factories import at, contract_in, demand_with_offers, make_inspection

from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from services.common.storage.mapping import from_doc, to_doc
from services.matching import outgoing
from services.matching.domain.contract import Contract, ContractStatus, Inspection
from services.matching.domain.demand import Demand, Offer


def publish(event_type: str, data: dict) -> dict:
    return new_event(CATALOGUE[event_type], "x", data, "/services/matching").data


def test_demand_and_offer_events():
    demand = demand_with_offers("ag1", buyer_type="insurer", buyer_id="ins1", enterprise_id="ent7")
    posted = publish("demand-posted", outgoing.demand_posted(demand))
    assert (posted["buyer_type"], posted["enterprise_id"], posted["budget_fen"]) == ("insurer", "ent7", 5_000_000)
    offered = publish("offer-submitted", outgoing.offer_submitted(demand.offers[0]))
    assert offered["agency_id"] == "ag1" and offered["demand_id"] == demand.id


def test_contract_events_carry_what_credit_reads():
    contract = contract_in(ContractStatus.COMPLETED)
    signed = publish("contract-signed", outgoing.contract_signed(contract))
    assert signed["signed_on"] == at(3).date().isoformat() and signed["town"] == "330411101"
    completed = publish("contract-completed", outgoing.contract_completed(contract))
    assert (completed["agency_id"], completed["on_time"], completed["score"]) == ("ag1", True, 5)
    ended = contract_in(ContractStatus.TERMINATED)
    terminated = publish("contract-terminated", outgoing.contract_terminated(ended))
    assert (terminated["at_fault"], terminated["terminated_by"], terminated["signed_on"]) == (
        "buyer",
        "agency",
        at(3).date().isoformat(),
    )


def test_a_consumer_reads_a_termination_without_terminated_by_as_unknown():
    data = outgoing.contract_terminated(contract_in(ContractStatus.TERMINATED))
    del data["terminated_by"]
    assert CATALOGUE["contract-terminated"].load(data, strict=False)["terminated_by"] is None


@pytest.mark.parametrize("major,rectified,passed", [(0, 2, True), (1, 2, False), (1, 3, True)])
def test_a_service_inspection_event_flags_major_hazards(major, rectified, passed):
    contract = contract_in(ContractStatus.SIGNED)
    inspection = make_inspection(contract, hazards_general=2, hazards_major=major, hazards_rectified=rectified)
    data = publish("inspection-completed", outgoing.inspection_completed(inspection, contract))
    assert (data["kind"], data["major_hazard"], data["passed"], data["contract_id"]) == (
        "service_inspection",
        major > 0,
        passed,
        contract.id,
    )


def test_documents_round_trip():
    demand = demand_with_offers("ag1", "ag2")
    demand.accept_offer(demand.offers[1].id, at(2))
    doc = to_doc(demand)
    assert doc["_id"] == demand.id and doc["offers"][1]["status"] == "accepted" and doc["posted_at"].endswith("Z")
    assert from_doc(Demand, doc, offers=[from_doc(Offer, o) for o in doc["offers"]]) == demand
    for status in (ContractStatus.COMPLETED, ContractStatus.TERMINATED, ContractStatus.WITHDRAWN):
        contract = contract_in(status)
        assert from_doc(Contract, to_doc(contract)) == contract
    inspection = make_inspection(contract, hazards_major=1)
    assert from_doc(Inspection, to_doc(inspection)) == inspection
