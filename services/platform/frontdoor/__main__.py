"""deploy/caddy/ (compose's front door: its configuration and pages) written from the code, or checked.

python -m services.platform.frontdoor --write    # after changing a route or a page (make docs does it)
python -m services.platform.frontdoor --check    # exit 1 if deploy/caddy/ is out of date
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import COMPOSE_SITE, COMPOSE_UPSTREAMS, DEPLOY, write


def stale(written: Path) -> list[str]:
    """The files of deploy/caddy/ that differ from `written` (a fresh copy)."""
    return [
        str(DEPLOY / path.relative_to(written))
        for path in sorted(written.rglob("*"))
        if path.is_file()
        and (
            not (DEPLOY / path.relative_to(written)).exists()
            or (DEPLOY / path.relative_to(written)).read_bytes() != path.read_bytes()
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    if args.write:
        write(DEPLOY, COMPOSE_UPSTREAMS, ":8000", COMPOSE_SITE)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), COMPOSE_UPSTREAMS, ":8000", COMPOSE_SITE)
        found = stale(Path(folder))
    if found:
        print(f"out of date (run `make docs`): {', '.join(found)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
