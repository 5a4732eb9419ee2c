"""End-to-end fixtures: registry, credit, matching and notify running together on one broker, each with its own
database; notify e-mails to a real SMTP server (`mailbox`). The demo city and the browser tests are in city/.

The services meet only through Kafka; the tests talk to them only through HTTP (and read Kafka with a probe).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

import pytest

from services.common.clock import isotime, jiaxing_day, utcnow
from services.common.storage.context import ServiceContext
from services.credit import app as credit_app
from services.credit import worker as credit_worker
from services.matching import app as matching_app
from services.matching import worker as matching_worker
from services.notify import app as notify_app
from services.notify import worker as notify_worker
from services.registry import app as registry_app
from services.registry import worker as registry_worker
from services.registry.domain.codes import USCC_CHARS, uscc_check_char
from services.subsidy import app as subsidy_app
from services.subsidy import worker as subsidy_worker
from tests.integration.notify.receivers import Mailbox
from tests.support.wait import wait_until

CATEGORY = "safety_evaluation"  # 安全评价


@dataclass
class Service:
    ctx: ServiceContext
    http: object

    def ok(self, method: str, url: str, headers: dict, status: int = 200, **kw) -> dict:
        """Call the API and insist on the status; the JSON body."""
        response = getattr(self.http, method)(url, headers=headers, **kw)
        assert response.status_code == status, (method, url, response.status_code, response.get_json())
        return response.get_json()


@dataclass
class Platform:
    registry: Service
    credit: Service
    matching: Service
    notify: Service

    def notices(self, headers: dict, count: int, *types: str, timeout: float = 30) -> list[dict]:
        """The caller's notify inbox (only `types` if given), oldest first, once it holds `count` or more."""

        def arrived():
            items = self.notify.ok("get", "/notify/inbox", headers, query_string={"limit": 200})["items"]
            items = [n for n in reversed(items) if not types or n["type"] in types]
            return items if len(items) >= count else None

        return wait_until(arrived, timeout)


@pytest.fixture
def mailbox():
    """A real SMTP server notify sends to; `mailbox.to(address)` lists what reached an address."""
    box = Mailbox()
    box.controller.start()
    yield box
    box.controller.stop()


@pytest.fixture
def platform(make_config, run_worker, mailbox) -> Platform:
    """The four services, each with its worker running in-process and a Flask test client."""
    started = {}
    for name, app, worker, settings in (
        ("registry", registry_app, registry_worker, {}),
        ("credit", credit_app, credit_worker, {}),
        ("matching", matching_app, matching_worker, {}),
        ("notify", notify_app, notify_worker, {"smtp_port": mailbox.port, "delivery_poll_seconds": 0.1}),
    ):
        config = make_config(name, **settings)
        started[name] = Service(run_worker(worker.WORKER, config), app.create_app(config).test_client())
    return Platform(**started)


def new_uscc(county: str) -> str:
    """A fresh unified social credit code (GB 32100) registered in `county`, with a correct check character."""
    first17 = "91" + county + "".join(random.choices(USCC_CHARS, k=9))
    return first17 + uscc_check_char(first17)


def day(n: int = 0) -> str:
    return (jiaxing_day(utcnow()) + timedelta(days=n)).isoformat()


def agency_body(name: str, county: str, town: str, level: str, contact: dict) -> dict:
    """An agency (中介服务机构) holding a safety-evaluation qualification valid today."""
    return {
        "uscc": new_uscc(county),
        "name": name,
        "kind": "agency",
        "categories": [CATEGORY, "safety_consulting"],
        "county": county,
        "town": town,
        "qualifications": [
            {
                "category": CATEGORY,
                "certificate_no": f"APJ-(浙)-{random.randint(100, 999)}",
                "level": level,
                "issuer": "浙江省应急管理厅",
                "valid_from": day(-400),
                "valid_until": day(700),
            }
        ],
        "staff": {"count": 25, "safety_engineers": 6},
        "contacts": [contact],
    }


def enterprise_body() -> dict:
    """A small metal-products manufacturer in 平湖市 当湖街道 (GB/T 4754 3311, section C)."""
    return {
        "uscc": new_uscc("330482"),
        "name": "平湖市当湖精工五金制品有限公司",
        "industry_code": "3311",
        "size": "small",
        "county": "330482",
        "town": "330482001",
        "employees": 42,
        "contacts": [{"name": "沈建国", "phone": "13857300021", "role": "负责人"}],
    }


def demand_body(description: str) -> dict:
    return {
        "category": CATEGORY,
        "county": "330482",
        "town": "330482001",
        "industry": "C",
        "description": description,
        "budget_fen": 4_800_000,
        "offer_deadline": isotime(utcnow() + timedelta(days=10)),
    }


def post_demand(platform: Platform, headers: dict, description: str) -> dict:
    """Post a demand once matching knows the enterprise (409 until its enterprise-registered has arrived)."""

    def posted():
        response = platform.matching.http.post("/demands", json=demand_body(description), headers=headers)
        assert response.status_code in (201, 409), response.get_json()
        return response.get_json() if response.status_code == 201 else None

    return wait_until(posted, 30)


@pytest.fixture
def subsidy(platform: Platform, make_config, run_worker) -> Service:
    """The subsidy service, started before the cast registers (its group starts at the topics' ends)."""
    config = make_config("subsidy")
    return Service(run_worker(subsidy_worker.WORKER, config), subsidy_app.create_app(config).test_client())


