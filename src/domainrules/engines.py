"""Thin adapters: :func:`domainrules.arrow.next_actions` inside DuckDB, Polars, Dask and Spark.

Each adapter only moves Arrow data in and out of its engine; the answers are the Arrow
function's, so they are the library's (docs: "Data engines"). No engine is imported
until its adapter is called, and each needs its own extra (``[duckdb]``, ``[polars]``,
``[dask]``, ``[spark]``, or ``[engines]`` for all).

- DuckDB: :func:`register_duckdb` registers ``domain_lifecycle(name, expires_at, at)``,
  a vectorized (Arrow) SQL function returning a struct of the :data:`~domainrules.arrow.COLUMNS`.
- Polars: :func:`polars_next_actions` is an expression (``map_batches``) giving that struct.
- Dask: :func:`dask_next_actions` adds the columns to every partition (``map_partitions``).
- Spark: :func:`spark_next_actions` adds them with ``mapInArrow``.

Text columns come out as text (not dictionary-encoded), instants as UTC timestamps.
"""

from __future__ import annotations

import re
from typing import Any

# Without pyarrow, importing domainrules.arrow raises the error naming the extra.
from domainrules.arrow import COLUMNS, add_next_actions, next_actions  # isort: skip

import pyarrow as pa
import pyarrow.compute as pc

from domainrules.actions import DEFAULT_RENEW_WITHIN
from domainrules.errors import ArgumentTypeError, InvalidChoiceError
from domainrules.instants import Instant, to_utc
from domainrules.rulesets import DEFAULT_RULE_SET, RuleSet, as_rule_set

__all__ = [
    "DUCKDB_FUNCTION",
    "dask_next_actions",
    "pandas_next_actions",
    "polars_next_actions",
    "register_duckdb",
    "spark_next_actions",
]

#: The name :func:`register_duckdb` gives the SQL function by default.
DUCKDB_FUNCTION = "domain_lifecycle"
_SQL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _plain(batch: pa.RecordBatch, unit: str | None = None) -> list[pa.Array]:
    """The result columns as engines take them: text for the dictionaries, and the
    instants in ``unit`` (a cast that would lose digits raises)."""
    columns = []
    for field, column in zip(batch.schema, batch.columns, strict=True):
        if pa.types.is_dictionary(field.type):
            column = column.cast(pa.string())
        elif unit is not None and pa.types.is_timestamp(field.type) and field.type.unit != unit:
            column = column.cast(pa.timestamp(unit, tz="UTC"))
        columns.append(column)
    return columns


def _struct(batch: pa.RecordBatch, unit: str | None = None) -> pa.StructArray:
    return pa.StructArray.from_arrays(_plain(batch, unit), names=list(COLUMNS))


# --- DuckDB ---------------------------------------------------------------------


