"""Enterprises 企业 (mostly SMEs 中小微企业): the buyers whose coverage the policy counts (pure model).

Like a provider, an enterprise's id is its Unified Social Credit Code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from services.common import reference
from services.common.errors import Conflict, Invalid

from .rules import SELF, Actor, Contact, as_status, check_choice, check_division, check_uscc, roles, transition


class Size(StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class EnterpriseStatus(StrEnum):
    ACTIVE = "active"
    DEREGISTERED = "deregistered"  # closed or moved away


TRANSITIONS = {(EnterpriseStatus.ACTIVE, EnterpriseStatus.DEREGISTERED): roles("regulator", "official", SELF)}


@dataclass(frozen=True)
class Enterprise:
    id: str
    name: str
    industry_code: str  # GB/T 4754 division, group or class digits, e.g. "3311"
    size: Size
    county: str
    town: str | None = None
    employees: int | None = None
    high_risk: bool = False  # 高危行业
    contacts: tuple[Contact, ...] = ()
    email: str | None = None
    status: EnterpriseStatus = EnterpriseStatus.ACTIVE

    def __post_init__(self):
        check_uscc(self.id)
        if not (self.industry_code.isdigit() and 2 <= len(self.industry_code) <= 4):
            raise Invalid("a GB/T 4754 code has 2 to 4 digits", field="industry_code")
        try:
            reference.section_of(self.industry_code)
        except KeyError:
            raise Invalid(
                f"no GB/T 4754 section has division {self.industry_code[:2]}", field="industry_code"
            ) from None
        check_choice(self.size, tuple(Size), "size")
        check_division(self.county, self.town)
        if self.employees is not None and self.employees < 0:
            raise Invalid("employees cannot be negative", field="employees")

    owner_role = "enterprise"  # the token role the enterprise itself acts with

    @property
    def uscc(self) -> str:
        return self.id

    @property
    def industry_section(self) -> str:
        """The 门类 letter, e.g. C for manufacturing."""
        return reference.section_of(self.industry_code)

    @property
    def industry(self) -> str:
        """Section letter and code, e.g. C3311."""
        return self.industry_section + self.industry_code

    def updated(self, **changes) -> Enterprise:
        if self.status == EnterpriseStatus.DEREGISTERED:
            raise Conflict("a deregistered enterprise cannot be changed")
        if {"id", "status"} & set(changes):
            raise Invalid("id and status are not changed by an update", field="status")
        return replace(self, **changes)

    def moved_to(self, target: EnterpriseStatus, actor: Actor) -> Enterprise:
        target = as_status(EnterpriseStatus, target)
        transition("enterprise", TRANSITIONS, self.status, target, actor)
        return replace(self, status=target)
