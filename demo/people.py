"""The city's organisations and people as registration bodies: providers (机构) with their certificates, the
expert pool (专家库), enterprises (企业). Pure: a `random.Random` and the day in, plans out."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from services.common.reference import COUNTY_CODES, towns_of

from . import names
from .reference import CATEGORY_WEIGHTS, ENTERPRISE_SIZES, EXPERT_SECTIONS, INDUSTRIES, LEVELLED, SPECIALTIES

CLUSTER_COUNTY = "330411"  # 秀洲区: the cluster base 集聚基地
KIND_ROLES = {"agency": "agency", "leading_enterprise": "agency", "association": "association", "insurer": "insurer"}


@dataclass(frozen=True)
class Provider:
    body: dict
    verify: tuple[tuple[str, str], ...]  # (category, certificate_no) a regulator verifies
    valid: tuple[str, ...]  # categories with a verified certificate valid today

    @property
    def id(self) -> str:
        return self.body["uscc"]

    @property
    def role(self) -> str:
        return KIND_ROLES[self.body["kind"]]

    @property
    def offers(self) -> bool:
        """Answers demands (agencies and leading enterprises act with an agency token)."""
        return self.role == "agency"


def providers(rng: random.Random, count: int, today: date) -> list[Provider]:
    unique = names.Unique()
    return [_provider(rng, unique, today, index) for index in range(count)]


def _provider(rng: random.Random, unique: names.Unique, today: date, index: int) -> Provider:
    kind = (
        "agency"
        if index < 3
        else rng.choices(["agency", "leading_enterprise", "association", "insurer"], [85, 5, 5, 5])[0]
    )
    outside = index >= 3 and kind == "agency" and rng.random() < 0.1
    cluster = not outside and index >= 3 and kind in ("agency", "association") and rng.random() < 0.22
    county = None if outside else (CLUSTER_COUNTY if cluster else rng.choice(COUNTY_CODES))
    town = rng.choice(towns_of(county)) if county else None
    origin = rng.choice(list(names.ORIGINS)) if outside else None
    categories = _categories(rng, kind, index)
    name = unique(rng, lambda r: names.place_prefix(county, town, origin) + r.choice(names.WORDS) + _trade(r, kind))
    division = names.ORIGINS[origin] if origin else county
    certificates = [_certificate(rng, category, today, sure=index < 3) for category in categories]
    body = {
        "uscc": names.uscc(rng, division, "51" if kind == "association" else "91"),
        "name": name,
        "kind": kind,
        "categories": categories,
        "county": county,
        "town": town,
        "origin": origin,
        "qualifications": [c for c, _ in certificates],
        "cluster_base": {"since": (today - timedelta(days=rng.randrange(60, 1500))).isoformat(), "until": None}
        if cluster
        else None,
        "staff": {"count": rng.randrange(6, 80), "safety_engineers": rng.randrange(1, 6)},
        "contacts": [names.contact(rng, "负责人")] + ([names.contact(rng, "联系人")] if rng.random() < 0.5 else []),
    }
    verify = tuple((c["category"], c["certificate_no"]) for c, verified in certificates if verified)
    valid = tuple(
        c["category"]
        for c, verified in certificates
        if verified and date.fromisoformat(c["valid_from"]) <= today <= date.fromisoformat(c["valid_until"])
    )
    return Provider(body, verify, valid)


def _trade(rng: random.Random, kind: str) -> str:
    return {
        "agency": rng.choice(names.AGENCY_TRADES),
        "leading_enterprise": "集团有限公司",
        "association": "安全生产协会",
        "insurer": "财产保险有限公司嘉兴中心支公司",
    }[kind]


def _categories(rng: random.Random, kind: str, index: int) -> list[str]:
    """The first three agencies cover what firms buy most, so every common demand finds an answer."""
    if index < 3:
        return ["safety_evaluation", "hazard_investigation", "safety_consulting", "safety_training"][index : index + 3]
    if kind == "insurer":
        return ["insurance_risk_assessment"]
    if kind == "association":
        return ["safety_training", "standardization_coaching"]
    picked = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()), k=3)
    return sorted(set(picked[: rng.choice((1, 2, 2, 3))]), key=list(CATEGORY_WEIGHTS).index)


def _certificate(rng: random.Random, category: str, today: date, sure: bool) -> tuple[dict, bool]:
    """A declared certificate, and whether a regulator verifies it; some have lapsed (valid_until < today)."""
    lapsed = not sure and rng.random() < 0.08
    start = today - timedelta(days=rng.randrange(1900, 2500) if lapsed else rng.randrange(30, 1400))
    levels = LEVELLED.get(category)
    body = {
        "category": category,
        "certificate_no": f"ZJAQ-{category[:3].upper()}-{rng.randrange(10**6):06d}",
        "issuer": rng.choice(names.ISSUERS),
        "level": rng.choice(levels) if levels else None,
        "valid_from": start.isoformat(),
        "valid_until": (start + timedelta(days=5 * 365)).isoformat(),
    }
    return body, sure or rng.random() < 0.8


def experts(rng: random.Random, count: int) -> list[dict]:
    return [_expert(rng) for _ in range(count)]


def _expert(rng: random.Random) -> dict:
    county, name = rng.choice(COUNTY_CODES), names.person(rng)
    return {
        "name": name,
        "id_number": names.id_number(rng, county),
        "county": county,
        "industries": sorted(rng.sample(EXPERT_SECTIONS, rng.randrange(1, 4))),
        "specialties": rng.sample(SPECIALTIES, rng.randrange(1, 4)),
        "grade": rng.choices(["senior", "intermediate", "junior"], [3, 5, 2])[0],
        "available": rng.random() < 0.9,
        "contacts": [{"name": name, "phone": names.phone(rng), "email": None, "role": "本人"}],
    }


def enterprises(rng: random.Random, count: int) -> list[dict]:
    unique = names.Unique()
    return [_enterprise(rng, unique) for _ in range(count)]


def _enterprise(rng: random.Random, unique: names.Unique) -> dict:
    county = rng.choice(COUNTY_CODES)
    town = rng.choice(towns_of(county))
    code, trade, high_risk = rng.choice(INDUSTRIES)
    size, _, (low, high) = rng.choices(ENTERPRISE_SIZES, [s[1] for s in ENTERPRISE_SIZES])[0]
    name = unique(
        rng,
        lambda r: (
            names.place_prefix(county, town, None)
            + r.choice(names.WORDS)
            + trade
            + r.choice(("有限公司", "股份有限公司", "科技有限公司"))
        ),
    )
    return {
        "uscc": names.uscc(rng, county),
        "name": name,
        "industry_code": code,
        "size": size,
        "county": county,
        "town": town,
        "employees": rng.randrange(low, high + 1),
        "high_risk": high_risk,
        "contacts": [names.contact(rng, "安全负责人")],
    }
