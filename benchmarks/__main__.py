"""`make bench` (or `python -m benchmarks --size 3000 --only consumers`; the city: `--only city [--scale S]`,
`make bench SIZE=city`): speed goals, measured on the real
broker and database (KAFKA_BOOTSTRAP_SERVERS / MONGODB_URI when set, else the embedded ones started here).

Absolute figures on a shared 2-core machine are noisy; the ratios printed against baselines measured in the same
run are the point. Numbers on SecantusDB are not MongoDB's: compare runs with each other, not with mongod.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from benchmarks import city, consumers, history, notify, pipeline, recommend, subsidy, web
from benchmarks.stack import Stack

#: every benchmark: name -> `run(stack, size)`, in the order they run. A new benchmark module adds its line here.
BENCHMARKS = {
    "consumers": consumers.run,
    "history": history.run,
    "http": web.run,
    "recommendations": recommend.run,
    "pipeline": pipeline.run,
    "subsidy": subsidy.run,
    "notify": notify.run,
}
#: run only when named (`--only city`): the city takes long to build the first time
ON_REQUEST = {"city": city.run}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size",
        type=int,
        default=600,
        help="events per consumer benchmark, over size/30 agencies (the issue's figure: 3000)",
    )
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS | ON_REQUEST), help="run only these")
    parser.add_argument("--scale", type=float, default=1.0, help="the city's size (1: Jiaxing at full size)")
    parser.add_argument("--seed", type=int, default=2016, help="the city's seed")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack.start(Path(tmp))
        try:
            for name in args.only or BENCHMARKS:
                began = time.perf_counter()
                print(f"== {name}", flush=True)
                if name in ON_REQUEST:
                    ON_REQUEST[name](stack, args.size, args.scale, args.seed)
                else:
                    BENCHMARKS[name](stack, args.size)
                print(f"   ({time.perf_counter() - began:.0f} s)", flush=True)
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
