"""Phases of many (name, expiry) pairs at one instant, as ratios measured in one run.

    python benchmarks/lifecycle.py [--n 1000000] [--repeat 3]

Prints microseconds per domain for:
- floor: a bare stdlib loop doing only the comparisons against cut-offs
  computed once (expiries already UTC, suffix rules already known): no engine
  can beat it;
- stdlib per-domain arithmetic: the same, adding the periods to each expiry
  with timedelta (still no names, no suffix lookup);
- pendulum loop: what a user writes today, pendulum arithmetic per domain;
- bulk: ``domainrules.phases_at`` (names checked, suffixes looked up once);
- single: ``lifecycle_of(name, expiry).phase_at(at)`` per domain;
and each as a ratio to the floor. Then microseconds per call of
``domainrules.to_utc`` on the spelling exports use, against
``datetime.fromisoformat`` (the floor: no checks at all) and against to_utc's
slow path (pendulum; all that to_utc had before its fast path). Machines are
shared and noisy: compare the ratios, not the absolute figures, and take the
best of several repeats.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pendulum

from domainrules import Phase, lifecycle_of, phases_at, to_utc
from domainrules.instants import _slow_utc

UTC = timezone.utc
AT = datetime(2025, 6, 1, tzinfo=UTC)
SUFFIXES = ["com"] * 6 + ["net", "org", "cn", "com.cn", "hk", "xyz", "me", "xn--fiqs8s"]
# (grace, redemption, pending delete) by TLD, as a hand-written loop would hold them.
HAND_TABLE = {
    "com": (30, 29, 5),
    "net": (30, 29, 5),
    "org": (30, 29, 5),
    "xyz": (30, 29, 5),
    "me": (30, 29, 5),
    "cn": (30, 14, 0),
    "xn--fiqs8s": (30, 14, 0),
    "hk": (28, 59, 0),
}


def make_pairs(n: int, seed: int = 7) -> list[tuple[str, datetime]]:
    rng = random.Random(seed)
    pairs = []
    for i in range(n):
        suffix = SUFFIXES[i % len(SUFFIXES)]
        expiry = AT + timedelta(seconds=rng.randint(-120 * 86_400, 120 * 86_400))
        pairs.append((f"name{i}.{suffix}", expiry))
    return pairs


def floor(pairs: list[tuple[str, datetime]]) -> list[Phase]:
    cut = (AT, AT - timedelta(days=30), AT - timedelta(days=59), AT - timedelta(days=64))
    out = []
    for _, expiry in pairs:
        if expiry > cut[0]:
            out.append(Phase.ACTIVE)
        elif expiry > cut[1]:
            out.append(Phase.RENEWAL_GRACE)
        elif expiry > cut[2]:
            out.append(Phase.REDEMPTION)
        elif expiry > cut[3]:
            out.append(Phase.PENDING_DELETE)
        else:
            out.append(Phase.RELEASED)
    return out


def stdlib_arithmetic(pairs: list[tuple[str, datetime]]) -> list[Phase]:
    grace, redemption, pending = timedelta(days=30), timedelta(days=29), timedelta(days=5)
    out = []
    for _, expiry in pairs:
        grace_end = expiry + grace
        redemption_end = grace_end + redemption
        if expiry > AT:
            out.append(Phase.ACTIVE)
        elif grace_end > AT:
            out.append(Phase.RENEWAL_GRACE)
        elif redemption_end > AT:
            out.append(Phase.REDEMPTION)
        elif redemption_end + pending > AT:
            out.append(Phase.PENDING_DELETE)
        else:
            out.append(Phase.RELEASED)
    return out


def pendulum_loop(pairs: list[tuple[str, datetime]]) -> list[Phase]:
    now = pendulum.instance(AT)
    out = []
    for name, expiry in pairs:
        grace, redemption, pending = HAND_TABLE[name.lower().rstrip(".").rsplit(".", 1)[-1]]
        expires = pendulum.instance(expiry)
        grace_end = expires.add(days=grace)
        redemption_end = grace_end.add(days=redemption)
        if now < expires:
            out.append(Phase.ACTIVE)
        elif now < grace_end:
            out.append(Phase.RENEWAL_GRACE)
        elif now < redemption_end:
            out.append(Phase.REDEMPTION)
        elif now < redemption_end.add(days=pending):
            out.append(Phase.PENDING_DELETE)
        else:
            out.append(Phase.RELEASED)
    return out


def bulk(pairs: list[tuple[str, datetime]]) -> list[Phase]:
    return phases_at(pairs, AT)


def single(pairs: list[tuple[str, datetime]]) -> list[Phase]:
    return [lifecycle_of(name, expiry).phase_at(AT) for name, expiry in pairs]


Engine = Callable[[list[tuple[str, datetime]]], list[Phase]]


def best_of(repeat: int, func: Engine, pairs: list[tuple[str, datetime]]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func(pairs)
        best = min(best, time.perf_counter() - start)
    return best / len(pairs) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pairs = make_pairs(args.n)
    sample = pairs[:: max(1, args.n // 2000)]
    # The engines must agree before their speed means anything (pendulum's
    # calendar-day "add" equals 24-hour days in UTC, so all four agree).
    assert bulk(sample) == single(sample) == pendulum_loop(sample)
    # The floor ignores suffixes; it agrees on the gTLD names only.
    gtld = [p for p in sample if p[0].endswith(".com")]
    assert floor(gtld) == stdlib_arithmetic(gtld) == bulk(gtld)

    results = {}
    for label, func, n in (
        ("floor (stdlib comparisons only)", floor, args.n),
        ("stdlib per-domain arithmetic", stdlib_arithmetic, args.n),
        ("pendulum loop (per domain)", pendulum_loop, args.n),
        ("domainrules.phases_at (bulk)", bulk, args.n),
        ("lifecycle_of(...).phase_at (single)", single, min(args.n, 200_000)),
    ):
        results[label] = best_of(args.repeat, func, pairs[:n])
    base = results["floor (stdlib comparisons only)"]
    pend = results["pendulum loop (per domain)"]
    print(f"{args.n:,} domains at one instant, best of {args.repeat}")
    arith = results["stdlib per-domain arithmetic"]
    print(f"{'':36} {'us/domain':>10} {'x floor':>8} {'x arith':>8} {'x pendulum':>11}")
    for label, us in results.items():
        print(f"{label:36} {us:10.2f} {us / base:8.2f} {us / arith:8.2f} {us / pend:11.2f}")

    instants(args.repeat)


def instants(repeat: int, n: int = 100_000) -> None:
    texts = [
        (AT + timedelta(seconds=37 * i)).astimezone(timezone(timedelta(hours=8))).isoformat()
        for i in range(n)
    ]
    assert all(to_utc(t) == _slow_utc(t, "at") == datetime.fromisoformat(t) for t in texts[::97])
    results = {}
    for label, parse, count in (
        ("datetime.fromisoformat (floor)", datetime.fromisoformat, n),
        ("domainrules.to_utc", to_utc, n),
        ("to_utc slow path (pendulum)", lambda t: _slow_utc(t, "at"), n // 10),
    ):
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for text in texts[:count]:
                parse(text)
            best = min(best, time.perf_counter() - start)
        results[label] = best / count * 1e6
    base = results["datetime.fromisoformat (floor)"]
    print(f"\n{texts[0]!r} and the like, best of {repeat}")
    print(f"{'':36} {'us/call':>10} {'x floor':>8}")
    for label, us in results.items():
        print(f"{label:36} {us:10.2f} {us / base:8.2f}")


if __name__ == "__main__":
    main()
