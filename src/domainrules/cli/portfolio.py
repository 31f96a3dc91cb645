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

Each row costs one :class:`~domainrules.bulk.PhaseClassifier` call; the next action is
the library's rule (:func:`domainrules.actions.action_for`). A row in redemption is also
checked against its family's pre-release rule, looked up once per suffix
(:meth:`~domainrules.lifecycle.Lifecycle.may_be_pre_released_at`, without a Lifecycle).
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import IO, Any, BinaryIO

import pendulum

from domainrules.actions import (
    DEFAULT_RENEW_WITHIN,
    MAX_RENEW_WITHIN,
    TO_BE_REDEEMED,
    TO_BE_RENEWED,
    action_for,
)
from domainrules.bulk import PhaseClassifier, PreReleaseCheck
from domainrules.cli._json import JsonProblem, loads
from domainrules.cli._output import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_rules_option,
    count_option,
    ensure_ascii,
    error,
    instant_option,
    one_line,
    rule_set,
    table,
)
from domainrules.errors import DomainRulesError, NaiveDatetimeError
from domainrules.instants import UTC, to_utc
from domainrules.lifecycle import Phase

__all__ = [
    "FIELDS",
    "HEADERS",
    "MAX_LINE_BYTES",
    "MAX_ROW_LINES",
    "PRE_RELEASE_POSSIBLE",
    "field_for_header",
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

#: Columns added to each row.
ADDED = ("phase", "days_left", "action", "group", "pre_release")
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
        description=HELP + ". Writes the rows back with phase, days_left, action, group and "
        "pre_release added: CSV on stdout with a summary on stderr, or JSON lines ending with a summary. "
        "A bad row is reported on stderr with its line number and skipped; the exit status "
        f"is then 2. Lines longer than {MAX_LINE_BYTES:,} bytes are bad rows.",
    )
    parser.add_argument("file", metavar="FILE", help="the export (CSV, or JSON Lines); - for stdin")
    parser.add_argument(
        "--format",
        choices=("csv", "json"),
        help="the file's format (default: from the extension; .json, .jsonl, .ndjson are "
        "JSON Lines, one object a line)",
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
        type=count_option(MAX_RENEW_WITHIN),
        default=DEFAULT_RENEW_WITHIN,
        help=f"an active domain expiring within DAYS is to be renewed (default "
        f"{DEFAULT_RENEW_WITHIN}, ICANN's one-month reminder; at most {MAX_RENEW_WITHIN})",
    )
    parser.add_argument("--strict", action="store_true", help="stop at the first bad row (exit 2)")
    parser.add_argument("--encoding", default="utf-8-sig", help="the file's text encoding")
    parser.add_argument(
        "--json", action="store_true", help="write JSON lines, the last one a summary"
    )
    add_rules_option(parser)
    parser.set_defaults(run=run)


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


def parse_expiry(text: str, zone: tzinfo | None) -> datetime:
    """An export's expiration value as a UTC instant; raise ValueError with a message.

    The library's one instant parser (:func:`~domainrules.instants.to_utc`) reads it:
    ISO 8601 with an offset always; a date-time without one, or a bare date, only with
    ``zone`` (a bare date is the start of that day in ``zone``: the earliest reading,
    so that no deadline is reported later than it may be).

    >>> parse_expiry("2025-03-01T06:00:00+08:00", None).isoformat()
    '2025-02-28T22:00:00+00:00'
    >>> parse_expiry("2025-03-01", timezone(timedelta(hours=8))).isoformat()
    '2025-02-28T16:00:00+00:00'
    >>> parse_expiry("2025-03-01 06:00", None)
    Traceback (most recent call last):
    ...
    ValueError: '2025-03-01 06:00' has no UTC offset; say which zone the export's dates are in with --zone
    """
    value = text.strip()
    try:
        return to_utc(value, "expires")
    except NaiveDatetimeError:
        if zone is None:
            raise ValueError(
                f"{text!r} has no UTC offset; say which zone the export's dates are in with --zone"
            ) from None
    except DomainRulesError as failure:
        raise ValueError(f"{text!r} is not an ISO 8601 date or date-time ({failure})") from None
    # Wall-clock text: read its fields with the same parser as if at UTC, then put
    # them in the export's zone.
    for suffix in ("Z", "T00:00:00Z"):
        try:
            wall = to_utc(value + suffix, "expires")
        except DomainRulesError:
            continue
        try:
            return to_utc(wall.replace(tzinfo=zone), "expires")
        except DomainRulesError as failure:
            raise ValueError(f"{text!r} in {zone}: {failure}") from None
    raise ValueError(f"{text!r} is not an ISO 8601 date or date-time")


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
#: what is wrong or None)
Row = tuple[int, int, Mapping[str, str | None], Sequence[str] | None, str | None]
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


