"""Applications through the review chain on the real broker and database: amounts explained, refusals named,
town → county → finance, payment once, budgets moved exactly, events published, clawback, roles."""

from __future__ import annotations

from tests.integration.subsidy.conftest import (
    COUNTY,
    TOWN,
    agency,
    contract,
    day,
    enterprise,
    open_programme,
    programme_body,
    rating,
    seeded,
)
from tests.support.harness import new_id

PRICE = 4_800_000  # 48 000 元; 30 % = 1 440 000 fen


def apply(subsidy, token, firm, contract_id, programme_id, status=201):
    return subsidy.ok(
        "post",
        "/applications",
        token("enterprise", firm),
        status,
        json={"programme_id": programme_id, "contract_id": contract_id},
    )


def test_apply_review_pay_with_every_line_and_event(subsidy, token, probe):
    events = probe("subsidy-applied", "subsidy-approved", "subsidy-paid")
    [(firm, contract_id)] = seeded(subsidy)
    programme = open_programme(
        subsidy,
        token,
        rules={"budget_fen": 10_000_000, "rate_permille": 300, "cap_per_contract_fen": 1_000_000, "min_grade": "B"},
    )
    quote = subsidy.ok(
        "post",
        "/applications/quote",
        token("enterprise", firm),
        json={"programme_id": programme["id"], "contract_id": contract_id},
    )
    assert (quote["eligible"], quote["amount_fen"]) == (True, 1_000_000)
    assert [(line["rule"], line["amount_fen"]) for line in quote["lines"]] == [
        ("rate", 1_440_000),
        ("cap_per_contract", 1_000_000),
        ("stacking_limit", 1_000_000),
        ("budget_left", 1_000_000),
    ]

    application = apply(subsidy, token, firm, contract_id, programme["id"])
    assert (application["status"], application["amount_fen"]) == ("submitted", 1_000_000)
    assert application["current_step"] == {"level": "town", "division": TOWN}
    events.events("subsidy-applied", subject=application["id"], amount_fen=1_000_000)

    path = f"/applications/{application['id']}"
    subsidy.ok("post", f"{path}/approve", token("official", COUNTY), 403)  # the town comes first
    town = subsidy.ok("post", f"{path}/approve", token("official", TOWN))
    assert town["status"] == "town_approved" and town["reserved_fen"] == 1_000_000
    assert subsidy.budget(programme["id"])["left_fen"] == 9_000_000
    county = subsidy.ok("post", f"{path}/approve", token("official", COUNTY))
    assert county["status"] == "approved" and county["current_step"] == {"level": "finance", "division": COUNTY}
    events.events("subsidy-approved", subject=application["id"], approved_on=day(0))

    subsidy.ok("post", f"{path}/pay", token("official", COUNTY), 403, json={"payment_reference": "BANK-1"})
    reference = new_id("BANK")
    subsidy.ok("post", f"{path}/pay", token("finance", "330402"), 403, json={"payment_reference": reference})
    paid = subsidy.ok("post", f"{path}/pay", token("finance", COUNTY), json={"payment_reference": reference})
    again = subsidy.ok("post", f"{path}/pay", token("finance", COUNTY), json={"payment_reference": reference})
    assert paid["status"] == again["status"] == "paid" and again["decisions"] == paid["decisions"]
    subsidy.ok("post", f"{path}/pay", token("finance", COUNTY), 409, json={"payment_reference": new_id("BANK")})
    events.events("subsidy-paid", subject=application["id"], payment_reference=reference)
    assert subsidy.budget(programme["id"]) | {"_id": None} == {
        "_id": None,
        "total_fen": 10_000_000,
        "left_fen": 9_000_000,
        "reserved_fen": 0,
        "spent_fen": 1_000_000,
        "recovered_fen": 0,
    }
    assert subsidy.ctx.db["outbox"].count_documents({"topic": "subsidy-paid"}) == 1

    apply(subsidy, token, firm, contract_id, programme["id"], 409)  # one application per contract and programme


def test_refusals_name_every_failed_rule(subsidy, token):
    [(firm, contract_id)] = seeded(subsidy, grade="C")
    programme = open_programme(
        subsidy,
        token,
        rules={"budget_fen": 10_000_000, "rate_permille": 300, "min_grade": "B", "categories": ["safety_training"]},
    )
    refused = apply(subsidy, token, firm, contract_id, programme["id"], 409)
    assert sorted(r["rule"] for r in refused["reasons"]) == ["category", "min_grade"]
    apply(subsidy, token, "someone-else", contract_id, programme["id"], 403)
    apply(subsidy, token, firm, "ct-unknown", programme["id"], 404)


def test_the_grade_on_the_signing_day_counts_not_todays(subsidy, token):
    agency_id, firm, contract_id = new_id("ag"), new_id("e"), new_id("ct")
    subsidy.send_and_wait(
        agency(agency_id),
        rating(agency_id, "D", day(-400)),
        rating(agency_id, "A", day(-5)),
        enterprise(firm),
        contract("contract-signed", contract_id, firm, agency_id),
        contract("contract-completed", contract_id, firm, agency_id),
    )
    programme = open_programme(subsidy, token, rules={"budget_fen": 10_000_000, "rate_permille": 300, "min_grade": "C"})
    refused = apply(subsidy, token, firm, contract_id, programme["id"], 409)
    assert [r["rule"] for r in refused["reasons"]] == ["min_grade"]  # D on the signing day, 60 days ago


