"""The portfolio question for Arrow data: each domain's phase and next action at one instant.

:func:`next_actions` takes arrays of names and expiry instants (a Parquet column, a
DuckDB or Spark batch, a Polars or pandas column as Arrow) and answers, per row, what
:func:`~domainrules.lifecycle_of` and :func:`~domainrules.next_action` answer for it,
as one :class:`pyarrow.RecordBatch` of :data:`COLUMNS`:

- ``phase``: the phase at ``at`` (dictionary-encoded :class:`~domainrules.Phase` values);
- ``phase_ends_at``: when that phase ends (null for ``released``, which never ends);
- ``days_left``: whole days from ``at`` to the expiry, rounded down (negative once expired);
- ``action``: the next action (:class:`~domainrules.ExpiryAction` values; null when
  nothing is due yet);
- ``deadline``: the instant by which the action must be taken, which is the end of the
  current phase: renew before the expiry, renew now before the renewal grace ends,
  redeem before the redemption ends. Null for ``gone`` and where nothing is due (an
  action without a report group has no deadline);
- ``error``: why a row has no answer (its name, or its expiry, is not one the library
  accepts), with the library's own message; null for a good row.

A null name or expiry gives a row of nulls, error included; a bad row gives nulls and
its error, and never stops the batch. Arguments that are wrong for the whole batch
(``at``, the rule set, a column that holds no timestamps) raise, as the library does.

Each distinct suffix is looked up once (the text after the first label is
dictionary-encoded and its cut-offs come from :class:`~domainrules.PhaseClassifier`),
and the comparisons run in Arrow compute; only names that need IDNA work (Unicode,
``xn--`` labels) or that are not ``<label>.<public suffix>`` are parsed one by one,
once per distinct name. A differential test holds every row to ``lifecycle_of``.

Instants are compared exactly in the column's own unit (s, ms, us or ns) and zone:
the output instants are in that unit, in UTC. A column of timestamps without a zone
is refused, unless ``zone=`` says which zone its wall-clock times are in; a wall-clock
time that zone skips or repeats (a daylight-saving change) is then a row error.

>>> from datetime import datetime, timezone
>>> import pyarrow as pa
>>> names = pa.array(["example.com", "例子.中国", "bad_name.com", None])
>>> expires = pa.array(
...     [datetime(2025, 1, 1, tzinfo=timezone.utc)] * 4, pa.timestamp("us", tz="UTC"))
>>> result = next_actions(names, expires, "2025-01-20T00:00:00Z")
>>> for row in result.to_pylist():
...     print(row["phase"], row["phase_ends_at"], row["days_left"], row["action"],
...           row["deadline"], row["error"])
renewal-grace 2025-01-31 00:00:00+00:00 -19 renew now 2025-01-31 00:00:00+00:00 None
renewal-grace 2025-01-31 00:00:00+00:00 -19 renew now 2025-01-31 00:00:00+00:00 None
None None None None None 'bad_name.com': label 'bad_name' is not valid (Codepoint U+005F not allowed at position 4 in 'bad_name')
None None None None None None
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

try:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError as missing:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "domainrules.arrow needs pyarrow (16 or later) and numpy: install this package "
        "with its [arrow] extra (in a checkout: pip install -e '.[arrow]'); "
        f"missing: {missing.name}"
    ) from missing

from domainrules._validate import count
from domainrules.actions import DEFAULT_RENEW_WITHIN, MAX_RENEW_WITHIN, ExpiryAction, action_for
from domainrules.bulk import Classified, PhaseClassifier
from domainrules.errors import (
    ArgumentTypeError,
    DomainRulesError,
    InvalidCountError,
    InvalidInstantError,
    InvalidRuleSetError,
    NaiveDatetimeError,
)
from domainrules.instants import EARLIEST_YEAR, LATEST_YEAR, UTC, Instant, to_utc
from domainrules.lifecycle import ACTION_PHASES, Phase
from domainrules.names import DomainName
from domainrules.rulesets import DEFAULT_RULE_SET, RuleSet, as_rule_set

__all__ = [
    "COLUMNS",
    "Answers",
    "add_next_actions",
    "answers_as_classified",
    "classify_batch",
    "next_actions",
    "result_schema",
]

#: The columns :func:`next_actions` returns, in order.
COLUMNS = ("phase", "phase_ends_at", "days_left", "action", "deadline", "error")

_PHASES = list(Phase)
_ACTIONS = list(ExpiryAction)
_PHASE_VALUES = pa.array([p.value for p in _PHASES], pa.string())
_ACTION_VALUES = pa.array([a.value for a in _ACTIONS], pa.string())
_PHASE_TYPE = pa.dictionary(pa.int8(), pa.string())
_RELEASED = len(_PHASES) - 1  # the last phase: it never ends
_REDEMPTION_RANK = _PHASES.index(Phase.REDEMPTION)

_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_US_PER_DAY = 86_400_000_000
_INT64_MAX = 2**63 - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The instants the library computes with (instants.EARLIEST_YEAR..LATEST_YEAR), in µs.
_EARLIEST_US = (datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC) - _EPOCH) // timedelta(microseconds=1)
_AFTER_LATEST_US = (datetime(LATEST_YEAR + 1, 1, 1, tzinfo=UTC) - _EPOCH) // timedelta(
    microseconds=1
)
_INT64_MIN = -(2**63)
_MAX_LABEL = 63
_MAX_NAME = 253


def result_schema(unit: str = "us") -> pa.Schema:
    """The schema of :func:`next_actions` for expiry timestamps in ``unit``.

    >>> result_schema("us").field("deadline").type
    TimestampType(timestamp[us, tz=UTC])
    """
    if unit not in _PER_SECOND:
        raise ArgumentTypeError(
            f"unit: expected one of s, ms, us, ns, not {unit!r}", field="unit", value=unit
        )
    instant = pa.timestamp(unit, tz="UTC")
    return pa.schema(
        [
            pa.field("phase", _PHASE_TYPE),
            pa.field("phase_ends_at", instant),
            pa.field("days_left", pa.int32()),
            pa.field("action", _PHASE_TYPE),
            pa.field("deadline", instant),
            pa.field("error", pa.string()),
        ]
    )


def next_actions(
    names: Any,
    expires_at: Any,
    at: Instant,
    *,
    rules: RuleSet | str = DEFAULT_RULE_SET,
    renew_within: int = DEFAULT_RENEW_WITHIN,
    zone: str | None = None,
) -> pa.RecordBatch:
    """Phase, phase end, days left, next action and deadline of each domain at ``at``.

    ``names``: an Arrow array (or chunked array) of text; ``expires_at``: an Arrow array
    of timestamps of any unit and zone, the same length. ``renew_within`` is
    :func:`~domainrules.next_action`'s. ``zone``: the IANA zone (or ``+08:00``) of
    timestamps that carry none; without it such a column is refused.
    Returns a batch of :data:`COLUMNS`, one row per input row (module docs).
    """
    instant = to_utc(at, "at")
    rule_set = as_rule_set(rules)
    within = count(renew_within, "renew_within", maximum=MAX_RENEW_WITHIN)
    text = _names(names)
    raw, unit, zone_errors = _expiries(expires_at, zone)
    if len(raw) != len(text):
        raise InvalidCountError(
            f"expires_at: {len(raw)} values for {len(text)} names; give one expiry per name",
            field="expires_at",
            value=len(raw),
        )
    return _Batch(text, raw, unit, zone_errors, instant, rule_set, within).result()


def add_next_actions(
    batch: pa.RecordBatch,
    at: Instant,
    *,
    name: str = "name",
    expires_at: str = "expires_at",
    rules: RuleSet | str = DEFAULT_RULE_SET,
    renew_within: int = DEFAULT_RENEW_WITHIN,
    zone: str | None = None,
) -> pa.RecordBatch:
    """``batch`` with the columns of :func:`next_actions` added after its own: a
    RecordBatch in, a RecordBatch out (Spark's ``mapInArrow`` and Dask use this).

    ``name`` and ``expires_at`` name the input columns. A batch that already has one
    of :data:`COLUMNS` is refused, rather than a column silently replaced.
    """
    if isinstance(batch, pa.Table):
        batch = batch.combine_chunks().to_batches()[0] if batch.num_rows else _empty(batch)
    if not isinstance(batch, pa.RecordBatch):
        raise ArgumentTypeError(
            f"batch: expected a pyarrow.RecordBatch, not {type(batch).__name__}",
            field="batch",
            value=type(batch).__name__,
        )
    columns = batch.schema.names
    for column, role in ((name, "name"), (expires_at, "expires_at")):
        if column not in columns:
            raise InvalidCountError(
                f"{role}: the batch has no column {column!r} (its columns: {', '.join(columns)})",
                field=role,
                value=column,
            )
    clash = [c for c in COLUMNS if c in columns]
    if clash:
        raise InvalidCountError(
            f"batch: it already has the column(s) {', '.join(clash)} that next_actions adds",
            field="batch",
            value=clash,
        )
    added = next_actions(
        batch.column(name),
        batch.column(expires_at),
        at,
        rules=rules,
        renew_within=renew_within,
        zone=zone,
    )
    return pa.RecordBatch.from_arrays(
        [*batch.columns, *added.columns],
        schema=pa.schema([*batch.schema, *added.schema]),
    )


def _empty(table: pa.Table) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays(
        [pa.array([], field.type) for field in table.schema], schema=table.schema
    )


# --- the edges: what the columns hold ------------------------------------------


def _array(value: Any, field: str) -> pa.Array:
    if isinstance(value, pa.ChunkedArray):
        return value.combine_chunks() if value.num_chunks != 1 else value.chunk(0)
    if isinstance(value, pa.Array):
        return value
    raise ArgumentTypeError(
        f"{field}: expected a pyarrow Array or ChunkedArray, not {type(value).__name__}",
        field=field,
        value=type(value).__name__,
    )


def _names(value: Any) -> pa.Array:
    array = _array(value, "names")
    kind = array.type
    if pa.types.is_dictionary(kind):
        array, kind = array.dictionary_decode(), kind.value_type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return array
    if pa.types.is_string_view(kind):
        return array.cast(pa.large_string())
    raise ArgumentTypeError(
        f"names: expected text (string), not {kind}", field="names", value=str(kind)
    )


def _expiries(value: Any, zone: str | None) -> tuple[pa.Array, str, pa.Array | None]:
    """(int64 values since the epoch, UTC; their unit; per-row zone errors or None)."""
    array = _array(value, "expires_at")
    kind = array.type
    if not pa.types.is_timestamp(kind):
        raise ArgumentTypeError(
            f"expires_at: expected timestamps, not {kind}; parse text first "
            "(pyarrow.compute.strptime or the engine's own), and give dates a time and a zone",
            field="expires_at",
            value=str(kind),
        )
    if zone is not None and not isinstance(zone, str):
        raise ArgumentTypeError(
            f"zone: expected an IANA zone name or an offset such as +08:00, not "
            f"{type(zone).__name__}",
            field="zone",
            value=zone,
        )
    if kind.tz is not None:
        return array.cast(pa.int64()), kind.unit, None
    if zone is None:
        raise NaiveDatetimeError(
            f"expires_at: {kind} has no time zone, so its values name no instant; attach "
            "the zone the times were written in (pyarrow.compute.assume_timezone) or pass "
            "zone='Asia/Shanghai' (an IANA name, or an offset such as +08:00)",
            field="expires_at",
            value=str(kind),
        )
    try:
        pc.assume_timezone(pa.array([0], pa.timestamp("s")), zone)  # checks the zone
        earliest = pc.assume_timezone(array, zone, ambiguous="earliest", nonexistent="earliest")
        latest = pc.assume_timezone(array, zone, ambiguous="latest", nonexistent="latest")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as failure:
        raise InvalidInstantError(
            f"zone: {zone!r} is neither an IANA zone name (Asia/Shanghai) nor an offset "
            f"(+08:00) ({failure})",
            field="zone",
            value=zone,
        ) from None
    raw = earliest.cast(pa.int64())
    moved = pc.not_equal(raw, latest.cast(pa.int64()))
    errors = None
    if pc.any(moved).as_py():
        wall = pc.strftime(array, "%Y-%m-%dT%H:%M:%S")
        errors = pc.if_else(
            moved,
            pc.binary_join_element_wise(
                "expires_at: ",
                wall,
                f" is skipped or repeated in {zone} (a daylight-saving change): "
                "it names no single instant; give it with a UTC offset",
                "",
            ),
            pa.scalar(None, pa.string()),
        )
    return raw, kind.unit, errors


# --- the batch -------------------------------------------------------------------


@attrs.frozen(eq=False)
class Answers:
    """Per row of one batch, as NumPy arrays (µs where the input is µs): what
    :func:`next_actions` returns before it becomes Arrow columns, with each row's
    pre-release flag and whether its rule set has versions that differ for its suffix.
    For callers that hold the rows and classify the refused ones one by one (the
    ``portfolio`` command)."""

    good: np.ndarray  # bool: the row has an answer
    rank: np.ndarray  # the phase's index in Phase (0 where not good)
    days_left: np.ndarray
    action: np.ndarray  # the action's index in ExpiryAction, -1 for none
    has_action: np.ndarray
    has_deadline: np.ndarray
    phase_end: np.ndarray  # in the input's unit since 1970
    phase_end_valid: np.ndarray
    pre_release: np.ndarray  # bool: may be on the pre-release list (Classified's)
    versioned: np.ndarray  # bool: refused because versions differ for the suffix
    error: pa.Array  # text or null


def classify_batch(
    names: Any,
    expires_at: Any,
    classifier: PhaseClassifier,
    *,
    renew_within: int = DEFAULT_RENEW_WITHIN,
) -> Answers:
    """:func:`next_actions` with a caller's :class:`~domainrules.PhaseClassifier` (one
    made with :meth:`~domainrules.PhaseClassifier.on_day` included), as
    :class:`Answers`: the rows of a long file asked in batches share one classifier.
    ``expires_at`` must carry a zone.

    >>> from datetime import datetime, timezone
    >>> answers = classify_batch(
    ...     pa.array(["example.com"]),
    ...     pa.array([datetime(2025, 1, 1, tzinfo=timezone.utc)], pa.timestamp("us", tz="UTC")),
    ...     PhaseClassifier("2025-01-20T00:00:00Z"))
    >>> _PHASES[answers.rank[0]].value, int(answers.days_left[0])
    ('renewal-grace', -19)
    """
    if not isinstance(classifier, PhaseClassifier):
        raise ArgumentTypeError(
            f"classifier: expected a PhaseClassifier, not {type(classifier).__name__}",
            field="classifier",
            value=type(classifier).__name__,
        )
    within = count(renew_within, "renew_within", maximum=MAX_RENEW_WITHIN)
    text = _names(names)
    raw, unit, zone_errors = _expiries(expires_at, None)
    if len(raw) != len(text):
        raise InvalidCountError(
            f"expires_at: {len(raw)} values for {len(text)} names; give one expiry per name",
            field="expires_at",
            value=len(raw),
        )
    return _Batch(
        text,
        raw,
        unit,
        zone_errors,
        classifier.at,
        classifier.rules,
        within,
        classifier,
    ).answers()


def answers_as_classified(
    answers: Answers,
    *,
    exclude: np.ndarray | None = None,
    memo: dict[tuple[int, int, int, int, bool], Classified] | None = None,
) -> list[Classified | None]:
    """Each good row of ``answers`` (in µs) as the :class:`~domainrules.bulk.Classified`
    :meth:`PhaseClassifier.classify <domainrules.PhaseClassifier.classify>` gives for it;
    None for a row without an answer, or where ``exclude`` is true. Rows with the same
    answer share one value; ``memo`` keeps them from one call to the next (a caller's
    dict, cleared here when it grows past 131,072 values: memory stays flat)."""
    good = answers.good if exclude is None else answers.good & ~exclude
    made = {} if memo is None else memo
    if len(made) > 1 << 17:
        made.clear()
    out: list[Classified | None] = []
    append = out.append
    for ok, end, days, rank, action, pre in zip(
        good.tolist(),
        np.where(answers.phase_end_valid, answers.phase_end, _INT64_MIN).tolist(),
        answers.days_left.tolist(),
        answers.rank.tolist(),
        answers.action.tolist(),
        answers.pre_release.tolist(),
        strict=True,
    ):
        if not ok:
            append(None)
            continue
        key = (end, days, rank, action, pre)
        found = made.get(key)
        if found is None:
            phase = _PHASES[rank]
            ends_at = None if end == _INT64_MIN else _EPOCH + timedelta(microseconds=end)
            found = made[key] = Classified(
                phase,
                days,
                None if action < 0 else _ACTIONS[action],
                ends_at,
                ends_at if phase in ACTION_PHASES else None,
                pre,
            )
        append(found)
    return out


class _Batch:
    """One call of :func:`next_actions`: the per-suffix tables, then the rows."""

    def __init__(
        self,
        names: pa.Array,
        raw: pa.Array,
        unit: str,
        zone_errors: pa.Array | None,
        at: datetime,
        rules: RuleSet,
        renew_within: int,
        classifier: PhaseClassifier | None = None,
    ) -> None:
        self.names = names
        self.raw = raw
        self.unit = unit
        self.zone_errors = zone_errors
        self.at = at
        self.at_us = (at - _EPOCH) // timedelta(microseconds=1)
        # A classifier made with PhaseClassifier.on_day asks each family at its own
        # instant: the first cut-off of an entry is that instant.
        self.classify = classifier if classifier is not None else PhaseClassifier(at, rules=rules)
        self.renew_within = renew_within
        self.size = len(names)
        # The lookup table, one entry per distinct suffix (and per distinct name that
        # took the slow path): cut-offs in µs, and the error of the entry, if any.
        self.cutoffs: list[tuple[int, int, int, int]] = []
        self.name_errors: list[str | None] = []
        self.suffix_errors: list[str | None] = []
        # Per entry: the latest expiry listable for pre-release in µs (or the lowest
        # int64 where the family has none), and whether the rule set's versions differ
        # for the suffix (the entry is then refused: each row's expiry picks a version).
        self.listable: list[int] = []
        self.versioned: list[bool] = []
        self.by_suffix: dict[str, int] = {}

    # The table -----------------------------------------------------------------

    def _entry(
        self,
        cutoffs: Sequence[datetime] | None,
        *,
        name_error: str | None = None,
        suffix_error: str | None = None,
        listable: datetime | None = None,
        versioned: bool = False,
    ) -> int:
        active, grace, redemption, pending_delete = cutoffs or (self.at,) * 4
        self.cutoffs.append((_us(active), _us(grace), _us(redemption), _us(pending_delete)))
        self.name_errors.append(name_error)
        self.suffix_errors.append(suffix_error)
        self.listable.append(_INT64_MIN if listable is None else _us(listable))
        self.versioned.append(versioned)
        return len(self.cutoffs) - 1

    def _keys(self, present: np.ndarray) -> np.ndarray:
        """Each row's entry in the table; -1 where the name or the expiry is null."""
        names = self.names
        n = self.size
        keys = np.full(n, -1, dtype=np.int64)
        if n == 0:
            return keys
        # Split each name at its first dot, without copying the text: one array whose
        # values are, per name, its first label, the dot and the rest.
        dot = pc.fill_null(pc.find_substring(names, "."), -1).to_numpy()
        offsets_type = np.int64 if pa.types.is_large_string(names.type) else np.int32
        offsets = np.frombuffer(names.buffers()[1], dtype=offsets_type)[
            names.offset : names.offset + n + 1
        ].astype(np.int64)
        starts, ends = offsets[:-1], offsets[1:]
        label_ends = np.where(dot < 0, ends, starts + dot)
        rest_starts = np.where(dot < 0, ends, label_ends + 1)
        parts = np.empty(3 * n + 1, dtype=np.int64)
        parts[0:-1:3] = starts
        parts[1:-1:3] = label_ends
        parts[2:-1:3] = rest_starts
        parts[-1] = ends[-1]
        data = names.buffers()[2] or pa.py_buffer(b"")
        split = pa.LargeStringArray.from_buffers(3 * n, pa.py_buffer(parts), data)
        label_length = label_ends - starts
        rest = split.take(pa.array(np.arange(2, 3 * n, 3)))
        encoded = pc.dictionary_encode(rest)
        rest_codes = encoded.indices.to_numpy(zero_copy_only=False)

        # 1. Per distinct text after the first label: its suffix's entry, once.
        rest_entry = np.full(len(encoded.dictionary), -1, dtype=np.int64)
        below_labels: set[str] = set()
        has_below = np.zeros(len(encoded.dictionary), dtype=bool)
        for code, text in enumerate(encoded.dictionary.to_pylist()):
            known = self.classify._suffix_behind(text)
            if known is None or len(known[0]) + 1 + _MAX_LABEL > _MAX_NAME:
                continue  # each name behind it takes the slow path
            suffix, below = known
            rest_entry[code] = self._suffix_entry(suffix)
            if below:
                has_below[code] = True
                below_labels.update(below)

        # 2. Rows whose first label is plain ASCII need no IDNA work (names.py's
        # _registrable_in_front): most are letters and digits only.
        alnum = pc.ascii_is_alnum(split).to_numpy(zero_copy_only=False)[0::3]
        fast = alnum & (label_length >= 1) & (label_length <= _MAX_LABEL)
        entry = rest_entry[rest_codes]
        candidates = present & (entry >= 0)
        hyphenated = np.flatnonzero(candidates & ~fast)
        if len(hyphenated):
            # LDH with hyphens: letters, digits and inner hyphens, not "--" at 3-4
            # (the length, 1 to 63, is known); string kernels, no regex to compile.
            labels = split.take(pa.array(3 * hyphenated))
            plain = pc.and_(
                pc.and_(
                    pc.ascii_is_alnum(pc.replace_substring(labels, "-", "")),
                    pc.invert(pc.starts_with(labels, "-")),
                ),
                pc.and_(
                    pc.invert(pc.ends_with(labels, "-")),
                    pc.not_equal(pc.utf8_slice_codeunits(labels, 2, 4), "--"),
                ),
            ).to_numpy(zero_copy_only=False)
            length = label_length[hyphenated]
            fast[hyphenated] = plain & (length >= 1) & (length <= _MAX_LABEL)
        fast &= candidates
        # A label that is itself a rule below the suffix (com.cn, gov.cn) makes a
        # suffix, not a name: those rows take the slow path.
        if below_labels:
            rows = np.flatnonzero(fast & has_below[rest_codes])
            if len(rows):
                labels = pc.ascii_lower(split.take(pa.array(3 * rows)))
                ruled = pc.is_in(labels, value_set=pa.array(sorted(below_labels))).to_numpy(
                    zero_copy_only=False
                )
                fast[rows[ruled]] = False
        keys[fast] = entry[fast]

        # 3. Every other name: parsed as the library parses it, once per distinct name.
        slow = np.flatnonzero(present & ~fast)
        if len(slow):
            distinct = pc.dictionary_encode(names.take(pa.array(slow)))
            slow_entry = np.array(
                [self._slow_entry(text) for text in distinct.dictionary.to_pylist()],
                dtype=np.int64,
            )
            keys[slow] = slow_entry[distinct.indices.to_numpy(zero_copy_only=False)]
        return keys

    def _slow_entry(self, text: str) -> int:
        try:
            domain = DomainName(text)
        except DomainRulesError as failure:
            return self._entry(None, name_error=str(failure))
        except (UnicodeError, ValueError) as failure:
            return self._entry(None, name_error=f"{text!r}: not a domain name ({failure})")
        return self._suffix_entry(domain.suffix)

    def _suffix_entry(self, suffix: str) -> int:
        """The table entry of a canonical suffix: its cut-offs, or the rule set's refusal."""
        entry = self.by_suffix.get(suffix)
        if entry is None:
            try:
                family = self.classify._suffix_family(suffix)
                entry = self._entry(family[0], listable=family[2])
            except InvalidRuleSetError as failure:
                # Versions that differ for the suffix: refused here (a caller holding
                # the rows may classify them one by one, see Answers.fallback).
                entry = self._entry(None, suffix_error=str(failure), versioned=True)
            except DomainRulesError as failure:
                # Every name under it is refused with the message lifecycle_of gives.
                entry = self._entry(None, suffix_error=str(failure))
            self.by_suffix[suffix] = entry
        return entry

    # The rows ------------------------------------------------------------------

    def result(self) -> pa.RecordBatch:
        a = self.answers()
        instant_type = pa.timestamp(self.unit, tz="UTC")
        columns = [
            pa.DictionaryArray.from_arrays(
                pa.array(a.rank.astype(np.int8), mask=~a.good),
                _PHASE_VALUES,
            ),
            pa.array(a.phase_end, pa.int64(), mask=~a.phase_end_valid).cast(instant_type),
            pa.array(a.days_left, pa.int32(), mask=~a.good),
            pa.DictionaryArray.from_arrays(
                pa.array(np.maximum(a.action, 0).astype(np.int8), mask=~a.has_action),
                _ACTION_VALUES,
            ),
            pa.array(a.phase_end, pa.int64(), mask=~a.has_deadline).cast(instant_type),
            a.error,
        ]
        return pa.RecordBatch.from_arrays(columns, schema=result_schema(self.unit))

    def answers(self) -> Answers:
        raw = self.raw
        raw_valid = raw.is_valid().to_numpy(zero_copy_only=False)
        # Null in, null out: a row missing its name or its expiry has no error either.
        raw_valid &= self.names.is_valid().to_numpy(zero_copy_only=False)
        keys = self._keys(raw_valid)
        per_unit = _PER_SECOND[self.unit]
        values = pc.fill_null(raw, 0).to_numpy()
        # Exact µs views of each instant: rounded up for the comparisons with the
        # (whole-µs) cut-offs, down for the days left.
        if per_unit == 1_000_000:
            floor_us = ceil_us = values
        elif per_unit > 1_000_000:
            scale = per_unit // 1_000_000
            floor_us = np.floor_divide(values, scale)
            ceil_us = -np.floor_divide(-values, scale)
        else:
            scale = 1_000_000 // per_unit
            # Values beyond the years the library takes would overflow here: they are
            # refused below, on the unscaled values, before any result is used.
            bounded = np.clip(values, -(_INT64_MAX // scale), _INT64_MAX // scale)
            floor_us = ceil_us = bounded * scale
        in_years = (floor_us >= _EARLIEST_US) & (ceil_us < _AFTER_LATEST_US)
        if per_unit < 1_000_000:
            in_years &= values == floor_us // scale

        # Errors, in the order lifecycle_of meets them: the name, the expiry, the suffix.
        name_errors = pa.array(self.name_errors, pa.string())
        suffix_errors = pa.array(self.suffix_errors, pa.string())
        has_key = keys >= 0
        key_index = np.where(has_key, keys, 0)
        row_name_error = _take(name_errors, key_index, has_key)
        row_suffix_error = _take(suffix_errors, key_index, has_key)
        expiry_bad = raw_valid & ~in_years
        expiry_error = self._expiry_errors(values, expiry_bad)
        if self.zone_errors is not None:
            expiry_error = pc.coalesce(expiry_error, self.zone_errors)
        error = pc.coalesce(row_name_error, expiry_error, row_suffix_error)
        good = has_key & raw_valid & ~error.is_valid().to_numpy(zero_copy_only=False)

        # The phase: how many of the four cut-offs the expiry is not after (compared in
        # Arrow compute; the cut-offs are monotone, so the count is the phase's rank).
        table = np.array(self.cutoffs or [(0, 0, 0, 0)], dtype=np.int64)
        expiry = pa.array(ceil_us)
        rank = None
        for column in range(4):
            cutoff = pa.array(table[key_index, column])
            reached = pc.cast(pc.less_equal(expiry, cutoff), pa.int8())
            rank = reached if rank is None else pc.add(rank, reached)
        rank_values = np.where(good, pc.fill_null(rank, 0).to_numpy(zero_copy_only=False), 0)

        # When the phase ends: the expiry plus the periods up to the phase's end, which
        # are at - cut-off (the classifier's own arithmetic), in the column's unit.
        # Each entry's own instant is its first cut-off (PhaseClassifier.on_day asks
        # each family at the start of the day in its registry's zone).
        periods_us = table[:, :1] - table
        if per_unit >= 1_000_000:
            periods = periods_us * (per_unit // 1_000_000)
        else:
            periods = periods_us // (1_000_000 // per_unit)  # whole days: exact
        not_released = good & (rank_values != _RELEASED)
        length = np.where(not_released, periods[key_index, np.minimum(rank_values, 3)], 0)
        phase_end_valid = not_released
        if self.unit == "ns":
            # timestamp[ns] ends in 2262: a phase ending later is a row error.
            late = not_released & (values > _INT64_MAX - length)
            if late.any():
                error = pc.coalesce(error, _where(late, _NS_OVERFLOW))
                good &= ~late
                not_released &= ~late
                phase_end_valid = not_released
        phase_end = values + np.where(phase_end_valid, length, 0)

        days_left = np.floor_divide(floor_us - table[key_index, 0], _US_PER_DAY)
        days_left = np.where(good, days_left, 0).astype(np.int32)
        due = pc.less(pa.array(days_left), pa.scalar(self.renew_within, pa.int32()))
        due_values = due.to_numpy(zero_copy_only=False)
        action_code = self._action_table()[rank_values * 2 + due_values.astype(np.int64)]
        has_action = good & (action_code >= 0)
        has_deadline = has_action & self._deadline_table()[np.maximum(action_code, 0)]
        listable = np.array(self.listable or [_INT64_MIN], dtype=np.int64)[key_index]
        versioned = np.array(self.versioned or [False], dtype=bool)[key_index] & has_key
        return Answers(
            good=good,
            rank=rank_values,
            days_left=days_left,
            action=action_code,
            has_action=has_action,
            has_deadline=has_deadline,
            phase_end=phase_end,
            phase_end_valid=phase_end_valid,
            pre_release=good & (rank_values == _REDEMPTION_RANK) & (floor_us <= listable),
            versioned=versioned,
            error=error,
        )

    def _action_table(self) -> np.ndarray:
        """The action per (phase rank, due): the library's own rule (action_for), asked
        with a number of days on each side of the renewal window."""
        within = self.renew_within
        codes = []
        for phase in _PHASES:
            for due in (False, True):
                action = action_for(phase, within - 1 if due else within, renew_within=within)
                codes.append(-1 if action is None else _ACTIONS.index(action))
        return np.array(codes, dtype=np.int64)

    @staticmethod
    def _deadline_table() -> np.ndarray:
        # An action has a deadline when it is one the holder can still take: the ones
        # with a report group (renew, renew now, redeem); "gone" has none.
        return np.array([action.group is not None for action in _ACTIONS], dtype=bool)

    def _expiry_errors(self, values: np.ndarray, bad: np.ndarray) -> pa.Array:
        """The library's message for each expiry outside the years it takes."""
        rows = np.flatnonzero(bad)
        if not len(rows):
            return pa.nulls(self.size, pa.string())
        messages: list[str | None] = [None] * self.size
        unit = self.unit
        for row in rows:
            raw = int(values[row])
            try:
                instant = _EPOCH + timedelta(microseconds=raw * 1_000_000 // _PER_SECOND[unit])
            except OverflowError:
                messages[row] = (
                    f"expires_at: {raw} ({unit} since 1970) is outside the years "
                    f"{EARLIEST_YEAR}-{LATEST_YEAR} this library computes with"
                )
                continue
            try:
                to_utc(instant, "expires_at")
            except DomainRulesError as failure:
                messages[row] = str(failure)
            else:  # pragma: no cover - the bounds above are to_utc's
                messages[row] = f"expires_at: {instant.isoformat()} is out of range"
        return pa.array(messages, pa.string())


_NS_OVERFLOW = (
    "expires_at: the current phase ends after 2262-04-11, past what timestamp[ns] can "
    "hold; give the expiries as timestamp[us]"
)


def _us(instant: datetime) -> int:
    return (instant - _EPOCH) // timedelta(microseconds=1)


def _take(values: pa.Array, index: np.ndarray, valid: np.ndarray) -> pa.Array:
    if values.null_count == len(values):  # no entry has an error: skip the row-wise take
        return pa.nulls(len(index), values.type)
    return values.take(pa.array(index, mask=~valid))


def _where(mask: np.ndarray, message: str) -> pa.Array:
    return pc.if_else(pa.array(mask), pa.scalar(message), pa.scalar(None, pa.string()))