def _csv_rows(lines: Iterator[Line], source: str) -> tuple[list[str], Iterator[Row]]:
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
                yield number, number, _NO_FIELDS, None, problem
                continue
            body = _body(text)
            if '"' in body or "\r" in body:
                first, last, cells, problem = _quoted_row(line, take, give_back, width)
                if cells is None:
                    yield first, last, _NO_FIELDS, None, problem
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
                yield first, last, _NO_FIELDS, None, f"{len(cells)} cells, expected {width}"
            else:
                fields = {f: (cells[i] if i is not None else None) for f, i in wanted}
                yield first, last, fields, cells, None

    return headers, rows()


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
            yield number, number, _NO_FIELDS, None, problem
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
            where = f"column {failure.column}"
            yield number, number, _NO_FIELDS, None, f"not JSON ({failure.message}, {where})"
            continue
        if not isinstance(value, dict):
            kind = type(value).__name__
            yield number, number, _NO_FIELDS, None, f"expected a JSON object, not {kind}"
            continue
        fields: dict[str, str | None] = dict.fromkeys(FIELDS)
        for key, item in value.items():
            field = field_for_header(key)
            if field is not None and fields[field] is None and item is not None:
                fields[field] = item if isinstance(item, str) else _scalar(item)
        yield number, number, fields, None, None


def _scalar(item: Any) -> str:
    # Numbers and booleans as JSON spells them; objects and arrays are no field value,
    # but are shown rather than guessed at (the row is then bad, with this text).
    if isinstance(item, (dict, list)):
        return "<" + type(item).__name__ + ">"
    return str(item).lower() if isinstance(item, bool) else str(item)


# --- the run ------------------------------------------------------------------


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


def _format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    lower = args.file.lower()
    if lower.endswith((".json", ".jsonl", ".ndjson")):
        return "json"
    if lower.endswith((".csv", ".txt")) or args.file == "-":
        return "csv"
    error(f"{args.file}: cannot tell the format from the name; pass --format csv or --format json")


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