def test_reject_releases_and_the_applicant_reads_the_reason(subsidy, token, probe):
    events = probe("subsidy-rejected")
    [(firm, contract_id)] = seeded(subsidy)
    programme = open_programme(subsidy, token)
    application = apply(subsidy, token, firm, contract_id, programme["id"])
    path = f"/applications/{application['id']}"
    subsidy.ok("post", f"{path}/approve", token("official", TOWN))
    subsidy.ok("post", f"{path}/reject", token("official", COUNTY), json={"reason": "发票与合同金额不符"})
    seen = subsidy.ok("get", path, token("enterprise", firm))
    assert (seen["status"], seen["reasons"]) == ("rejected", ["发票与合同金额不符"])
    assert subsidy.budget(programme["id"])["left_fen"] == 10_000_000
    events.events("subsidy-rejected", subject=application["id"], step="county", cancelled=False)
    again = apply(subsidy, token, firm, contract_id, programme["id"], 409)  # the pair stays taken
    assert again["status"] == 409


def test_a_terminated_contract_cancels_unpaid_and_flags_paid(subsidy, token, probe):
    events = probe("subsidy-rejected", "subsidy-clawback-flagged")
    pairs = seeded(subsidy, firms=2)
    programme = open_programme(subsidy, token)
    unpaid, paid = (apply(subsidy, token, f, c, programme["id"]) for f, c in pairs)
    for application in (unpaid, paid):
        for who in (TOWN, COUNTY):
            subsidy.ok("post", f"/applications/{application['id']}/approve", token("official", who))
    subsidy.ok(
        "post", f"/applications/{paid['id']}/pay", token("finance", COUNTY), json={"payment_reference": new_id("B")}
    )
    agency_id = subsidy.ctx.db["contracts"].find_one({"_id": pairs[0][1]})["agency_id"]
    ended = [contract("contract-terminated", c, f, agency_id) for f, c in pairs]
    subsidy.send_and_wait(*ended)

    events.events("subsidy-rejected", subject=unpaid["id"], step="system", cancelled=True)
    flagged = events.events("subsidy-clawback-flagged", subject=paid["id"])[0]
    assert flagged.data["recovery_fen"] == 1_440_000
    assert subsidy.budget(programme["id"])["left_fen"] == 10_000_000 - 1_440_000
    recoveries = subsidy.ok("get", "/applications?recovery=true", token("official", COUNTY))["items"]
    assert [(r["id"], r["recovery"]["amount_fen"]) for r in recoveries] == [(paid["id"], 1_440_000)]
    assert subsidy.ok("get", f"/applications/{unpaid['id']}", token("official", TOWN))["status"] == "cancelled"


def test_who_sees_what(subsidy, token):
    [(firm, contract_id), (other, other_contract)] = seeded(subsidy, firms=2)
    programme = open_programme(subsidy, token)
    mine = apply(subsidy, token, firm, contract_id, programme["id"])
    apply(subsidy, token, other, other_contract, programme["id"])
    own = subsidy.ok("get", "/applications", token("enterprise", firm))["items"]
    assert [a["id"] for a in own] == [mine["id"]]
    subsidy.ok("get", f"/applications/{mine['id']}", token("enterprise", other), 404)
    assert len(subsidy.ok("get", "/applications", token("official", COUNTY))["items"]) == 2
    assert len(subsidy.ok("get", "/applications", token("official", TOWN))["items"]) == 2
    assert subsidy.ok("get", "/applications", token("official", "330402"))["items"] == []  # 南湖区
    assert len(subsidy.ok("get", "/applications", token("finance", COUNTY))["items"]) == 2  # the funder's finance
    assert subsidy.ok("get", "/applications", token("finance", TOWN))["items"] == []  # funds none of them
    subsidy.ok("get", f"/applications/{mine['id']}", token("finance", "330400"), 404)  # the city funds none
    assert len(subsidy.ok("get", "/applications", token("regulator", TOWN))["items"]) == 2  # their place


def test_programmes_belong_to_their_funder_and_freeze_when_open(subsidy, token):
    official = token("official", COUNTY)
    subsidy.ok("post", "/programmes", token("official", TOWN), 403, json={**programme_body(), "funder": COUNTY})
    subsidy.ok("post", "/programmes", official, 422, json=programme_body(budget_fen=100.0))
    subsidy.ok("post", "/programmes", official, 422, json=programme_body(rate_permille=1.5))
    draft = subsidy.ok("post", "/programmes", official, 201, json=programme_body())
    subsidy.ok("get", f"/programmes/{draft['id']}", token("enterprise", "e"), 404)  # drafts are the funder's
    opened = subsidy.ok("post", f"/programmes/{draft['id']}/open", official)
    assert opened["budget"] == {
        "total_fen": 10_000_000,
        "left_fen": 10_000_000,
        "reserved_fen": 0,
        "spent_fen": 0,
        "recovered_fen": 0,
        "top_ups": [],
    }
    refused = subsidy.ok("patch", f"/programmes/{draft['id']}", official, 409, json={"rules": {"rate_permille": 500}})
    assert refused["fields"] == ["rules"]
    subsidy.ok("patch", f"/programmes/{draft['id']}", official, json={"name": "更正名称"})
    v2 = subsidy.ok("post", f"/programmes/{draft['id']}/versions", official, 201)
    subsidy.ok("patch", f"/programmes/{v2['id']}", official, json={"rules": {"rate_permille": 500}})
    subsidy.ok("post", f"/programmes/{v2['id']}/open", official)
    assert subsidy.ok("get", f"/programmes/{draft['id']}", official)["state"] == "closed"
    assert subsidy.ok("get", f"/programmes/{v2['id']}", official)["rules"]["rate_permille"] == 500
