"""The JSON path -> line/column map SARIF output uses, against json's own reading."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules.cli._positions import json_positions, locate
from domainrules.ram._paths import child

_KEYS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6)
_DOCUMENTS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


def _paths(value: Any, path: str = "$") -> dict[str, Any]:
    found = {path: value}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(_paths(item, child(path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(_paths(item, child(path, index)))
    return found


def _offset(text: str, line: int, column: int) -> int:
    return sum(len(x) + 1 for x in text.split("\n")[: line - 1]) + column - 1


@given(_DOCUMENTS, st.sampled_from([None, 1, 2]), st.booleans())
@settings(max_examples=200)
def test_every_path_points_at_its_key_or_value(
    document: Any, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    positions = json_positions(text)
    expected = _paths(document)
    assert set(positions) == set(expected)
    decoder = json.JSONDecoder()
    for path, value in expected.items():
        offset = _offset(text, *positions[path])
        if (path.endswith("]") and not path.endswith('"]')) or path == "$":
            assert decoder.raw_decode(text, offset)[0] == value, path
        else:
            key = decoder.raw_decode(text, offset)[0]
            assert isinstance(key, str) and child(path.rpartition(child("", key))[0], key) == path


@given(st.one_of(_KEYS, st.integers(0, 99)))
def test_paths_are_written_as_the_library_writes_them(key: str | int) -> None:
    from domainrules.cli._positions import child as cli_child

    assert cli_child("$.Statement", key) == child("$.Statement", key)


def test_not_json_keeps_what_was_read_and_locate_falls_back() -> None:
    positions = json_positions('{"Version": "1", "Statement": [{"Effect": ')
    assert positions["$.Statement[0].Effect"] == (1, 33)
    assert locate(positions, "$.Statement[0].Effect.x") == (1, 33)
    assert locate({}, "$.Statement") == (1, 1)
    assert json_positions("") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": "\\x"}', {"$": (1, 1), "$.a": (1, 2)}),  # a bad escape in a string
        ('{"a" 1}', {"$": (1, 1), "$.a": (1, 2)}),  # no colon
        ('{"a": 1 "b": 2}', {"$": (1, 1), "$.a": (1, 2)}),  # no comma between members
        ("{1: 2}", {"$": (1, 1)}),  # a key that is no string
        ("[1 2]", {"$": (1, 1), "$[0]": (1, 2)}),  # no comma between items
        ("[,]", {"$": (1, 1), "$[0]": (1, 2)}),  # an item missing
        ('{"a": "open', {"$": (1, 1), "$.a": (1, 2)}),  # a string never closed
    ],
)
def test_broken_json_keeps_the_positions_read_before_the_break(
    text: str, expected: dict[str, tuple[int, int]]
) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    assert json_positions(text) == expected


def test_empty_containers_and_a_path_with_no_ancestor() -> None:
    positions = json_positions('{"a": [], "b": {}, "c": [[], {}]}')
    assert positions["$.b"] == (1, 11)
    assert positions["$.c[1]"] == (1, 30)
    assert locate(positions, "$.c[1].x[3]") == (1, 30)
    # A path that is not under "$" falls back to the document's start.
    assert locate({"$": (2, 3)}, "elsewhere") == (2, 3)
