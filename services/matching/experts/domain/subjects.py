"""Fair draws (公平抽取): what a request is about (its subject, 申请事项), who asked as the public audit shows it,
and one open request per requester and subject (pure).

- Subject: the party under review (`reviewed_party_id`, a registered enterprise or agency); a request naming
  none is about the requester's own matter, so its subject is the requester. An enterprise's requests are all
  about its own site and work, whatever party it names for recusal: its subject is always itself.
- One open request (inviting, complete or short) per requester and subject. Asking again needs the open one
  cancelled with a reason; the next request about that subject is a redraw (重新抽取) of the cancelled one.
- The audit shows an enterprise requester by its industry (GB/T 4754 section) and town, never by name or id;
  a government requester by its division, an insurer or an association by its registered name.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.common.reference import CITY_CODE, COUNTIES, TOWNS, county_of

from ...domain.refusals import Refused


def subject_of(requester_type: str, requester_id: str, reviewed_party_id: str | None) -> str:
    """The id of the party the request is about."""
    if requester_type == "enterprise":
        return requester_id
    return reviewed_party_id or requester_id


@dataclass(frozen=True)
class Requester:
    """Who asked, as the public sees it: no id, and no name for an enterprise."""

    name: str | None = None
    industry: str | None = None  # an enterprise's GB/T 4754 section
    county: str | None = None
    town: str | None = None

    @property
    def place(self) -> str | None:
        """The division code the requester sits in (None: the city as a whole, or outside Jiaxing)."""
        return self.town or self.county

    @classmethod
    def enterprise(cls, industry: str | None, county: str | None, town: str | None) -> Requester:
        return cls(industry=industry, county=county, town=town)

    @classmethod
    def organisation(cls, name: str, county: str | None, town: str | None) -> Requester:
        """An insurer or association, by its registered name."""
        return cls(name=name, county=county, town=town)

    @classmethod
    def government(cls, division: str) -> Requester:
        """A government department by its division (嘉兴市, a county, a town)."""
        if division in TOWNS:
            return cls(name=TOWNS[division], county=county_of(division), town=division)
        if division in COUNTIES:
            return cls(name=COUNTIES[division], county=division)
        return cls(name="嘉兴市" if division == CITY_CODE else division)


@dataclass
class Subject:
    """A requester's requests about one subject: the open one, and the last cancelled one until it is redrawn.
    Versioned, so two concurrent requests about one subject cannot both open."""

    id: str  # "<requester id>/<subject>"
    open_request: str | None = None
    cancelled_request: str | None = None

    @staticmethod
    def key(requester_id: str, subject: str) -> str:
        return f"{requester_id}/{subject}"

    def open(self, request_id: str) -> str | None:
        """Open a request about the subject; the id of the cancelled request it redraws (None: not a redraw)."""
        if self.open_request:
            raise Refused(
                f"request {self.open_request} about this subject is still open: cancel it, with a reason, to ask again",
                rule="one_open_request",
                open_request=self.open_request,
            )
        redraw_of, self.open_request, self.cancelled_request = self.cancelled_request, request_id, None
        return redraw_of

    def close(self, request_id: str, cancelled: bool) -> None:
        """The open request was completed or cancelled (a cancelled one is redrawn by the next request)."""
        if self.open_request == request_id:
            self.open_request = None
            self.cancelled_request = request_id if cancelled else None
