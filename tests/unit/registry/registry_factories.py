"""Valid registry records to vary in tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.registry.domain.enterprises import Enterprise, Size
from services.registry.domain.experts import Expert, Grade
from services.registry.domain.providers import Kind, Provider, Qualification, Residency, Staff
from services.registry.domain.rules import Contact

USCC = "91310110666007217T"
USCC2 = "91310115591693856A"
ID_NUMBER = "11010519491231002X"
ID_NUMBER2 = "440524188001010014"


VERIFIED_AT = datetime(2025, 1, 5, 2, tzinfo=UTC)


def declared(category="safety_evaluation", valid_from="2025-01-01", valid_until="2026-12-31", **kw) -> Qualification:
    """A qualification as the provider declares it (not verified)."""
    values = dict(
        category=category,
        certificate_no=f"APJ-(浙)-{category}-{valid_from}",
        issuer="浙江省应急管理厅",
        valid_from=date.fromisoformat(valid_from),
        valid_until=date.fromisoformat(valid_until),
        level="乙级",
    )
    values.update(kw)
    return Qualification(**values)


def qual(category="safety_evaluation", valid_from="2025-01-01", valid_until="2026-12-31", **kw) -> Qualification:
    """A qualification a regulator has verified."""
    return declared(
        category,
        valid_from,
        valid_until,
        **{"verified": True, "verified_by": "regulator:330400", "verified_at": VERIFIED_AT, **kw},
    )


def make_provider(**kw) -> Provider:
    values = dict(
        id=USCC,
        name="嘉兴安泰安全技术有限公司",
        kind=Kind.AGENCY,
        categories=("safety_evaluation", "safety_training"),
        county="330411",
        town="330411101",
        qualifications=(qual(),),
        cluster_base=Residency(date(2024, 3, 1)),
        staff=Staff(20, 4),
        contacts=(Contact("王工", "13800000000"),),
    )
    values.update(kw)
    return Provider(**values)


def make_enterprise(**kw) -> Enterprise:
    values = dict(
        id=USCC2,
        name="嘉兴某某五金制品有限公司",
        industry_code="3311",
        size=Size.SMALL,
        county="330482",
        town="330482001",
        employees=35,
        high_risk=False,
    )
    values.update(kw)
    return Enterprise(**values)


def make_expert(**kw) -> Expert:
    values = dict(
        id="exp-1",
        name="李明",
        id_number=ID_NUMBER,
        county="330481",
        industries=("C", "E"),
        specialties=("危险化学品",),
        grade=Grade.SENIOR,
    )
    values.update(kw)
    return Expert(**values)
