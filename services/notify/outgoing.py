"""The data of the events the notify service publishes (shapes: services/common/events/catalogue/notify.py)."""

from __future__ import annotations

from datetime import datetime

from services.common.clock import isotime


def notice_delivered(notification: dict, channel: str, at: datetime) -> dict:
    """notice-delivered: which notice, about which event, reached its addressee how and when."""
    return {
        "notice_id": notification["_id"],
        "org_id": notification["org"],
        "event_type": notification["type"],
        "event_id": notification["event_id"],
        "event_subject": notification["event_subject"],
        "channel": channel,
        "delivered_at": isotime(at),
    }
