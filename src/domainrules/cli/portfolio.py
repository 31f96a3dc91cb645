"""``domainrules portfolio``: the phase and the next step of every domain in a registrar export.

The file is read with bounded reads, so memory stays flat whatever it holds (how, in
``_portfolio_read``). Every bad row is reported on stderr with its line (or line range)
and skipped (or stops the run with ``--strict``); it is never dropped silently.

A Parquet file, and a UTF-8 CSV file written to CSV, JSON Lines or Parquet, are
classified, checked and written a batch of rows at a time on whole columns
(``_portfolio_columns``) through the Arrow path (:func:`domainrules.arrow.classify_batch`,
with the run's classifier); CSV is split by Arrow in runs of plain lines, and from the
first line that needs more the line reader reads the rest. Rows the batch refuses
are classified one by one by the row path's code, so both paths write and report the
same, byte for byte. Otherwise (JSON Lines, other encodings, a table) each row costs
one :class:`~domainrules.bulk.PhaseClassifier` call (the row path, ``_portfolio_rows``);
the next action is the library's rule (:func:`domainrules.actions.action_for`).
Reading is ``_portfolio_read``, writing ``_portfolio_write``, bad rows and findings
``_portfolio_findings``; this module is the command.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, BinaryIO

from domainrules.actions import (
    DEFAULT_RENEW_WITHIN,
    MAX_RENEW_WITHIN,
    TO_BE_REDEEMED,
    TO_BE_RENEWED,
    ExpiryAction,
)
from domainrules.bulk import PhaseClassifier, PreReleaseCheck
from domainrules.cli._output import (
    EXIT_BAD_INPUT,
    EXIT_DENIED,
    EXIT_OK,
    add_rules_option,
    count_option,
    ensure_ascii,
    error,
    instant_option,
    open_input,
    require_stdout,
    rule_set,
    table,
)
from domainrules.cli._portfolio_read import (
    FIELDS,
    HEADERS,
    MAX_LINE_BYTES,
    MAX_ROW_LINES,
    Line,
    _csv_rows,
    _json_rows,
    _lines,
    _open_parquet,
    _size,
    _stdin,
    field_for_header,
    parquet_rows,
    parse_expiry,
    zone_option,
)
from domainrules.cli._portfolio_rows import _classify_all, _Options, _Result, _RowClassifier
from domainrules.cli._portfolio_write import ADDED, PRE_RELEASE_POSSIBLE, _is_terminal, _writer
from domainrules.errors import DomainRulesError
from domainrules.lifecycle import Phase
from domainrules.rulesets import RuleSet

__all__ = [
    "ADDED",
    "EXIT_BAD_ROWS",
    "FIELDS",
    "HEADERS",
    "MAX_LINE_BYTES",
    "MAX_ROW_LINES",
    "PRE_RELEASE_POSSIBLE",
    "SORT_KEYS",
    "PreReleaseCheck",
    "field_for_header",
    "parquet_rows",
    "parse_expiry",
    "register",
    "run",
]

HELP = "phase, days left and next step for every domain of a registrar's domain-list export"

_PROGRESS_AFTER = 1.0  # seconds before progress is shown at all

_PROGRESS_EVERY = 0.5


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "portfolio",
        help=HELP,
        description=HELP + ". Writes the rows back with phase, days_left, action, group, "
        "pre_release, phase_ends_at and deadline added: a table on a terminal, otherwise CSV "
        "(or --to jsonl, parquet), with a summary on stderr. A bad row is reported on stderr "
        "with its line and skipped (identical problems once, with a count). Lines longer "
        f"than {MAX_LINE_BYTES:,} bytes are bad rows.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file", metavar="FILE", help="the export (CSV, JSON Lines or Parquet); - for stdin"
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json", "jsonl", "parquet"),
        help="the file's format (default: from the extension; .json, .jsonl, .ndjson are "
        "JSON Lines, one object a line; .parquet needs the [arrow] extra)",
    )
    parser.add_argument(
        "--at",
        metavar="INSTANT|DATE",
        help="the instant to classify at (default: now); a date (2026-12-03) is the start "
        "of that day in each domain's registry zone",
    )
    parser.add_argument(
        "--zone",
        metavar="ZONE",
        help="the zone of expiration dates written without an offset (an IANA name such as "
        "Asia/Shanghai, or +08:00); without it such dates are bad rows",
    )
    parser.add_argument(
        "--date-format",
        metavar="FORMAT",
        help="how the export writes its expiration dates, in strftime codes: %%Y/%%m/%%d for "
        "2027/02/15, %%d.%%m.%%Y for 15.02.2027, %%Y/%%m/%%d %%H:%%M:%%S with a time "
        "(no offset in the text: pass --zone)",
    )
    parser.add_argument(
        "--renew-within",
        metavar="DAYS",
        type=count_option(MAX_RENEW_WITHIN),
        default=DEFAULT_RENEW_WITHIN,
        help=f"an active domain expiring within DAYS is to be renewed (default "
        f"{DEFAULT_RENEW_WITHIN}, ICANN's one-month reminder; at most {MAX_RENEW_WITHIN})",
    )
    parser.add_argument(
        "--only",
        metavar="PHASE|ACTION",
        action="append",
        type=_only_option,
        help="write only rows in this phase or with this action (repeat or separate with "
        "commas): " + ", ".join(_ONLY_CHOICES),
    )
    parser.add_argument(
        "--due-within",
        metavar="DAYS",
        type=count_option(MAX_RENEW_WITHIN),
        help="write only rows whose action's deadline is within DAYS days of --at",
    )
    parser.add_argument(
        "--sort",
        choices=SORT_KEYS,
        help="sort the rows written (holds them in memory; default: file order)",
    )
    parser.add_argument(
        "--to",
        choices=("table", "csv", "jsonl", "parquet"),
        help="the output format (default: table on a terminal, CSV otherwise; parquet needs "
        "--output or a redirected stdout)",
    )
    parser.add_argument("--output", "-o", metavar="PATH", help="write to PATH, not stdout")
    parser.add_argument("--strict", action="store_true", help="stop at the first bad row (exit 2)")
    parser.add_argument("--encoding", default="utf-8-sig", help="the file's text encoding")
    parser.add_argument(
        "--json", action="store_true", help="write JSON lines, the last one a summary (--to jsonl)"
    )
    add_rules_option(parser)
    parser.set_defaults(run=run)


EPILOG = """\
exit status:
  0  read every row; nothing is due
  1  some domains need action: renew, renew now or redeem (among the rows --only and
     --due-within keep)
  2  the input could not be read (no file, no header, a bad option, or no good row)
  4  some rows were bad and were skipped; the rest were processed
