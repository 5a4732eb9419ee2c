"""Recovery (追回) that happens: a finding by a regulator of the place or the funding official flags a paid
subsidy; the funder's finance records what is actually recovered, in parts, once per reference; a false-report
violation on a contract flags its paid subsidies and holds its unpaid ones, and its revocation undoes both."""

from __future__ import annotations

import pytest

from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from tests.integration.subsidy.conftest import COUNTY, TOWN, open_programme, seeded
from tests.support.effect_worker import violation
from tests.support.harness import new_id

pytestmark = pytest.mark.integration
AMOUNT = 1_440_000  # 4 800 000 × 300 ‰
FINDING = {"finding": "false_service", "reason": "现场核查：评价报告系伪造", "evidence_ref": "JXAJ-稽查-2026-017"}


def _paid(subsidy, token, programme_id: str, firm: str, contract_id: str, pay: bool = True) -> dict:
    """Applied, approved by the town and the county, and (if `pay`) paid by the funder's finance."""
    body = {"programme_id": programme_id, "contract_id": contract_id}
    application = subsidy.ok("post", "/applications", token("enterprise", firm), 201, json=body)
    path = f"/applications/{application['id']}"
    for who in (TOWN, COUNTY)[: 2 if pay else 1]:
        subsidy.ok("post", f"{path}/approve", token("official", who))
    if pay:
        subsidy.ok("post", f"{path}/pay", token("finance", COUNTY), json={"payment_reference": new_id("PAY")})
    return subsidy.ok("get", path, token("official", COUNTY))


def test_a_finding_flags_a_paid_subsidy_and_finance_records_what_comes_back(subsidy, token, probe):
    events = probe("subsidy-clawback-flagged", "subsidy-recovered")
    pairs = seeded(subsidy, firms=3)
    programme = open_programme(subsidy, token)
    first, second = (_paid(subsidy, token, programme["id"], *pair) for pair in pairs[:2])
    unpaid = _paid(subsidy, token, programme["id"], *pairs[2], pay=False)
    path = f"/applications/{first['id']}/recovery"

    for stranger in (token("regulator", "330402"), token("official", TOWN), token("official", "330402")):
        assert subsidy.ok("post", path, stranger, 403, json=FINDING)["rule"] == "finder"
    refused = subsidy.ok("post", f"/applications/{unpaid['id']}/recovery", token("regulator", TOWN), 409, json=FINDING)
    assert refused["rule"] == "recover_paid"
    subsidy.ok("post", path, token("regulator", TOWN), 422, json={**FINDING, "finding": "contract_ended"})
    flagged = subsidy.ok("post", path, token("regulator", TOWN), json=FINDING)["recovery"]
    assert (flagged["state"], flagged["amount_fen"], flagged["outstanding_fen"]) == ("flagged", AMOUNT, AMOUNT)
    assert (flagged["finding"], flagged["evidence_ref"]) == ("false_service", FINDING["evidence_ref"])
    assert subsidy.ok("post", path, token("official", COUNTY), 409, json=FINDING)["rule"] == "flag_once"
    by_funder = {**FINDING, "finding": "not_delivered", "reason": "服务未实际提供"}
    subsidy.ok("post", f"/applications/{second['id']}/recovery", token("official", COUNTY), json=by_funder)
    events.events("subsidy-clawback-flagged", subject=first["id"], finding="false_service", recovery_fen=AMOUNT)
    events.events("subsidy-clawback-flagged", subject=second["id"], finding="not_delivered")

    receipts = f"/applications/{first['id']}/recovery/receipts"
    part = {"amount_fen": 400_000, "reference": new_id("ZH")}
    subsidy.ok("post", receipts, token("finance", "330402"), 403, json=part)
    subsidy.ok("post", f"/applications/{unpaid['id']}/recovery/receipts", token("finance", COUNTY), 409, json=part)
    once = subsidy.ok("post", receipts, token("finance", COUNTY), json=part)["recovery"]
    again = subsidy.ok("post", receipts, token("finance", COUNTY), json=part)["recovery"]
    assert once == again and (once["state"], once["recovered_fen"]) == ("partly_recovered", 400_000)
    other = subsidy.ok("post", receipts, token("finance", COUNTY), 409, json={**part, "amount_fen": 1})
    assert other["rule"] == "reference_once"
    too_much = {"amount_fen": AMOUNT, "reference": new_id("ZH")}
    assert subsidy.ok("post", receipts, token("finance", COUNTY), 409, json=too_much)["rule"] == "outstanding"
    rest = {"amount_fen": AMOUNT - 400_000, "reference": new_id("ZH")}
    done = subsidy.ok("post", receipts, token("finance", COUNTY), json=rest)["recovery"]
    assert (done["state"], done["recovered_fen"], done["outstanding_fen"]) == ("recovered", AMOUNT, 0)
    events.events("subsidy-recovered", subject=first["id"], recovered_fen=400_000, outstanding_fen=AMOUNT - 400_000)
    events.events("subsidy-recovered", subject=first["id"], total_recovered_fen=AMOUNT, outstanding_fen=0)

    budget = subsidy.ok("get", f"/programmes/{programme['id']}", token("official", COUNTY))["budget"]
    assert (budget["spent_fen"], budget["recovered_fen"]) == (2 * AMOUNT, AMOUNT)
    [public] = subsidy.ok("get", "/public/subsidy/programmes", {})
    assert (public["paid_fen"], public["recovered_fen"]) == (2 * AMOUNT, AMOUNT)
    listed = subsidy.ok("get", "/applications?recovery=true", token("finance", COUNTY))["items"]
    assert {a["id"] for a in listed} == {first["id"], second["id"]}