def register_duckdb(
    connection: Any,
    *,
    name: str = DUCKDB_FUNCTION,
    rules: RuleSet | str = DEFAULT_RULE_SET,
    renew_within: int = DEFAULT_RENEW_WITHIN,
) -> None:
    """Register ``name(domain, expires_at, at)`` on a DuckDB connection: for a VARCHAR and
    two TIMESTAMPTZ, a struct of phase, phase_ends_at, days_left, action, deadline and error.

    DuckDB hands the function Arrow chunks (``type="arrow"``); ``at`` may differ from row
    to row (each distinct value is one batch). ``name`` is a macro over the Arrow
    function (registered as ``<name>_arrow``) that refuses, for the whole query, a
    ``TIMESTAMP`` without a zone, which DuckDB would otherwise convert in the session's
    ``TimeZone`` setting: say the zone in SQL (``timezone('Asia/Shanghai', expires)``).
    """
    import duckdb
    from duckdb.sqltypes import INTEGER, TIMESTAMP_TZ, VARCHAR

    if not isinstance(name, str) or not _SQL_NAME.fullmatch(name):
        raise InvalidChoiceError(
            f"name: expected an SQL name (letters, digits, _), not {name!r}",
            field="name",
            value=name,
        )
    rule_set = as_rule_set(rules)
    returns = duckdb.struct_type(
        {
            "phase": VARCHAR,
            "phase_ends_at": TIMESTAMP_TZ,
            "days_left": INTEGER,
            "action": VARCHAR,
            "deadline": TIMESTAMP_TZ,
            "error": VARCHAR,
        }
    )

    def domain_lifecycle(names: Any, expires_at: Any, at: Any) -> pa.StructArray:
        return _struct(_at_each(names, expires_at, at, rule_set, renew_within), "us")

    connection.create_function(
        f"{name}_arrow",
        domain_lifecycle,
        [VARCHAR, TIMESTAMP_TZ, TIMESTAMP_TZ],
        returns,
        type="arrow",
        null_handling="special",
        side_effects=False,
    )
    # typeof() is the argument's declared type, one per query: the check costs no row.
    checks = " ".join(
        f"WHEN typeof({argument}) NOT IN ('TIMESTAMP WITH TIME ZONE', '\"NULL\"') THEN "
        f"error('{name}: {argument} is ' || typeof({argument}) || ', which names no "
        f"instant: give TIMESTAMPTZ, e.g. timezone(''Asia/Shanghai'', column)')"
        for argument in ("expires_at", "at_instant")
    )
    connection.execute(
        f"CREATE OR REPLACE TEMP MACRO {name}(domain, expires_at, at_instant) AS "
        f"CASE {checks} ELSE {name}_arrow(domain, expires_at, at_instant) END"
    )


def _at_each(
    names: Any, expires_at: Any, at: Any, rules: RuleSet, renew_within: int
) -> pa.RecordBatch:
    """:func:`next_actions` where ``at`` is a column: once per distinct instant."""
    if isinstance(at, pa.ChunkedArray):
        at = at.combine_chunks()
    distinct = pc.unique(at.drop_null())
    if len(distinct) == 1 and at.null_count == 0:
        return next_actions(
            names, expires_at, distinct[0].as_py(), rules=rules, renew_within=renew_within
        )
    names = names.combine_chunks() if isinstance(names, pa.ChunkedArray) else names
    expires_at = (
        expires_at.combine_chunks() if isinstance(expires_at, pa.ChunkedArray) else expires_at
    )
    # Rows without an `at` keep nulls; the others get their own instant's answer.
    parts, positions = [], []
    for instant in distinct:
        rows = pc.indices_nonzero(pc.equal(at, instant))
        parts.append(
            next_actions(
                names.take(rows),
                expires_at.take(rows),
                instant.as_py(),
                rules=rules,
                renew_within=renew_within,
            )
        )
        positions.append(rows)
    missing = pc.indices_nonzero(at.is_null())
    empty = next_actions(
        pa.nulls(len(missing), pa.string()),
        pa.nulls(len(missing), expires_at.type),
        to_utc("2000-01-01T00:00:00Z"),
    )
    table = pa.Table.from_batches([*parts, empty])
    order = pc.sort_indices(pa.chunked_array([*positions, missing], pa.uint64()))
    return table.take(order).combine_chunks().to_batches()[0]


# --- Polars ---------------------------------------------------------------------


def polars_next_actions(
    name: Any,
    expires_at: Any,
    at: Instant,
    *,
    rules: RuleSet | str = DEFAULT_RULE_SET,
    renew_within: int = DEFAULT_RENEW_WITHIN,
    zone: str | None = None,
    time_unit: str = "us",
) -> Any:
    """A Polars expression (``map_batches``) for the struct of :data:`~domainrules.arrow.COLUMNS`.

    ``name`` and ``expires_at`` are column names or expressions; ``time_unit`` is the unit
    of the output instants (the expiry column's, ``us`` by default in Polars). Unnest the
    struct to get the columns: ``df.with_columns(expr.alias("r")).unnest("r")``.
    """
    import polars as pl

    instant = to_utc(at, "at")
    rule_set = as_rule_set(rules)
    if time_unit not in ("ms", "us", "ns"):
        raise ArgumentTypeError(
            f"time_unit: expected ms, us or ns (Polars' units), not {time_unit!r}",
            field="time_unit",
            value=time_unit,
        )
    unit: Any = time_unit
    moment = pl.Datetime(unit, "UTC")
    returns = pl.Struct(
        {
            "phase": pl.String,
            "phase_ends_at": moment,
            "days_left": pl.Int32,
            "action": pl.String,
            "deadline": moment,
            "error": pl.String,
        }
    )

    def apply(pair: Any) -> Any:
        result = next_actions(
            pair.struct.field("name").to_arrow(),
            pair.struct.field("expires_at").to_arrow(),
            instant,
            rules=rule_set,
            renew_within=renew_within,
            zone=zone,
        )
        return pl.Series(pair.name, _struct(result, time_unit), dtype=returns)

    name_expr = pl.col(name) if isinstance(name, str) else name
    expires_expr = pl.col(expires_at) if isinstance(expires_at, str) else expires_at
    return pl.struct(name_expr.alias("name"), expires_expr.alias("expires_at")).map_batches(
        apply, return_dtype=returns
    )


