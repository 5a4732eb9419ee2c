"""An organisation's own settings: preferences (channels per kind, digest, contacts) and webhook subscriptions
(a URL for chosen event types; the secret is shown once, at creation and at each rotation)."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from services.common.errors import Forbidden
from services.common.storage.store import UnitOfWork, expect
from services.common.web.auth import Principal

from ..domain.signing import new_secret
from ..store import NotifyStore
from .catchup import catch_up
from .notices import owned

ROTATION_OVERLAP = timedelta(hours=24)  # the previous secret keeps signing this long after a rotation


def acting_org(who: Principal, org: str | None = None) -> str:
    """The organisation the caller acts for (an admin may name one)."""
    if who.is_admin and org:
        return org
    if not who.org:
        raise Forbidden("this token acts for no organisation")
    return who.org


def _without_org(body: dict) -> dict:
    """The values of a body naming the organisation (the body stays as sent: a retried command reads it again)."""
    return {k: v for k, v in body.items() if k != "org"}


def set_preferences(uow: UnitOfWork, who: Principal, body: dict, expected: frozenset[int] | None = None) -> dict:
    """Replace the preferences, unless they changed since the version the caller read (`expected`: If-Match); an
    address they add catches up the assured notices not yet delivered."""
    org, store = acting_org(who, body.get("org")), NotifyStore(uow)
    expect(store.preferences_version(org), expected, "preferences")
    store.save_preferences(org, _without_org(body))
    catch_up(uow, org)
    return {"org": org, **store.preferences(org).__dict__, "version": store.preferences_version(org)}


def subscribe(uow: UnitOfWork, who: Principal, body: dict) -> dict:
    """A new webhook of the caller's organisation; the answer carries its secret (never shown again)."""
    org = acting_org(who, body.get("org"))
    doc = {
        "_id": f"wh_{uuid.uuid4().hex[:16]}",
        "org": org,
        **_without_org(body),
        "secret": new_secret(secrets.token_bytes(24)),
        "status": "active",
        "failures": 0,
        "created_at": uow.now,
        "created_by": who.subject,
    }
    NotifyStore(uow).add_webhook(doc)
    return doc


def rotate_secret(uow: UnitOfWork, who: Principal, hook_id: str) -> dict:
    """A new secret; the previous one still signs for ROTATION_OVERLAP."""
    store = NotifyStore(uow)
    hook = owned(store.known_webhook(hook_id), who)
    return store.update_webhook(
        hook_id,
        {
            "secret": new_secret(secrets.token_bytes(24)),
            "previous_secret": hook["secret"],
            "previous_until": uow.now + ROTATION_OVERLAP,
            "rotated_at": uow.now,
        },
    )


def enable_webhook(uow: UnitOfWork, who: Principal, hook_id: str) -> dict:
    """Back on after it was disabled (the failure count starts again)."""
    store = NotifyStore(uow)
    owned(store.known_webhook(hook_id), who)
    return store.update_webhook(hook_id, {"status": "active", "failures": 0, "enabled_at": uow.now})


def remove_webhook(uow: UnitOfWork, who: Principal, hook_id: str) -> None:
    store = NotifyStore(uow)
    owned(store.known_webhook(hook_id), who)
    store.remove_webhook(hook_id)
