"""Demands and their offers (服务需求与报价): the pure domain, no I/O.

A demand is the aggregate: offers live inside it, so accepting one offer declines the others in
one state change. Every illegal change raises Refused (a kit Conflict: the HTTP edge answers 409).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from services.common.clock import jiaxing_day
from services.common.events.catalogue.matching import BUYER_TYPES

from .refusals import IllegalTransition, Refused

#: After the offer deadline a buyer with offers in hand still has this long to choose (then: expired).
AWARD_WINDOW = timedelta(days=14)


class DemandStatus(StrEnum):
    OPEN = "open"
    AWARDED = "awarded"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class OfferStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


@dataclass
class Offer:
    """A provider's answer to a demand: price (fen), plan and duration."""

    id: str
    demand_id: str
    agency_id: str
    price_fen: int
    plan: str
    duration_days: int
    submitted_at: datetime
    status: OfferStatus = OfferStatus.SUBMITTED
    decided_at: datetime | None = None

    def _leave_submitted(self, to: OfferStatus, action: str, now: datetime) -> None:
        if self.status != OfferStatus.SUBMITTED:
            raise IllegalTransition("offer", self.status, action)
        self.status, self.decided_at = to, now

    def withdraw(self, now: datetime) -> None:
        self._leave_submitted(OfferStatus.WITHDRAWN, "withdraw", now)

    def accept(self, now: datetime) -> None:
        self._leave_submitted(OfferStatus.ACCEPTED, "accept", now)

    def decline(self, now: datetime) -> None:
        self._leave_submitted(OfferStatus.DECLINED, "decline", now)

    def unaward(self, now: datetime) -> None:
        """The contract that followed this accepted offer was withdrawn before signing."""
        if self.status != OfferStatus.ACCEPTED:
            raise IllegalTransition("offer", self.status, "withdraw the award of")
        self.status, self.decided_at = OfferStatus.WITHDRAWN, now


@dataclass
class Demand:
    """A buyer's service demand. open → awarded → closed; open → cancelled | expired; awarded → open |
    expired when the unsigned contract is withdrawn."""

    id: str
    buyer_id: str
    buyer_type: str
    category: str
    county: str
    town: str | None
    industry: str | None
    description: str
    budget_fen: int
    offer_deadline: datetime
    posted_at: datetime
    needed_qualification: str | None = None
    enterprise_id: str | None = None
    status: DemandStatus = DemandStatus.OPEN
    offers: list[Offer] = field(default_factory=list)
    awarded_offer_id: str | None = None
    ended_at: datetime | None = None

    def __post_init__(self):
        if self.buyer_type not in BUYER_TYPES:
            raise Refused(f"unknown buyer type {self.buyer_type!r}")
        if self.budget_fen < 0:
            raise Refused("budget must not be negative")
        if self.offer_deadline <= self.posted_at:
            raise Refused("the offer deadline must be after posting")

    @property
    def posted_on(self) -> date:
        """The demand date (a Jiaxing day): qualifications must be valid on it."""
        return jiaxing_day(self.posted_at)

    @property
    def is_government(self) -> bool:
        return self.buyer_type == "government"

    def offer(self, offer_id: str) -> Offer:
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        raise Refused(f"offer {offer_id} is not an offer on demand {self.id}")

    def live_offers(self) -> list[Offer]:
        return [o for o in self.offers if o.status == OfferStatus.SUBMITTED]

    def _require(self, action: str, *allowed: DemandStatus) -> None:
        if self.status not in allowed:
            raise IllegalTransition("demand", self.status, action)

    def submit_offer(self, offer: Offer) -> None:
        """A provider answers: only while open and before the deadline, one live offer per provider."""
        self._require("offer on", DemandStatus.OPEN)
        if offer.submitted_at > self.offer_deadline:
            raise Refused("the offer deadline has passed")
        if offer.demand_id != self.id:
            raise Refused("the offer is for another demand")
        if offer.agency_id == self.buyer_id:
            raise Refused("a buyer cannot answer its own demand")
        if any(o.agency_id == offer.agency_id for o in self.live_offers()):
            raise Refused("this provider already has a live offer; withdraw it first")
        self.offers.append(offer)

    def withdraw_offer(self, offer_id: str, now: datetime) -> Offer:
        self._require("withdraw an offer on", DemandStatus.OPEN)
        offer = self.offer(offer_id)
        offer.withdraw(now)
        return offer

    def accept_offer(self, offer_id: str, now: datetime) -> Offer:
        """The buyer chooses one submitted offer (two-way selection); every other live offer is declined.

        Only a provider that submitted an offer can be awarded: no designated provider (不得指定).
        """
        self._require("award", DemandStatus.OPEN)
        chosen = self.offer(offer_id)
        chosen.accept(now)
        for other in self.live_offers():
            other.decline(now)
        self.status, self.awarded_offer_id = DemandStatus.AWARDED, chosen.id
        return chosen

    def _end(self, to: DemandStatus, now: datetime) -> None:
        for offer in self.live_offers():
            offer.decline(now)
        self.status, self.ended_at = to, now

    def cancel(self, now: datetime) -> None:
        self._require("cancel", DemandStatus.OPEN)
        self._end(DemandStatus.CANCELLED, now)

    def expiry_time(self) -> datetime:
        """When an open demand expires: at the deadline, or after the award window if offers are waiting."""
        return self.offer_deadline + (AWARD_WINDOW if self.live_offers() else timedelta(0))

    def expire(self, now: datetime) -> None:
        self._require("expire", DemandStatus.OPEN)
        if now <= self.expiry_time():
            raise Refused("the demand has not reached its expiry time")
        self._end(DemandStatus.EXPIRED, now)

    def award_withdrawn(self, now: datetime) -> None:
        """The awarded contract was withdrawn unsigned: before the offer deadline the demand is open again
        (other providers, and the same one with a new offer, may answer); after it, the demand has expired."""
        self._require("withdraw the award of", DemandStatus.AWARDED)
        self.offer(self.awarded_offer_id).unaward(now)
        self.awarded_offer_id = None
        if now < self.offer_deadline:
            self.status = DemandStatus.OPEN
        else:
            self.status, self.ended_at = DemandStatus.EXPIRED, now

    def close(self, now: datetime) -> None:
        """The awarded contract ended (completed or terminated)."""
        self._require("close", DemandStatus.AWARDED)
        self.status, self.ended_at = DemandStatus.CLOSED, now
