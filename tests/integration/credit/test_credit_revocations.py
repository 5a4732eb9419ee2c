"""A violation revoked as void never stood: every date is corrected (ratings, history, the public page) and the
agency is told (rating-changed with corrected_from and the earlier rating-changed it corrects, which subsidy applies
to the grade of that day); `known_at` still gives what was known. An ended one stops that day."""

from __future__ import annotations

from services.subsidy.app import create_app
from services.subsidy.worker import WORKER as SUBSIDY
from tests.integration.credit.conftest import agency_registered, days_ago, new_id, violation
from tests.integration.subsidy.conftest import Subsidy, contract, enterprise, open_programme


def _taken_in_20_days_ago(credit, agency_id: str, severity: str = "general"):
    credit.send_and_wait(agency_registered(agency_id, "嘉兴误记咨询有限公司"))
    recorded = violation(agency_id, severity, recorded_on=days_ago(20))
    with credit.days_ago(20):
        credit.send_and_wait(recorded)
        credit.serve(recorded)
    return recorded


def _subsidy_quote(subsidy, token, agency_id: str, signed_on: str):
    """Subsidy (its own worker, on the real broker) with a purchase contract of the agency signed on `signed_on`
    under a programme asking grade A: the quote's refusal names the agency's grade on the signing day."""
    firm, contract_id = new_id("e"), new_id("ct")
    subsidy.send_and_wait(
        enterprise(firm), contract("contract-signed", contract_id, firm, agency_id, signed_on=signed_on)
    )
    programme = open_programme(subsidy, token, rules={"budget_fen": 10_000_000, "rate_permille": 300, "min_grade": "A"})
    body, buyer = {"programme_id": programme["id"], "contract_id": contract_id}, token("enterprise", firm)

    def grade_refusal() -> str:
        quote = subsidy.ok("post", "/applications/quote", buyer, json=body)
        return next(r["text"] for r in quote["refusals"] if r["rule"] == "min_grade")

    return grade_refusal


def test_a_void_revocation_corrects_every_date_and_tells_the_agency(credit, token, probe, make_config, run_worker):
    subsidy_config = make_config("subsidy")
    subsidy = Subsidy(
        run_worker(SUBSIDY, subsidy_config), create_app(subsidy_config).test_client(), credit.producer, "subsidy"
    )
    agency_id = new_id("ag")
    seen = probe("rating-changed", "violation-revoked")
    recorded = _taken_in_20_days_ago(credit, agency_id, "severe")
    with credit.days_ago(13):  # a refresh then: listed since day 13, published as of that day
        credit.send_and_wait(agency_registered(agency_id, "嘉兴误记咨询有限公司"))
    credit.send_and_wait(agency_registered(agency_id, "嘉兴误记咨询有限公司"))  # and today
    assert credit.rating(agency_id)["grade"] == "D"
    subsidy.handled(seen.events("rating-changed", subject=agency_id, new_grade="D", as_of=days_ago(13))[0])
    grade_refusal = _subsidy_quote(subsidy, token, agency_id, days_ago(10))
    assert f"签约日 {days_ago(10)} 机构信用等级为 D" in grade_refusal()
    credit.revoke(token("regulator", "330400"), recorded.data["violation_id"])

    assert seen.events("violation-revoked", subject=agency_id)[0].data["kind"] == "void"
    told = seen.events("rating-changed", subject=agency_id, corrected_from=days_ago(13))[0]
    assert (told.data["new_grade"], told.data["listed_until"]) == ("B", None) and "correction" in told.data["reasons"]
    [corrected] = told.data["corrections"]
    assert (corrected["as_of"], corrected["new_grade"]) == (days_ago(13), "B"), "the listing's own rating-changed"
    subsidy.handled(told)
    assert f"签约日 {days_ago(10)} 机构信用等级为 B" in grade_refusal(), "subsidy's grade of that day is corrected"
    agency = token("agency", agency_id)
    url = f"/credit/agencies/{agency_id}/rating?as_of={days_ago(10)}"
    assert credit.client.get(url, headers=agency).json["grade"] == "B", "it never stood"
    then = credit.client.get(f"{url}&known_at={days_ago(1)}", headers=agency).json
    assert (then["grade"], then["known_at"]) == ("D", days_ago(1)), "what was known then"
    history = credit.client.get(f"/credit/agencies/{agency_id}/history", headers=agency).json["items"]
    [listed] = [h for h in history if h.get("published", {}).get("new_grade") == "D"]
    assert (listed["new_grade"], listed["listed_until"], listed["corrected_on"]) == ("B", None, days_ago(0))
    page = credit.client.get(f"/public/credit/agencies/{agency_id}").get_data(as_text=True)
    assert "严重失信名单：" not in page and "D 级" not in page, "the public page shows the corrected past"
    assert (
        credit.client.get(f"/credit/agencies/{agency_id}/facts", headers=agency).json["violations"][0][
            "revocation_kind"
        ]
        == "void"
    )


def test_an_ended_revocation_stops_the_violation_today_and_leaves_the_past(credit, token, probe):
    agency_id = new_id("ag")
    seen = probe("rating-changed")
    recorded = _taken_in_20_days_ago(credit, agency_id)
    credit.revoke(token("regulator", "330400"), recorded.data["violation_id"], kind="ended")
    raised = seen.events("rating-changed", subject=agency_id, new_score=100)[0]
    assert raised.data["corrected_from"] is None
    past = credit.client.get(
        f"/credit/agencies/{agency_id}/rating?as_of={days_ago(10)}", headers=token("agency", agency_id)
    ).json
    assert past["score"] == 95