"""

#: What ``--sort`` sorts by.
SORT_KEYS = ("name", "expires", "phase", "days_left", "deadline", "action")

_ONLY: dict[str, Phase | ExpiryAction] = {
    **{p.value: p for p in Phase},
    **{a.value.replace(" ", "-"): a for a in ExpiryAction},
}

_ONLY_CHOICES = tuple(_ONLY)


def _only_option(text: str) -> list[Phase | ExpiryAction]:
    chosen = []
    for part in text.split(","):
        key = re.sub(r"[\s_]+", "-", part.strip().lower())
        if key not in _ONLY:
            raise argparse.ArgumentTypeError(
                f"{part.strip()!r} is neither a phase nor an action; one of "
                + ", ".join(_ONLY_CHOICES)
            )
        chosen.append(_ONLY[key])
    return chosen


class _Progress:
    """A progress bar on stderr (tqdm): total, rate and ETA; only on a terminal."""

    def __init__(self, total: int | None, unit: str) -> None:
        self.enabled = _stderr_is_terminal()
        self.bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                unit=unit,
                unit_scale=True,
                file=sys.stderr,
                delay=_PROGRESS_AFTER,
                mininterval=_PROGRESS_EVERY,
                leave=False,
                dynamic_ncols=True,
            )
        self.done_so_far = 0

    def tick(self, position: int, rows: int) -> None:
        if self.bar is not None:
            self.bar.update(position - self.done_so_far)
            self.done_so_far = position
            self.bar.set_postfix_str(f"{rows:,} rows", refresh=False)

    def clear(self) -> None:
        """Wipe the bar before a message (it comes back on the next tick)."""
        if self.bar is not None:
            self.bar.clear()

    def done(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, OSError):
        return False


def _format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return "json" if args.format == "jsonl" else str(args.format)
    lower = args.file.lower()
    if lower.endswith((".json", ".jsonl", ".ndjson")):
        return "json"
    if lower.endswith((".parquet", ".pq")):
        return "parquet"
    if lower.endswith((".csv", ".txt")) or args.file == "-":
        return "csv"
    error(f"{args.file}: cannot tell the format from the name; pass --format csv, jsonl or parquet")


def _encoding(name: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError:
        error(f"--encoding: unknown encoding {name!r}")
    try:
        "".encode(name)  # rot13, base64 and the like are codecs, not text encodings
    except LookupError:
        error(f"--encoding: {name!r} is not a text encoding")
    return name


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _classifier(text: str | None, rules: RuleSet) -> tuple[PhaseClassifier, str]:
    """``--at``: (the classifier, how the output states the instant)."""
    if text is not None and _DATE_ONLY.match(text.strip()):
        try:
            day = date.fromisoformat(text.strip())
            classify = PhaseClassifier.on_day(day, rules=rules)
        except (ValueError, DomainRulesError) as failure:
            error(f"--at: {text!r} is not a date ({failure})")
        return classify, f"the start of {day.isoformat()} in each domain's registry zone"
    at = instant_option(text, "--at")
    return PhaseClassifier(at, rules=rules), at.isoformat()


def _check_date_format(text: str) -> str:
    codes = set(re.findall(r"%(.)", text))
    if not {"Y", "d"} <= codes or not codes & {"m", "b", "B"}:
        error(
            f"--date-format: {text!r} needs a year, month and day (%Y, %m, %d), as in "
            "%Y/%m/%d or %d.%m.%Y"
        )
    try:
        datetime(2027, 2, 15).strftime(text)
    except ValueError:
        error(f"--date-format: {text!r} is not a strftime format")
    return text


def run(args: argparse.Namespace) -> int:
    rules = rule_set(args.rules)
    classifier, at_text = _classifier(args.at, rules)
    zone = zone_option(args.zone) if args.zone is not None else None
    date_format = _check_date_format(args.date_format) if args.date_format else None
    fmt = _format(args)
    encoding = _encoding(args.encoding)
    source = "<stdin>" if args.file == "-" else args.file
    to = "jsonl" if args.json else args.to
    if args.output is None:
        out_stream = require_stdout()
        if to is None:
            to = "table" if _is_terminal(out_stream) else "csv"
        if to == "parquet" and _is_terminal(out_stream):
            error("--to parquet: stdout is a terminal; pass --output PATH or redirect it")
    elif to is None:
        to = {".parquet": "parquet", ".jsonl": "jsonl", ".json": "jsonl"}.get(
            os.path.splitext(args.output)[1].lower(), "csv"
        )
    only = [item for group in args.only or () for item in group]
    options = _Options(
        classifier=classifier,
        zone=zone,
        date_format=date_format,
        renew_within=args.renew_within,
        phases=frozenset(i for i in only if isinstance(i, Phase)),
        actions=frozenset(i for i in only if isinstance(i, ExpiryAction)),
        due_within=args.due_within,
        strict=args.strict,
    )
    # A table on a terminal fits its width.
    terminal = args.output is None and _is_terminal(sys.stdout)
    binary: BinaryIO | None = None
    position: Callable[[], int] | None = None
    total: int | None
    if fmt == "parquet" and args.file == "-":
        error("Parquet cannot be read from stdin (it is read from its end); pass the file")
    if fmt == "parquet" and to in _COLUMNAR_TO:
        # Columns in, columns out (_portfolio_columns): the same output, byte for byte.
        from domainrules.cli import _portfolio_columns as columns_path

        parquet, handle, columns, wanted, total = _open_parquet(args.file, source)
        try:
            with _writer(to, args.output, [c for _, c in wanted], None, terminal) as writer:
                result = columns_path.classify_columns(
                    columns_path.parquet_pieces(parquet, columns, wanted, source),
                    columns["expires"],
                    options,
                    source,
                    writer,
                    _Progress(total, "rows"),
                    args.sort,
                )
        finally:
            handle.close()
        return _report(result, rules, at_text, source, args)
    if fmt == "parquet":
        rows, total, column, headers = parquet_rows(
            args.file,
            source,
            classifier=classifier,
            renew_within=args.renew_within,
            instants=to != "csv" or args.sort is not None,
        )
        unit = "rows"
    else:
        binary = open_input(args.file) if args.file != "-" else _stdin()
        total, unit = _size(binary), "B"
        if total is not None:
            position = binary.tell
        lines = _lines(binary, encoding)
        header: list[Line] = []  # the lines the header row took
        if fmt == "csv":
            counted = _HeaderLines(lines)
            headers, rows, column = _csv_rows(counted, source)
            header = counted.kept()
        else:
            headers, rows, column = list(FIELDS), _json_rows(lines, source), "expires"
    columnar = binary is not None and _columnar_csv(fmt, to, encoding, header, total)
    try:
        # The columnar path sorts on its own (--sort): its writer writes as told.
        with _writer(to, args.output, headers, None if columnar else args.sort, terminal) as writer:
            if binary is not None and columnar:
                # UTF-8 CSV: runs of plain lines are read, classified and written on
                # whole columns (_portfolio_columns), the same bytes out.
                from domainrules.cli import _portfolio_columns as columns_path

                pieces = columns_path.csv_pieces(
                    binary,
                    encoding,
                    headers,
                    header[-1][0],
                    _RowClassifier(options, column),
                )
                result = columns_path.classify_columns(
                    pieces, column, options, source, writer, _Progress(total, unit), args.sort
                )
            else:
                result = _classify_all(
                    rows, options, column, source, writer, _Progress(total, unit), position
                )
    finally:
        if binary is not None and args.file != "-":
            binary.close()
    return _report(result, rules, at_text, source, args)


def _report(
    result: _Result,
    rules: RuleSet,
    at_text: str,
    source: str,
    args: argparse.Namespace,
) -> int:
    summary = {
        "at": at_text,
        "rules": rules.name,
        "rows": result.good,
        "bad_rows": result.bad,
        "written": result.written,
        "need_action": result.need_action,
        "duplicates": result.duplicates,
        "status_contradictions": result.contradictions,
        "phases": {phase.value: result.phases[phase] for phase in Phase},
        "groups": {
            TO_BE_RENEWED: result.groups[TO_BE_RENEWED],
            TO_BE_REDEEMED: result.groups[TO_BE_REDEEMED],
        },
    }
    stderr = sys.stderr
    for line in result.problem_lines:
        stderr.write(line + "\n")
    if args.json and args.output is None:
        out = sys.stdout
        out.write(json.dumps({"summary": summary}, ensure_ascii=ensure_ascii(out)) + "\n")
        out.flush()
    else:
        table_lines: list[tuple[str, int]] = [
            (phase.value, result.phases[phase]) for phase in Phase
        ]
        table_lines += [(g, result.groups[g]) for g in (TO_BE_RENEWED, TO_BE_REDEEMED)]
        table_lines.append(("bad rows", result.bad))
        stderr.write(
            f"{source}: {result.good} rows at {at_text} ({rules.name})\n"
            + table(["phase / group", "domains"], table_lines)
            + "\n"
        )
    if result.duplicates or result.contradictions:
        stderr.write(
            f"{source}: findings: {result.duplicates} duplicate names, "
            f"{result.contradictions} status cells that contradict the computed phase\n"
        )
    if result.bad and not result.good:
        stderr.write(f"{source}: no row could be read ({result.bad} bad rows)\n")
        return EXIT_BAD_INPUT
    if result.bad:
        stderr.write(f"{source}: {result.bad} bad rows skipped (reported above)\n")
        return EXIT_BAD_ROWS
    if result.need_action:
        stderr.write(f"{source}: {result.need_action} domains need action\n")
        return EXIT_DENIED
    return EXIT_OK


class _HeaderLines:
    """An export's lines, keeping the ones read until :meth:`kept` is asked (the
    header row's), so that the caller can tell what the header took."""

    def __init__(self, lines: Iterator[Line]) -> None:
        self.lines = lines
        self.taken: list[Line] | None = []

    def __iter__(self) -> _HeaderLines:
        return self

    def __next__(self) -> Line:
        line = next(self.lines)
        if self.taken is not None:
            self.taken.append(line)
        return line

    def kept(self) -> list[Line]:
        taken, self.taken = self.taken or [], None
        return taken


#: The smallest CSV file read the columnar way: below it, loading pyarrow and NumPy
#: takes longer than the rows (the output is the same either way).
_COLUMNAR_CSV_BYTES = 1 << 20


def _columnar_csv(
    fmt: str, to: str, encoding: str, header: Sequence[Line], size: int | None
) -> bool:
    """Whether a CSV file goes the columnar way: UTF-8, an output it writes, a file of
    at least :data:`_COLUMNAR_CSV_BYTES` (a pipe: unknown, so no), pyarrow installed
    (the [arrow] extra), and a header row on plain lines (no quote: no line was given
    back to be read again)."""
    if not (
        fmt == "csv"
        and to in _COLUMNAR_TO
        and size is not None
        and size >= _COLUMNAR_CSV_BYTES
        and codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
        and bool(header)
        and all(text is not None and '"' not in text and "\r" not in text for _, text, _ in header)
    ):
        return False
    try:
        import numpy  # noqa: F401
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False  # without the [arrow] extra: row by row
    return True


#: Some rows were bad and skipped; the rest were processed.
EXIT_BAD_ROWS = 4

#: The outputs the columnar Parquet path writes (a table is for a terminal: rows).
_COLUMNAR_TO = frozenset({"csv", "jsonl", "parquet"})
