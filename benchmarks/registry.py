"""``registry_state`` over many histories of up to 10 events, as ratios measured in one run.

    python benchmarks/registry.py            # quick: 20,000 histories
    python benchmarks/registry.py --full     # 1,000,000 histories (prints the 1M figure)

Histories are realistic and valid (create, renews, transfers, a delete, restores),
1 to 10 events each, drawn from a pool of distinct histories and each asked about at
its own instant. Prints microseconds per history for:

- floor: a plain-Python loop over the same events doing the least a replay must (one
  comparison per event, the expiry moved by a year per renewal): no engine beats it;
- ``registry_state``: the engine (argument checks, the replay with every rule, the
  state value built);
- reference: the slow obviously-correct model of the tests (on a sample), for scale;

and each as a ratio to the floor. Machines are shared and noisy: compare the
ratios, not the absolute figures, and take the best of the repeats.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from domainrules.errors import InvalidHistoryError
from domainrules.registry import (
    Create,
    Delete,
    DomainHistory,
    Event,
    Renew,
    RestoreReport,
    RestoreRequest,
    TransferApprove,
    TransferRequest,
    registry_state,
)
from domainrules.rulesets import NOMULUS_DEFAULTS

UTC = timezone.utc
START = datetime(2020, 1, 1, tzinfo=UTC)
RULES = NOMULUS_DEFAULTS
DAY = timedelta(days=1)


def make_history(rng: random.Random) -> DomainHistory:
    """A valid history of 1 to 10 events: each step is kept only if the registry allows it."""
    t = START + timedelta(seconds=rng.randint(0, 365 * 86_400))
    sponsor = "alpha"
    events: list[Event] = [Create(t, registrar=sponsor, years=rng.randint(1, 3))]
    length = rng.randint(1, 10)
    attempts = 0
    while len(events) < length and attempts < 60:
        attempts += 1
        t += timedelta(seconds=rng.randint(0, 60 * 86_400))
        kind = rng.choice(["renew"] * 3 + ["transfer"] * 2 + ["delete", "restore", "report"])
        gaining = "beta" if sponsor == "alpha" else "alpha"
        steps: dict[str, list[Event]] = {
            "renew": [Renew(t, registrar=sponsor, years=1)],
            "transfer": [
                TransferRequest(t, registrar=gaining),
                TransferApprove(t + DAY, registrar=sponsor),
            ],
            "delete": [Delete(t, registrar=sponsor)],
            "restore": [RestoreRequest(t, registrar=sponsor)],
            "report": [RestoreReport(t, registrar=sponsor)],
        }
        step = steps[kind]
        candidate = [*events, *step]
        try:
            registry_state(DomainHistory("example.com", candidate), step[-1].at, rules=RULES)
        except InvalidHistoryError:
            continue
        events = candidate[:10]
        if kind == "transfer" and len(events) == len(candidate):
            sponsor = gaining
        t = events[-1].at
    return DomainHistory("example.com", events)


def floor(jobs: list[tuple[DomainHistory, datetime]]) -> int:
    year = timedelta(days=365)
    n = 0
    for history, at in jobs:
        expiry = at
        for event in history.events:
            if event.at > at:
                break
            if type(event) is Renew:
                expiry += year
        n += expiry is not None
    return n


def engine(jobs: list[tuple[DomainHistory, datetime]]) -> int:
    n = 0
    for history, at in jobs:
        n += registry_state(history, at, rules=RULES).registered
    return n


def reference(jobs: list[tuple[DomainHistory, datetime]]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.property.test_registry_machine import as_tuple
    from tests.reference.registry_reference import reference_state

    n = 0
    for history, at in jobs:
        n += bool(reference_state([as_tuple(e) for e in history.events], at, RULES)["registered"])
    return n


def best(
    function: Callable[[list[tuple[DomainHistory, datetime]]], int],
    jobs: list[tuple[DomainHistory, datetime]],
    repeat: int,
) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(jobs)
        times.append(time.perf_counter() - start)
    return min(times) / len(jobs) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1,000,000 histories")
    parser.add_argument("--n", type=int, default=None, help="histories (default 20,000; --full 1M)")
    parser.add_argument("--pool", type=int, default=5_000, help="distinct histories drawn from")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.n or (1_000_000 if args.full else 20_000)
    rng = random.Random(7)
    pool = [make_history(rng) for _ in range(min(args.pool, n))]
    jobs = []
    for i in range(n):
        history = pool[i % len(pool)]
        at = history.events[0].at + timedelta(seconds=rng.randint(0, 4 * 365 * 86_400))
        jobs.append((history, at))
    lengths = [len(h) for h in pool]
    print(
        f"{n:,} histories ({len(pool):,} distinct, {min(lengths)}-{max(lengths)} events, "
        f"mean {sum(lengths) / len(lengths):.1f}); best of {args.repeat}"
    )
    base = best(floor, jobs, args.repeat)
    fast = best(engine, jobs, args.repeat)
    sample = jobs[: min(len(jobs), 20_000)]
    slow = best(reference, sample, 1)
    rows = [
        ("floor (plain loop over the events)", base),
        ("registry_state", fast),
        ("reference model (tests, sample)", slow),
    ]
    for label, micro in rows:
        print(f"  {label:<38} {micro:8.2f} us/history  {micro / base:7.1f}x floor")
    print(f"  registry_state for {n:,} histories: {fast * n / 1e6:.2f} s")
    print(f"  reference / registry_state: {slow / fast:.1f}x")


if __name__ == "__main__":
    main()
