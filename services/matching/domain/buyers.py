"""The enterprise a demand serves (服务对象) and which buyers may name it: pure, from matching's projection of
registry events.

"Acts for", with the data the platform has: an enterprise buyer serves only itself; a government buyer
(regulator, official) an enterprise inside its division (the token's `org` is a GB/T 2260 division code);
an insurer or an association any registered, active enterprise (no policy or membership records exist yet
to narrow it). In every case the enterprise must be known to matching and active.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.common.errors import Forbidden, Invalid
from services.common.reference import inside

from .refusals import Refused

#: token role → buyer type (a government department buys as a regulator or a town/county official); the same
#: roles request experts.
BUYER_ROLES = {
    "enterprise": "enterprise",
    "insurer": "insurer",
    "regulator": "government",
    "official": "government",
    "association": "association",
}


@dataclass(frozen=True)
class Enterprise:
    """matching's projection of a registered enterprise."""

    id: str
    status: str
    county: str | None = None
    town: str | None = None
    industry_section: str | None = None  # GB/T 4754 section

    @property
    def active(self) -> bool:
        return self.status == "active"


def to_serve(buyer_type: str, buyer_id: str, named: str | None) -> str | None:
    """The id of the enterprise a demand would serve: an enterprise buyer itself, else the one named (if any)."""
    if buyer_type != "enterprise":
        return named
    if named not in (None, buyer_id):
        raise Invalid("an enterprise buyer posts demands for itself only", field="enterprise_id")
    return buyer_id


def check_served(buyer_type: str, buyer_id: str, enterprise_id: str, enterprise: Enterprise | None) -> None:
    """The served enterprise is registered and active, and the buyer may act for it."""
    if enterprise is None or not enterprise.active:
        if buyer_type == "enterprise":
            raise Refused("this enterprise is not registered and active (or not yet known to matching)")
        raise Invalid(f"{enterprise_id} is not a registered, active enterprise", field="enterprise_id")
    if buyer_type == "government" and not covers(buyer_id, enterprise.town or enterprise.county):
        raise Forbidden(
            f"enterprise {enterprise_id} lies outside the division {buyer_id} this authority acts for", rule="division"
        )


def covers(division: str, place: str | None) -> bool:
    """A division of the reference table covers a place (a division code): 330400 (the city) covers 330482001,
    330482 its towns, a town only itself. Never a prefix of digits: `3`, `33` or `330` is no division and covers
    nothing."""
    return inside(division, place)
