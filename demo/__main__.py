"""`make demo` / `python -m demo [--size small|medium|large] [--seed N] [--base-urls name=url ...]`.

Fills the running stack (`make run` in another terminal); if none answers and no URLs were given, starts one
(`python -m services.platform.stack`, which is `make run`), fills it, and keeps it running until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

from services.common.settings import SERVICES
from services.platform import embedded, stack

from . import CityExists, build_city
from .client import wait_for
from .reference import SIZES
from .report import pages, where_to_look

STACK = stack.Layout.from_env()  # where `make run` serves (the ANFU_STACK_* settings)
DEFAULT_URLS = {service: STACK.api(service) for service in SERVICES}


def answers(url: str) -> bool:
    return embedded.answers(f"{url}/health/ready")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo", description="Build the demo city of Jiaxing.")
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument(
        "--base-urls",
        nargs="*",
        default=[],
        metavar="SERVICE=URL",
        help="base URL of a service (default http://127.0.0.1:8001 … 8005)",
    )
    parser.add_argument("--kafka", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", STACK.kafka))
    args = parser.parse_args(argv)
    if any("=" not in pair for pair in args.base_urls):
        parser.error("--base-urls takes SERVICE=URL pairs, e.g. registry=http://127.0.0.1:8001")
    given = dict(pair.split("=", 1) for pair in args.base_urls)
    if set(given) - set(SERVICES):
        parser.error(f"services are {', '.join(SERVICES)}")
    args.urls = {**DEFAULT_URLS, **given}
    return args


def fill(args: argparse.Namespace) -> None:
    print(f"building the demo city (seed {args.seed}, size {args.size}) ...", flush=True)
    try:
        report = build_city(args.urls, args.kafka, args.size, args.seed)
    except CityExists as err:
        print(f"{err}: nothing to do.\n\n{pages(args.urls)}")
    else:
        print(where_to_look(report, args.urls))


def start_and_fill(args: argparse.Namespace) -> None:
    """No stack answers: start `make run`'s stack (`python -m services.platform.stack`), fill it, keep it until Ctrl-C
    (which reaches the stack too: it stops everything it started)."""
    print("no stack answers: starting one (python -m services.platform.stack, as make run does) ...", flush=True)
    running = subprocess.Popen([sys.executable, "-m", "services.platform.stack"], cwd=stack.ROOT)
    try:
        wait_for(
            "the stack to answer",
            lambda: running.poll() is not None or all(answers(args.urls[service]) for service in SERVICES),
            timeout=300,
            interval=1,
        )
        if running.poll() is not None:
            sys.exit("the stack did not start (see above and .data/logs/)")
        fill(args)
        print("\nThe stack keeps running; Ctrl-C stops everything.", flush=True)
        running.wait()
    except KeyboardInterrupt:
        running.wait()
    except BaseException:
        running.send_signal(signal.SIGINT)
        running.wait()
        raise


def main(argv: list[str]) -> None:
    args = parse(argv)
    if answers(args.urls["registry"]):
        fill(args)
    elif any(arg.startswith("--base-urls") for arg in argv):
        sys.exit(f"no registry answers at {args.urls['registry']}")
    else:
        start_and_fill(args)


if __name__ == "__main__":
    main(sys.argv[1:])
