"""Each government buyer and regulator acts only within its division, by the reference table (never a prefix of
digits): posting a demand for an enterprise of 平湖市 当湖街道 and reading a demand placed there, for every level
of division (the city, the county, the town, another county, another town of the same county)."""

from __future__ import annotations

import pytest

from tests.integration.matching.conftest import demand_body, enterprise
from tests.support.harness import new_id

pytestmark = pytest.mark.integration
COUNTY, TOWN = "330482", "330482001"
LEVELS = {"city": "330400", "county": COUNTY, "town": TOWN, "other county": "330402", "other town": "330482002"}
PLACED = ("city", "county", "town")


def test_government_buyers_and_regulators_act_only_within_their_division(matching, token):
    firm = new_id("ent")
    matching.send_and_wait(enterprise(firm, county=COUNTY, town=TOWN))
    body = demand_body(county=COUNTY, town=TOWN, enterprise_id=firm)
    for role in ("official", "regulator"):
        for level, org in LEVELS.items():
            posted = matching.client.post("/demands", json=body, headers=token(role, org))
            assert posted.status_code == (201 if level in PLACED else 403), (role, level, posted.json)
        for org in ("3", "33", "330", "3304"):  # prefixes of every code: no division, no reach
            refused = matching.client.post("/demands", json=body, headers=token(role, org))
            assert (refused.status_code, refused.json["rule"]) == (403, "division")

    own = matching.client.post(
        "/demands", json=demand_body(county=COUNTY, town=TOWN), headers=token("enterprise", firm)
    )
    for level, org in LEVELS.items():
        read = matching.client.get(f"/demands/{own.json['id']}", headers=token("regulator", org))
        assert read.status_code == (200 if level in PLACED else 403), (level, read.json)
