"""Issue 9 item 6: nothing about an agency id the registry never published is public; an admin sees what is held."""

from __future__ import annotations

from tests.integration.credit.conftest import agency_registered, days_ago, violation
from tests.support.harness import new_id

FORGED = "王五 13912345678 假冒机构"  # arbitrary text with a name and a phone number, as an attacker would send


def _public_ids(credit, path: str) -> set[str]:
    return {item["agency_id"] for item in credit.client.get(path).json["items"]}


def test_a_severe_violation_about_an_unknown_id_is_held_not_published(credit, token):
    known = new_id("ag")
    with credit.days_ago(10):  # noticed 10 days ago: listed 3 days ago
        credit.send_and_wait(
            agency_registered(known),
            violation(known, "severe", recorded_on=days_ago(10)),
            violation(FORGED, "severe", recorded_on=days_ago(10)),
        )
    credit.client.post("/credit/admin/rebuild", headers=token("admin"))  # today's ratings
    assert credit.rating(FORGED)["grade"] == "D"  # rated and kept: the registry may publish it later

    for path in (
        "/public/credit/severe-dishonesty-list",
        "/public/credit/rectification-list",
        "/public/credit/ratings",
    ):
        assert FORGED not in _public_ids(credit, path)
    assert known in _public_ids(credit, "/public/credit/severe-dishonesty-list")
    page = credit.client.get("/public/credit/page").get_data(as_text=True)
    assert "13912345678" not in page and "王五" not in page
    assert credit.client.get(f"/credit/agencies/{FORGED}/rating", headers=token("enterprise", "e1")).status_code == 404

    held = credit.client.get("/credit/admin/held-agencies", headers=token("admin"))
    assert held.status_code == 200
    [entry] = [h for h in held.json["items"] if h["agency_id"] == FORGED]
    assert entry["facts"] == 1 and entry["grade"] == "D"
    assert known not in {h["agency_id"] for h in held.json["items"]}
    assert credit.client.get("/credit/admin/held-agencies", headers=token("regulator", "330400")).status_code == 403


def test_held_facts_become_public_once_the_registry_publishes_the_agency(credit, token):
    late = new_id("ag")
    with credit.days_ago(10):
        credit.send_and_wait(violation(late, "severe", recorded_on=days_ago(10)))
    credit.client.post("/credit/admin/rebuild", headers=token("admin"))
    assert late not in _public_ids(credit, "/public/credit/severe-dishonesty-list")
    credit.send_and_wait(agency_registered(late))
    assert late in _public_ids(credit, "/public/credit/severe-dishonesty-list")
