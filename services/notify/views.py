"""The read side: an organisation's inbox and unread count, a notification's deliveries with every attempt,
its webhooks (without secrets) and preferences."""

from __future__ import annotations

from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .commands.notices import owned
from .commands.settings import acting_org
from .store import NOTIFICATIONS, NotifyStore


def inbox(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    """The organisation's notifications, newest first (only unread ones if asked)."""
    query = {"org": acting_org(who, args.get("org")), "inbox": True}
    if args.get("unread"):
        query["read_at"] = None
    return paginate(uow[NOTIFICATIONS], query, args["limit"], args["cursor"], sort="created_at", descending=True)


def unread_count(uow: UnitOfWork, who: Principal, org: str | None) -> dict:
    org = acting_org(who, org)
    return {"org": org, "unread": NotifyStore(uow).unread(org)}


def notification(uow: UnitOfWork, who: Principal, notification_id: str) -> dict:
    """One notification with its deliveries and their attempts (the delivery record)."""
    store = NotifyStore(uow)
    doc = owned(store.notification(notification_id), who)
    return {**doc, "deliveries": store.deliveries(notification_id)}


def webhooks(uow: UnitOfWork, who: Principal, org: str | None) -> list[dict]:
    return NotifyStore(uow).webhooks(acting_org(who, org))


def webhook(uow: UnitOfWork, who: Principal, hook_id: str) -> dict:
    return owned(NotifyStore(uow).known_webhook(hook_id), who)


def preferences(uow: UnitOfWork, who: Principal, org: str | None) -> dict:
    org, store = acting_org(who, org), NotifyStore(uow)
    return {"org": org, **store.preferences(org).__dict__, "version": store.preferences_version(org)}
