"""Delivery that cannot fall through: an address that becomes known (the registry's e-mail, the preferences' e-mail
or phone) catches up every assured notice not yet delivered, once per address; a violation revoked before its
notices reached the agency replaces them with the notice of its revocation (never an invitation to object)."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.storage.store import UnitOfWork

from ..domain.plan import addresses, missed
from ..domain.rules import RULES
from ..store import NotifyStore
from ..store.cases import CaseStore
from .notices import delivery, notification_id, notify_event

#: the notices a revocation replaces: those inviting an objection to the violation
REVOCABLE = sorted({r.template for rules in RULES.values() for r in rules if r.revocable})


def catch_up(uow: UnitOfWork, org: str, only: list[str] | None = None) -> int:
    """Every assured notice of `org` not yet delivered (or those of `only`) goes to each known address it never
    went to; returns how many deliveries were added."""
    store = NotifyStore(uow)
    known = addresses(store.preferences(org), store.org(org).get("email"), assured=True)
    added = 0
    for notification in store.undelivered_assured(org):
        if only is not None and notification["_id"] not in only:
            continue
        for planned in missed(known, store.planned(notification["_id"]), uow.now, notification["urgent"]):
            store.add_delivery(delivery(uow, notification, planned, {}))
            added += 1
        still = [c for c in notification["missing"] if not known.get(c)]
        store.update_notification(notification["_id"], {}, {"missing": still})
    return added


def revoked(uow: UnitOfWork, event: Event) -> list[str]:
    """violation-revoked: the revocation is told; the agency's notices of that violation not yet delivered are
    replaced by it, which then must reach every address they would have."""
    data, cases, store = event.data, CaseStore(uow), NotifyStore(uow)
    agency, violation = data["agency_id"], data["violation_id"]
    cases.revoke_violation(violation, agency, data["reason"])
    cases.end_case([f"objection|violation:{violation}", f"repair|violation:{violation}"])
    told = notify_event(uow, event)
    revocation = notification_id(event.id, RULES["violation-revoked"][0].template, agency)
    replaced = store.supersede(agency, violation, REVOCABLE, revocation)
    if replaced:
        store.update_notification(revocation, {}, {"assured": True, "replaces": replaced})
        catch_up(uow, agency, only=[revocation])
    return told
