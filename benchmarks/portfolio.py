"""``domainrules portfolio`` on a generated export, as ratios measured in one run.

    python benchmarks/portfolio.py [--rows 200000] [--repeat 3] [--long-line-mb 50]
                                   [--against OTHER/src] [--only cli|arrow]
                                   [--arrow-rows 1000000] [--cli-rows 1000000] [--quick]
    python benchmarks/portfolio.py --only cli-rows --against BEFORE/src   # before/after

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

The Arrow part (``--arrow-rows``, 1M by default; needs the ``[duckdb]`` extra), in this
process, best of ``--repeat``:
- baseline: a hand-written NumPy/Arrow pipeline over the same columns (suffix after the
  first dot, dictionary-encoded, the family's periods per suffix, NumPy comparisons),
  which checks no name and no instant: the floor for the Arrow function;
- ``domainrules.arrow.next_actions`` on the same arrays, as a ratio to the baseline;
- DuckDB SQL over a Parquet file of those rows with the registered ``domain_lifecycle``
  (counting the actions), against reading the file with pyarrow and calling the Arrow
  function, and against the same rule hand-written in DuckDB's own SQL.
``--quick`` is a smoke run: 20,000 rows, one repeat, a 2 MB long line.
Machines are shared and noisy: compare the ratios, not the absolute figures.

``--cli-rows N`` (default 1,000,000; 0 to skip) adds the command line section: N rows as
CSV and as Parquet (the expiry a UTC timestamp column, as a warehouse writes it) through
``domainrules portfolio FILE --at ... --to csv``, each with rows per second and the
child's peak resident set. It needs pyarrow (the ``[arrow]`` extra) for the Parquet file;
without it the Parquet line says so. The throughput figures docs/cli.md quotes are this
section's (CSV and Parquet); ``--only cli-rows`` runs it alone, for each source tree.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

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


def cli_section(
    rows: int, repeat: int, tmp: Path, trees: list[tuple[str, str]] | None = None
) -> None:
    """Rows per second and peak memory of the command line on CSV and on Parquet, for
    each source tree (``--against`` first: before/after in one run)."""
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
    for label, src in trees or [("this tree", str(ROOT / "src"))]:
        print(f"-- command line, {label}: {rows:,} rows (best of {repeat}; peak RSS of the child)")
        for name, path, ok in (("CSV", export, True), ("Parquet", parquet, have_parquet)):
            if not ok:
                print(f"{name:<8} skipped: pyarrow is not installed (the [arrow] extra)")
                continue
            args = ["portfolio", str(path), "--at", AT, "--to", "csv"]
            seconds, rss = measure(src, repeat, "cli", *args)
            print(
                f"{name:<8} {rows / seconds:>10,.0f} rows/s  {seconds:6.2f} s  "
                f"{rss / 1024:>8,.0f} MiB"
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
        "--only",
        choices=("cli", "arrow", "cli-rows"),
        help="run one part only (cli-rows: the --cli-rows section alone)",
    )
    parser.add_argument("--arrow-rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="a smoke run on small data")
    parser.add_argument(
        "--cli-rows", type=int, default=1_000_000, help="rows for the command line section"
    )
    args = parser.parse_args()
    if args.quick:
        args.rows = args.arrow_rows = args.cli_rows = 20_000
        args.repeat, args.long_line_mb = 1, 2
    if args.only == "cli-rows":
        with tempfile.TemporaryDirectory() as tmp:
            cli_section(args.cli_rows, args.repeat, Path(tmp), _trees(args))
        return
    if args.only != "arrow":
        cli_part(args)
    if args.only != "cli":
        arrow_part(args.arrow_rows, args.repeat)


def _trees(args: argparse.Namespace) -> list[tuple[str, str]]:
    trees = [("this tree", str(ROOT / "src"))]
    if args.against:
        trees.insert(0, (args.against, str(Path(args.against).resolve())))
    return trees


def cli_part(args: argparse.Namespace) -> None:
    trees = _trees(args)
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
        cli_section(args.cli_rows, args.repeat, Path(tmp), trees)


# --- the Arrow function and DuckDB ------------------------------------------------------

ARROW_AT = datetime(2025, 6, 1, tzinfo=timezone.utc)
_US_PER_DAY = 86_400_000_000


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """(best seconds of ``repeat`` runs, the last result)."""
    seconds, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        seconds = min(seconds, time.perf_counter() - start)
    return seconds, result


def arrow_columns(rows: int) -> tuple[Any, Any]:
    """Names (a fifth of them hyphenated, the suffixes of SUFFIXES) and expiries
    (timestamp[us, UTC]) within a year either side of ARROW_AT."""
    import numpy as np
    import pyarrow as pa

    rng = random.Random(2025)
    names = pa.array(
        [f"{'my-' if i % 5 == 0 else ''}name{i}.{rng.choice(SUFFIXES)}" for i in range(rows)]
    )
    at_us = (ARROW_AT - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)
    offsets = np.random.default_rng(2025).integers(-120 * _US_PER_DAY, 400 * _US_PER_DAY, rows)
    return names, pa.array(at_us + offsets).cast(pa.timestamp("us", tz="UTC"))


def hand_written(names: Any, expires: Any, renew_within: int = 30) -> Any:
    """The same columns, as a data engineer would write them for clean data: no name or
    instant is checked, the suffix is the text after the first dot."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from domainrules import DEFAULT_RULE_SET

    n = len(names)
    rest = pc.dictionary_encode(pc.list_element(pc.split_pattern(names, ".", max_splits=1), 1))
    periods = [
        DEFAULT_RULE_SET.family_for(f"x.{suffix}").lifecycle
        for suffix in rest.dictionary.to_pylist()
    ]
    days = np.array(
        [[p.renewal_grace_days, p.redemption_days, p.pending_delete_days] for p in periods],
        dtype=np.int64,
    )
    code = rest.indices.to_numpy()
    expiry = expires.cast(pa.int64()).to_numpy()
    at_us = (ARROW_AT - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)
    grace = days[code, 0] * _US_PER_DAY
    redemption = grace + days[code, 1] * _US_PER_DAY
    pending = redemption + days[code, 2] * _US_PER_DAY
    since = at_us - expiry
    rank = (
        (since >= 0).astype(np.int8) + (since >= grace) + (since >= redemption) + (since >= pending)
    )
    ends = np.choose(np.minimum(rank, 3), [np.zeros(n, np.int64), grace, redemption, pending])
    days_left = np.floor_divide(expiry - at_us, _US_PER_DAY)
    action = np.array([-1, 0, 1, 1, 2, 2, 3, 3, 3, 3])[rank * 2 + (days_left < renew_within)]
    instant = pa.timestamp("us", tz="UTC")
    return pa.RecordBatch.from_arrays(
        [
            pa.DictionaryArray.from_arrays(
                pa.array(rank),
                pa.array(["active", "renewal-grace", "redemption", "pending-delete", "released"]),
            ),
            pa.array(expiry + ends, mask=rank == 4).cast(instant),
            pa.array(days_left.astype(np.int32)),
            pa.DictionaryArray.from_arrays(
                pa.array(np.maximum(action, 0).astype(np.int8), mask=action < 0),
                pa.array(["renew", "renew now", "redeem", "gone"]),
            ),
            pa.array(expiry + ends, mask=(action < 0) | (action == 3)).cast(instant),
        ],
        names=["phase", "phase_ends_at", "days_left", "action", "deadline"],
    )


