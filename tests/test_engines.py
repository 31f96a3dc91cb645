"""The engine adapters (domainrules.engines), and the examples of docs/data-engines.md.

Each engine's test is skipped, with the reason printed (pytest -ra), where the engine
is not installed (the [engines] extra) or, for Spark, where there is no Java runtime.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow", reason="the [arrow] extra (pyarrow) is not installed")

from domainrules import lifecycle_of  # noqa: E402
from domainrules.arrow import COLUMNS, next_actions  # noqa: E402

PAGE = Path(__file__).resolve().parent.parent / "docs" / "data-engines.md"
UTC = timezone.utc
AT = datetime(2025, 6, 1, tzinfo=UTC)
NAMES = ["example.com", "shop.com.cn", "例子.中国", "bad_name.com", None, "www.example.com"]
EXPIRES = [AT + timedelta(days=d) for d in (19, -22, -61, 19, 3, 3)]


def _missing(*modules: str) -> str | None:
    absent = [m for m in modules if importlib.util.find_spec(m) is None]
    return f"not installed: {', '.join(absent)} (the [engines] extra)" if absent else None


def _java() -> str | None:
    java = shutil.which("java")
    if java is None:
        return "no Java runtime (java) on PATH: Spark needs one"
    probe = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    return None if probe.returncode == 0 else f"java -version failed: {probe.stderr.strip()}"


def _needs(*modules: str, java: bool = False) -> pytest.MarkDecorator:
    reason = _missing(*modules) or (_java() if java else None)
    return pytest.mark.skipif(reason is not None, reason=reason or "")


def expected() -> list[dict[str, Any]]:
    """The Arrow function's rows, with text instead of dictionaries (what engines give)."""
    result = next_actions(pa.array(NAMES), pa.array(EXPIRES, pa.timestamp("us", "UTC")), AT)
    rows: list[dict[str, Any]] = result.to_pylist()
    return rows


def table() -> Any:
    return pa.table({"name": NAMES, "expires_at": pa.array(EXPIRES, pa.timestamp("us", "UTC"))})


def _same(rows: list[dict[str, Any]]) -> None:
    want = expected()
    assert len(rows) == len(want)
    for got, row in zip(rows, want, strict=True):
        for column in COLUMNS:
            value = got[column]
            if hasattr(value, "to_pydatetime"):
                value = value.to_pydatetime()
            if isinstance(value, datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=UTC)  # Spark gives UTC wall-clock values
            if value is not None and value != value:  # NaN, NaT
                value = None
            if isinstance(value, datetime):
                value = value.astimezone(UTC)
            assert value == row[column], (got, row, column)


def test_the_reference_rows_are_the_library_answers() -> None:
    rows = expected()
    assert rows[0]["phase"] == lifecycle_of("example.com", EXPIRES[0]).phase_at(AT).value
    assert rows[4]["phase"] is None and rows[4]["error"] is None
    assert "below the registrable level" in rows[5]["error"]


# --- the adapters -----------------------------------------------------------------


@_needs("duckdb")
def test_duckdb_sql_over_parquet(tmp_path: Path) -> None:
    import duckdb
    import pyarrow.parquet as pq

    from domainrules.engines import register_duckdb

    path = tmp_path / "portfolio.parquet"
    pq.write_table(table(), path)
    connection = duckdb.connect()
    register_duckdb(connection)
    rows = connection.sql(
        "SELECT domain_lifecycle(name, expires_at, TIMESTAMPTZ '2025-06-01 00:00:00+00') AS r "
        f"FROM '{path}'"
    ).fetchall()
    _same([row[0] for row in rows])
    # `at` as a column: each row its own instant (a null instant gives nulls).
    mixed = connection.sql(
        "SELECT domain_lifecycle(name, expires_at, CASE WHEN name = 'example.com' "
        "THEN TIMESTAMPTZ '2025-07-01 00:00:00+00' WHEN name = 'shop.com.cn' THEN NULL "
        f"ELSE TIMESTAMPTZ '2025-06-01 00:00:00+00' END).phase FROM '{path}'"
    ).fetchall()
    with pytest.raises(duckdb.Error, match="expires_at is TIMESTAMP, which names no instant"):
        connection.sql(
            f"SELECT domain_lifecycle(name, expires_at::TIMESTAMP, now()) FROM '{path}'"
        ).fetchall()
    assert [row[0] for row in mixed] == [
        lifecycle_of("example.com", EXPIRES[0]).phase_at(datetime(2025, 7, 1, tzinfo=UTC)).value,
        None,
        *(row["phase"] for row in expected()[2:]),
    ]


