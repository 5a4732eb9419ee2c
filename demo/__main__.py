"""`make demo` / `python -m demo [--size small|medium|large] [--seed N] [--base-urls name=url ...]`.

Fills the running stack (`make run` in another terminal); if none answers and no URLs were given, starts one
with `services.stack`'s pieces, fills it, and keeps it running until Ctrl-C."""
from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.request

from services import stack
from services.common import embedded
from services.common.config import PORTS, SERVICES

from . import CityExists, build_city
from .reference import SIZES
from .report import pages, where_to_look

DEFAULT_URLS = {service: f"http://127.0.0.1:{port}" for service, port in PORTS.items()}


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health/ready", timeout=3) as response:
            return response.status == 200
    except OSError:
        return False


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo", description="Build the demo city of Jiaxing.")
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--base-urls", nargs="*", default=[], metavar="SERVICE=URL",
                        help="base URL of a service (default http://127.0.0.1:8001 … 8005)")
    parser.add_argument("--kafka", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{stack.KAFKA_PORT}"))
    args = parser.parse_args(argv)
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
    """No stack answers: start one as `make run` does, fill it, keep it until Ctrl-C."""
    stack.check_ports()
    logs = stack.DATA / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    servers, processes = [], []
    try:
        print("no stack answers: starting one (as make run does; logs in .data/logs/) ...", flush=True)
        servers.append(embedded.start_kafka(stack.KAFKA_PORT, logs / "kafka.log"))
        servers.append(embedded.start_mongo(stack.MONGO_PORT, stack.DATA / "mongodb", logs / "mongodb.log"))
        os.environ.update(KAFKA_BOOTSTRAP_SERVERS=args.kafka, KAFKA_SECURITY_PROTOCOL="PLAINTEXT")
        stack.create_topics()
        for service in SERVICES:
            processes += stack.start_service(service, logs)
        for service in SERVICES:
            stack.wait_ready(service, processes)
        fill(args)
        print("\nThe stack keeps running; Ctrl-C stops everything.")
        while all(p.poll() is None for _, p in processes):
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nstopping ...")
    finally:
        stack.stop_all(processes, servers)


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
