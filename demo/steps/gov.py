"""An integrated enforcement system (执法系统) publishing straight to Kafka, as the README tells integrators to:
the official CloudEvents SDK's Kafka binding, source /gov/enforcement/<division>, key = subject = agency id,
structured (the whole envelope as the value) or binary (ce_* headers, the data as the value)."""

from __future__ import annotations

from dataclasses import replace

from cloudevents.v1.http import CloudEvent
from cloudevents.v1.kafka import to_binary, to_structured

from services.common.config import Config
from services.common.events.bus import make_producer

from ..sanctions import Violation

MODES = {"structured": to_structured, "binary": to_binary}


class EnforcementSystem:
    def __init__(self, kafka_bootstrap: str) -> None:
        config = replace(Config.from_env("credit"), kafka_bootstrap_servers=kafka_bootstrap)
        self.producer = make_producer(config)

    def record(self, violation: Violation) -> None:
        self._send(
            "violation-recorded",
            violation.county,
            violation.agency_id,
            violation.channel,
            {
                "violation_id": violation.violation_id,
                "agency_id": violation.agency_id,
                "severity": violation.severity,
                "code": violation.code,
                "description": violation.description,
                "occurred_on": violation.occurred_on,
                "recorded_on": violation.recorded_on,
                "recorded_by": f"嘉兴市综合行政执法系统（{violation.county}）",
            },
        )

    def revoke(self, violation: Violation, mode: str) -> None:
        self._send(
            "violation-revoked",
            violation.county,
            violation.agency_id,
            mode,
            {
                "violation_id": violation.violation_id,
                "agency_id": violation.agency_id,
                "reason": "执法决定经行政复议撤销",
                "revoked_by": f"嘉兴市综合行政执法系统（{violation.county}）",
            },
        )

    def _send(self, event_type: str, county: str, agency_id: str, mode: str, data: dict) -> None:
        event = CloudEvent(
            {
                "type": event_type,
                "source": f"/gov/enforcement/{county}",
                "subject": agency_id,
                "partitionkey": agency_id,
                "datacontenttype": "application/json",
                "dataversion": "1",
            },
            data,
        )
        message = MODES[mode](event)
        self.producer.send(
            event_type, key=message.key.encode(), value=message.value, headers=list(message.headers.items())
        )

    def flush(self) -> None:
        """Every event sent is on the broker."""
        self.producer.flush(timeout=30)

    def close(self) -> None:
        self.flush()
        self.producer.close(timeout=10)