@_needs("polars")
def test_polars_expression_eager_and_lazy() -> None:
    import polars as pl

    from domainrules.engines import polars_next_actions

    frame = pl.from_arrow(table())
    assert isinstance(frame, pl.DataFrame)
    expression = polars_next_actions("name", "expires_at", AT).alias("r")
    _same(frame.with_columns(expression).unnest("r").to_dicts())
    lazy = frame.lazy().with_columns(expression).unnest("r").collect()
    assert lazy.schema["deadline"] == pl.Datetime("us", "UTC")
    _same(lazy.to_dicts())


@_needs("dask", "distributed", "pandas")
def test_dask_map_partitions_on_a_local_cluster() -> None:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from domainrules.engines import dask_next_actions

    # Typed as Any: mypy runs with and without the engines installed.
    from_pandas: Any = dd.from_pandas
    local_cluster: Any = LocalCluster
    client: Any = Client
    frame = from_pandas(table().to_pandas(types_mapper=pd.ArrowDtype), npartitions=2)
    with (
        local_cluster(processes=False, n_workers=1, dashboard_address=None) as cluster,
        client(cluster),
    ):
        done = dask_next_actions(frame, AT).compute()
    _same(done.astype(object).where(done.notna(), None).to_dict("records"))


@_needs("pyspark", java=True)
def test_spark_map_in_arrow_and_the_docs_example() -> None:
    from pyspark.sql import SparkSession

    from domainrules.engines import spark_next_actions

    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    try:
        frame = spark.createDataFrame(
            [(n, e) for n, e in zip(NAMES, EXPIRES, strict=True)],
            "name string, expires_at timestamp",
        )
        _same([row.asDict() for row in spark_next_actions(frame, AT).collect()])
        # The page's example, in the same session (Spark starts once).
        _run_page_example("Spark")
    finally:
        spark.stop()


# --- docs/data-engines.md: each example runs and prints what the page shows --------

_BLOCK = re.compile(r"```python\n(.*?)```\s*(?:```text\n(.*?)```)?", re.DOTALL)


def _examples() -> dict[str, tuple[str, str | None]]:
    blocks: dict[str, tuple[str, str | None]] = {}
    for code, output in _BLOCK.findall(PAGE.read_text(encoding="utf-8")):
        title = code.splitlines()[0].lstrip("# ").split(":")[0]
        blocks[title] = (code, output or None)
    return blocks


def _run_page_example(title: str) -> None:
    blocks = _examples()
    namespace: dict[str, Any] = {}
    exec(compile(blocks["setup"][0], f"{PAGE.name}: setup", "exec"), namespace)
    code, output = blocks[title]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, f"{PAGE.name}: {title}", "exec"), namespace)
    assert output is not None
    assert printed.getvalue() == output


def test_the_page_has_an_example_per_engine() -> None:
    assert set(_examples()) == {"setup", "DuckDB", "Polars", "Dask", "Spark"}


@pytest.mark.parametrize(
    ("title", "modules"),
    [("DuckDB", ("duckdb",)), ("Polars", ("polars",)), ("Dask", ("dask", "distributed"))],
)
def test_the_page_examples_run(title: str, modules: tuple[str, ...]) -> None:
    reason = _missing(*modules)
    if reason is not None:
        pytest.skip(reason)
    _run_page_example(title)
