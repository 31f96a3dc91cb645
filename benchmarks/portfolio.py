"""``domainrules portfolio`` on a generated export, as ratios measured in one run.

    python benchmarks/portfolio.py [--rows 200000] [--repeat 3] [--long-line-mb 50]
                                   [--against OTHER/src]

Each measurement runs in a child process that imports the command line once and
times ``main([...])`` itself (best of ``--repeat``), so the start-up of Python and of
the libraries, which on a busy machine can take as long as the rows, is left out.
Prints, for each source tree:
- floor: a bare ``csv.reader`` -> ``csv.writer`` copy of the same file (no names, no
  dates): no portfolio report can beat it;
- portfolio: ``domainrules portfolio FILE --at ...`` (CSV out), and with ``--json``;
- long line: a file whose second row is one ``--long-line-mb`` MB line, to show that the
  peak memory does not follow the longest line;
each with rows per second, its ratio to the floor, and the child's peak resident set
(``ru_maxrss`` from ``wait4``). ``--against`` runs the same commands with another source
tree first on ``PYTHONPATH`` (a checkout of an older commit), for before/after figures.
Machines are shared and noisy: compare the ratios, not the absolute figures.

``--cli-rows N`` (default 1,000,000; 0 to skip) adds the command line section: N rows as
CSV and as Parquet (the expiry a UTC timestamp column, as a warehouse writes it) through
``domainrules portfolio FILE --at ... --to csv``, each with rows per second and the
child's peak resident set. It needs pyarrow (the ``[arrow]`` extra) for the Parquet file;
without it the Parquet line says so. The throughput docs/cli.md quotes is this section's
CSV figure.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AT = "2025-06-01T00:00:00Z"
SUFFIXES = ["com"] * 6 + ["net", "org", "cn", "com.cn", "hk", "xyz", "me", "xn--fiqs8s"]
HEADER = "Domain Name,Domain Type,Status,Registration Date,Expiration Date,Registrant\n"

# Run in the child: argv = repeat, then "floor" FILE or the portfolio arguments.
CHILD = """\
import csv, os, sys, time
repeat, what, *args = sys.argv[1:]
out = open(os.devnull, "w")
if what == "floor":
    def once():
        with open(args[0], encoding="utf-8-sig", newline="") as f:
            w = csv.writer(out, lineterminator="\\n")
            for row in csv.reader(f):
                w.writerow([*row, "active", 1, "", ""])
else:
    from domainrules.cli import main
    def once():
        saved, sys.stdout = sys.stdout, out
        try:
            main(args)
        finally:
            sys.stdout = saved
best = float("inf")
for _ in range(int(repeat)):
    start = time.perf_counter()
    once()
    best = min(best, time.perf_counter() - start)
import resource
print(best, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
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


def measure(src: str, repeat: int, *args: str) -> tuple[float, int]:
    """(best seconds inside the child, the child's peak RSS in KiB).

    The peak includes the pages the child shared with this process before it exec'd:
    this process stays small (no data set held) so that the figure is the child's.
    """
    env = {**os.environ, "PYTHONPATH": src}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(repeat), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    seconds, peak = child.stdout.read().split()
    child.wait()
    return float(seconds), int(peak)


def generate_parquet(csv_path: Path, path: Path) -> bool:
    """The CSV export as Parquet, its expiry a ``timestamp[us, UTC]`` column; False
    without pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
        import pyarrow.parquet as pq
    except ImportError:
        return False
    table = pa_csv.read_csv(csv_path)
    index = table.schema.get_field_index("Expiration Date")
    expires = table.column(index).cast(pa.timestamp("us", tz="UTC"))
    # Row groups of 128Ki rows: a reader holds one decoded row group at a time.
    pq.write_table(
        table.set_column(index, "Expiration Date", expires), path, row_group_size=1 << 17
    )
    return True


def cli_section(rows: int, repeat: int, tmp: Path) -> None:
    """Rows per second and peak memory of the command line on CSV and on Parquet."""
    if rows <= 0:
        return
    export = tmp / "cli.csv"
    generate(export, rows)
    parquet = tmp / "cli.parquet"
    # In a child: a peak RSS counts the pages a child shares with this process before it
    # execs, so this process must never hold the table.
    have_parquet = (
        subprocess.run(
            [sys.executable, __file__, "--write-parquet", str(export), str(parquet)],
            check=False,
        ).returncode
        == 0
    )
    src = str(ROOT / "src")
    print(f"-- command line, {rows:,} rows (best of {repeat}; peak RSS of the child)")
    for name, path, ok in (("CSV", export, True), ("Parquet", parquet, have_parquet)):
        if not ok:
            print(f"{name:<8} skipped: pyarrow is not installed (the [arrow] extra)")
            continue
        args = ["portfolio", str(path), "--at", AT, "--to", "csv"]
        seconds, rss = measure(src, repeat, "cli", *args)
        print(
            f"{name:<8} {rows / seconds:>10,.0f} rows/s  {seconds:6.2f} s  {rss / 1024:>8,.0f} MiB"
        )


def main() -> None:
    if sys.argv[1:2] == ["--write-parquet"]:
        sys.exit(0 if generate_parquet(Path(sys.argv[2]), Path(sys.argv[3])) else 1)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--long-line-mb", type=int, default=50)
    parser.add_argument("--against", metavar="SRC", help="another source tree to compare")
    parser.add_argument(
        "--cli-rows", type=int, default=1_000_000, help="rows for the command line section"
    )
    args = parser.parse_args()
    trees = [("this tree", str(ROOT / "src"))]
    if args.against:
        trees.insert(0, (args.against, str(Path(args.against).resolve())))
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.csv"
        long_line = Path(tmp) / "long-line.csv"
        generate(export, args.rows)
        generate_long_line(long_line, args.long_line_mb)
        floor_s, floor_rss = measure("", args.repeat, "floor", str(export))
        print(f"{args.rows:,} rows; best of {args.repeat}; peak RSS of each child process")
        print(
            f"floor (csv copy)      {args.rows / floor_s:>10,.0f} rows/s  1.00x  "
            f"{floor_rss:>8,} KiB"
        )
        for label, src in trees:
            print(f"-- {label}")
            portfolio = ["portfolio", str(export), "--at", AT]
            for name, extra in (("portfolio csv", []), ("portfolio --json", ["--json"])):
                s, rss = measure(src, args.repeat, "cli", *portfolio, *extra)
                print(
                    f"{name:<21} {args.rows / s:>10,.0f} rows/s  {s / floor_s:4.2f}x  {rss:>8,} KiB"
                )
            _, rss = measure(src, 1, "cli", "portfolio", str(long_line), "--at", AT)
            print(f"{args.long_line_mb} MB line{'':>35}{rss:>8,} KiB")
        cli_section(args.cli_rows, args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
