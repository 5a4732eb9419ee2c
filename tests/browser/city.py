"""A small city for the browser tests, built only through the services' HTTP APIs (events carry the rest):
three agencies (two verified, one in the cluster base, one only declared), an enterprise, two experts, a
contract done on time, a general violation, a subsidy programme. Every person in it has an ID number, a phone
or an e-mail that the public pages must never show."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

import requests

from services.common.auth import issue_token
from services.common.clock import isotime, jiaxing_day, utcnow
from services.common.config import Config
from services.registry.domain.codes import USCC_CHARS, id_check_char, uscc_check_char
from tests.support.wait import wait_until

CATEGORY = "safety_evaluation"
TOKENS = Config(service="registry")


@dataclass
class City:
    urls: dict[str, str]
    agency: dict               # verified, with a contract done and a violation: the one to follow
    others: list[dict]         # verified (in the cluster base) and declared only (not in the directory)
    experts: list[dict]
    programme: str
    personal: list[str] = field(default_factory=list)  # ID numbers, phones, e-mails: never on a public page


def build(urls: dict[str, str]) -> City:
    """The city, ready: every projection it needs has arrived where the pages read it."""
    api = Api(urls)
    rnd = random.Random()
    people = [_person(rnd, i) for i in range(5)]
    agency = api.post("registry", "/providers", _agency("嘉兴南湖安正安全评价有限公司", "330402", "330402007", people[0]),
                      as_=("agency", None))
    base = api.post("registry", "/providers", _agency("秀洲集聚基地安远安全技术服务有限公司", "330411", "330411002",
                                                      people[1], cluster=True), as_=("agency", None))
    declared = api.post("registry", "/providers", _agency("平湖未核验安全咨询有限公司", "330482", "330482001",
                                                          people[2]), as_=("agency", None))
    firm = api.post("registry", "/enterprises", _enterprise(people[3]), as_=("enterprise", None))
    experts = [api.post("registry", "/experts", _expert(name, county, person), as_=("regulator", "330400"))
               for name, county, person in (("王建华", "330402", people[3]), ("陈静", "330481", people[4]))]
    for registered in (agency, base):
        wait_until(lambda: api.get("credit", f"/credit/agencies/{registered['id']}/rating",
                                   ("regulator", "330400")), 30)
        [certificate] = registered["qualifications"]
        api.post("registry", f"/providers/{registered['id']}/qualifications/verify", {
            "category": CATEGORY, "certificate_no": certificate["certificate_no"]}, as_=("regulator", "330400"))
    _contract_done(api, agency["id"], firm["id"])
    api.post("credit", "/credit/violations", {"agency_id": agency["id"], "severity": "general",
                                             "code": "late-report", "description": "未按期报送安全评价报告备案",
                                             "occurred_on": _day(-20)}, as_=("regulator", "330400"))
    wait_until(lambda: len(api.get("credit", f"/credit/agencies/{agency['id']}/history",
                                   ("regulator", "330400"))["items"]) >= 3, 30)
    programme = _programme(api)
    personal = [p[k] for p in people for k in ("phone", "email", "id_number")]
    return City(urls, agency, [base, declared], experts, programme, personal)


class Api:
    """JSON over HTTP with development tokens; insists on success."""

    def __init__(self, urls: dict[str, str]):
        self.urls, self.http = urls, requests.Session()

    def post(self, service: str, path: str, body: dict | None = None, as_=("admin", None)) -> dict:
        role, org = as_
        org = org or (body or {}).get("uscc")
        response = self.http.post(self.urls[service] + path, json=body, headers=_auth(role, org), timeout=30)
        assert response.status_code in (200, 201, 202), (path, response.status_code, response.text)
        return response.json()

    def get(self, service: str, path: str, as_: tuple) -> dict | None:
        response = self.http.get(self.urls[service] + path, headers=_auth(*as_), timeout=30)
        return response.json() if response.status_code == 200 else None


def _contract_done(api: Api, agency_id: str, firm_id: str) -> None:
    """Demand, offer, award, both sign, accepted on time with score 5."""
    as_firm, as_agency = ("enterprise", firm_id), ("agency", agency_id)
    demand_body = {"category": CATEGORY, "county": "330402", "town": "330402007", "industry": "C",
                   "description": "年度安全现状评价（冲压车间）", "budget_fen": 4_800_000,
                   "offer_deadline": isotime(utcnow() + timedelta(days=10))}
    demand = wait_until(lambda: _try(api, "matching", "/demands", demand_body, as_firm), 30)
    wait_until(lambda: any(i["agency_id"] == agency_id for i in (api.get(
        "matching", f"/demands/{demand['id']}/recommendations", as_firm) or {"items": []})["items"]), 30)
    offer = api.post("matching", f"/demands/{demand['id']}/offers", {
        "price_fen": 4_500_000, "plan": "现场勘查三天，出具安全现状评价报告", "duration_days": 45}, as_=as_agency)
    contract = api.post("matching", f"/demands/{demand['id']}/offers/{offer['id']}/accept", as_=as_firm)
    for party in (as_firm, as_agency):
        api.post("matching", f"/contracts/{contract['id']}/sign", as_=party)
    api.post("matching", f"/contracts/{contract['id']}/complete", {"on_time": True, "score": 5}, as_=as_firm)


def _programme(api: Api) -> str:
    name = "南湖区中小微企业购买安全服务补助"
    programme = api.post("subsidy", "/programmes", {
        "name": name, "kind": "enterprise_purchase", "period_start": _day(-30), "period_end": _day(60),
        "rules": {"budget_fen": 5_000_000, "rate_permille": 300, "cap_per_contract_fen": 1_000_000,
                  "min_grade": "B"}}, as_=("official", "330402"))
    api.post("subsidy", f"/programmes/{programme['id']}/open", as_=("official", "330402"))
    return name


def _try(api: Api, service: str, path: str, body: dict, as_: tuple) -> dict | None:
    """POST until the service knows what it refers to (409 until its projection has arrived)."""
    response = api.http.post(api.urls[service] + path, json=body, headers=_auth(*as_), timeout=30)
    assert response.status_code in (201, 409), response.text
    return response.json() if response.status_code == 201 else None


def _agency(name: str, county: str, town: str, person: dict, cluster: bool = False) -> dict:
    body = {"uscc": _uscc(county), "name": name, "kind": "agency", "categories": [CATEGORY, "safety_consulting"],
            "county": county, "town": town, "email": person["email"],
            "qualifications": [{"category": CATEGORY, "certificate_no": f"APJ-(浙)-{random.randint(100, 999)}",
                                "level": "乙级", "issuer": "浙江省应急管理厅", "valid_from": _day(-400),
                                "valid_until": _day(700)}],
            "staff": {"count": 25, "safety_engineers": 6},
            "contacts": [{"name": person["name"], "phone": person["phone"], "email": person["email"],
                          "role": "联系人"}]}
    return body | ({"cluster_base": {"since": _day(-100), "until": None}} if cluster else {})


def _enterprise(person: dict) -> dict:
    return {"uscc": _uscc("330402"), "name": "嘉兴南湖精工五金制品有限公司", "industry_code": "3311",
            "size": "small", "county": "330402", "town": "330402007", "employees": 42,
            "contacts": [{"name": person["name"], "phone": person["phone"], "role": "负责人"}]}


def _expert(name: str, county: str, person: dict) -> dict:
    return {"name": name, "id_number": person["id_number"], "county": county, "industries": ["C", "E"],
            "specialties": ["危险化学品", "电气安全"], "grade": "senior",
            "contacts": [{"name": name, "phone": person["phone"], "email": person["email"], "role": "本人"}]}


def _person(rnd: random.Random, i: int) -> dict:
    first17 = "330402" + f"{rnd.randint(1955, 1995)}0{rnd.randint(1, 9)}1{rnd.randint(0, 9)}{rnd.randint(0, 999):03d}"
    return {"name": f"联系人{i}", "phone": f"139{rnd.randint(10_000_000, 99_999_999)}",
            "email": f"person{i}.{rnd.randint(1000, 9999)}@example.cn", "id_number": first17 + id_check_char(first17)}


def _uscc(county: str) -> str:
    first17 = "91" + county + "".join(random.choices(USCC_CHARS, k=9))
    return first17 + uscc_check_char(first17)


def _day(n: int) -> str:
    return (jiaxing_day(utcnow()) + timedelta(days=n)).isoformat()


def _auth(role: str, org: str | None) -> dict:
    return {"Authorization": f"Bearer {issue_token(TOKENS, role, org)}"}
