"""The platform's story end to end: registry, credit, matching and notify running together on the real broker,
each with its own database, driven only through their HTTP APIs (Kafka is read, never written, by the test).

1. Agencies and an enterprise of 嘉兴 register (fixture `cast`); credit rates each agency 100 / B.
2. The enterprise posts a demand; matching ranks and explains; an agency offers, is chosen, both sign, and the
   enterprise accepts the work on time with score 5 → credit 101 → matching ranks with 101 next time. Notify
   tells the agency of the demand, the enterprise of the offer, both parties of the contract (inbox, e-mail).
3. A severe violation waits 7 days from the delivery of its notice before it lists the agency (grade D); the
   agency's inbox holds the legal notice with credit's objection deadline, then the grade D. A suspension in the
   registry and, once in force, grade D remove agencies from the recommendations. Public pages carry no personal data.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from services.common.site.words import label
from services.credit import jobs as credit_jobs
from services.credit.domain.rules import add_months
from tests.e2e.conftest import (
    CATEGORY,
    Cast,
    Platform,
    day,
    demand_body,
    factor,
    post_demand,
    rating_of,
    wait_for_shortlist,
)
from tests.support.wait import wait_until

pytestmark = pytest.mark.integration


def rated(expected: dict):
    """A shortlist check: exactly these agencies (of ours) are listed, with these credit scores."""
    return lambda items: {a: factor(items[a], "credit")["value"] for a in items if a in expected} == expected


def test_a_contract_done_on_time_raises_the_rating_and_the_next_ranking(
    platform: Platform, cast: Cast, token, probe, mailbox
):
    near, county, city, firm = cast.near["id"], cast.county["id"], cast.city["id"], cast.enterprise["id"]
    as_firm, as_near = token("enterprise", firm), token("agency", near)
    ratings = probe("rating-changed")
    matching = platform.matching
    address = cast.near["contact"]["email"]
    platform.notify.ok("put", "/notify/preferences", as_near, json={"email": address})

    # The enterprise posts a demand; recommendations wait for matching's projection of all three.
    demand = post_demand(platform, as_firm, "年度安全现状评价（冲压车间）")
    assert (demand["buyer_type"], demand["enterprise_id"]) == ("enterprise", firm)
    items = wait_for_shortlist(platform, demand["id"], as_firm, rated({near: 100, county: 100, city: 100}))
    ours = [i for i in items if i["agency_id"] in (near, county, city)]
    assert [i["agency_id"] for i in ours] == [near, county, city]  # same town > same county > elsewhere
    assert [factor(i, "nearness")["value"] for i in ours] == ["same_town", "same_county", "jiaxing"]
    assert [i["total"] for i in ours] == [70.0, 64.0, 58.0]  # 100 × 0.5 + nearness 20 / 14 / 8
    assert "credit grade B" in ours[0]["eligibility"] and factor(ours[0], "credit")["explanation"] == "credit score 100"
    assert any(e.startswith(f"verified qualification for {CATEGORY} valid until") for e in ours[0]["eligibility"])

    # One agency offers, the enterprise chooses it, both sign, the work is accepted on time with score 5.
    offer = matching.ok(
        "post",
        f"/demands/{demand['id']}/offers",
        as_near,
        201,
        json={"price_fen": 4_500_000, "plan": "现场勘查三天，出具安全现状评价报告", "duration_days": 45},
    )
    assert [
        i["has_offered"]
        for i in matching.ok("get", f"/demands/{demand['id']}/recommendations", as_firm)["items"]
        if i["agency_id"] == near
    ] == [True]
    contract = matching.ok("post", f"/demands/{demand['id']}/offers/{offer['id']}/accept", as_firm, 201)
    assert (contract["status"], contract["agency_id"], contract["price_fen"]) == ("pending", near, 4_500_000)
    assert matching.ok("post", f"/contracts/{contract['id']}/sign", as_firm)["status"] == "pending"
    assert matching.ok("post", f"/contracts/{contract['id']}/sign", as_near)["status"] == "signed"
    done = matching.ok("post", f"/contracts/{contract['id']}/complete", as_firm, json={"on_time": True, "score": 5})
    assert (done["status"], done["on_time"], done["score"], done["completed_on"]) == ("completed", True, 5, day())

    # Credit consumes contract-completed: 101, still B (A needs 105), and says why.
    changed = ratings.events("rating-changed", agency_id=near, new_score=101)[0]  # (at least once)
    assert (changed.data["old_score"], changed.data["new_grade"]) == (100, "B")
    assert changed.data["reasons"] == ["+contract.on_time:contract.on_time"]
    rating = rating_of(platform, near, as_near)
    assert (rating["score"], rating["grade"], rating["subtotals"]["performance_record"]) == (101, "B", 1)
    [effect] = rating["effects"]
    assert (effect["rule"], effect["points"], effect["start"]) == ("contract.on_time", 1, day())
    history = platform.credit.ok("get", f"/credit/agencies/{near}/history", as_near)["items"]
    assert [(h["new_score"], h["cause"]) for h in history] == [(101, "contract-completed"), (100, "agency-registered")]

    # Notify told both parties of the contract (the agency also by e-mail, to the address it gave notify) and the
    # enterprise of the offer; the enterprise gave no address: its inbox only. (Topics interleave: any order.)
    contracts = ["contract-completed", "contract-signed"]
    assert sorted(n["type"] for n in platform.notices(as_near, 2, *contracts)) == contracts
    assert sorted(n["type"] for n in platform.notices(as_firm, 3)) == [*contracts, "offer-submitted"]
    named = f"{label('category', CATEGORY)}（合同编号 {contract['id']}）"
    subjects = {f"服务合同已签订：{named}", f"服务合同已验收：{named}"}
    wait_until(lambda: subjects <= {m["Subject"] for m in mailbox.to(address)}, 30)

    # Matching consumes rating-changed: the next demand ranks with 101 and the completed contract as experience.
    second = matching.ok("post", "/demands", as_firm, 201, json=demand_body("危化品仓库专项安全评价"))
    items = wait_for_shortlist(platform, second["id"], as_firm, rated({near: 101, county: 100, city: 100}))
    top = items[0]
    assert top["agency_id"] == near and top["total"] == 74.5  # 50.5 + 20 + 4
    assert (factor(top, "credit")["points"], factor(top, "experience")["value"]) == (50.5, 1)
    assert factor(top, "fairness")["value"] == 0  # the contract is no longer running

    # Public: the practice record (执业公示) and the credit disclosure, without amounts or personal data.
    record = platform.matching.http.get(f"/agencies/{near}/practice-record")
    assert record.status_code == 200
    [entry] = record.get_json()["items"]
    assert entry == {
        "contract_id": contract["id"],
        "category": CATEGORY,
        "buyer_type": "enterprise",
        "county": "330482",
        "town": "330482001",
        "signed_on": day(),
        "completed_on": day(),
        "terminated_on": None,
        "status": "completed",
        "on_time": True,
        "score": 5,
        "at_fault": None,
    }
    public = platform.credit.http.get("/public/credit/ratings", query_string={"county": "330482"})
    assert public.status_code == 200
    shown = {r["agency_id"]: r for r in public.get_json()["items"]}
    assert (shown[near]["name"], shown[near]["score"], shown[near]["grade"]) == ("平湖市安澜安全评价有限公司", 101, "B")
    assert shown[county]["score"] == 100 and city not in shown  # filtered by county
    page = platform.credit.http.get("/public/credit/page")
    assert page.status_code == 200 and "平湖市安澜安全评价有限公司" in page.get_data(as_text=True)
    assert_no_personal_data(
        cast,
        record.get_data(as_text=True),
        json.dumps(public.get_json(), ensure_ascii=False),
        page.get_data(as_text=True),
    )


def test_sanctions_take_agencies_out_of_the_recommendations(platform: Platform, cast: Cast, token, probe):
    near, county, city, firm = cast.near["id"], cast.county["id"], cast.city["id"], cast.enterprise["id"]
    as_firm, as_regulator = token("enterprise", firm), token("regulator", "330400")
    ratings, today = probe("rating-changed"), date.fromisoformat(day())
    demand = post_demand(platform, as_firm, "职业病危害现状评价")
    wait_for_shortlist(platform, demand["id"], as_firm, rated({near: 100, county: 100, city: 100}))

    # A regulator records a severe violation (false report) against the agency elsewhere in the city.
    accepted = platform.credit.ok(
        "post",
        "/credit/violations",
        as_regulator,
        202,
        json={
            "agency_id": city,
            "severity": "severe",
            "code": "false-report",
            "description": "出具虚假安全评价报告（嘉兴市应急管理局执法检查发现）",
            "occurred_on": day(-20),
        },
    )
    # Notify tells the agency: a legal notice (法定告知) of the record and how to object. The agency (no e-mail
    # address) opens it in its inbox: that first delivery (notice-delivered) serves it (送达), and the objection
    # window and the listing delay run from that day.
    as_city = token("agency", city)
    [notice] = platform.notices(as_city, 1, "violation-recorded")
    assert notice["legal"] and f"记录编号 {accepted['violation_id']}" in notice["text"]
    assert "/public/credit/agencies/" in notice["text"] and "/credit/violations" not in notice["text"]
    platform.notify.ok("post", f"/notify/inbox/{notice['id']}/read", as_city)
    applied = wait_until(
        lambda: [
            v
            for v in platform.credit.ok("get", f"/credit/agencies/{city}/facts", as_regulator)["violations"]
            if v["violation_id"] == accepted["violation_id"] and v["served_on"]
        ],
        30,
    )
    starts = today + timedelta(days=7)
    assert (applied[0]["served_on"], applied[0]["served_by"]) == (day(), "delivered")
    assert (applied[0]["effect_start"], applied[0]["objection_deadline"]) == (starts.isoformat(), day(15))

    # Then notify tells the dates that run from its service (violation-served): the objection deadline, the listing.
    [dates] = platform.notices(as_city, 1, "violation-served")
    assert dates["legal"] and f"请于 {applied[0]['objection_deadline']}（含）前登录安服平台" in dates["text"]
    assert f"贵单位自 {starts.isoformat()} 起信用等级为 D 级，列入严重失信名单" in dates["text"]
    assert "出具虚假报告" in dates["title"] and "/credit/violations" not in dates["text"]

    # The listing waits 7 days (the agency may object first): today still B; as of day 8, D and listed.
    now, later = rating_of(platform, city, as_regulator), rating_of(platform, city, as_regulator, as_of=day(8))
    assert (now["score"], now["grade"], now["listed_until"]) == (100, "B", None)
    assert (later["grade"], later["listed_until"]) == ("D", add_months(starts, 36).isoformat())
    assert [e["veto"] for e in later["effects"]] == [True]
    assert city not in listed(platform)
    assert city in [
        i["agency_id"]
        for i in platform.matching.ok("get", f"/demands/{demand['id']}/recommendations", as_firm)["items"]
    ]

    # The registry suspends another agency: agency-updated reaches matching, which drops it from the shortlist.
    suspended = platform.registry.ok(
        "post", f"/providers/{county}/status", as_regulator, json={"status": "suspended", "reason": "资质证书被暂扣"}
    )
    assert suspended["status"] == "suspended"
    wait_for_shortlist(platform, demand["id"], as_firm, lambda items: county not in items and near in items)
    refused = platform.matching.http.post(
        f"/demands/{demand['id']}/offers",
        headers=token("agency", county),
        json={"price_fen": 1_000_000, "plan": "评价", "duration_days": 30},
    )
    assert refused.status_code == 409 and "status is suspended" in refused.get_json()["detail"]

    # Day 8: credit's daily re-evaluation puts the veto in force → rating-changed D → matching excludes it.
    assert city in credit_jobs.reevaluate(platform.credit.ctx, on=today + timedelta(days=8))
    veto = ratings.events("rating-changed", agency_id=city, new_grade="D")[0]
    assert (veto.data["old_grade"], veto.data["listed_until"]) == ("B", add_months(starts, 36).isoformat())
    graded = platform.notices(as_city, 2, "rating-changed")  # the first rating (news), then grade D (a notice)
    assert [(n["legal"], n["title"].endswith("B 级 → D 级")) for n in graded] == [(False, False), (True, True)]
    wait_for_shortlist(platform, demand["id"], as_firm, lambda items: city not in items and near in items)
    refused = platform.matching.http.post(
        f"/demands/{demand['id']}/offers",
        headers=token("agency", city),
        json={"price_fen": 1_000_000, "plan": "评价", "duration_days": 30},
    )
    assert refused.status_code == 409 and "credit grade D" in refused.get_json()["detail"]
    assert city in listed(platform)


def listed(platform: Platform) -> list[str]:
    """The public severe-dishonesty list (严重失信名单)."""
    response = platform.credit.http.get("/public/credit/severe-dishonesty-list")
    assert response.status_code == 200
    return [r["agency_id"] for r in response.get_json()["items"]]


def assert_no_personal_data(cast: Cast, *texts: str) -> None:
    """No contact person, phone or e-mail, and nothing that identifies the buying enterprise."""
    people = [a["contact"] for a in cast.agencies] + [cast.enterprise["contact"]]
    secrets = [v for p in people for v in (p["name"], p["phone"], p.get("email")) if v]
    secrets += [cast.enterprise["id"], cast.enterprise["name"]]
    for text in texts:
        assert not [s for s in secrets if s in text], text
