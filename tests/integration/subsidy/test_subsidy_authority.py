"""Each role acts only within its division, by the reference table: every subsidy endpoint an official, regulator or
finance may call, for every level of division (the city, the county that funds the programme, the applicant's town,
another county, another town of the same county), each case on a fresh application of 平湖市 当湖街道 at the stage the
endpoint needs. Reviews belong to exactly the step's division, payment and receipts to the funder's finance."""

from __future__ import annotations

import pytest

from tests.integration.subsidy.conftest import COUNTY, TOWN, open_programme, programme_body, seeded
from tests.support.harness import new_id

pytestmark = pytest.mark.integration
LEVELS = {"city": "330400", "county": COUNTY, "town": TOWN, "other county": "330402", "other town": "330482002"}
PLACED, FUNDER, STEP_TOWN = {"city", "county", "town"}, {"county"}, {"town"}
STAGES = ("submitted", "town_approved", "approved", "paid", "flagged")
REFUSED = {"read an application": 404}  # others' applications do not exist for the caller
FINDING = {"finding": "not_delivered", "reason": "服务未提供", "evidence_ref": "核查-1"}


class Cases:
    """Fresh applications at a stage, from a pool of completed contracts."""

    def __init__(self, subsidy, token, pairs, programme_id: str):
        self.subsidy, self.token, self.pairs, self.programme_id = subsidy, token, list(pairs), programme_id

    def at(self, stage: str) -> str:
        firm, contract_id = self.pairs.pop()
        ok, token = self.subsidy.ok, self.token
        body = {"programme_id": self.programme_id, "contract_id": contract_id}
        path = f"/applications/{ok('post', '/applications', token('enterprise', firm), 201, json=body)['id']}"
        steps = [
            ("approve", token("official", TOWN), None),
            ("approve", token("official", COUNTY), None),
            ("pay", token("finance", COUNTY), {"payment_reference": new_id("PAY")}),
            ("recovery", token("official", COUNTY), FINDING),
        ]
        for action, who, json in steps[: STAGES.index(stage)]:
            ok("post", f"{path}/{action}", who, json=json)
        return path


def _calls(cases: Cases, programme_id: str, draft_id: str) -> dict:
    """endpoint -> (how to call it with headers, {role: levels that may})."""
    post = cases.subsidy.client.post
    return {
        "approve the town step": (
            lambda h: post(f"{cases.at('submitted')}/approve", headers=h),
            {"official": STEP_TOWN},
        ),
        "approve the county step": (
            lambda h: post(f"{cases.at('town_approved')}/approve", headers=h),
            {"official": FUNDER},
        ),
        "reject before payment": (
            lambda h: post(f"{cases.at('approved')}/reject", json={"reason": "材料不全"}, headers=h),
            {"finance": FUNDER, "official": set()},
        ),
        "pay": (
            lambda h: post(f"{cases.at('approved')}/pay", json={"payment_reference": new_id("P")}, headers=h),
            {"finance": FUNDER},
        ),
        "find a paid service false": (
            lambda h: post(f"{cases.at('paid')}/recovery", json=FINDING, headers=h),
            {"regulator": PLACED, "official": FUNDER},
        ),
        "record money recovered": (
            lambda h: post(
                f"{cases.at('flagged')}/recovery/receipts", json={"amount_fen": 1, "reference": new_id("R")}, headers=h
            ),
            {"finance": FUNDER},
        ),
        "read an application": (
            lambda h: cases.subsidy.client.get(cases.at("submitted"), headers=h),
            {"official": PLACED, "regulator": PLACED, "finance": FUNDER},
        ),
        "change a draft programme": (
            lambda h: cases.subsidy.client.patch(f"/programmes/{draft_id}", json={"name": "更名"}, headers=h),
            {"official": FUNDER},
        ),
        "top up a programme": (
            lambda h: post(f"/programmes/{programme_id}/top-ups", json={"amount_fen": 1, "reason": "追加"}, headers=h),
            {"official": FUNDER},
        ),
        "report on the town": (
            lambda h: cases.subsidy.client.get("/reports/coverage", query_string={"division": TOWN}, headers=h),
            {"official": PLACED, "regulator": PLACED, "finance": PLACED},
        ),
    }


def test_each_role_acts_only_within_its_division(subsidy, token):
    programme = open_programme(subsidy, token, rules={"budget_fen": 10**10, "rate_permille": 300})
    draft = subsidy.ok("post", "/programmes", token("official", COUNTY), 201, json=programme_body())
    calls = _calls(Cases(subsidy, token, seeded(subsidy, firms=60), programme["id"]), programme["id"], draft["id"])
    wrong = []
    for endpoint, (call, roles) in calls.items():
        for role, allowed in roles.items():
            for level, org in LEVELS.items():
                response = call(token(role, org))
                expected = 200 if level in allowed else REFUSED.get(endpoint, 403)
                if response.status_code != expected:
                    wrong.append((endpoint, role, level, response.status_code, response.get_json().get("detail")))
    assert wrong == [], "\n".join(map(str, wrong))
