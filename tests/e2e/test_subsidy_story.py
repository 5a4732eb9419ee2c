"""The subsidy story end to end: registry → matching (a contract completed) → subsidy (application, town and
county approval, payment by finance) → coverage changes; all through HTTP, the services meeting only on Kafka.

Recovery of a paid subsidy (a false-report violation recorded through credit, receipts by finance) is
tests/e2e/test_subsidy_recovery.py.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Cast, Platform, Service, day, delivered
from tests.support.wait import wait_until

pytestmark = pytest.mark.integration
COUNTY, TOWN = "330482", "330482001"  # 平湖市, 当湖街道: the cast's enterprise


def _town_row(subsidy: Service, official: dict) -> dict:
    rows = subsidy.ok("get", "/reports/coverage", official)["rows"]
    return next(r for r in rows if r["division"] == TOWN)


def test_a_completed_contract_is_subsidised_and_coverage_rises(platform: Platform, subsidy: Service, cast: Cast, token):
    firm, near = cast.enterprise["id"], cast.near["id"]
    as_firm, county = token("enterprise", firm), token("official", COUNTY)
    programme = subsidy.ok(
        "post",
        "/programmes",
        county,
        201,
        json={
            "name": "平湖市中小微企业购买安全服务补助",
            "kind": "enterprise_purchase",
            "period_start": day(-30),
            "period_end": day(60),
            "rules": {
                "budget_fen": 5_000_000,
                "rate_permille": 300,
                "cap_per_contract_fen": 1_000_000,
                "min_grade": "B",
            },
        },
    )
    subsidy.ok("post", f"/programmes/{programme['id']}/open", county)
    before = wait_until(lambda: (row := _town_row(subsidy, county))["registered_smes"] == 1 and row, 30)
    assert (before["covered_smes"], before["share_permille"], before["met"]) == (0, 0, False)

    contract = delivered(platform, firm, near, token)  # matching: demand, offer, award, signed, accepted

    # Subsidy learns of the completed contract from matching's events; the enterprise applies.
    body = {"programme_id": programme["id"], "contract_id": contract["id"]}
    quote = wait_until(
        lambda: (
            (q := subsidy.http.post("/applications/quote", json=body, headers=as_firm)).status_code == 200
            and q.get_json()["eligible"]
            and q.get_json()
        ),
        30,
    )
    assert [(line["rule"], line["amount_fen"]) for line in quote["lines"]][:2] == [
        ("rate", 1_350_000),
        ("cap_per_contract", 1_000_000),
    ]
    application = subsidy.ok("post", "/applications", as_firm, 201, json=body)
    path = f"/applications/{application['id']}"
    subsidy.ok("post", f"{path}/approve", token("official", TOWN))
    subsidy.ok("post", f"{path}/approve", county)
    paid = subsidy.ok("post", f"{path}/pay", token("finance", COUNTY), json={"payment_reference": "PH-2026-0001"})
    assert (paid["status"], paid["amount_fen"], paid["paid_on"]) == ("paid", 1_000_000, day())
    assert subsidy.ok("get", path, as_firm)["status"] == "paid"

    after = _town_row(subsidy, county)
    assert (after["covered_smes"], after["share_permille"], after["met"]) == (1, 1000, True)
    assert (after["approved_fen"], after["paid_fen"], after["contracts_by_category"]) == (
        1_000_000,
        1_000_000,
        {"safety_evaluation": 1},
    )
    [public] = subsidy.ok("get", "/public/subsidy/programmes", {})
    assert (public["paid_fen"], public["left_fen"], public["beneficiaries"]) == (1_000_000, 4_000_000, 1)
