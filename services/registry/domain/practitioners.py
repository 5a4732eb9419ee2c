"""Practitioners 从业人员: the people who do an agency's work, with their professional certificates (执业资格证书),
their employment (任职: one agency at a time, joining and leaving dated) and their talent level (人才). Pure.

A person is one record, found by the resident ID number (GB 11643), which is kept in full here only: shown
masked, never in an event or on a public page. A second registration while employed at another agency is the
usual sign of a rented certificate (挂靠): refused (`HeldElsewhere`) and reported to the regulator.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import ClassVar

from services.common.errors import Conflict, Invalid
from services.common.reference.practice import CERTIFICATE_KINDS, TALENT_LEVELS

from .certificates import DatedCertificate, check_listed, counting, verified_in
from .codes import id_number_problem
from .education import Shortfall, TrainingYear
from .rules import EARLIEST, check_choice, check_uscc

ONE_AGENCY = "one-agency-at-a-time"  # the rule a second registration breaks
MAX_CERTIFICATES, KEPT_REFUSALS = 20, 50


class HeldElsewhere(Conflict):
    """Registered at another agency: one agency at a time (一人一机构). The other agency is not named to the
    caller; the regulator is told who."""

    def __init__(self):
        super().__init__(
            "this person is a practitioner of another agency; a practitioner belongs to one agency at a time "
            "(the attempt is reported to the regulator)",
            rule=ONE_AGENCY,
        )


@dataclass(frozen=True)
class _Kind:
    kind: str  # 证书类别


@dataclass(frozen=True)
class Certificate(DatedCertificate, _Kind):
    """A professional certificate of one kind (注册安全工程师, 安全评价师...), declared by the agency."""

    KIND: ClassVar[str] = "kind"
    KINDS: ClassVar[tuple[str, ...]] = tuple(CERTIFICATE_KINDS)
    LISTED: ClassVar[str] = "certificates"


@dataclass(frozen=True)
class Employment:
    """Working for one agency (its USCC) from `joined_on`; `left_on` the day he left (None: still there)."""

    agency_id: str
    joined_on: date
    left_on: date | None = None


@dataclass(frozen=True)
class Talent:
    """A talent level under the city's talent policy (人才认定), recognised on a day, on a stated basis."""

    level: str
    recognised_on: date
    basis: str
    recorded_by: str
    recorded_at: datetime

    def __post_init__(self):
        check_choice(self.level, tuple(TALENT_LEVELS), "level")


@dataclass(frozen=True)
class Refusal:
    """A registration refused by the one-agency rule: which agency tried, when."""

    agency_id: str
    on: date
    at: datetime


@dataclass(frozen=True)
class Practitioner:
    id: str
    name: str
    id_number: str
    employments: tuple[Employment, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    talent: Talent | None = None
    refusals: tuple[Refusal, ...] = ()
    training: tuple[TrainingYear, ...] = ()  # continuing-education hours per year
    ce_assessed: int = 0  # the last year whose continuing education was assessed
    ce_flags: tuple[Shortfall, ...] = ()

    def __post_init__(self):
        problem = id_number_problem(self.id_number)
        if problem:
            raise Invalid(problem, field="id_number")
        check_listed(self.certificates)
        if len(self.certificates) > MAX_CERTIFICATES:
            raise Invalid(f"at most {MAX_CERTIFICATES} certificates", field="certificates")
        for job in self.employments:
            check_uscc(job.agency_id, "agency_id")
        if any(job.left_on is None for job in self.employments[:-1]):
            raise Invalid("only the last employment may be open", field="employments")

    @property
    def current(self) -> Employment | None:
        """The employment he is in now, if any."""
        last = self.employments[-1] if self.employments else None
        return last if last and last.left_on is None else None

    @property
    def employer(self) -> str | None:
        return self.current.agency_id if self.current else None

    def verified_certificates(self, day: date) -> tuple[Certificate, ...]:
        return counting(self.certificates, day)

    def hours_in(self, year: int) -> int:
        return next((t.hours for t in self.training if t.year == year), 0)

    def joined(self, agency_id: str, on: date, today: date) -> Practitioner:
        """He joins `agency_id` on `on`: refused while he works for an agency (another: HeldElsewhere)."""
        current = self.current
        if current and current.agency_id == agency_id:
            raise Conflict("this person is a practitioner of this agency already", rule=ONE_AGENCY)
        if current:
            raise HeldElsewhere()
        _check_day(on, today, "joined_on")
        last = self.employments[-1] if self.employments else None
        if last and on < last.left_on:
            raise Invalid(f"joined_on is before the day he left his previous agency ({last.left_on})", "joined_on")
        return replace(self, employments=(*self.employments, Employment(agency_id, on)))

    def left(self, on: date, today: date) -> Practitioner:
        """He leaves his agency on `on` (between joining and today)."""
        current = self.current
        if current is None:
            raise Conflict("this person works for no agency now")
        _check_day(on, today, "left_on")
        if on < current.joined_on:
            raise Invalid(f"left_on is before he joined ({current.joined_on})", field="left_on")
        return replace(self, employments=(*self.employments[:-1], replace(current, left_on=on)))

    def with_certificate(self, certificate: Certificate) -> Practitioner:
        """A certificate declared (unverified); one of the same kind and number is refused."""
        if any(c.key == certificate.key for c in self.certificates):
            raise Conflict(f"a {certificate.kind} certificate {certificate.certificate_no} is recorded already")
        return replace(self, certificates=(*self.certificates, certificate.unverified()))

    def with_verified(self, kind: str, certificate_no: str, by: str, at: datetime) -> tuple[Practitioner, Certificate]:
        """The practitioner with one declared certificate verified by `by` at `at`, and that certificate."""
        missing = f"practitioner {self.id} has no {kind} certificate {certificate_no}"
        listed, verified = verified_in(self.certificates, (kind, certificate_no), by, at, missing)
        return replace(self, certificates=listed), verified

    def with_talent(self, talent: Talent, today: date) -> Practitioner:
        _check_day(talent.recognised_on, today, "recognised_on")
        return replace(self, talent=talent)

    def with_refusal(self, refusal: Refusal) -> Practitioner:
        """A refused registration remembered (the last KEPT_REFUSALS)."""
        return replace(self, refusals=(*self.refusals, refusal)[-KEPT_REFUSALS:])

    def with_hours(self, year: int, hours: int) -> Practitioner:
        """Continuing-education hours added to `year`."""
        others = tuple(t for t in self.training if t.year != year)
        total = TrainingYear(year, self.hours_in(year) + hours)
        return replace(self, training=tuple(sorted((*others, total), key=lambda t: t.year)))

    def assessed(self, year: int, flag: Shortfall | None) -> Practitioner:
        """Continuing education of `year` assessed (with the shortfall found, if any)."""
        return replace(self, ce_assessed=year, ce_flags=(*self.ce_flags, flag) if flag else self.ce_flags)


def _check_day(day: date, today: date, field: str) -> None:
    if day > today:
        raise Invalid("the day cannot be after today", field=field)
    if day < EARLIEST:
        raise Invalid(f"the day cannot be before {EARLIEST}", field=field)
