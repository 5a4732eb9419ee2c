"""Credit's due process reaches every party concerned: each decision about an agency is a legal notice (inbox and
e-mail), the buyer hears the ruling on its claim, regulators hear what waits for their ruling."""

from __future__ import annotations

from tests.integration.notify.conftest import agency, enterprise, event, new_id
from tests.support.wait import wait_until

COUNTY, TOWN = "330482", "330482001"  # the agency's home (conftest.agency)


def step(event_type: str, agency_id: str, case: dict, **data):
    return event(
        event_type,
        {
            "agency_id": agency_id,
            "violation_id": None,
            "contract_id": None,
            "buyer_id": None,
            "recorded_by": None,
            **case,
            **data,
        },
    )


def violation_case(recorded_by: str = "嘉兴市应急管理局") -> dict:
    return {"violation_id": new_id("v"), "recorded_by": recorded_by}


def test_a_rejected_objection_and_a_decided_repair_are_legal_notices_to_the_agency(notify, token, mailbox):
    near = new_id("ag")
    notify.send_and_wait(agency(near, email=f"{near}@example.cn"))
    rejected, repaired = violation_case(), violation_case()
    notify.send_and_wait(
        step(
            "objection-ruled", near, rejected, ruled_on="2026-11-10", upheld=False, note="查证属实", ruled_by="330400"
        ),
        step("repair-decided", near, repaired, decided_on="2026-11-11", approved=True, note="", decided_by="330482"),
    )

    told = {n["type"]: n for n in notify.inbox(token("agency", near))}
    assert set(told) == {"objection-ruled", "repair-decided"}
    ruling, repair = told["objection-ruled"], told["repair-decided"]
    assert ruling["legal"] and repair["legal"]
    assert ruling["title"].startswith("【法定告知】") and "异议不成立" in ruling["title"]
    assert rejected["violation_id"] in ruling["text"] and "查证属实" in ruling["text"] and "嘉兴市" in ruling["text"]
    assert "同意修复" in repair["title"] and "2026-11-11 起不再影响信用评分" in repair["text"]
    mails = wait_until(lambda: (lambda m: m if len(m) == 2 else None)(mailbox.to(f"{near}@example.cn")))
    assert {m["Subject"] for m in mails} == {ruling["title"], repair["title"]}
    # a legal notice cannot be muted: the agency turns credit e-mail off, the next ruling is e-mailed still
    assert (
        notify.client.put(
            "/notify/preferences", headers=token("agency", near), json={"channels": {"credit": []}}
        ).status_code
        == 200
    )
    notify.send_and_wait(
        step("objection-ruled", near, violation_case(), ruled_on="2026-11-12", upheld=True, note="", ruled_by="330400")
    )
    wait_until(lambda: len(mailbox.to(f"{near}@example.cn")) == 3)


def test_the_buyer_learns_what_becomes_of_its_claim(notify, token):
    near, firm = new_id("ag"), new_id("ent")
    notify.send_and_wait(agency(near), enterprise(firm))
    contested, accepted = ({"contract_id": new_id("c"), "buyer_id": firm} for _ in range(2))
    notify.send_and_wait(
        step("objection-filed", near, contested, filed_on="2026-11-05", reason="买方未提供场地", filed_by=near),
        step(
            "objection-ruled", near, contested, ruled_on="2026-11-10", upheld=False, note="查证属实", ruled_by="330400"
        ),
        step("claim-accepted", near, accepted, accepted_on="2026-11-06", accepted_by=near),
    )

    buyer = {n["type"]: n for n in notify.inbox(token("enterprise", firm))}
    assert set(buyer) == {"objection-filed", "objection-ruled", "claim-accepted"}
    assert not any(n["legal"] for n in buyer.values())
    ruling = buyer["objection-ruled"]
    assert contested["contract_id"] in ruling["title"] and "主张确认" in ruling["title"]
    assert f"安澜安全评价-{near}" in ruling["text"] and "查证属实" in ruling["text"]
    assert accepted["contract_id"] in buyer["claim-accepted"]["text"]
    # the agency is told the ruling (法定告知), not its own objection or acceptance
    [ruled] = notify.inbox(token("agency", near))
    assert (ruled["type"], ruled["legal"]) == ("objection-ruled", True) and f"当湖精工-{firm}" in ruled["text"]


def test_regulators_are_told_an_objection_or_a_repair_application_waits(notify, token):
    near, stranger = new_id("ag"), new_id("ag")
    notify.send_and_wait(agency(near))
    objected = violation_case()
    notify.send_and_wait(
        step("objection-filed", near, objected, filed_on="2026-11-05", reason="报告已按期提交", filed_by=near),
        step("repair-applied", near, violation_case(), applied_on="2027-02-03", evidence="培训记录", applied_by=near),
    )
    for code in (TOWN, COUNTY):  # the agency's home town and county
        told = {n["type"]: n for n in notify.inbox(token("regulator", code))}
        assert set(told) == {"objection-filed", "repair-applied"}, code
        text = told["objection-filed"]["text"]
        assert f"记录编号 {objected['violation_id']}" in text and "报告已按期提交" in text and "请登录安服平台" in text
        assert text.endswith(f"/public/credit/agencies/{near}") and "/credit/violations" not in text
        assert not told["objection-filed"]["legal"]
    assert notify.inbox(token("agency", near)) == []  # its own acts

    # an agency notify does not know (no home): the regulator that recorded the violation, if a division code
    notify.send_and_wait(
        step(
            "objection-filed", stranger, violation_case("330400"), filed_on="2026-11-05", reason="x", filed_by=stranger
        ),
        step("objection-filed", stranger, violation_case(), filed_on="2026-11-05", reason="y", filed_by=stranger),
    )
    [told] = notify.inbox(token("regulator", "330400"))
    assert "x" in told["text"] and "嘉兴市" in told["text"]
    assert notify.ctx.db["notifications"].count_documents({"org": "嘉兴市应急管理局"}) == 0