def _revoked(agency_id: str, violation_id: str):
    data = {"violation_id": violation_id, "agency_id": agency_id, "reason": "异议成立", "revoked_by": "330400"}
    return new_event(CATALOGUE["violation-revoked"], agency_id, data, "/services/credit")


def test_a_false_report_on_a_contract_flags_paid_holds_unpaid_and_a_revocation_undoes_both(subsidy, token, probe):
    events = probe("subsidy-clawback-flagged", "subsidy-clawback-lifted")
    (firm, paid_contract), (other, held_contract), (third, untouched) = seeded(subsidy, firms=3)
    programme = open_programme(subsidy, token)
    paid = _paid(subsidy, token, programme["id"], firm, paid_contract)
    held = _paid(subsidy, token, programme["id"], other, held_contract, pay=False)
    agency_id = subsidy.ctx.db["contracts"].find_one({"_id": paid_contract})["agency_id"]
    on_paid = violation(agency_id, code="false-report", severity="severe", contract_id=paid_contract)
    on_held = violation(agency_id, code="false-report", severity="severe", contract_id=held_contract)
    not_its = violation(new_id("ag"), code="false-report", contract_id=untouched)  # another agency's contract
    late = violation(agency_id, code="late-report", contract_id=untouched)  # not a false report
    subsidy.send_and_wait(on_paid, on_held, not_its, late)

    flag = events.events("subsidy-clawback-flagged", subject=paid["id"])[0].data
    assert (flag["finding"], flag["violation_id"], flag["recovery_fen"]) == (
        "false_service",
        on_paid.data["violation_id"],
        AMOUNT,
    )
    hold = subsidy.ok("post", f"/applications/{held['id']}/approve", token("official", COUNTY), 409)
    assert [r["rule"] for r in hold["reasons"]] == ["false_report"]
    assert _paid(subsidy, token, programme["id"], third, untouched)["status"] == "paid"

    subsidy.send_and_wait(
        _revoked(agency_id, on_paid.data["violation_id"]), _revoked(agency_id, on_held.data["violation_id"])
    )
    lifted = subsidy.ok("get", f"/applications/{paid['id']}", token("enterprise", firm))["recovery"]
    assert (lifted["state"], lifted["outstanding_fen"]) == ("lifted", 0)
    events.events("subsidy-clawback-lifted", subject=paid["id"], violation_id=on_paid.data["violation_id"])
    assert subsidy.ok("get", "/applications?recovery=true", token("official", COUNTY))["items"] == []
    assert subsidy.ok("post", f"/applications/{held['id']}/approve", token("official", COUNTY))["status"] == "approved"
