"""``portfolio`` a batch of rows at a time, columns in, columns out.

The row path (``_portfolio_rows``) turns every row into Python values and back; on a
large export that costs far more than the rules themselves. Here rows come in pieces
(:class:`Piece`: a Parquet record batch, or a run of CSV lines split by Arrow), each
piece is classified by the Arrow path (:func:`domainrules.arrow.classify_batch`), the
rows it refuses are classified one by one exactly as the row path does (the same
``_RowClassifier``), and everything after that is done on whole columns: the counts,
the findings (duplicate names, status cells that contradict the phase), ``--only``,
``--due-within``, ``--sort``, ``--strict``, and the writing of CSV, JSON Lines and
Parquet.

What is written, and every line on stderr, is what the row path writes for the same
file and options, byte for byte (tests/cli/test_portfolio_columns.py and
test_portfolio_columns_csv.py hold the two paths to that); where a cell needs what only
Python's own writer does (quoting in CSV, escaping in JSON), that cell's row is written
by it.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from domainrules.actions import ExpiryAction
from domainrules.bulk import Classified, phases_for_status
from domainrules.cli import _portfolio_read as read
from domainrules.cli._output import error
from domainrules.cli._portfolio_findings import SHOWN, _canonical, _kind, _Problems
from domainrules.cli._portfolio_read import FIELDS, _as_text
from domainrules.cli._portfolio_rows import _Options, _Result, _RowClassifier
from domainrules.cli._portfolio_write import (
    _ACTION_ORDER,
    PRE_RELEASE_POSSIBLE,
    CsvRows,
    _cell,
    _CsvWriter,
    _JsonWriter,
    _ParquetWriter,
    _Writer,
)
from domainrules.instants import UTC
from domainrules.lifecycle import ACTION_PHASES, Phase

if TYPE_CHECKING:
    from domainrules.cli.portfolio import _Progress

_PHASES = list(Phase)
_ACTIONS = list(ExpiryAction)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_PHASE_TEXT = pa.array([p.value for p in _PHASES], pa.string())
# Indexed by action code + 1 (code -1: no action).
_ACTION_TEXT = pa.array([""] + [a.value for a in _ACTIONS], pa.string())
_GROUP_TEXT = pa.array([""] + [a.group or "" for a in _ACTIONS], pa.string())
_GROUP_BY_CODE = [""] + [a.group or "" for a in _ACTIONS]
_ACTION_PHASE = np.array([p in ACTION_PHASES for p in _PHASES], dtype=bool)
_BATCH_ROWS = 16_384  # the row path's batch size: the same batches, the same errors


def _us(instant: datetime) -> int:
    return (instant - _EPOCH) // _US


def _python_csv_quotes() -> str:
    """The characters that make Python's csv.writer (as the row path sets it up) quote
    a cell: asked of the writer itself, as it differs between Python versions."""
    special = {"\r", "\n"}
    for code in range(256):
        buffer = io.StringIO()
        CsvRows(buffer).writerow(["a" + chr(code) + "b", "c"])
        if buffer.getvalue() != f"a{chr(code)}b,c\n":
            special.add(chr(code))
    return "[" + "".join(re.escape(c) for c in sorted(special)) + "]"


_CSV_SPECIAL = _python_csv_quotes()
# Text that json.dumps writes as itself between quotes.
_JSON_PLAIN_ASCII = r"^[\x20\x21\x23-\x5b\x5d-\x7e]*$"
_JSON_PLAIN = r'^[^\x00-\x1f"\\]*$'


def iso_texts(us: np.ndarray, valid: np.ndarray) -> pa.Array:
    """``datetime.isoformat()`` of each UTC instant (µs since 1970), null where not
    valid: the fraction only when there is one, then ``+00:00``.

    >>> iso_texts(np.array([0, 1_500_000]), np.array([True, True])).to_pylist()
    ['1970-01-01T00:00:00+00:00', '1970-01-01T00:00:01.500000+00:00']
    """
    # Arrow's cast to text writes "1970-01-01 00:00:00" for whole seconds, with
    # ".ffffff" for microseconds: the space becomes the "T" (strftime is far slower).
    seconds = pa.array(np.floor_divide(us, 1_000_000), pa.timestamp("s"), mask=~valid)
    text = pc.binary_replace_slice(pc.cast(seconds, pa.string()), 10, 11, "T")
    fraction = (us % 1_000_000 != 0) & valid
    if fraction.any():
        stamps = pa.array(us, pa.timestamp("us"), mask=~valid)
        exact = pc.binary_replace_slice(pc.cast(stamps, pa.string()), 10, 11, "T")
        text = pc.if_else(pa.array(fraction), exact, text)
    return pc.binary_join_element_wise(text, "+00:00", "")


class SeenKeys:
    """The names seen so far (64-bit keys, each with the line it was first on), for
    whole batches: sorted runs merged like a binary counter, so that a batch costs a
    few binary searches and the store 16 bytes a name. Keys are the row path's
    (``_Seen``): two names with one 64-bit hash are taken for one."""

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, keys: np.ndarray, lines: np.ndarray) -> np.ndarray:
        """For each key (in row order) the line it was first seen on, or 0 where it is
        new; then remember the new ones."""
        earlier = np.zeros(len(keys), dtype=np.uint64)
        if not len(keys):
            return earlier
        distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        before = np.zeros(len(distinct), dtype=np.uint64)
        for run_keys, run_lines in self.runs:
            at = np.searchsorted(run_keys, distinct)
            inside = at < len(run_keys)
            hit = np.zeros(len(distinct), dtype=bool)
            hit[inside] = run_keys[at[inside]] == distinct[inside]
            before[hit] = run_lines[at[hit]]
        first_line = lines[first].astype(np.uint64)
        earlier = np.where(before[inverse] > 0, before[inverse], first_line[inverse])
        earlier[first[before == 0]] = 0  # the first of a new name is no duplicate
        new = before == 0
        self._store(distinct[new], first_line[new])
        return earlier

    def _store(self, keys: np.ndarray, lines: np.ndarray) -> None:
        if not len(keys):
            return
        while self.runs and len(self.runs[-1][0]) <= len(keys):
            run_keys, run_lines = self.runs.pop()
            keys = np.concatenate([run_keys, keys])
            lines = np.concatenate([run_lines, lines])
            order = np.argsort(keys, kind="stable")
            keys, lines = keys[order], lines[order]
        self.runs.append((keys, lines))


class Columns:
    """The rows of one batch to be written (already filtered), as columns."""

    def __init__(
        self,
        *,
        lines: np.ndarray,
        texts: dict[str, pa.Array],
        raw: list[pa.Array],
        expires_from: str,
        expires_cells: list[Any] | None,
        expires: np.ndarray,
        rank: np.ndarray,
        days: np.ndarray,
        action: np.ndarray,
        ends: np.ndarray,
        ends_valid: np.ndarray,
        deadline: np.ndarray,
        deadline_valid: np.ndarray,
        pre_release: np.ndarray,
    ) -> None:
        self.lines = lines
        self.texts = texts  # field -> the cells as read, as text (the fields read only)
        self.raw = raw  # the cells a CSV row is written with (Piece.raw)
        self.expires_from = expires_from  # Piece.expires
        # The expiry cells as the row path writes them (a column other than
        # timestamps with a zone: its values, dates as ISO 8601), or None: the cell is
        # then the instant.
        self.expires_cells = expires_cells
        self.expires = expires
        self.rank = rank
        self.days = days
        self.action = action
        self.ends = ends
        self.ends_valid = ends_valid
        self.deadline = deadline
        self.deadline_valid = deadline_valid
        self.pre_release = pre_release

    def __len__(self) -> int:
        return len(self.lines)

    _ARRAYS = (
        "lines",
        "expires",
        "rank",
        "days",
        "action",
        "ends",
        "ends_valid",
        "deadline",
        "deadline_valid",
        "pre_release",
    )

    def take(self, rows: np.ndarray) -> Columns:
        chosen = pa.array(rows)
        cells = self.expires_cells
        return Columns(
            texts={f: t.take(chosen) for f, t in self.texts.items()},
            raw=[t.take(chosen) for t in self.raw],
            expires_from=self.expires_from,
            expires_cells=None if cells is None else [cells[r] for r in rows.tolist()],
            **{name: getattr(self, name)[rows] for name in self._ARRAYS},
        )

    @staticmethod
    def concat(parts: Sequence[Columns]) -> Columns:
        first = parts[0]
        cells = first.expires_cells
        return Columns(
            texts={f: pa.concat_arrays([p.texts[f] for p in parts]) for f in first.texts},
            raw=[pa.concat_arrays([p.raw[i] for p in parts]) for i in range(len(first.raw))],
            expires_from=first.expires_from,
            expires_cells=None
            if cells is None
            else [c for p in parts for c in p.expires_cells or ()],
            **{name: np.concatenate([getattr(p, name) for p in parts]) for name in Columns._ARRAYS},
        )

    def sort_order(self, key: str, canonical: Callable[[str], str]) -> np.ndarray:
        """The order ``--sort key`` writes the rows in: the row path's keys
        (``_portfolio_write._SORT``), the line last (so no two rows tie)."""
        line = self.lines
        latest = np.iinfo(np.int64).max  # no deadline: after every deadline
        deadline = np.where(self.deadline_valid, self.deadline, latest)
        if key == "name":
            names = self.texts["name"]
            # Plain LDH names written in lower or upper case: the canonical name is the
            # lower-case text (canonical_name's own fast path); any other, asked of it.
            plain = pc.and_(
                pc.match_substring_regex(names, r"^[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]$"),
                pc.invert(pc.match_substring(names, "--")),
            ).to_numpy(zero_copy_only=False)
            keys = pc.ascii_lower(names).to_pylist()
            odd = np.flatnonzero(~plain).tolist()
            if odd:
                texts = names.take(pa.array(odd, pa.int64())).to_pylist()
                for index, text in zip(odd, texts, strict=True):
                    keys[index] = canonical(str(text))
            table = pa.table({"key": pa.array(keys, pa.string()), "line": pa.array(line)})
            order: np.ndarray = pc.sort_indices(
                table, sort_keys=[("key", "ascending"), ("line", "ascending")]
            ).to_numpy()
            return order
        columns = {
            "expires": (self.expires,),
            "phase": (self.rank, self.expires),
            "days_left": (self.days,),
            "deadline": (deadline,),
            "action": (_URGENCY[self.action + 1], deadline),
        }[key]
        # np.lexsort sorts by its last key first.
        order = np.lexsort((line, *reversed(columns)))
        return order

    def phase(self) -> pa.Array:
        return _PHASE_TEXT.take(pa.array(self.rank))

    def action_text(self) -> pa.Array:
        return _ACTION_TEXT.take(pa.array(self.action + 1))

    def group_text(self) -> pa.Array:
        return _GROUP_TEXT.take(pa.array(self.action + 1))


def csv_text(columns: Columns, pre_release_cell: str) -> str:
    """The CSV lines of ``columns``: the cells read, then the added ones."""
    n = len(columns)
    texts = [pc.fill_null(cells, "") for cells in columns.raw]
    added = [
        columns.phase(),
        pc.cast(pa.array(columns.days), pa.string()),
        columns.action_text(),
        columns.group_text(),
        pc.if_else(pa.array(columns.pre_release), pre_release_cell, ""),
        pc.fill_null(iso_texts(columns.ends, columns.ends_valid), ""),
        pc.fill_null(iso_texts(columns.deadline, columns.deadline_valid), ""),
    ]
    lines = pc.binary_join_element_wise(*texts, *added, ",")
    special = np.zeros(n, dtype=bool)
    for text in texts:
        special |= pc.match_substring_regex(text, _CSV_SPECIAL).to_numpy(zero_copy_only=False)
    if special.any():
        rows = np.flatnonzero(special)
        chosen = pa.array(rows)
        buffer = io.StringIO()
        writer = CsvRows(buffer)
        cells = [raw.take(chosen).to_pylist() for raw in columns.raw]
        cells += [c.take(chosen).to_pylist() for c in added]
        quoted = []
        for row in zip(*cells, strict=True):
            writer.writerow(row)
            quoted.append(buffer.getvalue()[:-1])
            buffer.seek(0)
            buffer.truncate()
        lines = pc.replace_with_mask(lines, pa.array(special), pa.array(quoted, pa.string()))
    return "".join(pc.binary_join_element_wise(lines, "", "\n").to_pylist())


def _json_cells(values: pa.Array, dumps: Callable[[Any], str], ascii_only: bool) -> pa.Array:
    """Each text as JSON: a null as null, plain text between quotes, the rest as
    ``dumps`` writes it (escapes)."""
    plain = pc.fill_null(
        pc.match_substring_regex(values, _JSON_PLAIN_ASCII if ascii_only else _JSON_PLAIN), True
    )
    cells = pc.binary_join_element_wise('"', values, '"', "")
    rows = np.flatnonzero(~plain.to_numpy(zero_copy_only=False))
    if len(rows):
        escaped = [dumps(v) for v in values.take(pa.array(rows)).to_pylist()]
        mask = np.zeros(len(values), dtype=bool)
        mask[rows] = True
        cells = pc.replace_with_mask(cells, pa.array(mask), pa.array(escaped, pa.string()))
    return pc.fill_null(cells, "null")


def jsonl_text(
    columns: Columns, fields: Sequence[str], dumps: Callable[[Any], str], ascii_only: bool
) -> str:
    """The JSON Lines of ``columns``, as the row path's JSON writer writes them."""
    n = len(columns)
    instants = iso_texts(columns.expires, np.ones(n, dtype=bool))
    quoted_instants = pc.binary_join_element_wise('"', instants, '"', "")
    parts: list[Any] = ['{"line": ', pc.cast(pa.array(columns.lines), pa.string())]
    for field in fields:
        parts.append(f', "{field}": ')
        if field == "expires" and columns.expires_from != "text":
            if columns.expires_cells is None:
                parts.append(quoted_instants)
            else:
                parts.append(pa.array([dumps(v) for v in columns.expires_cells], pa.string()))
        elif field in columns.texts:
            parts.append(_json_cells(columns.texts[field], dumps, ascii_only))
        else:
            parts.append("null")
    ends = pc.fill_null(
        pc.binary_join_element_wise('"', iso_texts(columns.ends, columns.ends_valid), '"', ""),
        "null",
    )
    deadline = pc.fill_null(
        pc.binary_join_element_wise(
            '"', iso_texts(columns.deadline, columns.deadline_valid), '"', ""
        ),
        "null",
    )
    parts += [
        ', "expires_at": ',
        quoted_instants,
        ', "phase": "',
        columns.phase(),
        '", "days_left": ',
        pc.cast(pa.array(columns.days), pa.string()),
        ', "action": "',
        columns.action_text(),
        '", "group": "',
        columns.group_text(),
        '", "pre_release": ',
        pc.if_else(pa.array(columns.pre_release), "true", "false"),
        ', "phase_ends_at": ',
        ends,
        ', "deadline": ',
        deadline,
        "}\n",
    ]
    joined = pc.binary_join_element_wise(*parts, "")
    return "".join(joined.to_pylist())


