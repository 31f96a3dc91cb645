"""Writing the rows ``domainrules portfolio`` classified: a table, CSV, JSON Lines, Parquet.

Each writer takes one classified row at a time (the row path); the CSV, JSON Lines and
Parquet writers also take whole record batches from the columnar path
(:mod:`domainrules.cli._portfolio_columns`), written the same, byte for byte.
"""

from __future__ import annotations

import contextlib
import csv
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any, Generic, TypeVar

from domainrules.actions import (
    ExpiryAction,
)
from domainrules.bulk import Classified
from domainrules.cli._output import (
    display_width,
    ensure_ascii,
)
from domainrules.cli._portfolio_findings import _canonical
from domainrules.cli._portfolio_read import FIELDS, _pyarrow
from domainrules.instants import UTC

#: Columns added to each row (instants in UTC, ISO 8601; empty where there is none).
ADDED = ("phase", "days_left", "action", "group", "pre_release", "phase_ends_at", "deadline")

#: The ``pre_release`` cell of a row that the registrar may have put on its
#: pre-release (auction) list; empty otherwise.
PRE_RELEASE_POSSIBLE = "possible"


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False


_PRE_RELEASE_CELL = {True: PRE_RELEASE_POSSIBLE, False: ""}


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


_T = TypeVar("_T")


class PerAnswer(Generic[_T]):
    """What a writer makes of one Classified, made once: the classifier hands back one
    Classified per (family, expiry), so a run has few of them. Bounded: cleared when
    it holds ``limit`` of them."""

    def __init__(self, make: Callable[[Classified], _T], limit: int = 1 << 16) -> None:
        self.make = make
        self.limit = limit
        # id -> (the Classified, kept alive so that the id stays its own; what was made)
        self.made: dict[int, tuple[Classified, _T]] = {}

    def __call__(self, found: Classified) -> _T:
        cached = self.made.get(id(found))
        if cached is not None and cached[0] is found:
            return cached[1]
        value = self.make(found)
        if len(self.made) >= self.limit:
            self.made.clear()
        self.made[id(found)] = (found, value)
        return value


class CsvRows:
    """``csv.writer`` as every CSV output here is written (``\\n`` ends a line).

    Python 3.10's writer cannot write a NUL (it asks for an escape character); later
    ones write it as it is. Such a row is written here as they write it, so the bytes
    are the same on every version, never an internal error.
    """

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> None:
        cells = list(row)
        try:
            self.writer.writerow(cells)
        except csv.Error:
            self.out.write(",".join(map(_minimal, cells)) + "\n")


def _minimal(cell: Any) -> str:
    """One cell as Python 3.10's ``csv.QUOTE_MINIMAL`` writes it (3.13's also quotes a
    ``\\r``; this is only used where 3.10's writer gives up)."""
    text = "" if cell is None else str(cell)
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


class _CsvWriter(_Writer):
    def __init__(self, out: IO[str], headers: Sequence[str]) -> None:
        self.writer = CsvRows(out)
        self.writer.writerow([*headers, *ADDED])
        self.out = out
        self.cells = PerAnswer(_added_cells)

    def write(
        self,
        first: int,
        fields: Mapping[str, Any],
        raw: Sequence[str] | None,
        expires: datetime,
        found: Classified,
    ) -> None:
        added = self.cells(found)
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
        # The added fields are one JSON text per Classified: encoded once, joined to
        # each row's own fields.
        self.tails = PerAnswer(self._tail)

    def _tail(self, found: Classified) -> str:
        action = found.action
        return self.dumps(
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

    def write(
        self,
        first: int,
        fields: Mapping[str, Any],
        raw: Sequence[str] | None,
        expires: datetime,
        found: Classified,
    ) -> None:
        tail = self.tails(found)
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
    to: str, path: str | None, headers: Sequence[str], sort: str | None, terminal: bool = False
) -> Iterator[_Writer]:
    """The writer for ``--to``, to ``path`` or stdout; ``terminal``: a table is written
    for a terminal (its width; the caller knows, run() asks)."""
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
                writer = _TableWriter(out, terminal)
        if sort is not None:
            writer = _Sorted(writer, sort)
        yield writer
        writer.close()
    finally:
        if stream is not None:
            stream.close()
