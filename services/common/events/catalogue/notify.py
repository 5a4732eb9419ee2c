"""Events the notify service publishes."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.events.envelope import EventType

from .fields import Data, text

CHANNELS = ["inbox", "email", "sms", "webhook"]


class NoticeDeliveredData(Data):
    """A legal notice (法定告知) reached its addressee for the first time."""

    notice_id = text(metadata={"description": "the notify service's notification id"})
    org_id = text(metadata={"description": "the organisation told (also the event subject)"})
    event_type = text(metadata={"description": "type of the event the notice is about, e.g. violation-recorded"})
    event_id = text(metadata={"description": "id of that event"})
    event_subject = text(metadata={"description": "subject of that event (e.g. the agency id)"})
    channel = ma.fields.String(
        required=True,
        validate=validate.OneOf(CHANNELS),
        metadata={
            "description": "inbox = the organisation opened it in the app;"
            " email / sms / webhook = accepted by the receiver"
        },
    )
    delivered_at = ma.fields.AwareDateTime(required=True, metadata={"description": "when, UTC"})


EVENT_TYPES = [
    EventType(
        "notice-delivered",
        NoticeDeliveredData,
        "notify",
        "The first successful delivery of a legal notice (violation, adverse rating change): other services "
        "record when the party was told. Key = subject = data.org_id.",
        subject_field="org_id",
    ),
]
