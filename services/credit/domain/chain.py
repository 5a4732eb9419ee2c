"""The public chain of what credit publishes (公示链): each monthly bulletin and each correction notice, in the order
published, with the SHA-256 digest of its canonical JSON, which includes the digest of the one before. Pure.

Canonical JSON is RFC 8785 (JSON Canonicalization Scheme, the `rfc8785` package): object keys sorted by their
UTF-16 code units, no whitespace, strings in UTF-8 with only the escapes JSON requires, integers as written. A
link's document is exactly what the public JSON shows of it:

- a bulletin: `{"kind": "bulletin", "month", "as_of", "rule_version", "agencies", "grades", "entries", "previous"}`,
  its entries with the fields of `bulletins.ENTRY` only, ordered by `agency_id` (a correction's link beside an
  entry is not part of it);
- a correction notice: `{"kind": "correction", "id", "month", "published_on", "lines", "previous"}`, its lines as
  published (month of the bulletin, agency, name, `before` and `after`);

`previous` is the digest of the link before (64 zeros for the first). Anyone recomputes the chain from the public
JSON alone (`recompute`, the command `python -m services.credit.verify`): a changed document changes its digest,
and, through `previous`, every digest after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import rfc8785

from .bulletins import ENTRY

GENESIS = "0" * 64  # the `previous` of the first link
BULLETIN, CORRECTION = "bulletin", "correction"
SUMMARY = ("month", "as_of", "rule_version", "agencies", "grades")
NOTICE = ("id", "month", "published_on", "lines")


def canonical(document: Mapping) -> bytes:
    """RFC 8785 canonical JSON, UTF-8."""
    return rfc8785.dumps(document)


def digest(document: Mapping, previous: str) -> str:
    """The link's digest: SHA-256 of the canonical JSON of the document with `previous`, in lower-case hex."""
    return hashlib.sha256(canonical({**document, "previous": previous})).hexdigest()


def bulletin_document(summary: Mapping, entries: Iterable[Mapping]) -> dict:
    """A bulletin as its digest covers it (but `previous`): summary fields, entries ordered by agency."""
    rows = sorted(({k: e.get(k) for k in ENTRY} for e in entries), key=lambda e: e["agency_id"])
    return {"kind": BULLETIN, **{k: summary[k] for k in SUMMARY}, "entries": rows}


def notice_document(notice: Mapping) -> dict:
    """A correction notice as its digest covers it (but `previous`)."""
    return {"kind": CORRECTION, **{k: notice[k] for k in NOTICE}}


def recompute(links: Iterable[Mapping], documents: Iterable[Mapping]) -> list[dict]:
    """Each published link (`kind`, `ref`, `digest`, `previous`) checked against its document as the public content
    shows it (`documents`, in the same order): `ok`, the digest recomputed, the problems in words. The chain is
    recomputed from the first document on, so once one link differs, every later one differs too."""
    checked, previous = [], GENESIS
    for link, document in zip(links, documents, strict=True):
        found = digest(document, previous)
        problems = []
        if link["previous"] != previous:
            problems.append(f"previous {link['previous']} is not the digest recomputed before it ({previous})")
        if link["digest"] != found:
            problems.append(f"published digest {link['digest']} differs from the content's {found}")
        checked.append({**link, "recomputed": found, "ok": not problems, "problems": problems})
        previous = found
    return checked
