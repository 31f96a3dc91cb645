"""``domainrules portfolio``: the phase and the next step of every domain in a registrar export.

Rows are streamed (``csv.reader``, or one JSON value at a time), so memory stays flat
however long the file; each row costs one :class:`~domainrules.bulk.PhaseClassifier`
call. A bad row is reported on stderr with its line number and skipped (or stops the
run with ``--strict``); it is never dropped silently.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from typing import IO, Any

import pendulum

from domainrules.bulk import PhaseClassifier
from domainrules.cli._output import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_rules_option,
    error,
    instant_option,
    rule_set,
    table,
)
from domainrules.errors import DomainRulesError
from domainrules.instants import EARLIEST_YEAR, LATEST_YEAR, UTC
from domainrules.lifecycle import Phase

__all__ = ["FIELDS", "HEADERS", "field_for_header", "parse_expiry", "register", "run"]

HELP = "phase, days left and next step for every domain of a registrar's domain-list export"

#: The fields of a domain-list export (registrar-rules.md section 5).
FIELDS = ("name", "type", "status", "registered", "expires", "registrant")

#: Accepted column headers per field, compared after lower-casing and dropping spaces,
#: underscores, hyphens and dots ("Expiration Date", "expiration_date" and
#: "expirationdate" are one header).
HEADERS: Mapping[str, tuple[str, ...]] = {
    "name": ("domainname", "domain", "name", "域名"),
    "type": ("domaintype", "type", "域名类型"),
    "status": ("status", "domainstatus", "域名状态"),
    "registered": (
        "registrationdate",
        "registrationtime",
        "registered",
        "registeredat",
        "created",
        "creationdate",
        "注册日期",
        "注册时间",
    ),
    "expires": (
        "expirationdate",
        "expirationtime",
        "expirydate",
        "expiry",
        "expires",
        "expiresat",
        "expiredate",
        "到期日期",
        "到期时间",
        "过期时间",
    ),
    "registrant": ("registrant", "registrantname", "holder", "owner", "域名持有者", "持有者"),
}
_BY_HEADER = {header: field for field, headers in HEADERS.items() for header in headers}
_PUNCTUATION = re.compile(r"[\s_.\-]+")

#: Columns added to each row.
ADDED = ("phase", "days_left", "action", "group")
TO_BE_RENEWED = "to be renewed"
TO_BE_REDEEMED = "to be redeemed"
_DAY = timedelta(days=1)
_PROGRESS_AFTER = 1.0  # seconds before progress is shown at all
_PROGRESS_EVERY = 0.5


def field_for_header(header: str) -> str | None:
    """The export field a column header names, or None.

    >>> field_for_header("Expiration Date"), field_for_header("domain"), field_for_header("Notes")
    ('expires', 'name', None)
    """
    return _BY_HEADER.get(_PUNCTUATION.sub("", header.strip().lower()))


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "portfolio",
        help=HELP,
        description=HELP + ". Writes the rows back with phase, days_left, action and group "
        "added: CSV on stdout with a summary on stderr, or JSON lines ending with a summary. "
        "A bad row is reported on stderr with its line number and skipped; the exit status "
        "is then 2.",
    )
    parser.add_argument("file", metavar="FILE", help="the export (CSV or JSON); - for stdin")
    parser.add_argument(
        "--format",
        choices=("csv", "json"),
        help="the file's format (default: from the extension; .json, .jsonl, .ndjson are JSON)",
    )
    parser.add_argument(
        "--at", metavar="INSTANT", help="the instant to classify at (default: now, UTC)"
    )
    parser.add_argument(
        "--zone",
        metavar="ZONE",
        help="the zone of expiration dates written without an offset (an IANA name such as "
        "Asia/Shanghai, or +08:00); without it such dates are bad rows",
    )
    parser.add_argument(
        "--renew-within",
        metavar="DAYS",
        type=int,
        default=30,
        help="an active domain expiring within DAYS is to be renewed (default 30, "
        "ICANN's one-month reminder)",
    )
    parser.add_argument("--strict", action="store_true", help="stop at the first bad row (exit 2)")
    parser.add_argument("--encoding", default="utf-8-sig", help="the file's text encoding")
    parser.add_argument(
        "--json", action="store_true", help="write JSON lines, the last one a summary"
    )
    add_rules_option(parser)
    parser.set_defaults(run=run)


# --- instants in exports ------------------------------------------------------

_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$")


def zone_option(text: str) -> tzinfo:
    """``--zone``: an IANA zone name or a fixed offset (+08:00, UTC+8)."""
    match = _OFFSET.match(text.strip())
    if match:
        sign, hours, minutes = match.groups()
        offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if offset >= timedelta(hours=24):
            error(f"--zone: {text!r} is not a UTC offset")
        return timezone(-offset if sign == "-" else offset)
    try:
        return pendulum.timezone(text)
    except Exception:  # pendulum raises several types for an unknown key
        error(
            f"--zone: {text!r} is neither an IANA time zone (Asia/Shanghai) nor an offset (+08:00)"
        )


def parse_expiry(text: str, zone: tzinfo | None) -> datetime:
    """An export's expiration value as a UTC instant; raise ValueError with a message.

    ISO 8601 with an offset always; a naive date-time or a bare date only with ``zone``
    (a bare date is the start of that day in ``zone``: the earliest reading, so that no
    deadline is reported later than it may be).

    >>> parse_expiry("2025-03-01T06:00:00+08:00", None).isoformat()
    '2025-02-28T22:00:00+00:00'
    >>> parse_expiry("2025/03/01", timezone(timedelta(hours=8))).isoformat()
    '2025-02-28T16:00:00+00:00'
    >>> parse_expiry("2025-03-01 06:00", None)
    Traceback (most recent call last):
    ...
    ValueError: '2025-03-01 06:00' has no UTC offset; say which zone the export's dates are in with --zone
    """
    value = text.strip()
    if value[-1:] in "Zz" and value:
        value = value[:-1] + "+00:00"
    value = value.replace("/", "-")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date or date-time") from None
    if parsed.tzinfo is None:
        if zone is None:
            raise ValueError(
                f"{text!r} has no UTC offset; say which zone the export's dates are in with --zone"
            )
        parsed = parsed.replace(tzinfo=zone)
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ValueError(f"{text!r} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}")
    return parsed if parsed.tzinfo is UTC else parsed.astimezone(UTC)


# --- reading rows -------------------------------------------------------------

#: (line, the export's fields, the row as read (CSV) or None, what is wrong or None)
Row = tuple[int, Mapping[str, str | None], Sequence[str] | None, str | None]
_NO_FIELDS: Mapping[str, str | None] = {}


def _csv_rows(stream: IO[str], source: str) -> tuple[list[str], Iterator[Row]]:
    reader = csv.reader(stream)
    try:
        headers = next(reader)
    except StopIteration:
        error(f"{source}: empty file, expected a header row")
    except csv.Error as failure:
        error(f"{source}:{reader.line_num}: {failure}")
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        field = field_for_header(header)
        if field is not None and field not in columns:
            columns[field] = index
    missing = [f for f in ("name", "expires") if f not in columns]
    if missing:
        error(
            f"{source}:1: no column for {' and '.join(missing)} among the headers "
            f"{', '.join(map(repr, headers))}; accepted headers: "
            + "; ".join(f"{f}: {', '.join(HEADERS[f])}" for f in missing)
        )
    wanted = [(f, columns.get(f)) for f in FIELDS]
    width = max(columns.values()) + 1

    def rows() -> Iterator[Row]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as failure:
                yield reader.line_num, _NO_FIELDS, None, str(failure)
                continue
            if not row:
                continue  # a blank line is no row
            if len(row) < width:
                yield reader.line_num, _NO_FIELDS, None, f"{len(row)} columns, expected {width}"
                continue
            if len(row) < len(headers):
                row += [""] * (len(headers) - len(row))  # keep the added columns aligned
            fields = {f: (row[i] if i is not None else None) for f, i in wanted}
            yield reader.line_num, fields, row, None

    return headers, rows()


def _json_rows(stream: IO[str]) -> Iterator[Row]:
    """Rows of a JSON-lines file (one object a line) or of a top-level JSON array of objects,
    decoded one at a time."""
    head = ""
    while (char := stream.read(1)) and char.isspace():
        head += char
    head += char
    if char == "[":
        values = _json_array(stream, head)
    else:
        values = _json_lines(itertools.chain([head + stream.readline()], stream))
    for line, value, problem in values:
        if problem is not None:
            yield line, _NO_FIELDS, None, problem
        elif not isinstance(value, dict):
            yield line, _NO_FIELDS, None, f"expected a JSON object, not {type(value).__name__}"
        else:
            fields: dict[str, str | None] = dict.fromkeys(FIELDS)
            for key, item in value.items():
                field = field_for_header(str(key))
                if field is not None and fields[field] is None and item is not None:
                    fields[field] = str(item)
            yield line, fields, None, None


def _json_lines(lines: Iterable[str]) -> Iterator[tuple[int, Any, str | None]]:
    loads = json.loads
    number = 0
    for text in lines:
        # Leading blank lines arrive glued to the first line.
        number += text.count("\n", 0, len(text) - 1) + 1
        if not text.strip():
            continue
        try:
            yield number, loads(text), None
        except json.JSONDecodeError as failure:
            yield number, None, f"not JSON ({failure.msg}, column {failure.colno})"


_BLANK = re.compile(r"[ \t\r\n]*")


def _json_array(stream: IO[str], head: str) -> Iterator[tuple[int, Any, str | None]]:
    """The values of a top-level JSON array, decoded one at a time from 64 KiB reads."""
    decoder = json.JSONDecoder()
    line = 1 + head.count("\n")
    buffer, pos, eof = "", 0, False

    def more() -> bool:
        # Keep only the unread text: the buffer never holds much more than one read.
        nonlocal buffer, pos, eof
        chunk = stream.read(1 << 16)
        if not chunk:
            eof = True
            return False
        buffer, pos = buffer[pos:] + chunk, 0
        return True

    expect_value, first = True, True
    while True:
        while True:
            end = _BLANK.match(buffer, pos).end()  # type: ignore[union-attr]
            line += buffer.count("\n", pos, end)
            pos = end
            if pos < len(buffer) or not more():
                break
        if pos >= len(buffer):
            yield line, None, "the JSON array is not closed"
            return
        char = buffer[pos]
        if not expect_value or (first and char == "]"):
            if char == "]":
                return
            if char != ",":
                yield line, None, f"expected , or ] in the JSON array, found {char!r}"
                return
            pos, expect_value = pos + 1, True
            continue
        first = False
        while True:
            try:
                value, end = decoder.raw_decode(buffer, pos)
            except json.JSONDecodeError as failure:
                # Incomplete data fails near the end of the buffer: read on before judging.
                if len(buffer) - failure.pos < 1 << 16 and not eof and more():
                    continue
                yield line + buffer.count("\n", pos, failure.pos), None, f"not JSON ({failure.msg})"
                return
            # A number at the very end may go on in the next read.
            if end == len(buffer) and not eof and more():
                continue
            break
        yield line, value, None
        line += buffer.count("\n", pos, end)
        pos, expect_value = end, False


# --- the run ------------------------------------------------------------------


def _action(phase: Phase, days_left: int, renew_within: int) -> tuple[str, str]:
    if phase is Phase.ACTIVE:
        return ("renew", TO_BE_RENEWED) if days_left < renew_within else ("", "")
    if phase is Phase.RENEWAL_GRACE:
        return "renew now", TO_BE_RENEWED
    if phase is Phase.REDEMPTION:
        return "redeem", TO_BE_REDEEMED
    return "gone", ""


class _Progress:
    """Rows done so far on stderr, only on a terminal and only once the run is not short."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = self.last = time.monotonic()
        self.shown = False

    def tick(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.start >= _PROGRESS_AFTER and now - self.last >= _PROGRESS_EVERY:
            self.last = now
            self.shown = True
            sys.stderr.write(f"\r{rows:,} rows ({rows / (now - self.start):,.0f}/s)")
            sys.stderr.flush()

    def clear(self) -> None:
        """Wipe the progress line (before a message, or at the end)."""
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def done(self) -> None:
        self.clear()


def _open(path: str, encoding: str) -> IO[str]:
    try:
        if path == "-":
            return io.TextIOWrapper(sys.stdin.buffer, encoding=encoding, newline="")
        return open(path, encoding=encoding, newline="")
    except LookupError:
        error(f"--encoding: unknown encoding {encoding!r}")


def _format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    lower = args.file.lower()
    if lower.endswith((".json", ".jsonl", ".ndjson")):
        return "json"
    if lower.endswith((".csv", ".txt")) or args.file == "-":
        return "csv"
    error(f"{args.file}: cannot tell the format from the name; pass --format csv or --format json")


def run(args: argparse.Namespace) -> int:
    rules = rule_set(args.rules)
    at = instant_option(args.at, "--at")
    zone = zone_option(args.zone) if args.zone is not None else None
    if args.renew_within < 0:
        error("--renew-within: a number of days >= 0")
    fmt = _format(args)
    source = "<stdin>" if args.file == "-" else args.file
    out = sys.stdout
    with _open(args.file, args.encoding) as stream:
        try:
            if fmt == "csv":
                headers, rows = _csv_rows(stream, source)
            else:
                headers, rows = list(FIELDS), _json_rows(stream)
            writer = None
            if not args.json:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow([*headers, *ADDED])
            phases, groups, good, bad = _classify_all(
                rows, PhaseClassifier(at, rules=rules), at, zone, args, source, out, writer
            )
        except UnicodeDecodeError as failure:
            error(f"{source}: not {args.encoding} text ({failure.reason}); pass --encoding")
    summary = {
        "at": at.isoformat(),
        "rules": rules.name,
        "rows": good,
        "bad_rows": bad,
        "phases": {phase.value: phases[phase] for phase in Phase},
        "groups": {TO_BE_RENEWED: groups[TO_BE_RENEWED], TO_BE_REDEEMED: groups[TO_BE_REDEEMED]},
    }
    if args.json:
        out.write(json.dumps({"summary": summary}, ensure_ascii=False) + "\n")
        out.flush()
    else:
        out.flush()
        lines: list[tuple[str, int]] = [(phase.value, phases[phase]) for phase in Phase]
        lines += [(g, groups[g]) for g in (TO_BE_RENEWED, TO_BE_REDEEMED)]
        lines.append(("bad rows", bad))
        sys.stderr.write(
            f"{source}: {good} rows at {at.isoformat()} ({rules.name})\n"
            + table(["phase / group", "domains"], lines)
            + "\n"
        )
    if bad:
        sys.stderr.write(f"{source}: {bad} bad rows skipped (reported above)\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _classify_all(
    rows: Iterator[Row],
    classify: PhaseClassifier,
    at: datetime,
    zone: tzinfo | None,
    args: argparse.Namespace,
    source: str,
    out: IO[str],
    writer: Any,
) -> tuple[Counter[Phase], Counter[str], int, int]:
    renew_within = args.renew_within
    dumps = json.dumps
    phases: Counter[Phase] = Counter()
    groups: Counter[str] = Counter()
    good = bad = 0
    progress = _Progress()
    for line, fields, raw, problem in rows:
        if problem is None:
            problem, expires, phase = _check(fields, classify, zone)
        if problem is not None:
            bad += 1
            progress.clear()
            sys.stderr.write(f"{source}:{line}: {problem}\n")
            if args.strict:
                out.flush()
                error(f"{source}: stopped at the first bad row (--strict)")
            continue
        days_left = (expires - at) // _DAY
        action, group = _action(phase, days_left, renew_within)
        phases[phase] += 1
        if group:
            groups[group] += 1
        good += 1
        if writer is None:
            record = {"line": line, **fields, "expires_at": expires.isoformat()}
            record.update(phase=phase.value, days_left=days_left, action=action, group=group)
            out.write(dumps(record, ensure_ascii=False) + "\n")
        elif raw is not None:
            writer.writerow([*raw, phase.value, days_left, action, group])
        else:
            writer.writerow([*(fields[f] for f in FIELDS), phase.value, days_left, action, group])
        if progress.enabled and not good & 0x3FFF:
            progress.tick(good)
    progress.done()
    return phases, groups, good, bad


_UNSET = datetime.min.replace(tzinfo=UTC)


def _check(
    fields: Mapping[str, str | None], classify: PhaseClassifier, zone: tzinfo | None
) -> tuple[str | None, datetime, Phase]:
    """(what is wrong or None, the expiry in UTC, the phase)."""
    name = fields["name"]
    text = fields["expires"]
    if not name or not name.strip():
        return "no domain name", _UNSET, Phase.ACTIVE
    if not text or not text.strip():
        return f"{name}: no expiration date", _UNSET, Phase.ACTIVE
    try:
        expires = parse_expiry(text, zone)
    except ValueError as failure:
        return f"{name}: expiration date {failure}", _UNSET, Phase.ACTIVE
    try:
        return None, expires, classify(name.strip(), expires)
    except DomainRulesError as failure:
        message = str(failure)
        return (message if name in message else f"{name}: {message}"), _UNSET, Phase.ACTIVE
