"""Subsidy programmes (补贴项目) of the demo year: a purchase subsidy in every county (购买服务补助), support for
the cluster base's residents (集聚基地扶持, 秀洲区), a town reward (以奖代补, 桐乡市) and last year's programme,
closed. Pure."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from services.common.reference import COUNTIES, towns_of

from .deals import SUBSIDY_STEPS
from .people import CLUSTER_COUNTY, Provider

REWARD_COUNTY = "330483"  # 桐乡市


@dataclass(frozen=True)
class Programme:
    key: str
    funder: str  # the funding official's division (token org)
    body: dict  # the POST /programmes body
    applicants: tuple[tuple[str, str, str], ...] = ()  # (role, org, end) of cluster and town applications
    closed: bool = False

    @property
    def kind(self) -> str:
        return self.body["kind"]


def programmes(rng: random.Random, today: date, providers: list[Provider]) -> list[Programme]:
    year = today.year
    made = [_purchase(county, year, rng) for county in COUNTIES]
    made.append(
        Programme(
            "last-year",
            "330402",
            {
                "name": f"南湖区中小微企业购买安全服务补助（{year - 1}年度）",
                "kind": "enterprise_purchase",
                "period_start": f"{year - 1}-01-01",
                "period_end": f"{year - 1}-12-31",
                "rules": {
                    "budget_fen": 30_000_000,
                    "rate_permille": 300,
                    "cap_per_contract_fen": 800_000,
                    "min_grade": "B",
                },
            },
            closed=True,
        )
    )
    residents = [p for p in providers if p.body["cluster_base"] and p.role in ("agency", "association")]
    made.append(
        Programme(
            "cluster",
            CLUSTER_COUNTY,
            {
                "name": f"秀洲区安全生产服务集聚基地入驻机构扶持（{year}年度）",
                "kind": "cluster_base_support",
                "period_start": f"{year}-01-01",
                "period_end": f"{year}-12-31",
                "rules": {"budget_fen": 300_000_000, "fixed_fen": 3_000_000, "min_grade": "B"},
            },
            tuple((p.role, p.id, _end(rng)) for p in residents if rng.random() < 0.8),
        )
    )
    made.append(
        Programme(
            "reward",
            REWARD_COUNTY,
            {
                "name": f"桐乡市安全生产社会化服务以奖代补（{year}年度）",
                "kind": "town_reward",
                "period_start": f"{year}-01-01",
                "period_end": f"{year}-12-31",
                "rules": {
                    "budget_fen": 60_000_000,
                    "coverage_target_permille": 300,
                    "tiers": [
                        {"min_share_permille": 0, "amount_fen": 500_000},
                        {"min_share_permille": 100, "amount_fen": 2_000_000},
                        {"min_share_permille": 300, "amount_fen": 5_000_000},
                    ],
                },
            },
            tuple(("official", town, _end(rng)) for town in towns_of(REWARD_COUNTY)),
        )
    )
    return made


def _purchase(county: str, year: int, rng: random.Random) -> Programme:
    return Programme(
        f"purchase-{county}",
        county,
        {
            "name": f"{COUNTIES[county]}中小微企业购买安全服务补助（{year}年度）",
            "kind": "enterprise_purchase",
            "description": "企业通过平台购买安全生产社会化服务，按合同金额的一定比例给予补助。",
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
            "rules": {
                "budget_fen": 80_000_000,
                "rate_permille": rng.choice((300, 300, 400)),
                "cap_per_contract_fen": 1_000_000,
                "cap_per_beneficiary_year_fen": 2_000_000,
                "min_grade": "B",
                "coverage_target_permille": rng.choice((200, 300)),
            },
        },
    )


def _end(rng: random.Random) -> str:
    return rng.choices(list(SUBSIDY_STEPS), list(SUBSIDY_STEPS.values()))[0]