def delivered(platform: Platform, firm: str, agency: str, token, price_fen: int = 4_500_000) -> dict:
    """Matching: the enterprise posts a demand, the agency offers once it is recommended, the enterprise accepts,
    both sign, the enterprise accepts the work on time: the completed contract."""
    matching, as_firm, as_agency = platform.matching, token("enterprise", firm), token("agency", agency)
    demand = post_demand(platform, as_firm, "年度安全现状评价")  # once matching knows the enterprise
    wait_until(lambda: any(i["agency_id"] == agency for i in shortlist(platform, demand["id"], as_firm)), 30)
    offer = matching.ok(
        "post",
        f"/demands/{demand['id']}/offers",
        as_agency,
        201,
        json={"price_fen": price_fen, "plan": "现场勘查三天，出具评价报告", "duration_days": 45},
    )
    contract = matching.ok("post", f"/demands/{demand['id']}/offers/{offer['id']}/accept", as_firm, 201)
    for party in (as_firm, as_agency):
        matching.ok("post", f"/contracts/{contract['id']}/sign", party)
    return matching.ok("post", f"/contracts/{contract['id']}/complete", as_firm, json={"on_time": True, "score": 5})


def rating_of(platform: Platform, agency_id: str, headers: dict, as_of: str | None = None) -> dict | None:
    """Credit's rating (None while credit does not know the agency yet)."""
    response = platform.credit.http.get(
        f"/credit/agencies/{agency_id}/rating", query_string={"as_of": as_of} if as_of else {}, headers=headers
    )
    return response.get_json() if response.status_code == 200 else None


def shortlist(platform: Platform, demand_id: str, headers: dict) -> list[dict]:
    return platform.matching.ok("get", f"/demands/{demand_id}/recommendations", headers)["items"]


def factor(item: dict, name: str) -> dict:
    return next(f for f in item["factors"] if f["name"] == name)


def wait_for_shortlist(platform: Platform, demand_id: str, headers: dict, check, timeout: float = 30) -> list[dict]:
    """Poll the recommendations until `check(items by agency id)` holds."""

    def ready():
        items = shortlist(platform, demand_id, headers)
        return items if check({i["agency_id"]: i for i in items}) else None

    return wait_until(ready, timeout)


@dataclass
class Cast:
    """Who plays: three agencies and an enterprise in 嘉兴, registered and rated, known to matching."""

    near: dict  # 平湖市 当湖街道: the enterprise's own town
    county: dict  # 平湖市 钟埭街道: same county, another town
    city: dict  # 南湖区 建设街道: elsewhere in Jiaxing
    enterprise: dict

    @property
    def agencies(self) -> list[dict]:
        return [self.near, self.county, self.city]


CONTACTS = (
    {"name": "陆晓峰", "phone": "13906731234", "email": "lu.xiaofeng@example.cn", "role": "联系人"},
    {"name": "钱慧敏", "phone": "13757321188", "email": None, "role": "负责人"},
    {"name": "周立伟", "phone": "15857309876", "email": None, "role": "联系人"},
)


@pytest.fixture
def cast(platform: Platform, token) -> Cast:
    """Step 1–2: agencies register themselves (org = their USCC), the enterprise too; credit rates each new
    agency 100 / B from its agency-registered event; then a regulator verifies each agency's certificate
    (only then it counts)."""
    bodies = [
        agency_body("平湖市安澜安全评价有限公司", "330482", "330482001", "乙级", CONTACTS[0]),
        agency_body("嘉兴钟埭安信安全技术服务有限公司", "330482", "330482002", "乙级", CONTACTS[1]),
        agency_body("嘉兴南湖安正安全评价有限公司", "330402", "330402007", "甲级", CONTACTS[2]),
    ]
    agencies = []
    for body in bodies:
        registered = platform.registry.ok("post", "/providers", token("agency", body["uscc"]), 201, json=body)
        assert registered["id"] == body["uscc"] and registered["valid_categories"] == [], "declared, not verified"
        agencies.append(registered)
    firm = enterprise_body()
    enterprise = platform.registry.ok("post", "/enterprises", token("enterprise", firm["uscc"]), 201, json=firm)
    assert enterprise["industry_section"] == "C"
    enterprise["contact"] = firm["contacts"][0]

    anyone = token("enterprise", enterprise["id"])
    for agency in agencies:
        rating = wait_until(lambda: rating_of(platform, agency["id"], anyone), 30)
        assert (rating["score"], rating["grade"], "effects" in rating) == (100, "B", False)  # effects: not theirs
    return Cast(*(verify(platform, token, body) for body in bodies), enterprise)


def verify(platform: Platform, token, body: dict) -> dict:
    """A regulator verifies the agency's certificate (after credit rated it, so the story's order is fixed)."""
    [certificate] = body["qualifications"]
    verified = platform.registry.ok(
        "post",
        f"/providers/{body['uscc']}/qualifications/verify",
        token("regulator", "330400"),
        json={"category": certificate["category"], "certificate_no": certificate["certificate_no"]},
    )
    assert verified["valid_categories"] == [CATEGORY]
    return verified | {"contact": body["contacts"][0]}
