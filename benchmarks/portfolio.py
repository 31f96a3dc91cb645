"""``domainrules portfolio`` on a generated export, as ratios measured in one run.

    python benchmarks/portfolio.py [--rows 200000] [--repeat 3] [--long-line-mb 50]
                                   [--against OTHER/src]

Prints, for each command run in a fresh process (best of ``--repeat``):
- floor: a bare ``csv.reader`` -> ``csv.writer`` copy of the same file in a child process
  (no names, no dates): no portfolio report can beat it;
- portfolio: ``domainrules portfolio FILE --at ...`` (CSV out), and with ``--json``;
- long line: a file whose second row is one ``--long-line-mb`` MB line, to show that the
  peak memory does not follow the longest line;
each with rows per second, its ratio to the floor, and the child's peak resident set
(``ru_maxrss`` from ``wait4``). ``--against`` runs the same commands with another source
tree first on ``PYTHONPATH`` (a checkout of an older commit), for before/after figures.
Machines are shared and noisy: compare the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AT = "2025-06-01T00:00:00Z"
SUFFIXES = ["com"] * 6 + ["net", "org", "cn", "com.cn", "hk", "xyz", "me", "xn--fiqs8s"]
HEADER = "Domain Name,Domain Type,Status,Registration Date,Expiration Date,Registrant\n"

FLOOR = """\
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    w = csv.writer(sys.stdout, lineterminator="\\n")
    for row in csv.reader(f):
        w.writerow([*row, "active", 1, "", ""])
"""


def generate(path: Path, rows: int) -> None:
    rng = random.Random(2025)
    base = datetime(2025, 6, 1, tzinfo=timezone(timedelta(hours=8)))
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(rows):
            expires = base + timedelta(days=rng.randint(-120, 400), hours=rng.randint(0, 23))
            suffix = rng.choice(SUFFIXES)
            out.write(f"name{i}.{suffix},gTLD,Normal,2020-01-01,{expires.isoformat()},Holder {i}\n")


def generate_long_line(path: Path, megabytes: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        out.write("long.com,gTLD,Normal,2020-01-01,2025-01-01T00:00:00Z,")
        chunk = "x" * (1 << 20)
        for _ in range(megabytes):
            out.write(chunk)
        out.write("\n")
        out.write("short.com,gTLD,Normal,2020-01-01,2025-01-01T00:00:00Z,Holder\n")


def run(command: list[str], pythonpath: str) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB, exit status) of one child process."""
    env = {**os.environ, "PYTHONPATH": pythonpath}
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, child.returncode


def best(command: list[str], pythonpath: str, repeat: int) -> tuple[float, int, int]:
    results = [run(command, pythonpath) for _ in range(repeat)]
    return min(r[0] for r in results), max(r[1] for r in results), results[0][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--long-line-mb", type=int, default=50)
    parser.add_argument("--against", metavar="SRC", help="another source tree to compare")
    args = parser.parse_args()
    python = sys.executable
    trees = [("this tree", str(ROOT / "src"))]
    if args.against:
        trees.insert(0, (args.against, str(Path(args.against).resolve())))
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.csv"
        long_line = Path(tmp) / "long-line.csv"
        generate(export, args.rows)
        generate_long_line(long_line, args.long_line_mb)
        floor_s, floor_rss, _ = best([python, "-c", FLOOR, str(export)], "", args.repeat)
        print(f"{args.rows:,} rows; best of {args.repeat}; peak RSS of each child process")
        print(
            f"floor (csv copy)      {args.rows / floor_s:>10,.0f} rows/s  1.00x  {floor_rss:>8,} KiB"
        )
        for label, src in trees:
            print(f"-- {label}")
            cli = [python, "-m", "domainrules", "portfolio"]
            for name, extra in (("portfolio csv", []), ("portfolio --json", ["--json"])):
                s, rss, status = best([*cli, str(export), "--at", AT, *extra], src, args.repeat)
                print(
                    f"{name:<21} {args.rows / s:>10,.0f} rows/s  {s / floor_s:4.2f}x  "
                    f"{rss:>8,} KiB  (exit {status})"
                )
            s, rss, status = run([*cli, str(long_line), "--at", AT], src)
            print(
                f"{args.long_line_mb} MB line            {'':>10}         {'':5}  "
                f"{rss:>8,} KiB  (exit {status})"
            )


if __name__ == "__main__":
    main()