def parquet_batch(columns: Columns, fields: Sequence[str], schema: pa.Schema) -> pa.RecordBatch:
    """The rows as the row path's Parquet writer writes them (``schema`` is its)."""
    n = len(columns)
    stamp = pa.timestamp("us", tz="UTC")
    arrays: dict[str, pa.Array] = {}
    for field in fields:
        if field == "expires" and columns.expires_from != "text":
            if columns.expires_cells is None:
                arrays[field] = iso_texts(columns.expires, np.ones(n, dtype=bool))
            else:
                arrays[field] = pa.array(
                    [None if v is None else str(v) for v in columns.expires_cells],
                    pa.string(),
                )
        elif field in columns.texts:
            arrays[field] = columns.texts[field]
        else:
            arrays[field] = pa.nulls(n, pa.string())
    no_action = columns.action < 0
    group = columns.group_text()
    arrays.update(
        line=pa.array(columns.lines, pa.int64()),
        expires_at=pa.array(columns.expires, stamp),
        phase=columns.phase(),
        days_left=pa.array(columns.days, pa.int64()),
        action=pc.if_else(pa.array(no_action), pa.scalar(None, pa.string()), columns.action_text()),
        group=pc.if_else(
            pa.array(no_action | ~pc.not_equal(group, "").to_numpy(zero_copy_only=False)),
            pa.scalar(None, pa.string()),
            group,
        ),
        pre_release=pa.array(columns.pre_release, pa.bool_()),
        phase_ends_at=pa.array(columns.ends, stamp, mask=~columns.ends_valid),
        deadline=pa.array(columns.deadline, stamp, mask=~columns.deadline_valid),
    )
    return pa.RecordBatch.from_arrays(
        [arrays[name].cast(schema.field(name).type) for name in schema.names], schema=schema
    )