# --- Dask -----------------------------------------------------------------------


def dask_next_actions(
    frame: Any,
    at: Instant,
    *,
    name: str = "name",
    expires_at: str = "expires_at",
    rules: RuleSet | str = DEFAULT_RULE_SET,
    renew_within: int = DEFAULT_RENEW_WITHIN,
    zone: str | None = None,
) -> Any:
    """A ``dask.dataframe`` with the :data:`~domainrules.arrow.COLUMNS` added to every
    partition (``map_partitions``), as nullable Arrow-backed pandas columns."""
    options: dict[str, Any] = {
        "at": to_utc(at, "at"),
        "name": name,
        "expires_at": expires_at,
        "rules": as_rule_set(rules),
        "renew_within": renew_within,
        "zone": zone,
    }
    meta = pandas_next_actions(frame._meta, **options)
    return frame.map_partitions(pandas_next_actions, meta=meta, **options)


def pandas_next_actions(
    frame: Any,
    at: Instant,
    *,
    name: str = "name",
    expires_at: str = "expires_at",
    rules: RuleSet | str = DEFAULT_RULE_SET,
    renew_within: int = DEFAULT_RENEW_WITHIN,
    zone: str | None = None,
) -> Any:
    """One pandas frame with the columns added (what :func:`dask_next_actions` maps)."""
    import pandas as pd

    names = pa.array(frame[name], from_pandas=True, type=pa.string())
    stamps = pa.array(frame[expires_at], from_pandas=True)
    result = next_actions(names, stamps, at, rules=rules, renew_within=renew_within, zone=zone)
    added = pa.Table.from_arrays(_plain(result), names=list(COLUMNS)).to_pandas(
        types_mapper=pd.ArrowDtype
    )
    added.index = frame.index
    return pd.concat([frame, added], axis=1)


# --- Spark ----------------------------------------------------------------------


def spark_next_actions(
    frame: Any,
    at: Instant,
    *,
    name: str = "name",
    expires_at: str = "expires_at",
    rules: RuleSet | str = DEFAULT_RULE_SET,
    renew_within: int = DEFAULT_RENEW_WITHIN,
    zone: str | None = None,
) -> Any:
    """A Spark DataFrame with the :data:`~domainrules.arrow.COLUMNS` added, computed on
    the executors with ``mapInArrow`` (each needs this package with its ``[arrow]`` extra)."""
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType, TimestampType

    instant = to_utc(at, "at")
    rule_set = as_rule_set(rules)
    schema = StructType(
        [
            *frame.schema.fields,
            StructField("phase", StringType()),
            StructField("phase_ends_at", TimestampType()),
            StructField("days_left", IntegerType()),
            StructField("action", StringType()),
            StructField("deadline", TimestampType()),
            StructField("error", StringType()),
        ]
    )

    def apply(batches: Any) -> Any:
        for batch in batches:
            result = add_next_actions(
                batch,
                instant,
                name=name,
                expires_at=expires_at,
                rules=rule_set,
                renew_within=renew_within,
                zone=zone,
            )
            yield pa.RecordBatch.from_arrays(_plain(result, "us"), names=result.schema.names)

    return frame.mapInArrow(apply, schema)
