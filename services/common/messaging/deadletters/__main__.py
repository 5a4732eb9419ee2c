"""Operators' command for one service's dead letters (the same as `/admin/dead-letters`).

    python -m services.common.messaging.deadletters --service credit list [--topic T] [--reason TEXT] [--since ISO] ...
    python -m services.common.messaging.deadletters --service credit show <id> [--value-to FILE]
    python -m services.common.messaging.deadletters --service credit replay <id>          # or: replay --all [filters]
    python -m services.common.messaging.deadletters --service credit discard <id> --reason "duplicate of ..."

Configured by the environment like the service (MONGODB_URI, KAFKA_BOOTSTRAP_SERVERS, ...). Prints JSON.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime
from pathlib import Path

from services.common.config import Config
from services.common.errors import DomainError
from services.common.messaging.deadletters import redrive
from services.common.messaging.deadletters.letters import STATUSES, DeadLetters
from services.common.messaging.deadletters.schemas import DeadLetterSchema, DeadLetterSummarySchema
from services.common.settings import SERVICES
from services.common.storage.context import ServiceContext

FILTERS = ("topic", "reason", "since", "until")


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-11-01T00:00:00Z")
    return moment


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--topic")
    parser.add_argument("--reason", help="text the reason contains (any case)")
    parser.add_argument("--since", type=_moment, help="dead-lettered at or after (ISO 8601 with zone)")
    parser.add_argument("--until", type=_moment, help="dead-lettered before")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m services.common.messaging.deadletters", description=__doc__.splitlines()[0]
    )
    root.add_argument("--service", required=True, choices=SERVICES)
    root.add_argument("--by", default=f"cli:{getpass.getuser()}", help="who acts (recorded on the letter)")
    commands = root.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="dead letters, newest first")
    _filters(listing)
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--cursor")
    show = commands.add_parser("show", help="one dead letter whole")
    show.add_argument("id")
    show.add_argument("--value-to", type=Path, help="also write the original value's bytes to this file")
    replay = commands.add_parser("replay", help="publish again to the original topic")
    replay.add_argument("id", nargs="?")
    replay.add_argument("--all", action="store_true", help="every still-dead letter matching the filters")
    _filters(replay)
    discard = commands.add_parser("discard", help="drop on purpose, with a reason")
    discard.add_argument("id")
    discard.add_argument("--reason", required=True)
    return root


def run(ctx: ServiceContext, args: argparse.Namespace) -> object:
    """The command's result as JSON-ready data."""
    filters = {name: getattr(args, name) for name in FILTERS if getattr(args, name, None)}
    letters = DeadLetters(ctx.db)
    if args.command == "list":
        page = letters.page({**filters, "status": args.status}, args.limit, args.cursor)
        return {"items": DeadLetterSummarySchema(many=True).dump(page["items"]), "next_cursor": page["next_cursor"]}
    if args.command == "show":
        letter = letters.get(args.id)
        value = letters.value(letter)
        if args.value_to:
            args.value_to.write_bytes(value or b"")
        return DeadLetterSchema().dump({**letter, "value": value})
    if args.command == "replay" and args.all:
        return {"replayed": redrive.replay_matching(ctx, filters, args.by)}
    if args.command == "replay":
        return DeadLetterSummarySchema().dump(redrive.replay(ctx, args.id, args.by))
    return DeadLetterSummarySchema().dump(redrive.discard(ctx, args.id, args.by, args.reason))


def main(argv: list[str] | None = None) -> int:
    arg_parser = parser()
    args = arg_parser.parse_args(argv)
    if args.command == "replay" and bool(args.id) == bool(args.all):
        arg_parser.error("replay takes one id or --all (with filters)")
    ctx = ServiceContext(Config.from_env(args.service))
    try:
        print(json.dumps(run(ctx, args), ensure_ascii=False, indent=2))
    except DomainError as err:
        print(f"error: {err.detail}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
