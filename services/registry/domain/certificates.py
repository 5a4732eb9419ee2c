"""Certificates 证书: what an agency's qualification (资质) and a practitioner's professional certificate
(执业资格证书) share. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import ClassVar, TypeVar

from services.common.errors import Conflict, Invalid, NotFound

from .rules import check_choice, check_period

VERIFICATION = ("verified", "verified_by", "verified_at")


@dataclass(frozen=True)
class DatedCertificate:
    """A certificate numbered by its issuer, valid from/until (both days included). Its holder declares it; it
    counts only once a regulator has verified it (核验), who and when recorded.

    A certificate type takes its kind field (`KIND`, one of `KINDS`) from a base listed after this one, so that
    the field comes first, as stored; `LISTED` names the holder's list of them (in problems).
    """

    KIND: ClassVar[str]
    KINDS: ClassVar[tuple[str, ...]]
    LISTED: ClassVar[str]

    certificate_no: str
    issuer: str
    valid_from: date
    valid_until: date
    level: str | None = None
    verified: bool = False
    verified_by: str | None = None
    verified_at: datetime | None = None

    def __post_init__(self):
        check_choice(self.kind_of, self.KINDS, f"{self.LISTED}.{self.KIND}")
        check_period(self.valid_from, self.valid_until, f"{self.LISTED}.valid_until", f"{self.LISTED}.valid_from")

    @property
    def kind_of(self) -> str:
        """What it certifies: its kind or category."""
        return getattr(self, self.KIND)

    @property
    def key(self) -> tuple[str, str]:
        """What names it within its holder's record: its kind and number."""
        return self.kind_of, self.certificate_no

    @property
    def declared(self) -> tuple:
        """The facts its holder declares (a change to any of them needs a new verification)."""
        return tuple(getattr(self, f.name) for f in fields(self) if f.name not in VERIFICATION)

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def counts_on(self, day: date) -> bool:
        """Verified and valid on `day`: only such a certificate counts."""
        return self.verified and self.valid_on(day)

    def verify(self, by: str, at: datetime) -> DatedCertificate:
        if self.verified:
            raise Conflict(f"certificate {self.certificate_no} is verified already", verified_by=self.verified_by)
        return replace(self, verified=True, verified_by=by, verified_at=at)

    def unverified(self) -> DatedCertificate:
        """As declared: no verification."""
        return replace(self, verified=False, verified_by=None, verified_at=None)

    def redeclared(self, before: tuple[DatedCertificate, ...]) -> DatedCertificate:
        """This certificate as declared again: it keeps the verification of an identical one, else none."""
        same = next((c for c in before if c.verified and c.declared == self.declared), None)
        if same:
            return replace(self, verified=True, verified_by=same.verified_by, verified_at=same.verified_at)
        return self.unverified()


C = TypeVar("C", bound=DatedCertificate)


def check_listed(listed: tuple[DatedCertificate, ...]) -> None:
    """Each certificate (kind and number) listed once."""
    if len({c.key for c in listed}) < len(listed):
        first = listed[0]
        raise Invalid(f"a certificate ({first.KIND} and number) is listed twice", field=first.LISTED)


def counting(listed: tuple[C, ...], day: date) -> tuple[C, ...]:
    """The verified certificates valid on `day` (a declared one counts for nothing)."""
    return tuple(c for c in listed if c.counts_on(day))


def verified_in(listed: tuple[C, ...], key: tuple[str, str], by: str, at: datetime, missing: str) -> tuple:
    """`listed` with the certificate named `key` verified by `by` at `at`, and that certificate (NotFound
    `missing` if none is)."""
    found = next((c for c in listed if c.key == key), None)
    if found is None:
        raise NotFound(missing)
    verified = found.verify(by, at)
    return tuple(verified if c is found else c for c in listed), verified
