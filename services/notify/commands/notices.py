"""Telling: a consumed event (or a notice of our own) becomes one notification per addressee (its inbox entry)
and the deliveries of its plan, in the event's unit of work."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from datetime import date

from services.common.clock import isotime
from services.common.errors import NotFound
from services.common.events.envelope import Event
from services.common.reference import CITY_CODE, COUNTIES, TOWNS
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .. import outgoing
from ..domain.plan import Planned, plan
from ..domain.retry import MAX_AGE
from ..domain.rules import DEMAND_BUYER, FITTING_AGENCIES, NOTICES, REGULATORS, WEBHOOK, Rule, organisations, rules_for
from ..render import render
from ..store import PENDING, NotifyStore
from ..store.cases import CaseStore
from .context import context

log = logging.getLogger(__name__)


def notify_event(uow: UnitOfWork, event: Event) -> list[str]:
    """Every rule of the event, every addressee: the ids of the notifications written."""
    origin = {"event_id": event.id, "type": event.type, "subject": event.subject, "time": event.time}
    return _notify(uow, event.data, {**origin, "source": event.source})


def tell_held(uow: UnitOfWork, demand_id: str) -> list[str]:
    """The demand (and so its buyer) became known: the events held for its buyer are told now."""
    return [n for held in NotifyStore(uow).take_held(demand_id) for n in _notify(uow, held["data"], held["origin"])]


def _notify(uow: UnitOfWork, data: dict, origin: dict) -> list[str]:
    store, written = NotifyStore(uow), []
    for rule in rules_for(origin["type"], data):
        if DEMAND_BUYER in rule.audience and not store.demand_buyer(data["demand_id"]):
            store.hold_for_demand(data["demand_id"], {"data": data, "origin": origin})
            continue
        if rule.revocable and CaseStore(uow).violation(data.get("violation_id")).get("revoked"):
            log.info("not told: its violation was revoked", extra={"event": origin["event_id"]})
            continue  # its revocation is told instead, never an invitation to object
        for org in audience(store, rule, data):
            written += [n for n in [tell(uow, rule, org, data, origin)] if n]
    return written


def audience(store: NotifyStore, rule: Rule, data: dict) -> list[str]:
    """The organisations a rule names: from the event data, then from notify's projections."""
    orgs = organisations(rule, data)
    if DEMAND_BUYER in rule.audience:
        orgs += [b for b in [store.demand_buyer(data["demand_id"])] if b]
    if FITTING_AGENCIES in rule.audience:
        orgs += store.fitting_agencies(data["category"], data["county"])
    if REGULATORS in rule.audience:
        orgs += regulators(store, data)
    return list(dict.fromkeys(orgs))


def regulators(store: NotifyStore, data: dict) -> list[str]:
    """Town and county regulators (division codes): of the event's place or its enterprise (the site); if neither
    names one, of the agency's home (registry projection); failing that, the authority that recorded the violation
    when it is a Jiaxing division code (a regulator recording through credit; a government system's name is not)."""
    site = store.org(data["enterprise_id"]) if data.get("enterprise_id") else {}
    codes = [c for c in (data.get("town") or site.get("town"), data.get("county") or site.get("county")) if c]
    if not codes and data.get("agency_id"):
        home = store.org(data["agency_id"])
        codes = [c for c in (home.get("town"), home.get("county")) if c]
    recorder = data.get("recorded_by")
    return codes or ([recorder] if recorder == CITY_CODE or recorder in COUNTIES or recorder in TOWNS else [])


def tell(uow: UnitOfWork, rule: Rule, org: str, data: dict, origin: dict, more: dict | None = None) -> str | None:
    """One notification to one organisation with its deliveries; None if it was written before."""
    store = NotifyStore(uow)
    legal, urgent = rule.legal(data), rule.urgent(data)
    message = render(rule.template, context(uow, rule, org, data, origin, legal, more or {}))
    profile, prefs = store.org(org), store.preferences(org)
    hooks = store.webhooks_for(org, origin["type"])
    planned = plan(rule, prefs, profile.get("email"), hooks, legal, urgent, uow.now)
    doc = {
        "_id": notification_id(origin["event_id"], rule.template, org),
        "org": org,
        "type": origin["type"],
        "template": rule.template,
        "kind": rule.kind,
        "title": message.title,
        "text": message.text,
        "html": message.html,
        "legal": legal,
        "assured": legal,  # must reach every address the organisation has (also the notice replacing it)
        "urgent": urgent,
        "case": data.get("violation_id"),
        "superseded_by": None,
        "event_id": origin["event_id"],
        "event_subject": origin["subject"],
        "event_time": origin["time"],
        "created_at": uow.now,
        "read_at": None,
        "delivered_at": None,
        "delivered_channel": None,
        "digest": PENDING if planned.digest else None,
        "missing": planned.missing,
        "inbox": origin["type"] != "demand-digest",
    }
    if not store.add_notification(doc):
        return None
    for planned_delivery in planned.deliveries:
        store.add_delivery(delivery(uow, doc, planned_delivery, data))
    if planned.missing:
        log.info("no address for %s", ", ".join(planned.missing), extra={"notification": doc["_id"]})
    return doc["_id"]


