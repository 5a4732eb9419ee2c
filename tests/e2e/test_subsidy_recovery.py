"""Recovery (追回) end to end, through the real services meeting only on Kafka: a contract completed in matching is
subsidised and paid; a regulator records through credit a false-report violation tied to that contract; subsidy,
consuming credit's violation-recorded, flags the paid subsidy for recovery; notify serves the enterprise a legal
notice; the funder's finance records the money actually recovered, in two parts (a repeated reference changes
nothing); the programme's accounts and the public list show it; every step is published."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Cast, Platform, Service, day, delivered
from tests.support.wait import wait_until

pytestmark = pytest.mark.integration
COUNTY, TOWN = "330482", "330482001"  # 平湖市, 当湖街道: the cast's enterprise
AMOUNT = 1_350_000  # 4 500 000 × 300 ‰


def _paid(subsidy: Service, token, firm: str, contract_id: str) -> tuple[dict, str]:
    """A programme of 平湖市, the enterprise's application approved by town and county and paid by finance."""
    county = token("official", COUNTY)
    body = {
        "name": "平湖市中小微企业购买安全服务补助",
        "kind": "enterprise_purchase",
        "period_start": day(-30),
        "period_end": day(60),
        "rules": {"budget_fen": 5_000_000, "rate_permille": 300},
    }
    programme = subsidy.ok("post", "/programmes", county, 201, json=body)
    subsidy.ok("post", f"/programmes/{programme['id']}/open", county)
    apply = {"programme_id": programme["id"], "contract_id": contract_id}
    application = wait_until(
        lambda: (
            (a := subsidy.http.post("/applications", json=apply, headers=token("enterprise", firm))).status_code == 201
            and a.get_json()
        ),
        30,
    )
    path = f"/applications/{application['id']}"
    for who in (TOWN, COUNTY):
        subsidy.ok("post", f"{path}/approve", token("official", who))
    paid = subsidy.ok("post", f"{path}/pay", token("finance", COUNTY), json={"payment_reference": "PH-2026-0101"})
    assert (paid["status"], paid["amount_fen"]) == ("paid", AMOUNT)
    return programme, path


def test_a_false_report_recovers_a_paid_subsidy(platform: Platform, subsidy: Service, cast: Cast, token, probe):
    events = probe("violation-recorded", "subsidy-clawback-flagged", "subsidy-recovered")
    firm, agency = cast.enterprise["id"], cast.near["id"]
    contract = delivered(platform, firm, agency, token)
    programme, path = _paid(subsidy, token, firm, contract["id"])

    false_report = {
        "agency_id": agency,
        "severity": "serious",
        "code": "false-report",
        "description": "安全现状评价报告现场数据系编造，评价服务未实际开展",
        "occurred_on": day(-1),
        "contract_id": contract["id"],
    }
    platform.credit.ok(
        "post", "/credit/violations", token("regulator", "330400"), 422, json={**false_report, "contract_id": ""}
    )
    recorded = platform.credit.ok("post", "/credit/violations", token("regulator", COUNTY), 202, json=false_report)
    events.events("violation-recorded", subject=agency, contract_id=contract["id"])

    as_firm = token("enterprise", firm)
    flagged = wait_until(lambda: (r := subsidy.ok("get", path, as_firm)["recovery"]) and r, 30)
    assert (flagged["state"], flagged["finding"], flagged["amount_fen"]) == ("flagged", "false_service", AMOUNT)
    assert flagged["violation_id"] == recorded["violation_id"]
    events.events("subsidy-clawback-flagged", finding="false_service", violation_id=recorded["violation_id"])
    [notice] = platform.notices(as_firm, 1, "subsidy-clawback-flagged")
    assert notice["legal"] and "虚假服务" in notice["text"]

    finance = token("finance", COUNTY)
    first = {"amount_fen": 500_000, "reference": "PH-ZH-2026-0001"}
    subsidy.ok("post", f"{path}/recovery/receipts", token("finance", "330402"), 403, json=first)
    subsidy.ok("post", f"{path}/recovery/receipts", finance, json=first)
    again = subsidy.ok("post", f"{path}/recovery/receipts", finance, json=first)["recovery"]
    assert (again["state"], again["recovered_fen"], len(again["receipts"])) == ("partly_recovered", 500_000, 1)
    rest = {"amount_fen": AMOUNT - 500_000, "reference": "PH-ZH-2026-0002"}
    done = subsidy.ok("post", f"{path}/recovery/receipts", finance, json=rest)["recovery"]
    assert (done["state"], done["recovered_fen"], done["outstanding_fen"]) == ("recovered", AMOUNT, 0)
    events.events("subsidy-recovered", reference="PH-ZH-2026-0002", total_recovered_fen=AMOUNT, outstanding_fen=0)

    accounts = subsidy.ok("get", f"/programmes/{programme['id']}", token("official", COUNTY))["budget"]
    assert (accounts["spent_fen"], accounts["recovered_fen"]) == (AMOUNT, AMOUNT)
    [public] = subsidy.ok("get", "/public/subsidy/programmes", {})
    assert (public["paid_fen"], public["recovered_fen"]) == (AMOUNT, AMOUNT)
    receipts = " ".join(n["text"] for n in platform.notices(as_firm, 2, "subsidy-recovered"))
    assert "PH-ZH-2026-0001" in receipts and "PH-ZH-2026-0002" in receipts
