"""Registry integration fixtures: a running registry worker (outbox relay) and app on this test's own database."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from services.common.clock import JIAXING, FixedClock, jiaxing_day, utcnow
from services.common.storage.context import ServiceContext
from services.registry.app import create_app
from services.registry.domain.codes import USCC_CHARS, id_check_char, uscc_check_char
from services.registry.worker import WORKER
from tests.support.harness import ServiceHarness


@pytest.fixture
def registry(make_config, run_worker, raw_producer):
    config = make_config("registry")
    ctx = run_worker(WORKER, config)
    return ServiceHarness(ctx, create_app(config).test_client(), raw_producer, "registry")


def new_uscc(county: str = "330411") -> str:
    """A fresh code with a correct check character (unique across tests sharing the broker)."""
    first17 = "91" + county + "".join(random.choices(USCC_CHARS, k=9))
    return first17 + uscc_check_char(first17)


def new_id_number() -> str:
    first17 = "330402" + f"{random.randint(1950, 2000)}0101" + f"{random.randint(0, 999):03d}"
    return first17 + id_check_char(first17)


def days(n: int) -> str:
    """An ISO date n days from today (a Jiaxing day, as the registry counts)."""
    return (jiaxing_day(utcnow()) + timedelta(days=n)).isoformat()


def on_day(ctx: ServiceContext, day: date) -> ServiceContext:
    """Set the service clock to noon of `day` in Jiaxing."""
    ctx.clock = FixedClock(datetime.combine(day, time(12), JIAXING))
    return ctx


def provider_body(uscc: str | None = None, **kw) -> dict:
    body = {
        "uscc": uscc or new_uscc(),
        "name": "嘉兴安泰安全技术有限公司",
        "kind": "agency",
        "categories": ["safety_evaluation", "safety_training"],
        "county": "330411",
        "town": "330411101",
        "qualifications": [
            {
                "category": "safety_evaluation",
                "certificate_no": "APJ-(浙)-001",
                "level": "乙级",
                "issuer": "浙江省应急管理厅",
                "valid_from": days(-300),
                "valid_until": days(300),
            }
        ],
        "cluster_base": {"since": days(-100)},
        "staff": {"count": 20, "safety_engineers": 4},
        "contacts": [{"name": "王工", "phone": "13800000000"}],
        "email": "office@antai.example",
    }
    return body | kw


def expert_body(**kw) -> dict:
    return {
        "name": "李明",
        "id_number": new_id_number(),
        "county": "330481",
        "industries": ["C", "E"],
        "specialties": ["危险化学品"],
        "grade": "senior",
        "contacts": [{"name": "李明", "phone": "13900000000"}],
    } | kw


def enterprise_body(uscc: str | None = None, **kw) -> dict:
    return {
        "uscc": uscc or new_uscc("330482"),
        "name": "平湖某某五金制品有限公司",
        "industry_code": "3311",
        "size": "small",
        "county": "330482",
        "town": "330482001",
        "employees": 35,
        "high_risk": False,
        "contacts": [{"name": "张三", "phone": "13700000000"}],
    } | kw


def register_provider(registry: ServiceHarness, token, verified: bool = True, **kw) -> dict:
    """Register a provider; with `verified`, a regulator then verifies each qualification it declared."""
    body = provider_body(**kw)
    response = registry.client.post("/providers", json=body, headers=token(_role(body["kind"]), body["uscc"]))
    assert response.status_code == 201, response.json
    for q in body["qualifications"] if verified else ():
        response = verify(registry, token, body["uscc"], q)
        assert response.status_code == 200, response.json
    return response.json


def verify(registry: ServiceHarness, token, uscc: str, qualification: dict, role: str = "regulator"):
    """A regulator (or whoever `role` is) verifies one declared qualification."""
    return registry.client.post(
        f"/providers/{uscc}/qualifications/verify",
        headers=token(role, "330400"),
        json={"category": qualification["category"], "certificate_no": qualification["certificate_no"]},
    )


def _role(kind: str) -> str:
    return {"association": "association", "insurer": "insurer"}.get(kind, "agency")
