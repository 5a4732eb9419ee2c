"""Commands of matching: load, check who may (explicitly), ask the domain, save, publish (outbox).

Each takes (uow, who, ...) and runs inside the caller's unit of work; time is `uow.now` / `uow.today`.
Roles are checked at the HTTP edge, the organisation a caller acts for here.
"""

from __future__ import annotations

import uuid

from services.common.errors import Forbidden
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from . import outgoing
from .domain.buyers import BUYER_ROLES, check_served, to_serve
from .domain.contract import Contract, Inspection
from .domain.demand import Demand, Offer
from .domain.recommend import eligibility
from .domain.refusals import Refused
from .store import MatchingStore


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def post_demand(uow: UnitOfWork, who: Principal, body: dict) -> Demand:
    """A buyer posts a demand; the enterprise it serves must be registered, active and one it acts for."""
    buyer_type = BUYER_ROLES.get(who.role)
    if buyer_type is None or not who.org:
        raise Forbidden("only a buyer organisation posts demands")
    store = MatchingStore(uow)
    fields = {k: v for k, v in body.items() if k != "enterprise_id"}  # the body stays as sent (a retry reads it)
    enterprise_id = to_serve(buyer_type, who.org, body.get("enterprise_id"))
    if enterprise_id:
        check_served(buyer_type, who.org, enterprise_id, store.enterprise(enterprise_id))
    demand = Demand(
        id=new_id("dm"),
        buyer_id=who.org,
        buyer_type=buyer_type,
        posted_at=uow.now,
        enterprise_id=enterprise_id,
        **fields,
    )
    store.add_demand(demand)
    uow.publish("demand-posted", subject=demand.id, data=outgoing.demand_posted(demand))
    return demand


def _own_demand(store: MatchingStore, who: Principal, demand_id: str) -> Demand:
    demand = store.demand(demand_id)
    who.require_org(demand.buyer_id)
    return demand


def cancel_demand(uow: UnitOfWork, who: Principal, demand_id: str) -> Demand:
    store = MatchingStore(uow)
    demand = _own_demand(store, who, demand_id)
    demand.cancel(uow.now)
    store.save_demand(demand)
    return demand


def submit_offer(uow: UnitOfWork, who: Principal, demand_id: str, body: dict) -> Offer:
    """An eligible provider answers an open demand."""
    store = MatchingStore(uow)
    demand = store.demand(demand_id)
    provider = store.provider(who.org or "")
    if provider is None:
        raise Refused("this provider is not registered (or not yet known to matching)")
    ok, reasons = eligibility(provider, demand, uow.today)
    if not ok:
        raise Refused("this provider may not serve the demand: " + "; ".join(reasons), reasons=reasons)
    offer = Offer(id=new_id("of"), demand_id=demand.id, agency_id=provider.agency_id, submitted_at=uow.now, **body)
    demand.submit_offer(offer)
    store.save_demand(demand)
    uow.publish("offer-submitted", subject=demand.id, data=outgoing.offer_submitted(offer))
    return offer


def withdraw_offer(uow: UnitOfWork, who: Principal, demand_id: str, offer_id: str) -> Offer:
    store = MatchingStore(uow)
    demand = store.demand(demand_id)
    who.require_org(demand.offer(offer_id).agency_id)
    offer = demand.withdraw_offer(offer_id, uow.now)
    store.save_demand(demand)
    return offer


def accept_offer(uow: UnitOfWork, who: Principal, demand_id: str, offer_id: str) -> Contract:
    """The buyer chooses an offer: the others are declined and a contract awaits both signatures."""
    store = MatchingStore(uow)
    demand = _own_demand(store, who, demand_id)
    offer = demand.accept_offer(offer_id, uow.now)
    contract = Contract.award(new_id("ct"), demand, offer, uow.now)
    store.save_demand(demand)
    store.add_contract(contract)
    return contract


def party_of(contract: Contract, who: Principal, only: str | None = None, refusal: str = "") -> str:
    """Which side of the contract the caller acts for (403 if neither, or if not the `only` side allowed)."""
    if who.org and who.org == contract.buyer_id:
        party = "buyer"
    elif who.org and who.org == contract.agency_id:
        party = "agency"
    else:
        raise Forbidden("this token acts for neither party of the contract")
    if only and party != only:
        raise Forbidden(refusal)
    return party


def sign(uow: UnitOfWork, who: Principal, contract_id: str) -> Contract:
    store = MatchingStore(uow)
    contract = store.contract(contract_id)
    if contract.sign(party_of(contract, who), uow.now):
        uow.publish("contract-signed", subject=contract.agency_id, data=outgoing.contract_signed(contract))
    store.save_contract(contract)
    return contract


def _end(uow: UnitOfWork, store: MatchingStore, contract: Contract, event: str, data) -> Contract:
    """Save an ended contract, close its demand and publish `event` with `data(contract)`."""
    store.save_contract(contract)
    demand = store.demand(contract.demand_id)
    demand.close(uow.now)
    store.save_demand(demand)
    uow.publish(event, subject=contract.agency_id, data=data(contract))
    return contract


def complete(uow: UnitOfWork, who: Principal, contract_id: str, body: dict) -> Contract:
    """The buyer accepts delivery (验收)."""
    store = MatchingStore(uow)
    contract = store.contract(contract_id)
    party_of(contract, who, "buyer", "only the buyer accepts delivery")
    contract.complete(body.get("completed_on") or uow.today, body["on_time"], body["score"], today=uow.today)
    return _end(uow, store, contract, "contract-completed", outgoing.contract_completed)


def terminate(uow: UnitOfWork, who: Principal, contract_id: str, body: dict) -> Contract:
    """Either party ends a signed contract early, naming the party at fault; the event says who ended it."""
    store = MatchingStore(uow)
    contract = store.contract(contract_id)
    party = party_of(contract, who)
    contract.terminate(body.get("terminated_on") or uow.today, body["at_fault"], body["reason"], party, today=uow.today)
    return _end(uow, store, contract, "contract-terminated", outgoing.contract_terminated)


def withdraw_contract(uow: UnitOfWork, who: Principal, contract_id: str, reason: str | None) -> Contract:
    """Either party withdraws an unsigned contract: its demand reopens (or, past its deadline, expires).
    Nothing is published: no other service ever heard of the contract."""
    store = MatchingStore(uow)
    contract = store.contract(contract_id)
    contract.withdraw(party_of(contract, who), uow.now, reason)
    store.save_contract(contract)
    demand = store.demand(contract.demand_id)
    demand.award_withdrawn(uow.now)
    store.save_demand(demand)
    return contract


def record_inspection(uow: UnitOfWork, who: Principal, contract_id: str, body: dict) -> Inspection:
    """The agency records an inspection under a signed contract; a major hazard is flagged in the event."""
    store = MatchingStore(uow)
    contract = store.contract(contract_id)
    party_of(contract, who, "agency", "only the contracted agency records its inspections")
    inspection = contract.inspection(new_id("in"), uow.today, **body)
    store.add_inspection(inspection)
    uow.publish(
        "inspection-completed", subject=contract.agency_id, data=outgoing.inspection_completed(inspection, contract)
    )
    return inspection


def expire_due(uow: UnitOfWork, demand_id: str) -> bool:
    """Expire one demand if it is still open and past its expiry time."""
    store = MatchingStore(uow)
    demand = store.demand(demand_id)
    if demand.status != "open" or uow.now <= demand.expiry_time():
        return False
    demand.expire(uow.now)
    store.save_demand(demand)
    return True
