"""Reading a registrar export for ``domainrules portfolio``: CSV, JSON Lines, Parquet.

The file is read one physical line at a time with a bounded read (``readline`` with a
limit), so memory stays flat whatever the file holds: a line longer than
:data:`MAX_LINE_BYTES` is a bad row, skipped without ever being held whole. Each line
is decoded on its own, so bytes that are not in the file's encoding spoil one line,
not the run. A CSV row may run over several lines only inside a quoted cell, and only
when the result has exactly the header's number of cells; otherwise its first line is
the bad row and the lines after it are read again as rows, so a stray quote never
swallows good rows. A Parquet file is read a record batch at a time; a batch whose
names are text and whose expiries are timestamps with a zone is classified as a whole
by the Arrow path (:func:`domainrules.arrow.classify_batch`).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, BinaryIO

import pendulum

from domainrules.actions import (
    DEFAULT_RENEW_WITHIN,
)
from domainrules.bulk import Classified, PhaseClassifier
from domainrules.cli._json import JsonProblem, loads
from domainrules.cli._output import (
    error,
    open_input,
)
from domainrules.errors import DomainRulesError, NaiveDatetimeError
from domainrules.instants import EARLIEST_YEAR, LATEST_YEAR, to_utc, wall_clock_instant

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


def field_for_header(header: str) -> str | None:
    """The export field a column header names, or None.

    >>> field_for_header("Expiration Date"), field_for_header("domain"), field_for_header("Notes")
    ('expires', 'name', None)
    """
    return _BY_HEADER.get(_PUNCTUATION.sub("", header.strip().lower()))


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


def _byte_lines(
    binary: BinaryIO, encoding: str, *, start: int = 0, at_start: bool = True
) -> Iterator[Line]:
    """The lines of ``binary``, numbered from ``start`` + 1; ``at_start``: the file's
    first line comes first (it may begin with a byte-order mark)."""
    name = codecs.lookup(encoding).name
    # A byte-order mark can only start the file.
    rest = "utf-8" if name == "utf-8-sig" else name
    readline = binary.readline
    limit = MAX_LINE_BYTES
    number = start
    codec = name if at_start else rest
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

    return headers, _csv_body(lines, pushed, width, wanted), headers[columns["expires"]]


def _csv_body(
    lines: Iterator[Line],
    pushed: list[Line],
    width: int,
    wanted: Sequence[tuple[str, int | None]],
) -> Iterator[Row]:
    """The rows of a CSV file after its header row: ``pushed`` holds lines given back
    to be read again (the next one last), ``width`` is the header's number of cells
    and ``wanted`` each field's cell (or None)."""

    def take() -> Line | None:
        return pushed.pop() if pushed else next(lines, None)

    give_back = pushed.append
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


#: Rows read from a Parquet file at a time (both paths: the same batches).
_PARQUET_BATCH = 16_384


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
