"""The envelope, the catalogue and the AsyncAPI document generated from it."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import jsonschema
import pytest

from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import InvalidEvent, decode
from services.platform import asyncapi
from tests.support.effect_worker import violation

REQUIRED_TYPES = {
    "agency-registered",
    "agency-updated",
    "expert-registered",
    "expert-updated",
    "enterprise-registered",
    "enterprise-updated",
    "demand-posted",
    "offer-submitted",
    "contract-signed",
    "contract-completed",
    "contract-terminated",
    "inspection-completed",
    "violation-recorded",
    "violation-revoked",
    "rating-changed",
    "subsidy-approved",
    "subsidy-rejected",
    "subsidy-paid",
}


def test_catalogue_has_every_required_event_type():
    assert REQUIRED_TYPES <= set(CATALOGUE)


def test_envelope_carries_cloudevents_attributes_and_headers():
    event = violation("agency-1")
    body = json.loads(event.to_bytes())
    assert body["specversion"] == "1.0" and body["subject"] == "agency-1" and body["type"] == "violation-recorded"
    assert body["time"].endswith("Z") and body["dataversion"] == 1 and body["datacontenttype"] == "application/json"
    assert dict(event.headers)["ce_id"] == event.id.encode()


def test_consumers_ignore_unknown_fields_producers_refuse_them():
    body = violation().to_dict()
    body["data"]["extra_field"] = "from a newer producer"
    body["unknown_attribute"] = 1
    assert "extra_field" not in decode(json.dumps(body).encode(), CATALOGUE).data
    with pytest.raises(InvalidEvent, match="extra_field"):
        CATALOGUE["violation-recorded"].load(body["data"], strict=True)


@pytest.mark.parametrize(
    "mutate, reason",
    [
        (lambda b: b.pop("id"), "id"),
        (lambda b: b.update(type="no-such-event"), "unknown event type"),
        (lambda b: b.update(time="yesterday"), "time"),
        (lambda b: b["data"].update(severity="apocalyptic"), "severity"),
        (lambda b: b["data"].pop("agency_id"), "agency_id"),
    ],
)
def test_invalid_events_are_refused_with_a_reason(mutate, reason):
    body = violation().to_dict()
    mutate(body)
    with pytest.raises(InvalidEvent, match=reason):
        decode(json.dumps(body).encode(), CATALOGUE)


def test_not_json_is_refused():
    with pytest.raises(InvalidEvent, match="not JSON"):
        decode(b"\x00garbage", CATALOGUE)


def test_asyncapi_file_is_up_to_date():
    assert asyncapi.PATH.read_text(encoding="utf-8") == asyncapi.render(), "run `make asyncapi`"


def test_asyncapi_message_schema_accepts_a_real_event_and_rejects_a_bad_one():
    doc = asyncapi.document()
    schema = {**doc["components"]["messages"]["violation-recorded"]["payload"], "components": doc["components"]}
    event = violation().to_dict()
    jsonschema.validate(event, schema)
    event["data"]["severity"] = "apocalyptic"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(event, schema)


def test_asyncapi_lists_every_event_with_its_operations():
    doc = asyncapi.document()
    assert set(doc["channels"]) == set(CATALOGUE)
    assert doc["asyncapi"].startswith("3.")
    assert "credit-receives-violation-recorded" in doc["operations"]


def test_openapi_documents_are_up_to_date():
    from services.platform import openapi

    assert openapi.main(["--check"]) == 0, "run `make docs`"


AGENCY = {
    "agency_id": "agency-1",
    "name": "嘉兴安泰安全评价有限公司",
    "uscc": "91330400MA2B3C4D5E",
    "kind": "agency",
    "categories": ["safety_evaluation"],
    "county": "330411",
    "town": "330411101",
    "status": "active",
    "qualifications": [
        {
            "category": "safety_evaluation",
            "certificate_no": "APJ-浙-001",
            "level": "乙级",
            "issuer": "浙江省应急管理厅",
            "valid_from": "2024-01-01",
            "valid_until": "2027-01-01",
            "verified": True,
            "verified_by": "regulator:330400",
        }
    ],
}


def test_schemas_are_reused_per_mode_and_nested_tolerance_stays_with_consumers():
    event_type = CATALOGUE["agency-registered"]
    newer = {**AGENCY, "qualifications": [{**AGENCY["qualifications"][0], "scope": "from a newer producer"}]}
    for _ in range(2):  # the second round runs on the schemas cached by the first
        assert "scope" not in event_type.load(newer, strict=False)["qualifications"][0]
        with pytest.raises(InvalidEvent, match="scope"):
            event_type.load(newer, strict=True)
    assert event_type.load(AGENCY, strict=True) == event_type.load(AGENCY, strict=False)


def test_concurrent_loads_share_one_schema_safely():
    event_type = CATALOGUE["agency-registered"]
    expected = event_type.load(AGENCY, strict=False)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: event_type.load(AGENCY, strict=False), range(200)))
    assert all(r == expected for r in results)