def run(args: argparse.Namespace) -> int:
    rules = rule_set(args.rules)
    at = instant_option(args.at, "--at")
    zone = zone_option(args.zone) if args.zone is not None else None
    fmt = _format(args)
    encoding = _encoding(args.encoding)
    source = "<stdin>" if args.file == "-" else args.file
    out = sys.stdout
    with open(args.file, "rb") if args.file != "-" else _stdin() as binary:
        lines = _lines(binary, encoding)
        if fmt == "csv":
            headers, rows = _csv_rows(lines, source)
        else:
            headers, rows = list(FIELDS), _json_rows(lines, source)
        writer = None
        if not args.json:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow([*headers, *ADDED])
        phases, groups, good, bad = _classify_all(
            rows,
            PhaseClassifier(at, rules=rules),
            PreReleaseCheck(at, rules=rules),
            at,
            zone,
            args,
            source,
            out,
            writer,
        )
    summary = {
        "at": at.isoformat(),
        "rules": rules.name,
        "rows": good,
        "bad_rows": bad,
        "phases": {phase.value: phases[phase] for phase in Phase},
        "groups": {TO_BE_RENEWED: groups[TO_BE_RENEWED], TO_BE_REDEEMED: groups[TO_BE_REDEEMED]},
    }
    if args.json:
        out.write(json.dumps({"summary": summary}, ensure_ascii=ensure_ascii(out)) + "\n")
        out.flush()
    else:
        out.flush()
        table_lines: list[tuple[str, int]] = [(phase.value, phases[phase]) for phase in Phase]
        table_lines += [(g, groups[g]) for g in (TO_BE_RENEWED, TO_BE_REDEEMED)]
        table_lines.append(("bad rows", bad))
        sys.stderr.write(
            f"{source}: {good} rows at {at.isoformat()} ({rules.name})\n"
            + table(["phase / group", "domains"], table_lines)
            + "\n"
        )
    if bad:
        sys.stderr.write(f"{source}: {bad} bad rows skipped (reported above)\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _stdin() -> BinaryIO:
    # Not closed at the end of the run: the interpreter owns it.
    return open(sys.stdin.fileno(), "rb", closefd=False)


def _classify_all(
    rows: Iterator[Row],
    classify: PhaseClassifier,
    pre_release_check: PreReleaseCheck,
    at: datetime,
    zone: tzinfo | None,
    args: argparse.Namespace,
    source: str,
    out: IO[str],
    writer: Any,
) -> tuple[Counter[Phase], Counter[str], int, int]:
    renew_within = args.renew_within
    # One encoder for the run: json.dumps with a non-default option builds one per call.
    dumps = json.JSONEncoder(ensure_ascii=ensure_ascii(out)).encode
    phases: Counter[Phase] = Counter()
    groups: Counter[str] = Counter()
    good = bad = 0
    progress = _Progress()
    for first, last, fields, raw, problem in rows:
        if problem is None:
            problem, expires, phase = _check(fields, classify, zone)
        if problem is not None:
            bad += 1
            progress.clear()
            where = f"{first}" if first == last else f"{first}-{last}"
            sys.stderr.write(one_line(f"{source}:{where}: {problem}") + "\n")
            if args.strict:
                out.flush()
                error(f"{source}: stopped at the first bad row (--strict)")
            continue
        days_left = (expires - at) // _DAY
        next_action = action_for(phase, days_left, renew_within=renew_within)
        action = group = ""
        if next_action is not None:
            action = next_action.value
            group = next_action.group or ""
            if group:
                groups[group] += 1
        # Only a domain in redemption can be listed: the other rows cost nothing more.
        pre_release = phase is Phase.REDEMPTION and pre_release_check(fields["name"], expires)
        phases[phase] += 1
        good += 1
        if writer is None:
            record = {"line": first, **fields, "expires_at": expires.isoformat()}
            record.update(
                phase=phase.value,
                days_left=days_left,
                action=action,
                group=group,
                pre_release=pre_release,
            )
            out.write(dumps(record) + "\n")
        else:
            added = (phase.value, days_left, action, group, _PRE_RELEASE_CELL[pre_release])
            if raw is not None:
                writer.writerow([*raw, *added])
            else:
                writer.writerow([*(fields[f] for f in FIELDS), *added])
        if progress.enabled and not good & 0x3FFF:
            progress.tick(good)
    progress.done()
    return phases, groups, good, bad


_UNSET = datetime.min.replace(tzinfo=UTC)
_PRE_RELEASE_CELL = {True: PRE_RELEASE_POSSIBLE, False: ""}


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
    except (UnicodeError, ValueError) as failure:
        # A name the library's checks let through to a codec (a lone surrogate, say):
        # the row's own text is at fault, so it is a bad row, and the run goes on.
        return f"{name!r}: not a domain name ({failure})", _UNSET, Phase.ACTIVE
