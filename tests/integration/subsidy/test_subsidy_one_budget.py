"""One budget per programme across its versions: what any version reserves, spends and recovers counts against
it; a new version cannot bring a budget of its own; raising it is the funder's top-up, with a reason, audited,
published and public. A PATCH based on a stale read is 412 and changes nothing."""

from __future__ import annotations

import pytest

from services.common.schemas import MAX_FEN
from tests.integration.subsidy.conftest import COUNTY, TOWN, open_programme, programme_body, seeded

pytestmark = pytest.mark.integration
BUDGET = 299_999  # the figures: 250 000 committed under the first version
PRICE = 833_334  # × 300 ‰ = 250 000


def _approve(subsidy, token, application_id: str) -> dict:
    """The town's and the county's approval."""
    subsidy.ok("post", f"/applications/{application_id}/approve", token("official", TOWN))
    return subsidy.ok("post", f"/applications/{application_id}/approve", token("official", COUNTY))


def test_a_new_version_draws_on_the_same_budget_and_only_a_top_up_raises_it(subsidy, token, probe):
    events = probe("subsidy-budget-topped-up")
    official = token("official", COUNTY)
    (firm, contract_id), (other, other_contract) = seeded(subsidy, firms=2, price_fen=PRICE)
    v1 = open_programme(subsidy, token, rules={"budget_fen": BUDGET, "rate_permille": 300})
    first = subsidy.ok(
        "post",
        "/applications",
        token("enterprise", firm),
        201,
        json={"programme_id": v1["id"], "contract_id": contract_id},
    )
    assert _approve(subsidy, token, first["id"])["reserved_fen"] == 250_000

    v2 = subsidy.ok("post", f"/programmes/{v1['id']}/versions", official, 201)
    assert (v2["version"], v2["lineage"], v2["budget"]["left_fen"]) == (2, v1["id"], BUDGET - 250_000)
    refused = subsidy.ok("patch", f"/programmes/{v2['id']}", official, 409, json={"rules": {"budget_fen": 2 * BUDGET}})
    assert refused["rule"] == "one_budget" and refused["fields"] == ["rules.budget_fen"]
    subsidy.ok("patch", f"/programmes/{v2['id']}", official, json={"rules": {"rate_permille": 300}})
    opened = subsidy.ok("post", f"/programmes/{v2['id']}/open", official)
    assert opened["budget"]["total_fen"] == BUDGET and opened["budget"]["left_fen"] == BUDGET - 250_000
    assert subsidy.ok("get", f"/programmes/{v1['id']}", official)["superseded_by"] == v2["id"]

    second = subsidy.ok(
        "post",
        "/applications",
        token("enterprise", other),
        201,
        json={"programme_id": v2["id"], "contract_id": other_contract},
    )
    assert second["amount_fen"] == BUDGET - 250_000  # cut to what the one budget has left, never a second budget
    _approve(subsidy, token, second["id"])
    assert subsidy.budget(v1["id"]) | {"_id": None, "top_ups": None} == {
        "_id": None,
        "top_ups": None,
        "total_fen": BUDGET,
        "left_fen": 0,
        "reserved_fen": BUDGET,
        "spent_fen": 0,
        "recovered_fen": 0,
    }
    subsidy.ok(
        "post",
        "/applications",
        token("enterprise", firm),
        409,
        json={"programme_id": v2["id"], "contract_id": contract_id},
    )  # one application per programme and contract, whatever the version

    top_up = {"amount_fen": 100_000, "reason": "申请量超出预期，经县政府批准追加"}
    subsidy.ok("post", f"/programmes/{v2['id']}/top-ups", token("official", TOWN), 403, json=top_up)
    subsidy.ok("post", f"/programmes/{v1['id']}/top-ups", official, 409, json=top_up)  # closed: not the current one
    subsidy.ok("post", f"/programmes/{v2['id']}/top-ups", official, 422, json={**top_up, "amount_fen": 0})
    subsidy.ok("post", f"/programmes/{v2['id']}/top-ups", official, 422, json={**top_up, "amount_fen": MAX_FEN + 1})
    beyond = subsidy.ok(
        "post", f"/programmes/{v2['id']}/top-ups", official, 409, json={**top_up, "amount_fen": MAX_FEN}
    )
    assert beyond["rule"] == "budget_max"
    raised = subsidy.ok("post", f"/programmes/{v2['id']}/top-ups", official, json=top_up)
    assert (raised["budget"]["total_fen"], raised["budget"]["left_fen"]) == (BUDGET + 100_000, 100_000)
    assert raised["history"][-1]["action"] == f"budget topped up by 100000 fen: {top_up['reason']}"
    events.events("subsidy-budget-topped-up", subject=v2["id"], amount_fen=100_000, total_fen=BUDGET + 100_000)

    [public] = subsidy.ok("get", "/public/subsidy/programmes", {})  # the programme once: its current version
    assert (public["programme_id"], public["budget_fen"], public["topped_up_fen"]) == (
        v2["id"],
        BUDGET + 100_000,
        100_000,
    )
    assert (public["used_fen"], public["left_fen"], public["beneficiaries"]) == (BUDGET, 100_000, 2)
    assert [t["reason"] for t in public["top_ups"]] == [top_up["reason"]]
    page = subsidy.client.get("/public/subsidy/page", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "预算追加" in page and top_up["reason"] in page


def test_a_write_on_a_stale_read_is_412_and_changes_nothing(subsidy, token):
    official = token("official", COUNTY)
    created = subsidy.client.post("/programmes", json=programme_body(), headers=official)
    path, tag = f"/programmes/{created.get_json()['id']}", created.headers["ETag"]
    assert subsidy.client.get(path, headers=official).headers["ETag"] == tag == '"1"'

    renamed = subsidy.client.patch(path, json={"name": "甲"}, headers={**official, "If-Match": tag})
    assert renamed.status_code == 200 and renamed.headers["ETag"] == '"2"'
    stale = subsidy.client.patch(path, json={"name": "乙"}, headers={**official, "If-Match": tag})
    assert stale.status_code == 412 and stale.get_json()["rule"] == "if-match"
    assert stale.headers["Content-Type"] == "application/problem+json"
    for unknown in ('"abc"', 'W/"2"', '"99999999999999999999"'):  # no version, a weak tag, beyond any version
        assert (
            subsidy.client.patch(path, json={"name": "乙"}, headers={**official, "If-Match": unknown}).status_code
            == 412
        )
    assert subsidy.ok("get", path, official)["name"] == "甲"
    assert subsidy.ctx.db["programmes"].find_one({"_id": path.rsplit("/", 1)[1]})["version"] == 2

    several = subsidy.client.patch(path, json={"name": "丙"}, headers={**official, "If-Match": '"1", "2"'})
    assert several.status_code == 200 and several.headers["ETag"] == '"3"'
    assert subsidy.client.patch(path, json={"name": "丁"}, headers={**official, "If-Match": "*"}).status_code == 200
    assert subsidy.client.patch(path, json={"name": "戊"}, headers=official).headers["ETag"] == '"5"'  # optional
