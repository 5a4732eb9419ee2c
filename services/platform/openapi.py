"""docs/openapi/<service>.json written from each service's code (the same document its /openapi.json serves).

python -m services.platform.openapi --write    # regenerate (make docs)
python -m services.platform.openapi --check    # exit 1 if a file is out of date
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from services.common.config import Config
from services.common.settings import SERVICES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "openapi"


def document(service: str) -> dict:
    app = importlib.import_module(f"services.{service}.app").create_app(Config(service=service, log_level="WARNING"))
    return app.test_client().get("/openapi.json").json


def render(service: str) -> str:
    return json.dumps(document(service), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for service in SERVICES:
        path, text = DOCS / f"{service}.json", render(service)
        if args.write:
            DOCS.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(str(path))
    if stale:
        print(f"out of date (run `make docs`): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