def notification_id(event_id: str, template: str, org: str) -> str:
    """The same event, template and addressee always make the same notification (written once)."""
    return "n_" + hashlib.sha256(f"{event_id}|{template}|{org}".encode()).hexdigest()[:24]


def mark_read(uow: UnitOfWork, who: Principal, notification_id: str) -> dict:
    """The organisation opened a notification; the first reading of a legal notice delivers it (inbox)."""
    store = NotifyStore(uow)
    notification = owned(store.notification(notification_id), who)
    if store.update_notification(notification_id, {"read_at": None}, {"read_at": uow.now}):
        first_delivery(uow, notification, "inbox")
    return store.notification(notification_id)


def send_digest(uow: UnitOfWork, org: str, items: list[dict], day: date) -> str | None:
    """One e-mail with the day's held demand notifications of an organisation."""
    NotifyStore(uow).mark_digested([i["_id"] for i in items])
    origin = {
        "event_id": f"digest-{day.isoformat()}",
        "type": "demand-digest",
        "subject": org,
        "time": isotime(uow.now),
    }
    listed = [{"title": i["title"], "created_at": isotime(i["created_at"])} for i in items]
    return tell(uow, NOTICES["demand-digest"], org, {"org_id": org}, origin, {"items": listed})


def first_delivery(uow: UnitOfWork, notification: dict, channel: str) -> None:
    """Note the first delivery; for a legal notice publish notice-delivered (once)."""
    changes = {"delivered_at": uow.now, "delivered_channel": channel}
    if (
        NotifyStore(uow).update_notification(notification["_id"], {"delivered_at": None}, changes)
        and notification["legal"]
        and not notification.get("superseded_by")  # a notice replaced by its violation's revocation starts nothing
    ):
        uow.publish("notice-delivered", notification["org"], outgoing.notice_delivered(notification, channel, uow.now))


def owned(doc: dict, who: Principal) -> dict:
    """A record of the caller's organisation (admins see all); others' records do not exist for the caller."""
    if not who.is_admin and doc["org"] != who.org:
        raise NotFound(f"no {doc['_id']!r} for this organisation")
    return doc


def delivery(uow: UnitOfWork, notification: dict, planned: Planned, data: dict) -> dict:
    """A delivery job; its id is the webhook-id, the same for every attempt and redelivery."""
    key = f"webhook:{planned.target}" if planned.channel == WEBHOOK else planned.channel
    payload = json.dumps(_payload(notification, data), ensure_ascii=False) if planned.channel == WEBHOOK else None
    return {
        "_id": f"msg_{uuid.uuid4().hex}",
        "notification_id": notification["_id"],
        "org": notification["org"],
        "channel": planned.channel,
        "target": planned.target,
        "key": key,
        "status": PENDING,
        "urgent": notification["urgent"],
        "created_at": uow.now,
        "deadline": uow.now + MAX_AGE,
        "next_at": planned.not_before,
        "lease_until": None,
        "lease": None,
        "attempts": [],
        "attempt_count": 0,
        "delivered_at": None,
        "last_error": None,
        "payload": payload,
    }


def _payload(notification: dict, data: dict) -> dict:
    """The Standard Webhooks body: type, timestamp, data."""
    return {
        "type": notification["type"],
        "timestamp": isotime(notification["created_at"]),
        "data": {
            "notification_id": notification["_id"],
            "org": notification["org"],
            "title": notification["title"],
            "text": notification["text"],
            "legal": notification["legal"],
            "urgent": notification["urgent"],
            "event": {
                "id": notification["event_id"],
                "type": notification["type"],
                "subject": notification["event_subject"],
                "time": notification["event_time"],
                "data": data,
            },
        },
    }
