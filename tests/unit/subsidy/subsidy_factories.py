"""Builders of subsidy domain values for the pure tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from services.subsidy.domain.applications import Application, reviewers
from services.subsidy.domain.facts import Deal, Firm, Provider
from services.subsidy.domain.programmes import Kind, Programme, Rules, State, Tier

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
COUNTY, TOWN = "330482", "330482001"  # 平湖市 当湖街道


def d(text: str) -> date:
    return date.fromisoformat(text)


def programme(
    kind: Kind = Kind.ENTERPRISE_PURCHASE, funder: str = COUNTY, state: State = State.OPEN, **rules
) -> Programme:
    defaults = {
        Kind.ENTERPRISE_PURCHASE: dict(rate_permille=300),
        Kind.CLUSTER_BASE_SUPPORT: dict(fixed_fen=500_000),
        Kind.TOWN_REWARD: dict(tiers=(Tier(600, 1_000_000), Tier(800, 2_000_000))),
    }[kind]
    p = Programme(
        id="pg-1",
        name="2026 年购买服务补助",
        kind=kind,
        funder=funder,
        period_start=d("2026-01-01"),
        period_end=d("2026-12-31"),
        rules=Rules(**{"budget_fen": 10_000_000, **defaults, **rules}),
        created_at=NOW,
    )
    p.state = state
    return p


def firm(**kw) -> Firm:
    return Firm(
        **{
            "id": "e1",
            "name": "当湖精工",
            "size": "small",
            "section": "C",
            "county": COUNTY,
            "town": TOWN,
            "status": "active",
            **kw,
        }
    )


def deal(**kw) -> Deal:
    return Deal(
        **{
            "id": "ct-1",
            "agency_id": "ag1",
            "buyer_type": "enterprise",
            "enterprise_id": "e1",
            "category": "safety_evaluation",
            "county": COUNTY,
            "town": TOWN,
            "price_fen": 4_800_000,
            "status": "completed",
            "signed_on": d("2026-03-01"),
            "completed_on": d("2026-05-01"),
            **kw,
        }
    )


def provider(**kw) -> Provider:
    return Provider(
        **{
            "id": "ag1",
            "name": "安澜",
            "kind": "agency",
            "county": "330411",
            "town": "330411101",
            "status": "active",
            "base_since": d("2025-06-01"),
            "base_until": None,
            **kw,
        }
    )


def application(
    kind: Kind = Kind.ENTERPRISE_PURCHASE, amount: int = 1_440_000, town: str | None = TOWN, **kw
) -> Application:
    a = Application(
        id="sa-1",
        programme_id="pg-1",
        kind=kind,
        applicant_id="e1",
        subject_id="ct-1",
        funder=COUNTY,
        county=COUNTY,
        town=town,
        amount_fen=amount,
        lines=(),
        year=2026,
        submitted_at=NOW,
        reviewers=reviewers(kind, COUNTY, town),
        contract_id="ct-1",
    )
    return replace(a, **kw) if kw else a
