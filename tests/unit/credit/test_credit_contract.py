"""The credit service consumes and publishes exactly the events of its issue, documented for external systems."""

from __future__ import annotations

from services.common.events.catalogue import CATALOGUE
from services.credit.handlers import HANDLERS
from services.platform.asyncapi import document
from services.platform.topology import consumers

CONSUMED = {
    "agency-registered",
    "agency-updated",
    "contract-completed",
    "contract-terminated",
    "inspection-completed",
    "violation-recorded",
    "violation-revoked",
    "notice-delivered",  # of a violation's notice: its service (送达)
    "practitioner-joined",  # staffing and continuing education (人员配备、继续教育)
    "practitioner-left",
    "certificate-verified",
    "training-recorded",
}


def test_credit_consumes_exactly_the_listed_events():
    assert set(HANDLERS) == CONSUMED
    assert {name for name, services in consumers().items() if "credit" in services} == CONSUMED


def test_rating_changed_carries_what_the_issue_lists():
    fields = set(CATALOGUE["rating-changed"].schema().fields)
    assert {
        "old_score",
        "new_score",
        "old_grade",
        "new_grade",
        "reasons",
        "interview_required",
        "rectification_until",
        "listed_until",
        "rule_version",
    } <= fields


def test_asyncapi_tells_external_systems_what_to_send():
    doc = document()
    for name in ("violation-recorded", "inspection-completed"):
        message = doc["components"]["messages"][name]
        assert message["x-external"] is True and message["payload"]["allOf"][1]["properties"]["type"] == {"const": name}
    assert "key = subject = data.agency_id" in doc["components"]["messages"]["violation-recorded"]["summary"]
    schema = doc["components"]["schemas"]["ViolationRecordedData"]
    assert set(schema["required"]) == {
        "violation_id",
        "agency_id",
        "severity",
        "code",
        "description",
        "occurred_on",
        "recorded_by",
    }
    assert schema["properties"]["severity"]["enum"] == ["minor", "general", "serious", "severe"]
    assert schema["additionalProperties"] is False
