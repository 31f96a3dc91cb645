"""``domainrules portfolio``: the phase and the next step of every domain in a registrar export.

The file is read one physical line at a time with a bounded read (``readline`` with a
limit), so memory stays flat whatever the file holds: a line longer than
:data:`MAX_LINE_BYTES` is a bad row, skipped without ever being held whole. Each line
is decoded on its own, so bytes that are not in the file's encoding spoil one line,
not the run. A CSV row may run over several lines only inside a quoted cell, and only
when the result has exactly the header's number of cells; otherwise its first line is
the bad row and the lines after it are read again as rows, so a stray quote never
swallows good rows. Every bad row is reported on stderr with its line (or line range)
and skipped (or stops the run with ``--strict``); it is never dropped silently.

Each row of a CSV or JSON Lines file costs one :class:`~domainrules.bulk.PhaseClassifier`
call; the next action is the library's rule (:func:`domainrules.actions.action_for`).
A Parquet file is classified a record batch at a time by the Arrow path
(:func:`domainrules.arrow.classify_batch`, with the same classifier); the rows a batch
refuses are classified one by one as above, so both paths report the same. A row in redemption is also
checked against its family's pre-release rule, looked up once per suffix
(:meth:`~domainrules.lifecycle.Lifecycle.may_be_pre_released_at`, without a Lifecycle).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import io
import json
import os
import re
import shutil
import stat
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import IO, Any, BinaryIO

import attrs
import pendulum

from domainrules.actions import (
    DEFAULT_RENEW_WITHIN,
    MAX_RENEW_WITHIN,
    TO_BE_REDEEMED,
    TO_BE_RENEWED,
    ExpiryAction,
)
from domainrules.bulk import Classified, PhaseClassifier, PreReleaseCheck, phases_for_status
from domainrules.cli._json import JsonProblem, loads
from domainrules.cli._output import (
    EXIT_BAD_INPUT,
    EXIT_DENIED,
    EXIT_OK,
    add_rules_option,
    count_option,
    display_width,
    ensure_ascii,
    error,
    instant_option,
    one_line,
    open_input,
    require_stdout,
    rule_set,
    table,
)
from domainrules.errors import DomainRulesError, NaiveDatetimeError
from domainrules.instants import EARLIEST_YEAR, LATEST_YEAR, UTC, to_utc, wall_clock_instant
from domainrules.lifecycle import Phase
from domainrules.names import DomainName
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

#: The fields of a domain-list export (the registrar's guide: docs/sources.md).
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

#: The longest line read, in bytes: a export row is a few hundred bytes, so a longer
#: line is no row, and is skipped a bounded read at a time instead of held whole.
MAX_LINE_BYTES = 64 * 1024
#: The most physical lines one CSV row may span (line breaks inside a quoted cell); all
#: of them together are at most MAX_LINE_BYTES characters. Both caps bound the work a
#: stray quote can cause: the lines after it are read again as rows of their own.
MAX_ROW_LINES = 32

#: Columns added to each row (instants in UTC, ISO 8601; empty where there is none).
ADDED = ("phase", "days_left", "action", "group", "pre_release", "phase_ends_at", "deadline")
#: The ``pre_release`` cell of a row that the registrar may have put on its
#: pre-release (auction) list; empty otherwise.
PRE_RELEASE_POSSIBLE = "possible"
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


# --- instants in exports ------------------------------------------------------

_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?([0-5]\d))?$")


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


def parse_expiry(text: str, zone: tzinfo | None, *, date_format: str | None = None) -> datetime:
    """An export's expiration value as a UTC instant; raise ValueError with a message
    that names the value and never the parser's own text.

    The library's one instant parser (:func:`~domainrules.instants.to_utc`) reads it:
    ISO 8601 with an offset always; a date-time without one, or a bare date, only with
    ``zone`` (a bare date is the start of that day in ``zone``: the earliest reading,
    so that no deadline is reported later than it may be). ``date_format`` (strftime
    codes) reads what an export writes otherwise, such as ``2027/02/15``.

    >>> parse_expiry("2025-03-01T06:00:00+08:00", None).isoformat()
    '2025-02-28T22:00:00+00:00'
    >>> parse_expiry("2025-03-01", timezone(timedelta(hours=8))).isoformat()
    '2025-02-28T16:00:00+00:00'
    >>> parse_expiry("15.02.2027", timezone.utc, date_format="%d.%m.%Y").isoformat()
    '2027-02-15T00:00:00+00:00'
    >>> parse_expiry("2025-03-01 06:00", None)
    Traceback (most recent call last):
    ...
    ValueError: '2025-03-01 06:00' has no UTC offset; say which zone the export's dates are in with --zone
    """
    value = text.strip()
    if date_format is not None:
        try:
            wall = datetime.strptime(value, date_format)
        except ValueError:
            # ISO 8601 with an offset is still an instant: exports mix the two.
            try:
                return to_utc(value, "expires")
            except DomainRulesError:
                raise ValueError(
                    f"{text!r} is not a date written as --date-format {date_format}, nor "
                    "ISO 8601 with an offset"
                ) from None
        if wall.tzinfo is None:
            if zone is None:
                raise ValueError(
                    f"{text!r} has no UTC offset; say which zone the export's dates are in "
                    "with --zone"
                )
            if _TIME_CODES.search(date_format):
                return _wall_clock(wall, zone, text)
            wall = wall.replace(tzinfo=zone)  # a bare date: the start of that day
        try:
            return to_utc(wall, "expires")
        except DomainRulesError:
            raise ValueError(_out_of_range(text)) from None
    if _SLASH_OR_DOT.match(value):
        raise ValueError(_not_iso(text))
    try:
        return to_utc(value, "expires")
    except NaiveDatetimeError:
        if zone is None:
            raise ValueError(
                f"{text!r} has no UTC offset; say which zone the export's dates are in with --zone"
            ) from None
    except DomainRulesError as failure:
        if "outside the years" in str(failure):
            raise ValueError(_out_of_range(text)) from None
        raise ValueError(_not_iso(text)) from None
    # Wall-clock text: read its fields with the same parser as if at UTC, then put
    # them in the export's zone.
    for suffix in ("Z", "T00:00:00Z"):
        try:
            wall = to_utc(value + suffix, "expires")
        except DomainRulesError:
            continue
        if suffix == "Z":  # a date and a time: one the zone skips or repeats is refused
            return _wall_clock(wall.replace(tzinfo=None), zone, text)
        try:  # a bare date: the start of that day (the earlier reading of a repeated one)
            return to_utc(wall.replace(tzinfo=zone), "expires")
        except DomainRulesError:
            raise ValueError(f"{text!r} does not exist in {zone}") from None
    raise ValueError(_not_iso(text))


# strftime codes that read a time of day: a format without them reads a bare date.
_TIME_CODES = re.compile(r"%[-#]?[HIMSpXcTRrfs]")


def _wall_clock(wall: datetime, zone: tzinfo, text: str) -> datetime:
    try:
        return wall_clock_instant(wall, zone, "expires")
    except DomainRulesError as failure:
        if "outside the years" in str(failure):
            raise ValueError(_out_of_range(text)) from None
        # "does not exist in ..." or "is ambiguous in ...", said of the text as written.
        raise ValueError(f"{text!r} {str(failure).split(' ', 2)[2]}") from None


def _out_of_range(text: str) -> str:
    return f"{text!r} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR} this library computes with"


_SLASH_OR_DOT = re.compile(r"^\d{1,4}([/.])\d{1,2}\1\d{1,4}")


def _not_iso(text: str) -> str:
    # A hint for the spellings exports use, never the parser's own words.
    hint = ""
    match = _SLASH_OR_DOT.match(text.strip())
    if match:
        first = text.strip().split(match.group(1))[0]
        code = (
            f"%Y{match.group(1)}%m{match.group(1)}%d"
            if len(first) == 4
            else f"%d{match.group(1)}%m{match.group(1)}%Y"
        )
        hint = (
            f"; for dates written like this pass --date-format '{code}' and the zone they "
            "are in with --zone"
        )
    return f"{text!r} is not an ISO 8601 date or date-time{hint}"


# --- reading lines ------------------------------------------------------------

#: (line number, the line's text or None, what is wrong with it or None)
Line = tuple[int, str | None, str | None]

# Encodings that keep state from line to line: a line cannot be decoded on its own.
_STATEFUL = ("utf_7", "hz", "iso2022")


@lru_cache(maxsize=16)
def _splits_on_newline_bytes(encoding: str) -> bool:
    """Whether lines of ``encoding`` text end at a b"\\n" byte and decode on their own:
    true of UTF-8, Latin-1, GBK, GB18030, Big5, Shift_JIS...; not of UTF-16 or UTF-32."""
    name = codecs.lookup(encoding).name
    if name == "utf-8-sig":  # UTF-8 after a byte-order mark at the start
        return True
    if name.replace("-", "_").startswith(_STATEFUL):
        return False
    try:
        return '\n\r",'.encode(name) == b'\n\r",' and b'\n\r",'.decode(name) == '\n\r",'
    except UnicodeError:
        return False


def _byte_lines(binary: BinaryIO, encoding: str) -> Iterator[Line]:
    name = codecs.lookup(encoding).name
    # A byte-order mark can only start the file.
    rest = "utf-8" if name == "utf-8-sig" else name
    readline = binary.readline
    limit = MAX_LINE_BYTES
    number = 0
    codec = name
    while data := readline(limit + 1):
        number += 1
        if len(data) > limit and data[-1:] != b"\n":
            size = len(data)
            while data and data[-1:] != b"\n":
                data = readline(1 << 16)
                size += len(data)
            yield number, None, _too_long(size)
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as failure:
            yield (
                number,
                None,
                f"not {encoding} text ({failure.reason} at byte {failure.start + 1} of "
                "the line); pass --encoding",
            )
            continue
        finally:
            codec = rest
        yield number, text, None


def _text_lines(binary: BinaryIO, encoding: str) -> Iterator[Line]:
    # UTF-16 and the like: decoded as a stream. A decoding error loses the place in
    # the stream, so it ends the file, and says so. newline="\n": lines end where the
    # byte path ends them, not at \r, \u2028 or the other breaks of str.splitlines.
    stream = io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="\n")
    number = 0
    limit = MAX_LINE_BYTES // 2  # characters of at least two bytes each
    while True:
        number += 1
        try:
            text = stream.readline(limit + 1)
            if not text:
                return
            if len(text) > limit and text[-1:] != "\n":
                size = len(text)
                while text and text[-1:] != "\n":
                    text = stream.readline(1 << 15)
                    size += len(text)
                yield number, None, _too_long(size, "characters", limit)
                continue
        except UnicodeError as failure:  # UTF-16 without a byte-order mark is no Decode error
            reason = failure.reason if isinstance(failure, UnicodeDecodeError) else failure
            yield (
                number,
                None,
                f"not {encoding} text ({reason}); pass --encoding. "
                "The rest of the file cannot be read",
            )
            return
        yield number, text, None


def _too_long(size: int, unit: str = "bytes", limit: int = MAX_LINE_BYTES) -> str:
    return f"a line of {size:,} {unit}, more than the {limit:,} a row may have"


def _lines(binary: BinaryIO, encoding: str) -> Iterator[Line]:
    if _splits_on_newline_bytes(encoding):
        return _byte_lines(binary, encoding)
    return _text_lines(binary, encoding)


# --- reading rows -------------------------------------------------------------

#: (first line, last line, the export's fields, the row as read (CSV) or None,
#: what is wrong or None, the row's answer when a batch already found it or None)
Row = tuple[int, int, Mapping[str, Any], Sequence[str | None] | None, str | None, Classified | None]
_NO_FIELDS: Mapping[str, str | None] = {}


def _body(text: str) -> str:
    if text[-1:] == "\n":
        return text[:-2] if text[-2:-1] == "\r" else text[:-1]
    return text


def _quoted_row(
    line: Line,
    take: Callable[[], Line | None],
    give_back: Callable[[Line], None],
    width: int | None,
) -> tuple[int, int, list[str] | None, str | None]:
    """The CSV row that starts on ``line`` (which holds a quote or a lone \\r):
    (first line, last line, cells or None, what is wrong or None).

    A quoted cell may continue on the next lines (up to :data:`MAX_ROW_LINES`, and
    :data:`MAX_LINE_BYTES` in all); the row is then accepted only with exactly
    ``width`` cells. Otherwise only its first line is bad, and the lines after it are
    given back, to be read again as rows of their own.
    """
    number = line[0]
    group, texts = [line], [line[1] or ""]
    while True:
        try:
            cells = next(csv.reader(texts, strict=True), [])
        except csv.Error as failure:
            incomplete = "unexpected end of data" in str(failure)
            if incomplete and len(group) < MAX_ROW_LINES:
                following = take()
                if (
                    following is not None
                    and following[1] is not None
                    and sum(map(len, texts)) + len(following[1]) <= MAX_LINE_BYTES
                ):
                    group.append(following)
                    texts.append(following[1])
                    continue
                if following is not None:
                    give_back(following)
            for item in reversed(group[1:]):
                give_back(item)
            reason = "a quoted cell is never closed" if incomplete else f"not CSV ({failure})"
            return number, number, None, reason
        if width is not None and len(group) > 1 and len(cells) != width:
            for item in reversed(group[1:]):
                give_back(item)
            return (
                number,
                number,
                None,
                f"a quoted cell opened here runs to line {group[-1][0]}, and the row then "
                f"has {len(cells)} cells, expected {width}; the lines after this one are "
                "read as rows of their own",
            )
        return number, group[-1][0], cells, None


def _csv_rows(lines: Iterator[Line], source: str) -> tuple[list[str], Iterator[Row], str]:
    pushed: list[Line] = []  # lines given back to be read again, the next one last

    def take() -> Line | None:
        return pushed.pop() if pushed else next(lines, None)

    give_back = pushed.append
    while True:
        line = take()
        if line is None:
            error(f"{source}: empty file, expected a header row")
        first, text, problem = line
        if text is None:
            error(f"{source}:{first}: the header row: {problem}")
        body = _body(text)
        if '"' in body or "\r" in body:
            first, _, cells, problem = _quoted_row(line, take, give_back, None)
            if cells is None:
                error(f"{source}:{first}: the header row: {problem}")
            headers = cells
        else:
            headers = body.split(",")
        if any(h.strip() for h in headers):
            break
    columns: dict[str, int] = {}
    for index, name in enumerate(headers):
        field = field_for_header(name)
        if field is not None and field not in columns:
            columns[field] = index
    missing = [f for f in ("name", "expires") if f not in columns]
    if missing:
        error(
            f"{source}:{first}: no column for {' and '.join(missing)} among the headers "
            f"{', '.join(map(repr, headers))}; accepted headers: "
            + "; ".join(f"{f}: {', '.join(HEADERS[f])}" for f in missing)
            + " (is --encoding right?)"
        )
    wanted = [(f, columns.get(f)) for f in FIELDS]
    width = len(headers)

    def rows() -> Iterator[Row]:
        # One loop, no generator in between: this runs once per line of the export.
        while True:
            if pushed:
                line = pushed.pop()
            else:
                next_line = next(lines, None)
                if next_line is None:
                    return
                line = next_line
            number, text, problem = line
            if text is None:
                yield number, number, _NO_FIELDS, None, problem, None
                continue
            body = _body(text)
            if '"' in body or "\r" in body:
                first, last, cells, problem = _quoted_row(line, take, give_back, width)
                if cells is None:
                    yield first, last, _NO_FIELDS, None, problem, None
                    continue
                if not cells:
                    continue
            elif not body or body.isspace():
                continue  # a blank line is no row
            else:
                # No quotes: exactly what csv.reader would make of it, much faster.
                first = last = number
                cells = body.split(",")
            if len(cells) != width:
                yield first, last, _NO_FIELDS, None, f"{len(cells)} cells, expected {width}", None
            else:
                fields = {f: (cells[i] if i is not None else None) for f, i in wanted}
                yield first, last, fields, cells, None, None

    return headers, rows(), headers[columns["expires"]]


def _json_rows(lines: Iterator[Line], source: str) -> Iterator[Row]:
    """Rows of a JSON Lines file: one object a line.

    JSON Lines read with the standard library, not a streaming parser of one big JSON
    array: every line stands alone, so a bad record costs that line only and the rows
    after it are still read, and the bounded line reader keeps memory flat. After a
    syntax error inside an array no parser can tell where the next record starts.
    """
    seen_value = False
    for number, text, problem in lines:
        if text is None:
            yield number, number, _NO_FIELDS, None, problem, None
            continue
        body = text.strip()
        if not body:
            continue
        if not seen_value and body.startswith("["):
            error(
                f"{source}:{number}: a JSON array; portfolio reads JSON Lines, one object "
                "a line (convert with: jq -c '.[]' FILE)"
            )
        seen_value = True
        try:
            value = loads(body)
        except JsonProblem as failure:
            if failure.limit and "appears twice" in failure.message:
                # Which of the two values is meant cannot be told: the file is refused.
                error(f"{source}:{number}: column {failure.column}: {failure.message}")
            where = f"column {failure.column}"
            yield number, number, _NO_FIELDS, None, f"not JSON ({failure.message}, {where})", None
            continue
        if not isinstance(value, dict):
            kind = type(value).__name__
            yield number, number, _NO_FIELDS, None, f"expected a JSON object, not {kind}", None
            continue
        fields: dict[str, str | None] = dict.fromkeys(FIELDS)
        for key, item in value.items():
            field = field_for_header(key)
            if field is not None and fields[field] is None and item is not None:
                fields[field] = item if isinstance(item, str) else _scalar(item)
        yield number, number, fields, None, None, None


def _scalar(item: Any) -> str:
    # Numbers and booleans as JSON spells them; objects and arrays are no field value,
    # but are shown rather than guessed at (the row is then bad, with this text).
    if isinstance(item, (dict, list)):
        return "<" + type(item).__name__ + ">"
    return str(item).lower() if isinstance(item, bool) else str(item)


# --- the run ------------------------------------------------------------------

#: What ``--sort`` sorts by.
SORT_KEYS = ("name", "expires", "phase", "days_left", "deadline", "action")
_ONLY: dict[str, Phase | ExpiryAction] = {
    **{p.value: p for p in Phase},
    **{a.value.replace(" ", "-"): a for a in ExpiryAction},
}
_ONLY_CHOICES = tuple(_ONLY)
#: How many rows of one kind of problem are shown; the rest are counted.
SHOWN = 3


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


class _Problems:
    """Bad rows and findings on stderr: the first :data:`SHOWN` of each kind in full, the
    rest counted and summarised once at the end, so that a file with the same fault on
    every row gives a few lines, not one per row."""

    def __init__(self, source: str, progress: _Progress) -> None:
        self.source = source
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self.where: dict[str, list[str]] = {}
        self.total = 0

    def add(self, where: str, kind: str, message: str, prefix: str = "") -> None:
        self.total += 1
        count = self.counts[kind] = self.counts[kind] + 1
        if count <= SHOWN:
            self.show(where, kind, message, prefix)

    def counted(self, kind: str) -> bool:
        """Count one more of ``kind``; True when it is also to be shown (call :meth:`show`):
        the message of a row past the first few is never even built."""
        self.total += 1
        count = self.counts[kind] = self.counts[kind] + 1
        return count <= SHOWN

    def counted_many(self, kind: str, count: int) -> int:
        """Count ``count`` more of ``kind`` (rows in file order); how many of the first
        of them are to be shown."""
        before = self.counts[kind]
        self.total += count
        self.counts[kind] = before + count
        return max(0, min(count, SHOWN - before))

    def show(self, where: str, kind: str, message: str, prefix: str = "") -> None:
        self.where.setdefault(kind, []).append(where)
        self.progress.clear()
        sys.stderr.write(one_line(f"{self.source}:{where}: {prefix}{message}") + "\n")

    def summary(self, noun: str) -> list[str]:
        return [
            one_line(
                f"{self.source}: {count:,} {noun} in all: {kind} (the first at "
                f"{', '.join(self.where[kind])}; {count - SHOWN:,} more not shown)"
            )
            for kind, count in self.counts.items()
            if count > SHOWN
        ]


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_NUMBER = re.compile(r"\d[\d,]*")


def _kind(message: str, name: str | None = None) -> str:
    """A problem's kind: its message with the row's own values taken out."""
    if name:
        message = message.replace(name, "NAME")
    return _NUMBER.sub("N", _QUOTED.sub("'…'", message))


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
    binary: BinaryIO | None = None
    position: Callable[[], int] | None = None
    total: int | None
    if fmt == "parquet" and args.file == "-":
        error("Parquet cannot be read from stdin (it is read from its end); pass the file")
    if fmt == "parquet" and to in _COLUMNAR_TO and args.sort is None and not args.strict:
        # Columns in, columns out (_portfolio_columns): the same output, byte for byte.
        parquet, handle, columns, wanted, total = _open_parquet(args.file, source)
        try:
            with _writer(to, args.output, [c for _, c in wanted], None) as writer:
                result = _classify_columns(
                    parquet, columns, wanted, options, source, writer, _Progress(total, "rows")
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
        if fmt == "csv":
            headers, rows, column = _csv_rows(lines, source)
        else:
            headers, rows, column = list(FIELDS), _json_rows(lines, source), "expires"
    try:
        with _writer(to, args.output, headers, args.sort) as writer:
            result = _classify_all(
                rows, options, column, source, writer, _Progress(total, unit), position
            )
    finally:
        if binary is not None and args.file != "-":
            binary.close()
    return _report(result, rules, at_text, source, args)


@attrs.frozen
class _Options:
    classifier: PhaseClassifier
    zone: tzinfo | None
    date_format: str | None
    renew_within: int
    phases: frozenset[Phase]
    actions: frozenset[ExpiryAction]
    due_within: int | None
    strict: bool


@attrs.define
class _Result:
    phases: Counter[Phase]
    groups: Counter[str]
    good: int = 0
    bad: int = 0
    written: int = 0
    need_action: int = 0
    duplicates: int = 0
    contradictions: int = 0
    problem_lines: list[str] = attrs.Factory(list)


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


#: Some rows were bad and skipped; the rest were processed.
EXIT_BAD_ROWS = 4


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False


def _size(binary: BinaryIO) -> int | None:
    try:
        info = os.fstat(binary.fileno())
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _stdin() -> BinaryIO:
    # Not closed at the end of the run: the interpreter owns it.
    if sys.stdin is None:
        error("standard input is closed; pass the file's name instead of -")
    try:
        return open(sys.stdin.fileno(), "rb", closefd=False)
    except (OSError, ValueError):
        error("standard input is closed; pass the file's name instead of -")


_UNSET = datetime.min.replace(tzinfo=UTC)
_PRE_RELEASE_CELL = {True: PRE_RELEASE_POSSIBLE, False: ""}
_CACHE_LIMIT = 1 << 14


def _classify_all(
    rows: Iterator[Row],
    options: _Options,
    column: str,
    source: str,
    writer: _Writer,
    progress: _Progress,
    position: Callable[[], int] | None,
) -> _Result:
    result = _Result(Counter(), Counter())
    phases, groups = result.phases, result.groups
    problems = _Problems(source, progress)
    findings = _Problems(source, progress)
    only_phases, only_actions = options.phases, options.actions
    due_by = (
        None
        if options.due_within is None
        else options.classifier.at + timedelta(days=options.due_within)
    )
    outcome = _RowClassifier(options, column)
    seen_add = _Seen().add
    statuses: dict[str, frozenset[str] | None] = {}
    contradictions: dict[tuple[str, str], str] = {}
    infos: dict[int, tuple[Classified, str, str, bool, tuple[Any, ...]]] = {}
    counts: Counter[str] = Counter()
    good = bad = written = need_action = 0
    write = writer.write
    csv_write = writer.writer.writerow if isinstance(writer, _CsvWriter) else None
    found: Classified
    for first, last, fields, raw, problem, known in rows:
        # The good path first, with as few steps as can be: this runs once per row.
        if known is not None:
            # Classified with its batch (domainrules.arrow.classify_batch): a good row
            # whose name is as written, stripped.
            found = known
            name = stripped = fields["name"]
            expires = fields["expires"]
        elif problem is None:
            name = fields["name"]
            answer, stripped, expires = outcome(name, fields["expires"])
            if answer is None:
                problem, kind = stripped, expires
            else:
                found = answer
        else:
            kind = _kind(problem)
        if problem is not None:
            bad += 1
            problems.add(f"{first}" if first == last else f"{first}-{last}", kind, problem)
            if options.strict:
                writer.close()
                error(f"{source}: stopped at the first bad row (--strict)")
            continue
        # The classifier hands back one Classified per (family, expiry): what the run
        # derives from it is worked out once too.
        info = infos.get(id(found))
        if info is None or info[0] is not found:
            if len(infos) >= 1 << 17:
                infos.clear()
            info = infos[id(found)] = _info(found, only_phases, only_actions, due_by)
        _, phase_value, group, keep, added = info
        counts[phase_value] += 1
        if group:
            groups[group] += 1
        good += 1
        # Findings: the same name twice, and an export status the phase contradicts.
        canonical = stripped.lower()
        if canonical[-1] == "." or not canonical.isascii():
            canonical = _canonical(stripped)
        earlier = seen_add(hash(canonical), first)
        if earlier:
            result.duplicates += 1
            if findings.counted("a duplicate name"):
                findings.show(
                    str(first),
                    "a duplicate name",
                    f"{name} is also on line {earlier}",
                    "finding: ",
                )
        status = fields.get("status")
        if status and type(status) is str:
            implied = statuses.get(status, _MISSING)
            if implied is _MISSING:
                if len(statuses) >= 1024:
                    statuses.clear()
                phases_said = phases_for_status(str(status))
                implied = statuses[status] = (
                    None if phases_said is None else frozenset(p.value for p in phases_said)
                )
            if implied is not None and phase_value not in implied:
                result.contradictions += 1
                said = contradictions.get((status, phase_value))
                if said is None:
                    said = contradictions[(status, phase_value)] = (
                        f"the status column says {status!r}, but the domain is {phase_value}"
                    )
                if findings.counted(said):
                    findings.show(str(first), said, f"{name}: {said}", "finding: ")
        if not keep:
            continue
        written += 1
        if group:
            need_action += 1
        if csv_write is not None and raw is not None:
            csv_write([*raw, *added])
        else:
            write(first, fields, raw, expires, found)  # type: ignore[arg-type]
        if progress.enabled and not good & 0x3FFF:
            progress.tick(position() if position is not None else good + bad, good)
    result.written, result.need_action = written, need_action
    progress.done()
    for phase in Phase:
        phases[phase] = counts[phase.value]
    result.good, result.bad = good, bad
    result.problem_lines = problems.summary("bad rows") + findings.summary("findings")
    return result


#: Rows read from a Parquet file at a time (both paths: the same batches).
_PARQUET_BATCH = 16_384
#: The outputs the columnar Parquet path writes (a table is for a terminal: rows).
_COLUMNAR_TO = frozenset({"csv", "jsonl", "parquet"})


def _classify_columns(
    parquet: Any,
    columns: Mapping[str, str],
    wanted: Sequence[tuple[str, str]],
    options: _Options,
    source: str,
    writer: _Writer,
    progress: _Progress,
) -> _Result:
    """:func:`_classify_all` for a Parquet file, a record batch at a time and on whole
    columns (module ``_portfolio_columns``); rows the batch path refuses are classified
    one by one by the row path's own code. Same counts, findings, messages (in the same
    order) and output."""
    import numpy as np

    from domainrules.cli import _portfolio_columns as cols

    pa, _ = _pyarrow("reading Parquet")
    pc = _pyarrow_compute()
    result = _Result(Counter(), Counter())
    problems = _Problems(source, progress)
    findings = _Problems(source, progress)
    outcome = _RowClassifier(options, columns["expires"])
    seen = cols.SeenKeys()
    status_check = cols.StatusCheck()
    said_memo: dict[tuple[str, int], str] = {}
    phase_counts = np.zeros(len(Phase), dtype=np.int64)
    at = options.classifier.at
    due_by = None if options.due_within is None else at + timedelta(days=options.due_within)
    due_by_us = None if due_by is None else cols._us(due_by)
    filtering = bool(options.phases or options.actions)
    only_ranks = np.array([p in options.phases for p in Phase], dtype=bool)
    only_codes = np.array([False] + [a in options.actions for a in ExpiryAction], dtype=bool)
    fields_read = [f for f, _ in wanted]
    csv_out = isinstance(writer, _CsvWriter)
    stamp = pa.timestamp("us", tz="+00:00")
    number = good_total = bad_total = written = need_action = 0

    def one_batch(batch: Any) -> None:
        nonlocal good_total, bad_total, written, need_action
        n = batch.num_rows
        expiry = batch.column(columns["expires"])
        names = batch.column(columns["name"])
        zoned = pa.types.is_timestamp(expiry.type) and expiry.type.tz is not None
        texts = {
            field: _as_text(batch.column(column))
            for field, column in wanted
            # An instant's cell is written as the instant, but in CSV.
            if field != "expires" or not zoned or csv_out
        }
        rank = np.zeros(n, dtype=np.int64)
        days = np.zeros(n, dtype=np.int64)
        action = np.full(n, -1, dtype=np.int64)
        ends = np.zeros(n, dtype=np.int64)
        ends_valid = np.zeros(n, dtype=bool)
        deadline = np.zeros(n, dtype=np.int64)
        deadline_valid = np.zeros(n, dtype=bool)
        pre = np.zeros(n, dtype=bool)
        expires = np.zeros(n, dtype=np.int64)
        fast = np.zeros(n, dtype=bool)
        values = expiry
        if zoned:
            values = utc = expiry.cast(stamp)
            expires = pc.fill_null(utc.cast(pa.int64()), 0).to_numpy().astype(np.int64)
            if pa.types.is_string(names.type) or pa.types.is_large_string(names.type):
                arrays = _batch_arrays(names, utc, options.classifier, options.renew_within)
                if arrays is not None:
                    answers, fast = arrays
                    rank = np.where(fast, answers.rank, 0).astype(np.int64)
                    days = answers.days_left.astype(np.int64)
                    action = np.where(fast, answers.action, -1).astype(np.int64)
                    ends = answers.phase_end.astype(np.int64)
                    ends_valid = answers.phase_end_valid & fast
                    deadline = ends.copy()
                    deadline_valid = cols.deadline_valid(rank, ends_valid)
                    pre = answers.pre_release & fast
        good = fast.copy()
        kinds: list[_Kind] = []
        slow = np.flatnonzero(~fast)
        stripped_of: dict[int, str] = {}
        cells: dict[int, Any] = {}
        if len(slow):
            chosen = pa.array(slow)
            bad_by_kind: dict[str, list[tuple[int, str]]] = {}
            for row, name, value in zip(
                slow.tolist(),
                texts["name"].take(chosen).to_pylist(),
                values.take(chosen).to_pylist(),
                strict=True,
            ):
                answer, stripped, found_expires = outcome(name, value)
                if answer is None:
                    bad_by_kind.setdefault(found_expires, []).append((row, stripped))
                    continue
                good[row] = True
                (
                    rank[row],
                    days[row],
                    action[row],
                    ends[row],
                    ends_valid[row],
                    deadline[row],
                    deadline_valid[row],
                    pre[row],
                ) = cols.classified_arrays(answer)
                expires[row] = cols._us(found_expires)
                stripped_of[row] = stripped
                if not zoned:
                    cells[row] = _cell(value)
            for kind, bad_rows in bad_by_kind.items():
                bad_total += len(bad_rows)
                kinds.append((bad_rows[0][0], 0, problems, kind, bad_rows, len(bad_rows)))
        rows = np.flatnonzero(good)
        good_total += len(rows)
        phase_counts[:] += np.bincount(rank[rows], minlength=len(Phase))
        result.groups.update(cols.group_counts(action[rows]))
        if len(rows):
            _columns_findings(
                cols,
                texts,
                rows,
                number,
                rank,
                stripped_of,
                seen,
                status_check,
                said_memo,
                kinds,
                findings,
                result,
            )
        # Shown in the row path's order: by row, a problem or the duplicate first.
        events: list[tuple[int, int, _Problems, str, str, str]] = []
        for _, order, sink, kind, items, count in sorted(kinds, key=lambda k: (k[0], k[1])):
            for row, message in items[: sink.counted_many(kind, count)]:
                events.append((row, order, sink, kind, message, "finding: " if order else ""))
        for row, _, sink, kind, message, prefix in sorted(events, key=lambda e: (e[0], e[1])):
            sink.show(str(number + row + 1), kind, message, prefix)
        keep = good
        if filtering:
            keep = keep & (only_ranks[rank] | only_codes[action + 1])
        if due_by_us is not None:
            keep = keep & deadline_valid & (deadline <= due_by_us)
        out = np.flatnonzero(keep)
        written += len(out)
        need_action += int(cols.has_group(action[out]).sum())
        if len(out):
            chosen = pa.array(out)
            _write_columns(
                writer,
                cols.Columns(
                    lines=out + (number + 1),
                    texts={f: t.take(chosen) for f, t in texts.items()},
                    expires_cells=None if zoned else [cells[r] for r in out.tolist()],
                    expires=expires[out],
                    rank=rank[out],
                    days=days[out],
                    action=action[out],
                    ends=ends[out],
                    ends_valid=ends_valid[out],
                    deadline=deadline[out],
                    deadline_valid=deadline_valid[out],
                    pre_release=pre[out],
                ),
                fields_read,
            )

    try:
        for batch in parquet.iter_batches(
            batch_size=_PARQUET_BATCH, columns=[c for _, c in wanted]
        ):
            one_batch(batch)
            number += batch.num_rows
            if progress.enabled:
                progress.tick(number, good_total)
    except (pa.ArrowException, OSError) as failure:
        error(
            f"{source}: row {number + 1} on: the Parquet file cannot be read "
            f"({type(failure).__name__})"
        )
    result.written, result.need_action = written, need_action
    progress.done()
    for phase, count in zip(Phase, phase_counts.tolist(), strict=True):
        result.phases[phase] = count
    result.good, result.bad = good_total, bad_total
    result.problem_lines = problems.summary("bad rows") + findings.summary("findings")
    return result


def _write_columns(writer: _Writer, columns: Any, fields_read: Sequence[str]) -> None:
    from domainrules.cli import _portfolio_columns as cols

    if isinstance(writer, _CsvWriter):
        writer.out.write(cols.csv_text(columns, fields_read, PRE_RELEASE_POSSIBLE))
    elif isinstance(writer, _JsonWriter):
        writer.out.write(cols.jsonl_text(columns, FIELDS, writer.dumps, writer.ascii_only))
    elif isinstance(writer, _ParquetWriter):
        writer.write_columns(cols.parquet_batch(columns, FIELDS, writer.schema))
    else:  # pragma: no cover - run() sends only these here
        raise TypeError(type(writer).__name__)


#: One kind of problem or finding in a batch: (its first row, its place among a row's
#: messages, where it is counted, the kind, the first rows with their messages, how
#: many rows in all).
_Kind = tuple[int, int, _Problems, str, list[tuple[int, str]], int]


def _columns_findings(
    cols: Any,
    texts: Mapping[str, Any],
    rows: Any,
    number: int,
    rank: Any,
    stripped_of: Mapping[int, str],
    seen: Any,
    status_check: Any,
    said_memo: dict[tuple[str, int], str],
    kinds: list[_Kind],
    findings: _Problems,
    result: _Result,
) -> None:
    """The findings of one batch's good ``rows``: duplicate names (keys as the row
    path's, canonical names hashed) and status cells that contradict the phase."""
    import numpy as np

    pa, _ = _pyarrow("reading Parquet")
    pc = _pyarrow_compute()
    chosen = pa.array(rows)
    names = texts["name"].take(chosen)
    canonical = pc.ascii_lower(names).to_pylist()
    python = ~pc.string_is_ascii(names).to_numpy(zero_copy_only=False) | pc.ends_with(
        names, "."
    ).to_numpy(zero_copy_only=False)
    if stripped_of:
        python |= np.isin(rows, np.fromiter(stripped_of, dtype=np.int64))
    raw_names: list[str] | None = None
    for index in np.flatnonzero(python).tolist():
        row = int(rows[index])
        if raw_names is None:
            raw_names = names.to_pylist()
        stripped = stripped_of.get(row, raw_names[index])
        name = stripped.lower()
        if name[-1] == "." or not name.isascii():
            name = _canonical(stripped)
        canonical[index] = name
    keys = np.fromiter(map(hash, canonical), dtype=np.int64, count=len(canonical))
    earlier = seen.add(keys.view(np.uint64) | np.uint64(1), rows + (number + 1))
    duplicates = np.flatnonzero(earlier)
    if len(duplicates):
        result.duplicates += len(duplicates)
        shown = names.take(pa.array(duplicates[:SHOWN])).to_pylist()
        items = [
            (int(rows[j]), f"{name} is also on line {int(earlier[j])}")
            for j, name in zip(duplicates[:SHOWN].tolist(), shown, strict=True)
        ]
        kinds.append(
            (int(rows[duplicates[0]]), 1, findings, "a duplicate name", items, len(duplicates))
        )
    if "status" not in texts:
        return
    statuses = pc.dictionary_encode(texts["status"].take(chosen))
    matrix = status_check.table(statuses.dictionary.to_pylist())
    if not matrix.any():
        return
    codes = pc.fill_null(statuses.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    valid = codes >= 0
    ranks = rank[rows]
    contradicts = valid & matrix[np.where(valid, codes, 0), ranks]
    if not contradicts.any():
        return
    where = np.flatnonzero(contradicts)
    result.contradictions += len(where)
    pairs = codes[where] * len(Phase) + ranks[where]
    values = statuses.dictionary.to_pylist()
    for pair in np.unique(pairs).tolist():
        at = where[pairs == pair]
        status, phase = values[pair // len(Phase)], list(Phase)[pair % len(Phase)].value
        said = said_memo.get((status, pair % len(Phase)))
        if said is None:
            said = said_memo[(status, pair % len(Phase))] = (
                f"the status column says {status!r}, but the domain is {phase}"
            )
        shown = names.take(pa.array(at[:SHOWN])).to_pylist()
        items = [
            (int(rows[j]), f"{name}: {said}")
            for j, name in zip(at[:SHOWN].tolist(), shown, strict=True)
        ]
        kinds.append((int(rows[at[0]]), 2, findings, said, items, len(at)))


_MISSING: Any = object()


class _RowClassifier:
    """One row's answer from its name and expiry cells, as the row path finds it:
    ``(Classified, the name stripped, the expiry in UTC)``, or for a bad row
    ``(None, what is wrong, its kind)``. Exports repeat expiry texts (whole days, a few
    times a second): each is parsed once."""

    def __init__(self, options: _Options, column: str) -> None:
        self.classify = options.classifier.classify
        self.renew_within = options.renew_within
        self.zone, self.date_format = options.zone, options.date_format
        self.column = column
        self.parsed: dict[Any, datetime | str] = {}

    def __call__(self, name: Any, value: Any) -> tuple[Classified | None, str, Any]:
        stripped = name.strip() if name else ""
        if not stripped:
            return None, "no domain name", "no domain name"
        parsed = self.parsed
        expires = parsed.get(value)
        if expires is None:
            if value is None or (type(value) is str and not value.strip()):
                expires = "no expiration date"
            else:
                expires = _expiry(value, self.zone, self.date_format, self.column)
            if len(parsed) >= _CACHE_LIMIT:
                parsed.clear()
            parsed[value] = expires
        if type(expires) is str:
            kind = expires.replace(repr(value), "'…'", 1) if value else expires
            return None, f"{name}: {expires}", kind
        try:
            found = self.classify(stripped, expires, renew_within=self.renew_within)
        except DomainRulesError as failure:
            message = str(failure)
            problem = message if stripped in message else f"{name}: {message}"
            return None, problem, _kind(message, stripped)
        except (UnicodeError, ValueError) as failure:
            return None, f"{name!r}: not a domain name ({failure})", "not a domain name"
        return found, stripped, expires


class _Seen:
    """The names seen so far, as 64-bit hashes with the line each was first on, in two
    flat arrays (open addressing): 24 bytes a name, where a dict of ints takes about
    100. Two names with the same 64-bit hash would be taken for one (about one chance
    in 10^7 for a million names)."""

    def __init__(self) -> None:
        self.size = 1 << 12
        self.keys = array("Q", bytes(8 * self.size))
        self.lines = array("Q", bytes(8 * self.size))
        self.count = 0

    def add(self, hashed: int, line: int) -> int:
        """Record ``hashed`` at ``line``; the line it was first seen on, or 0."""
        key = (hashed & 0xFFFF_FFFF_FFFF_FFFF) | 1  # never 0, the empty slot
        keys = self.keys
        mask = self.size - 1
        index = key & mask
        while True:
            found = keys[index]
            if found == key:
                return self.lines[index]
            if not found:
                break
            index = (index + 1) & mask
        keys[index] = key
        self.lines[index] = line
        self.count += 1
        if self.count * 2 > self.size:
            self._grow()
        return 0

    def _grow(self) -> None:
        old = zip(self.keys, self.lines, strict=True)
        self.size *= 2
        self.keys = keys = array("Q", bytes(8 * self.size))
        self.lines = lines = array("Q", bytes(8 * self.size))
        mask = self.size - 1
        for key, line in old:
            if key:
                index = key & mask
                while keys[index]:
                    index = (index + 1) & mask
                keys[index] = key
                lines[index] = line


def _info(
    found: Classified,
    only_phases: frozenset[Phase],
    only_actions: frozenset[ExpiryAction],
    due_by: datetime | None,
) -> tuple[Classified, str, str, bool, tuple[Any, ...]]:
    """(found, its phase's value, its group or "", whether the options keep the row,
    the cells a CSV row gets)."""
    action = found.action
    keep = True
    if (only_phases or only_actions) and (
        found.phase not in only_phases and action not in only_actions
    ):
        keep = False
    if due_by is not None and (found.deadline is None or found.deadline > due_by):
        keep = False
    group = "" if action is None else action.group or ""
    return found, found.phase.value, group, keep, _added_cells(found)


def _canonical(name: str) -> str:
    name = name.strip().rstrip(".")
    if name.isascii():
        return name.lower()
    return DomainName(name).ascii


def _expiry(
    value: Any, zone: tzinfo | None, date_format: str | None, column: str
) -> datetime | str:
    """The expiry in UTC, or what is wrong with the cell: ``column 'NAME': message``,
    the message naming the value as given (never the date parser's own words)."""
    column = f"column {column!r}:"
    if isinstance(value, datetime):  # Parquet timestamps
        if value.tzinfo is None:
            if zone is None:
                return (
                    f"{column} {value.isoformat()} has no UTC offset; say which zone the "
                    "export's times are in with --zone"
                )
            try:
                return _wall_clock(value, zone, value.isoformat())
            except ValueError as failure:
                return f"{column} {failure}"
        try:
            return to_utc(value, "expires")
        except DomainRulesError:
            return f"{column} {value.isoformat()} is out of range"
    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str):
        return f"{column}: {value!r} is not a date"
    try:
        return parse_expiry(value, zone, date_format=date_format)
    except ValueError as failure:
        return f"{column} {failure}"


# --- writing rows -------------------------------------------------------------


class _Writer:
    """Where classified rows go: one of the formats below."""

    def write(
        self,
        first: int,
        fields: Mapping[str, Any],
        raw: Sequence[str] | None,
        expires: datetime,
        found: Classified,
    ) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Flush what is buffered."""


def _iso_or_none(instant: datetime | None) -> str | None:
    return None if instant is None else instant.isoformat()


def _cell(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _added_cells(found: Classified) -> tuple[Any, ...]:
    action = found.action
    ends = found.phase_ends_at
    deadline = found.deadline
    return (
        found.phase.value,
        found.days_left,
        "" if action is None else action.value,
        "" if action is None else action.group or "",
        _PRE_RELEASE_CELL[found.pre_release],
        "" if ends is None else ends.isoformat(),
        "" if deadline is None else deadline.isoformat(),
    )


class _CsvWriter(_Writer):
    def __init__(self, out: IO[str], headers: Sequence[str]) -> None:
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow([*headers, *ADDED])
        self.out = out
        # id -> (the Classified, kept alive so that the id stays its own; its cells)
        self.cells: dict[int, tuple[Classified, tuple[Any, ...]]] = {}

    def write(
        self,
        first: int,
        fields: Mapping[str, Any],
        raw: Sequence[str] | None,
        expires: datetime,
        found: Classified,
    ) -> None:
        # The classifier hands back one Classified per (family, expiry): format it once.
        cached = self.cells.get(id(found))
        if cached is not None and cached[0] is found:
            added = cached[1]
        else:
            added = _added_cells(found)
            if len(self.cells) >= 1 << 16:
                self.cells.clear()
            self.cells[id(found)] = (found, added)
        if raw is not None:
            self.writer.writerow([*raw, *added])
        else:
            self.writer.writerow([*(_cell(fields.get(f)) for f in FIELDS), *added])

    def close(self) -> None:
        self.out.flush()


class _JsonWriter(_Writer):
    def __init__(self, out: IO[str]) -> None:
        # One encoder for the run: json.dumps with a non-default option builds one per call.
        self.ascii_only = ensure_ascii(out)
        self.dumps = json.JSONEncoder(ensure_ascii=self.ascii_only).encode
        self.out = out
        self.tails: dict[int, tuple[Classified, str]] = {}

    def write(
        self,
        first: int,
        fields: Mapping[str, Any],
        raw: Sequence[str] | None,
        expires: datetime,
        found: Classified,
    ) -> None:
        # The added fields are one JSON text per Classified (one per family and expiry):
        # encoded once, joined to each row's own fields.
        cached = self.tails.get(id(found))
        if cached is not None and cached[0] is found:
            tail = cached[1]
        else:
            action = found.action
            tail = self.dumps(
                {
                    "phase": found.phase.value,
                    "days_left": found.days_left,
                    "action": "" if action is None else action.value,
                    "group": "" if action is None else action.group or "",
                    "pre_release": found.pre_release,
                    "phase_ends_at": _iso_or_none(found.phase_ends_at),
                    "deadline": _iso_or_none(found.deadline),
                }
            )[1:]
            if len(self.tails) >= 1 << 16:
                self.tails.clear()
            self.tails[id(found)] = (found, tail)
        record = {"line": first, **{f: _cell(fields.get(f)) for f in FIELDS}}
        record["expires_at"] = expires.isoformat()
        self.out.write(self.dumps(record)[:-1] + ", " + tail + "\n")

    def close(self) -> None:
        self.out.flush()


class _TableWriter(_Writer):
    """Aligned columns, streamed; on a terminal the name column takes the width left and
    columns are left out, least useful first, when the terminal is narrow."""

    COLUMNS = (  # (header, width, left out in this order when narrow: higher first)
        ("expires (UTC)", 16, 3),
        ("phase", 14, 0),
        ("phase ends (UTC)", 16, 2),
        ("action", 9, 0),
        ("deadline (UTC)", 16, 1),
        ("days", 6, 0),
    )

    def __init__(self, out: IO[str], terminal: bool) -> None:
        self.out = out
        width = shutil.get_terminal_size((120, 24)).columns if terminal else 10_000
        columns = list(self.COLUMNS)
        name_width = 30

        def used() -> int:
            return name_width + sum(w + 2 for _, w, _ in columns)

        for drop in (3, 2, 1):
            if used() <= width:
                break
            columns = [c for c in columns if c[2] != drop]
        if terminal:
            name_width = max(12, min(48, width - used() + name_width))
        self.name_width = name_width
        self.kept = {header for header, _, _ in columns}
        self.widths = [name_width] + [w for _, w, _ in columns]
        headers = ["name"] + [h for h, _, _ in columns]
        self.truncate = terminal
        out.write(self._line(headers) + "\n")
        out.write("  ".join("-" * w for w in self.widths) + "\n")

    def _line(self, cells: Sequence[str]) -> str:
        parts = []
        for cell, width in zip(cells, self.widths, strict=True):
            if self.truncate and display_width(cell) > width:
                cell = cell[: width - 1] + "…"
            parts.append(cell + " " * max(0, width - display_width(cell)))
        return "  ".join(parts).rstrip()

    def write(
        self,
        first: int,
        fields: Mapping[str, Any],
        raw: Sequence[str] | None,
        expires: datetime,
        found: Classified,
    ) -> None:
        cells = [str(fields["name"]).strip()]
        values = {
            "expires (UTC)": _short(expires),
            "phase": found.phase.value,
            "phase ends (UTC)": _short(found.phase_ends_at),
            "action": "-" if found.action is None else found.action.value,
            "deadline (UTC)": _short(found.deadline),
            "days": str(found.days_left),
        }
        cells += [values[h] for h, _, _ in self.COLUMNS if h in self.kept]
        self.out.write(self._line(cells) + "\n")

    def close(self) -> None:
        self.out.flush()


def _short(instant: datetime | None) -> str:
    return "-" if instant is None else instant.strftime("%Y-%m-%d %H:%M")


class _ParquetWriter(_Writer):
    BATCH = 65_536

    def __init__(self, sink: Any) -> None:
        pa, pq = _pyarrow("writing Parquet")
        self.pa = pa
        stamp = pa.timestamp("us", tz="UTC")
        self.schema = pa.schema(
            [(f, pa.string()) for f in FIELDS]
            + [
                ("line", pa.int64()),
                ("expires_at", stamp),
                ("phase", pa.string()),
                ("days_left", pa.int64()),
                ("action", pa.string()),
                ("group", pa.string()),
                ("pre_release", pa.bool_()),
                ("phase_ends_at", stamp),
                ("deadline", stamp),
            ]
        )
        self.writer = pq.ParquetWriter(sink, self.schema)
        self.columns: dict[str, list[Any]] = {name: [] for name in self.schema.names}
        self.batches: Any = None  # record batches written whole (the columnar path)

    def write_columns(self, batch: Any) -> None:
        """Write a record batch of this writer's schema, in row groups of ``BATCH`` rows
        as :meth:`write` makes them."""
        if self.batches is None:
            from domainrules.cli._portfolio_columns import ParquetSink

            self.batches = ParquetSink(self.writer, self.BATCH)
        self.batches.add(batch)

    def write(
        self,
        first: int,
        fields: Mapping[str, Any],
        raw: Sequence[str] | None,
        expires: datetime,
        found: Classified,
    ) -> None:
        c = self.columns
        for f in FIELDS:
            value = fields.get(f)
            c[f].append(None if value is None else str(_cell(value)))
        action = found.action
        c["line"].append(first)
        c["expires_at"].append(expires)
        c["phase"].append(found.phase.value)
        c["days_left"].append(found.days_left)
        c["action"].append(None if action is None else action.value)
        c["group"].append(None if action is None else action.group)
        c["pre_release"].append(found.pre_release)
        c["phase_ends_at"].append(found.phase_ends_at)
        c["deadline"].append(found.deadline)
        if len(c["line"]) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.columns["line"]:
            batch = self.pa.RecordBatch.from_pydict(self.columns, schema=self.schema)
            self.writer.write_batch(batch)
            self.columns = {name: [] for name in self.schema.names}

    def close(self) -> None:
        if self.writer is not None:
            if self.batches is not None:
                self.batches.close()
            self._flush()
            self.writer.close()
            self.writer = None


class _Sorted(_Writer):
    """Holds the rows written, then writes them sorted (``--sort``)."""

    def __init__(self, inner: _Writer, key: str) -> None:
        self.inner = inner
        self.key = key
        self.rows: list[tuple[Any, ...]] = []

    def write(
        self,
        first: int,
        fields: Mapping[str, Any],
        raw: Sequence[str] | None,
        expires: datetime,
        found: Classified,
    ) -> None:
        self.rows.append((first, fields, raw, expires, found))

    def close(self) -> None:
        key = _SORT[self.key]
        self.rows.sort(key=key)
        for row in self.rows:
            self.inner.write(*row)
        self.rows = []
        self.inner.close()


_LATEST = datetime.max.replace(tzinfo=UTC)
_SORT: dict[str, Callable[[tuple[Any, ...]], Any]] = {
    "name": lambda r: (_canonical(str(r[1]["name"])), r[0]),
    "expires": lambda r: (r[3], r[0]),
    "phase": lambda r: (r[4].phase.rank, r[3], r[0]),
    "days_left": lambda r: (r[4].days_left, r[0]),
    "deadline": lambda r: (r[4].deadline or _LATEST, r[0]),
    "action": lambda r: (_ACTION_ORDER[r[4].action], r[4].deadline or _LATEST, r[0]),
}
_ACTION_ORDER: dict[ExpiryAction | None, int] = {
    ExpiryAction.REDEEM: 0,
    ExpiryAction.RENEW_NOW: 1,
    ExpiryAction.RENEW: 2,
    ExpiryAction.GONE: 3,
    None: 4,
}


@contextlib.contextmanager
def _writer(
    to: str, path: str | None, headers: Sequence[str], sort: str | None
) -> Iterator[_Writer]:
    stream: IO[str] | None = None
    sink: Any = None
    try:
        if to == "parquet":
            sink = path if path is not None else sys.stdout.buffer
            writer: _Writer = _ParquetWriter(sink)
        else:
            if path is not None:
                stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
                out: IO[str] = stream
            else:
                out = sys.stdout
            if to == "csv":
                writer = _CsvWriter(out, headers)
            elif to == "jsonl":
                writer = _JsonWriter(out)
            else:
                writer = _TableWriter(out, path is None and _is_terminal(out))
        if sort is not None:
            writer = _Sorted(writer, sort)
        yield writer
        writer.close()
    finally:
        if stream is not None:
            stream.close()


def _pyarrow_compute() -> Any:
    import pyarrow.compute as pc

    return pc


def _pyarrow(what: str) -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        error(
            f"{what} needs pyarrow, which comes with this package's optional [arrow] extra; "
            "install the extra (or pyarrow itself)"
        )
    return pa, pq


# --- reading Parquet ----------------------------------------------------------


def parquet_rows(
    path: str,
    source: str,
    *,
    classifier: PhaseClassifier | None = None,
    renew_within: int = DEFAULT_RENEW_WITHIN,
    instants: bool = True,
) -> tuple[Iterator[Row], int, str, list[str]]:
    """(rows, their number, the expiry column's name, the columns read) of a Parquet
    file, read a batch at a time (flat memory). Rows are numbered from 1.

    With ``classifier``, a batch whose names are text and whose expiries are
    timestamps with a zone is classified as a whole (:func:`domainrules.arrow.classify_batch`):
    each good row comes with its answer. A row the batch refuses (a bad name or expiry,
    a name with spaces around it, a rule set whose versions differ for its suffix) comes
    without one and is classified on its own, so that its message is the row path's.
    ``instants=False``: a batch whose rows all have their answer gives no expiry
    instants (None), for a writer that copies the cells as read (CSV, unsorted)."""
    pa, _ = _pyarrow("reading Parquet")
    parquet, handle, columns, wanted, total = _open_parquet(path, source)
    order = [f for f, _ in wanted]
    absent = dict.fromkeys(f for f in FIELDS if f not in columns)

    def rows() -> Iterator[Row]:
        number = 0
        memo: dict[Any, Classified] = {}  # one Classified per answer, across batches
        try:
            for batch in parquet.iter_batches(
                batch_size=_PARQUET_BATCH, columns=[c for _, c in wanted]
            ):
                # Cells as text for the output (cast by Arrow, not per row in Python), and
                # the expiry as a value to classify.
                texts = [_as_text(batch.column(column)).to_pylist() for _, column in wanted]
                array = batch.column(columns["expires"])
                answers: list[Classified | None] | None = None
                if pa.types.is_timestamp(array.type) and array.type.tz is not None:
                    # Instants: at the fixed offset +00:00, Arrow hands back datetimes whose
                    # tzinfo is datetime.timezone.utc itself, the library's UTC (no
                    # conversion per row).
                    utc = array.cast(pa.timestamp("us", tz="+00:00"))
                    names = batch.column(columns["name"])
                    if classifier is not None and (
                        pa.types.is_string(names.type) or pa.types.is_large_string(names.type)
                    ):
                        answers = _batch_answers(names, utc, classifier, renew_within, memo)
                    if instants or answers is None or None in answers:
                        expiries = utc.to_pylist()
                    else:  # not needed: each row has its answer, and its cells as read
                        expiries = [None] * len(utc)
                else:
                    expiries = array.to_pylist()
                rows_texts = zip(*texts, strict=True)
                if answers is None:
                    answers = [None] * len(expiries)
                for expires, raw, known in zip(expiries, rows_texts, answers, strict=True):
                    fields: dict[str, Any] = dict(zip(order, raw, strict=True))
                    fields["expires"] = expires
                    if absent:
                        fields.update(absent)
                    number += 1
                    yield number, number, fields, raw, None, known
        except (pa.ArrowException, OSError) as failure:
            error(
                f"{source}: row {number + 1} on: the Parquet file cannot be read "
                f"({type(failure).__name__})"
            )
        finally:
            handle.close()

    return rows(), total, columns["expires"], [c for _, c in wanted]


def _open_parquet(
    path: str, source: str
) -> tuple[Any, BinaryIO, dict[str, str], list[tuple[str, str]], int]:
    """(the pyarrow ParquetFile, its handle, field -> column, the (field, column) pairs
    read in FIELDS order, the number of rows); exit 2 for a file that is no Parquet or
    lacks a name or an expiry column."""
    pa, pq = _pyarrow("reading Parquet")
    handle = open_input(path)
    try:
        parquet = pq.ParquetFile(handle)
    except (pa.ArrowException, OSError, ValueError):
        handle.close()
        error(f"{source}: not a Parquet file (or a damaged one)")
    names = parquet.schema_arrow.names
    columns: dict[str, str] = {}
    for column in names:
        field = field_for_header(column)
        if field is not None and field not in columns:
            columns[field] = column
    missing = [f for f in ("name", "expires") if f not in columns]
    if missing:
        handle.close()
        error(
            f"{source}: no column for {' and '.join(missing)} among the columns "
            f"{', '.join(map(repr, names))}; accepted names: "
            + "; ".join(f"{f}: {', '.join(HEADERS[f])}" for f in missing)
        )
    wanted = [(f, columns[f]) for f in FIELDS if f in columns]
    return parquet, handle, columns, wanted, parquet.metadata.num_rows


def _as_text(array: Any) -> Any:
    """A Parquet column's cells as text, as Arrow's cast writes them."""
    pa, _ = _pyarrow("reading Parquet")
    kind = array.type
    if pa.types.is_string(kind):
        return array
    if pa.types.is_timestamp(kind) and kind.tz == "UTC":
        # The same text as the cast of the zoned values (tests check), without
        # looking up the zone for every value: the UTC wall clock, then "Z".
        wall = _pyarrow_compute().cast(array.cast(pa.timestamp(kind.unit)), pa.string())
        return _pyarrow_compute().binary_join_element_wise(wall, "Z", "")
    return _pyarrow_compute().cast(array, pa.string())


# Names with text around them that str.strip() removes: classified one by one, as the
# row path strips them first (RE2 classes: \s, the other C0 separators, NEL, \p{Z}).
_SPACED = r"^[\s\x0b\x1c-\x1f\x85\p{Z}]|[\s\x0b\x1c-\x1f\x85\p{Z}]$"


def _batch_answers(
    names: Any,
    instants: Any,
    classifier: PhaseClassifier,
    renew_within: int,
    memo: dict[Any, Classified],
) -> list[Classified | None]:
    """Each row's Classified as the batch finds it, or None for a row to be classified
    on its own (the library decides; this only turns its arrays into row values)."""
    from domainrules.arrow import answers_as_classified

    arrays = _batch_arrays(names, instants, classifier, renew_within)
    if arrays is None:
        return [None] * len(names)
    answers, fast = arrays
    return answers_as_classified(answers, exclude=~fast, memo=memo)


def _batch_arrays(
    names: Any, instants: Any, classifier: PhaseClassifier, renew_within: int
) -> tuple[Any, Any] | None:
    """(the batch's :class:`~domainrules.arrow.Answers`, which rows the batch answers as
    the row path would: a NumPy mask), or None when the batch path refuses the batch as a
    whole (each row is then classified on its own)."""
    from domainrules.arrow import classify_batch

    pc = _pyarrow_compute()
    try:
        answers = classify_batch(names, instants, classifier, renew_within=renew_within)
    except DomainRulesError:
        # Whatever the batch path refuses as a whole, the row path answers row by row.
        return None
    spaced = pc.fill_null(pc.match_substring_regex(names, _SPACED), True)
    return answers, answers.good & ~spaced.to_numpy(zero_copy_only=False)
