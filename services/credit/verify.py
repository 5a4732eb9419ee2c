"""Verify credit's published bulletins from the public JSON alone (公示链校验):

    python -m services.credit.verify http://127.0.0.1:8003 [--expect DIGEST ...]

Reads `/public/credit/chain`, then the public content of each link (a bulletin's summary and every page of its
entries; a correction notice), recomputes every digest as `domain/chain.py` defines it (RFC 8785 canonical JSON,
SHA-256, each with the digest before it) and prints one line per link. A digest kept from earlier (`--expect`) must
still be in the chain. Exit status 0 when everything holds, 1 when a link does not (named, with every one after
it), 2 when the site cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote, urlencode

from .domain.chain import BULLETIN, bulletin_document, notice_document, recompute

PAGE = 200  # entries per request (the most a page gives)


def fetch(base: str, path: str, **query) -> object:
    """GET a public JSON document."""
    url = base.rstrip("/") + path + ("?" + urlencode(query) if query else "")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def entries(base: str, month: str) -> list[dict]:
    """Every entry of a month's bulletin, page after page."""
    found, cursor = [], None
    while True:
        page = fetch(
            base, f"/public/credit/bulletins/{month}/entries", limit=PAGE, **({"cursor": cursor} if cursor else {})
        )
        found += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return found


def documents(base: str, links: list[dict]) -> Iterator[dict]:
    """Each link's document as the public JSON shows it."""
    for link in links:
        ref = quote(link["ref"])
        if link["kind"] == BULLETIN:
            yield bulletin_document(fetch(base, f"/public/credit/bulletins/{ref}"), entries(base, ref))
        else:
            yield notice_document(fetch(base, f"/public/credit/corrections/{ref}"))


def verify(base: str, expected: list[str]) -> tuple[bool, list[str]]:
    """Whether the chain holds, and what to print."""
    links = fetch(base, "/public/credit/chain")
    checked = recompute(links, list(documents(base, links)))
    lines = [
        f"#{c['sequence']} {c['kind']} {c['ref']} "
        + (f"ok {c['recomputed']}" if c["ok"] else "BROKEN: " + "; ".join(c["problems"]))
        for c in checked
    ]
    holding = {c["recomputed"] for c in checked if c["ok"]}
    missing = [d for d in expected if d not in holding]
    lines += [f"expected digest {d} is not in the chain" for d in missing]
    broken = [c for c in checked if not c["ok"]]
    if broken:
        lines.append(f"BROKEN from #{broken[0]['sequence']} ({broken[0]['kind']} {broken[0]['ref']}) on")
    else:
        lines.append(
            f"the chain holds: {len(checked)} links" + (f", the last {checked[-1]['recomputed']}" if checked else "")
        )
    return not broken and not missing, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.credit.verify", description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the credit service's public address, e.g. http://127.0.0.1:8003")
    parser.add_argument("--expect", action="append", default=[], metavar="DIGEST", help="a digest kept from earlier")
    args = parser.parse_args(argv)
    try:
        ok, lines = verify(args.base, args.expect)
    except (urllib.error.URLError, ValueError, KeyError) as err:
        print(f"cannot read the public chain at {args.base}: {err}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