def arrow_part(rows: int, repeat: int) -> None:
    try:
        import duckdb
        import pyarrow as pa
        import pyarrow.parquet as pq

        from domainrules.arrow import next_actions
        from domainrules.engines import register_duckdb
    except ImportError as missing:
        print(f"Arrow part skipped: {missing} (install the [duckdb] extra)")
        return
    names, expires = arrow_columns(rows)
    print(f"-- Arrow: {rows:,} rows, best of {repeat}, at {ARROW_AT.isoformat()}")
    base_s, base = best(repeat, lambda: hand_written(names, expires))
    ours_s, ours = best(repeat, lambda: next_actions(names, expires, ARROW_AT))
    # The same answers (the baseline checks nothing: every generated name is good).
    for column in ("phase", "days_left", "action", "deadline"):
        assert base.column(column).to_pylist() == ours.column(column).to_pylist(), column
    print(f"hand-written NumPy/Arrow    {rows / base_s:>12,.0f} rows/s  1.00x")
    print(f"arrow.next_actions          {rows / ours_s:>12,.0f} rows/s  {ours_s / base_s:4.2f}x")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "portfolio.parquet"
        pq.write_table(pa.table({"name": names, "expires_at": expires}), path)
        connection = duckdb.connect()
        register_duckdb(connection)
        at_sql = "TIMESTAMPTZ '2025-06-01 00:00:00+00'"
        udf_sql = (
            "SELECT r.action, count(*) FROM (SELECT domain_lifecycle(name, expires_at, "
            f"{at_sql}) AS r FROM '{path}') GROUP BY ALL ORDER BY ALL"
        )
        # The same rule in DuckDB's own SQL, for the suffixes generated (no checks).
        days = {suffix: _periods(suffix) for suffix in sorted(set(SUFFIXES))}
        values = ", ".join(f"('{s}', {g}, {r}, {p})" for s, (g, r, p) in days.items())
        native_sql = f"""
            WITH rows AS (
                SELECT expires_at, ({at_sql} - expires_at) AS since,
                       split_part(name, '.', 2) || CASE WHEN strpos(name, '.com.cn') > 0
                           THEN '.cn' ELSE '' END AS suffix
                FROM '{path}'
            ), periods(suffix, grace, redemption, pending) AS (VALUES {values})
            SELECT CASE
                WHEN since < INTERVAL 0 DAYS THEN
                    CASE WHEN expires_at - {at_sql} < INTERVAL 30 DAYS THEN 'renew' END
                WHEN since < grace * INTERVAL 1 DAY THEN 'renew now'
                WHEN since < (grace + redemption) * INTERVAL 1 DAY THEN 'redeem'
                ELSE 'gone' END AS action, count(*)
            FROM rows JOIN periods USING (suffix) GROUP BY ALL ORDER BY ALL
        """

        def read_and_count() -> Any:
            names, expires = pq.read_table(path).combine_chunks().columns
            return next_actions(names, expires, ARROW_AT).column("action").value_counts()

        read_s, _ = best(repeat, read_and_count)
        udf_s, udf_counts = best(repeat, lambda: connection.sql(udf_sql).fetchall())
        native_s, native_counts = best(repeat, lambda: connection.sql(native_sql).fetchall())
        print(f"-- DuckDB over Parquet ({rows:,} rows, counting the actions)")
        print(f"pyarrow read + next_actions {rows / read_s:>12,.0f} rows/s  1.00x")
        print(f"SQL with domain_lifecycle   {rows / udf_s:>12,.0f} rows/s  {udf_s / read_s:4.2f}x")
        print(
            f"hand-written SQL (no checks){rows / native_s:>12,.0f} rows/s  "
            f"{native_s / read_s:4.2f}x"
        )
        if sorted(map(tuple, udf_counts), key=str) != sorted(map(tuple, native_counts), key=str):
            print(f"  (counts differ: {udf_counts} vs {native_counts})")


def _periods(suffix: str) -> tuple[int, int, int]:
    from domainrules import DEFAULT_RULE_SET

    life = DEFAULT_RULE_SET.family_for(f"x.{suffix}").lifecycle
    return life.renewal_grace_days, life.redemption_days, life.pending_delete_days


if __name__ == "__main__":
    main()