class ParquetSink:
    """Record batches of exactly the row path's size (its writer writes one row group
    per ``BATCH`` rows), so that the files are the same byte for byte."""

    def __init__(self, writer: Any, size: int) -> None:
        self.writer = writer
        self.size = size
        self.pending: list[pa.RecordBatch] = []
        self.count = 0

    def add(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self.pending.append(batch)
            self.count += batch.num_rows
        while self.count >= self.size:
            table = pa.Table.from_batches(self.pending)
            head = table.slice(0, self.size).combine_chunks().to_batches()
            self.writer.write_batch(pa.concat_batches(head) if len(head) != 1 else head[0])
            rest = table.slice(self.size)
            self.pending = rest.combine_chunks().to_batches() if rest.num_rows else []
            self.count -= self.size

    def close(self) -> None:
        if self.count:
            table = pa.Table.from_batches(self.pending).combine_chunks()
            batches = table.to_batches()
            self.writer.write_batch(batches[0] if len(batches) == 1 else pa.concat_batches(batches))
            self.pending, self.count = [], 0


# --- the findings -----------------------------------------------------------------


class StatusCheck:
    """Which status cells contradict the computed phase: per distinct cell, the phases
    it allows (:func:`domainrules.bulk.phases_for_status`), looked up once."""

    def __init__(self) -> None:
        self.allowed: dict[str, np.ndarray | None] = {}

    def table(self, values: Sequence[str | None]) -> np.ndarray:
        """A (distinct cell × phase) matrix: True where the cell contradicts the phase."""
        matrix = np.zeros((len(values), len(_PHASES)), dtype=bool)
        for index, status in enumerate(values):
            if not status:
                continue
            allowed = self.allowed.get(status, _MISSING)
            if allowed is _MISSING:
                if len(self.allowed) >= 1024:
                    self.allowed.clear()
                said = phases_for_status(status)
                allowed = self.allowed[status] = (
                    None if said is None else np.array([p in said for p in _PHASES], dtype=bool)
                )
            if allowed is not None:
                matrix[index] = ~allowed
        return matrix


_MISSING: Any = object()


def classified_arrays(found: Classified) -> tuple[int, int, int, int, bool, int, bool, bool]:
    """(rank, days left, action code, phase end µs, valid, deadline µs, valid, pre-release)
    of one row's Classified."""
    ends, deadline = found.phase_ends_at, found.deadline
    return (
        found.phase.rank,
        found.days_left,
        -1 if found.action is None else _ACTIONS.index(found.action),
        0 if ends is None else _us(ends),
        ends is not None,
        0 if deadline is None else _us(deadline),
        deadline is not None,
        found.pre_release,
    )


def has_deadline(rank: np.ndarray, ends_valid: np.ndarray) -> np.ndarray:
    """Where the batch path's answer has a deadline: the phase's end, while the phase
    is one whose action keeps the domain (answers_as_classified's rule)."""
    valid: np.ndarray = ends_valid & _ACTION_PHASE[rank]
    return valid


def group_counts(action: np.ndarray) -> Counter[str]:
    counts = np.bincount(action + 1, minlength=len(_GROUP_BY_CODE))
    result: Counter[str] = Counter()
    for code, count in enumerate(counts.tolist()):
        group = _GROUP_BY_CODE[code]
        if group and count:
            result[group] += count
    return result


#: --sort action: the most urgent first (the row path's order), by action code + 1.
_URGENCY = np.array([_ACTION_ORDER[None]] + [_ACTION_ORDER[a] for a in _ACTIONS], dtype=np.int64)
_HAS_GROUP = np.array([bool(g) for g in _GROUP_BY_CODE], dtype=bool)


def has_group(action: np.ndarray) -> np.ndarray:
    grouped: np.ndarray = _HAS_GROUP[action + 1]
    return grouped


# --- the run ---------------------------------------------------------------------


class Piece:
    """Rows read together (a Parquet record batch, a run of CSV lines), as columns."""

    def __init__(
        self,
        *,
        first: np.ndarray,
        last: np.ndarray,
        texts: dict[str, pa.Array],
        raw: list[pa.Array],
        values: pa.Array,
        instants: pa.Array | None,
        problems: Mapping[int, str],
        expires: str,
        position: int,
    ) -> None:
        self.first = first  # each row's first line (Parquet: its number)
        self.last = last  # and last line (a quoted CSV cell may span lines)
        self.texts = texts  # field -> the cells, as text; null where a row has none
        self.raw = raw  # the cells a CSV row is written with, in order
        self.values = values  # the expiry cells as read (the row path's input)
        # The expiries as timestamp[us, +00:00] where the batch path may take them.
        self.instants = instants
        self.problems = problems  # row -> what the reader found wrong with it
        # How JSON Lines and Parquet write the "expires" field: "instant" (a timestamp
        # column with a zone), "text" (a text column) or "value" (as the row path's
        # _cell makes of the value).
        self.expires = expires
        self.position = position  # for the progress bar: rows or bytes read so far

    def __len__(self) -> int:
        return len(self.first)


def parquet_pieces(
    parquet: Any, columns: Mapping[str, str], wanted: Sequence[tuple[str, str]], source: str
) -> Iterator[Piece]:
    """A Parquet file's record batches as pieces: cells cast to text by Arrow."""
    stamp = pa.timestamp("us", tz="+00:00")
    number = 0
    try:
        for batch in parquet.iter_batches(
            batch_size=read._PARQUET_BATCH, columns=[c for _, c in wanted]
        ):
            n = batch.num_rows
            expiry = batch.column(columns["expires"])
            zoned = pa.types.is_timestamp(expiry.type) and expiry.type.tz is not None
            texts = {field: _as_text(batch.column(column)) for field, column in wanted}
            names = batch.column(columns["name"])
            instants = None
            values = expiry
            if zoned:
                values = expiry.cast(stamp)
                if pa.types.is_string(names.type) or pa.types.is_large_string(names.type):
                    instants = values
            lines = np.arange(number + 1, number + n + 1, dtype=np.int64)
            yield Piece(
                first=lines,
                last=lines,
                texts=texts,
                raw=[texts[f] for f, _ in wanted],
                values=values,
                instants=instants,
                problems={},
                expires=(
                    "instant" if zoned else "text" if pa.types.is_string(expiry.type) else "value"
                ),
                position=number + n,
            )
            number += n
    except (pa.ArrowException, OSError) as failure:
        error(
            f"{source}: row {number + 1} on: the Parquet file cannot be read "
            f"({type(failure).__name__})"
        )


def classify_columns(
    pieces: Iterator[Piece],
    column: str,
    options: _Options,
    source: str,
    writer: _Writer,
    progress: _Progress,
    sort: str | None = None,
) -> _Result:
    """:func:`_classify_all` a piece at a time and on whole columns; rows the batch path
    refuses are classified one by one by the row path's own code. Same counts, findings,
    messages (in the same order) and output. ``column``: the expiry column's name (for
    messages)."""

    result = _Result(Counter(), Counter())
    problems = _Problems(source, progress)
    findings = _Problems(source, progress)
    outcome = _RowClassifier(options, column)
    seen = SeenKeys()
    status_check = StatusCheck()
    said_memo: dict[tuple[str, int], str] = {}
    phase_counts = np.zeros(len(Phase), dtype=np.int64)
    at = options.classifier.at
    due_by = None if options.due_within is None else at + timedelta(days=options.due_within)
    due_by_us = None if due_by is None else _us(due_by)
    filtering = bool(options.phases or options.actions)
    only_ranks = np.array([p in options.phases for p in Phase], dtype=bool)
    only_codes = np.array([False] + [a in options.actions for a in ExpiryAction], dtype=bool)
    good_total = bad_total = written = need_action = 0
    held: list[Columns] = []  # --sort: the rows to write, sorted at the end

    def finish() -> None:
        if held:
            rows = Columns.concat(held)
            held.clear()
            order = rows.sort_order(sort or "", _canonical)
            for start in range(0, len(order), read._PARQUET_BATCH):
                _write_columns(writer, rows.take(order[start : start + read._PARQUET_BATCH]))

    def one_piece(piece: Piece) -> None:
        nonlocal good_total, bad_total, written, need_action
        n = len(piece)
        texts = piece.texts
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
        if piece.expires == "instant":
            expires = pc.fill_null(piece.values.cast(pa.int64()), 0).to_numpy().astype(np.int64)
        if piece.instants is not None:
            instants = piece.instants
            if piece.expires != "instant":
                expires = pc.fill_null(instants.cast(pa.int64()), 0).to_numpy().astype(np.int64)
            arrays = read._batch_arrays(
                texts["name"], instants, options.classifier, options.renew_within
            )
            if arrays is not None:
                answers, fast = arrays
                if piece.problems:
                    fast = fast.copy()
                    fast[list(piece.problems)] = False
                rank = np.where(fast, answers.rank, 0).astype(np.int64)
                days = answers.days_left.astype(np.int64)
                action = np.where(fast, answers.action, -1).astype(np.int64)
                ends = answers.phase_end.astype(np.int64)
                ends_valid = answers.phase_end_valid & fast
                deadline = ends.copy()
                deadline_valid = has_deadline(rank, ends_valid)
                pre = answers.pre_release & fast
        good = fast.copy()
        kinds: list[_Kind] = []
        slow = np.flatnonzero(~fast)
        stripped_of: dict[int, str] = {}
        cells: dict[int, Any] = {}
        stop = False
        if len(slow):
            chosen = pa.array(slow)
            bad_by_kind: dict[str, list[tuple[int, str]]] = {}
            reader_problems = piece.problems
            for row, name, value in zip(
                slow.tolist(),
                texts["name"].take(chosen).to_pylist(),
                piece.values.take(chosen).to_pylist(),
                strict=True,
            ):
                said = reader_problems.get(row)
                if said is not None:
                    bad_by_kind.setdefault(_kind(said), []).append((row, said))
                    continue
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
                ) = classified_arrays(answer)
                expires[row] = _us(found_expires)
                stripped_of[row] = stripped
                if piece.expires == "value":
                    cells[row] = _cell(value)
            if options.strict and bad_by_kind:
                # --strict: the rows before the first bad one as usual, then stop.
                row, kind, message = min(
                    (rows[0][0], kind, rows[0][1]) for kind, rows in bad_by_kind.items()
                )
                good[row:] = False
                bad_by_kind = {kind: [(row, message)]}
                stop = True
            for kind, bad_rows in bad_by_kind.items():
                bad_total += len(bad_rows)
                kinds.append((bad_rows[0][0], 0, problems, kind, bad_rows, len(bad_rows)))
        rows = np.flatnonzero(good)
        good_total += len(rows)
        phase_counts[:] += np.bincount(rank[rows], minlength=len(Phase))
        result.groups.update(group_counts(action[rows]))
        if len(rows):
            _columns_findings(
                texts,
                rows,
                piece.first,
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
        first, last = piece.first, piece.last
        for row, order, sink, kind, message, prefix in sorted(events, key=lambda e: (e[0], e[1])):
            where = str(first[row])
            if order == 0 and last[row] != first[row]:
                where += f"-{last[row]}"
            sink.show(where, kind, message, prefix)
        keep = good
        if filtering:
            keep = keep & (only_ranks[rank] | only_codes[action + 1])
        if due_by_us is not None:
            keep = keep & deadline_valid & (deadline <= due_by_us)
        out = np.flatnonzero(keep)
        written += len(out)
        need_action += int(has_group(action[out]).sum())
        if len(out):
            chosen = pa.array(out)
            kept = Columns(
                lines=first[out],
                texts={f: t.take(chosen) for f, t in texts.items()},
                raw=[t.take(chosen) for t in piece.raw],
                expires_from=piece.expires,
                expires_cells=(
                    [cells[r] for r in out.tolist()] if piece.expires == "value" else None
                ),
                expires=expires[out],
                rank=rank[out],
                days=days[out],
                action=action[out],
                ends=ends[out],
                ends_valid=ends_valid[out],
                deadline=deadline[out],
                deadline_valid=deadline_valid[out],
                pre_release=pre[out],
            )
            if sort is None:
                _write_columns(writer, kept)
            else:
                held.append(kept)
        if stop:
            finish()
            writer.close()
            error(f"{source}: stopped at the first bad row (--strict)")

    for piece in pieces:
        one_piece(piece)
        if progress.enabled:
            progress.tick(piece.position, good_total)
    finish()
    result.written, result.need_action = written, need_action
    progress.done()
    for phase, count in zip(Phase, phase_counts.tolist(), strict=True):
        result.phases[phase] = count
    result.good, result.bad = good_total, bad_total
    result.problem_lines = problems.summary("bad rows") + findings.summary("findings")
    return result


def _write_columns(writer: _Writer, columns: Columns) -> None:
    if isinstance(writer, _CsvWriter):
        writer.out.write(csv_text(columns, PRE_RELEASE_POSSIBLE))
    elif isinstance(writer, _JsonWriter):
        writer.out.write(jsonl_text(columns, FIELDS, writer.dumps, writer.ascii_only))
    elif isinstance(writer, _ParquetWriter):
        writer.write_columns(parquet_batch(columns, FIELDS, writer.schema))
    else:  # pragma: no cover - run() sends only these here
        raise TypeError(type(writer).__name__)


#: One kind of problem or finding in a batch: (its first row, its place among a row's
#: messages, where it is counted, the kind, the first rows with their messages, how
#: many rows in all).
_Kind = tuple[int, int, _Problems, str, list[tuple[int, str]], int]


def _columns_findings(
    texts: Mapping[str, Any],
    rows: Any,
    lines: Any,
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
    earlier = seen.add(keys.view(np.uint64) | np.uint64(1), lines[rows])
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


# --- CSV ----------------------------------------------------------------------------

_CHUNK = 1 << 20  # bytes of CSV read at a time
_BOM = b"\xef\xbb\xbf"


class _Prefixed:
    """``readline`` over the part of a buffer not yet read, then the rest of the file
    (no copy of the buffer: a line at a time)."""

    def __init__(self, buffer: bytearray, start: int, end: int, rest: Any) -> None:
        self.buffer = buffer
        self.at = start
        self.end = end
        self.rest = rest

    def readline(self, limit: int = -1) -> bytes:
        stop = self.end if limit < 0 else min(self.end, self.at + limit)
        cut = self.buffer.find(b"\n", self.at, stop)
        stop = stop if cut < 0 else cut + 1
        data = bytes(self.buffer[self.at : stop])
        self.at = stop
        if data.endswith(b"\n") or (limit >= 0 and len(data) >= limit):
            return data
        more: bytes = self.rest.readline(limit - len(data) if limit >= 0 else -1)
        return data + more


def csv_pieces(
    binary: Any,
    encoding: str,
    headers: Sequence[str],
    line: int,
    parse: _RowClassifier,
) -> Iterator[Piece]:
    """A UTF-8 CSV file's rows after its header row (which ended on ``line``), as pieces.

    A run of lines with no quote, no carriage return, valid UTF-8, the header's number
    of cells on every line and no line longer than the row path takes is split by
    Arrow (``pyarrow.csv``, quoting off, which refuses a line of another width):
    exactly ``line.split(",")``. From the first run that is not so, the rest of the
    file is read by the row path's own reader (``_csv_body``) and handed on in pieces,
    with its bad rows, so that every row is read, numbered and reported as that reader
    does. Expiry texts are parsed by the row path's parser (``parse``), once per
    distinct text. One buffer of :data:`_CHUNK` bytes is read into and reused: memory
    stays flat whatever the file or its longest line."""
    import pyarrow.csv as pa_csv

    width = len(headers)
    columns: dict[str, int] = {}
    for index, name in enumerate(headers):
        field = read.field_for_header(name)
        if field is not None and field not in columns:
            columns[field] = index
    names = [f"c{i}" for i in range(width)]
    options = (
        pa_csv.ReadOptions(column_names=names, use_threads=False),
        pa_csv.ParseOptions(
            quote_char=False, escape_char=False, newlines_in_values=False, ignore_empty_lines=False
        ),
        pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
            check_utf8=True,
        ),
    )
    position = _tell(binary)
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    held = 0  # bytes at the start of the buffer: a line not yet complete
    while True:
        got = binary.readinto(view[held:]) or 0
        end = held + got
        if not end:
            return
        if got and end < len(buffer):
            held = end
            continue  # not full yet (a pipe, or the end of the file next): read on
        cut = buffer.rfind(b"\n", 0, end) + 1 if got else end
        # No line break in a full buffer: a line longer than any row, for the row
        # path's reader to skip a bounded read at a time.
        lines = _clean_piece(buffer, cut, options) if cut else None
        if lines is None:
            yield from _row_pieces(
                _Prefixed(buffer, 0, end, binary), encoding, line, width, columns, parse
            )
            return
        raw, count = lines
        numbers = np.arange(line + 1, line + count + 1, dtype=np.int64)
        position += cut
        yield _csv_piece(raw, columns, numbers, numbers, {}, parse, position)
        line += count
        held = end - cut
        buffer[:held] = buffer[cut:end]
        if not got:
            return


def _tell(binary: Any) -> int:
    """Where the progress bar is: the bytes read so far (0 on a pipe: no total)."""
    try:
        return int(binary.tell())
    except (OSError, ValueError):
        return 0


def _clean_piece(buffer: bytearray, end: int, options: Any) -> tuple[list[pa.Array], int] | None:
    """The cells of ``buffer[:end]`` (whole lines) split by Arrow, with the number of
    lines, where that is what the row path reads; None when a line needs its reader."""
    import pyarrow.csv as pa_csv

    if (
        buffer.find(b'"', 0, end) >= 0
        or buffer.find(b"\r", 0, end) >= 0
        or buffer.startswith(_BOM)
        # An empty line is no row (Arrow would make one of it).
        or buffer.startswith(b"\n")
        or buffer.find(b"\n\n", 0, end) >= 0
    ):
        return None
    try:
        table = pa_csv.read_csv(pa.BufferReader(pa.py_buffer(buffer).slice(0, end)), *options)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # not UTF-8, a blank line, a row of another width
    raw = [table.column(i).combine_chunks() for i in range(table.num_columns)]
    count = table.num_rows
    if count != buffer.count(b"\n", 0, end) + (buffer[end - 1] != 10):
        return None
    # Each line's length: its cells, the commas between them and the line break.
    length = np.full(count, len(raw), dtype=np.int64)
    for cells in raw:
        length += pc.binary_length(cells).to_numpy(zero_copy_only=False)
    if (length > read.MAX_LINE_BYTES).any():
        return None
    return raw, count


def _csv_piece(
    raw: list[pa.Array],
    columns: Mapping[str, int],
    first: np.ndarray,
    last: np.ndarray,
    problems: Mapping[int, str],
    parse: _RowClassifier,
    position: int,
) -> Piece:
    texts = {field: raw[index] for field, index in columns.items()}
    values = texts["expires"]
    encoded = pc.dictionary_encode(values)
    distinct = encoded.dictionary.to_pylist()
    # One more entry than there are texts: a piece of bad rows only has none.
    us = np.zeros(len(distinct) + 1, dtype=np.int64)
    ok = np.zeros(len(distinct) + 1, dtype=bool)
    for index, text in enumerate(distinct):
        instant = parse.instant(text)
        if type(instant) is not str:
            us[index] = _us(instant)  # type: ignore[arg-type]
            ok[index] = True
    codes = pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    valid = ok[codes] & values.is_valid().to_numpy(zero_copy_only=False)
    return Piece(
        first=first,
        last=last,
        texts=texts,
        raw=raw,
        values=values,
        instants=pa.array(us[codes], pa.timestamp("us", tz="+00:00"), mask=~valid),
        problems=problems,
        expires="text",
        position=position,
    )


def _row_pieces(
    reader: _Prefixed,
    encoding: str,
    line: int,
    width: int,
    columns: Mapping[str, int],
    parse: _RowClassifier,
) -> Iterator[Piece]:
    """The rest of a CSV file through the row path's reader, in pieces."""
    lines = read._byte_lines(reader, encoding, start=line, at_start=False)  # type: ignore[arg-type]
    wanted = [(f, columns.get(f)) for f in read.FIELDS]
    rows = read._csv_body(lines, [], width, wanted)
    while True:
        group = list(itertools.islice(rows, read._PARQUET_BATCH))
        if not group:
            return
        cells: list[list[str | None]] = [[] for _ in range(width)]
        problems: dict[int, str] = {}
        for index, (_, _, _, raw, problem, _) in enumerate(group):
            if problem is not None or raw is None:
                problems[index] = problem or ""
                for column in cells:
                    column.append(None)
            else:
                for column, cell in zip(cells, raw, strict=True):
                    column.append(cell)
        yield _csv_piece(
            [pa.array(column, pa.string()) for column in cells],
            columns,
            np.array([row[0] for row in group], dtype=np.int64),
            np.array([row[1] for row in group], dtype=np.int64),
            problems,
            parse,
            _tell(reader.rest),
        )
