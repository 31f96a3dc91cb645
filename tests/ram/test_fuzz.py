"""Fuzz: whatever is fed to the parser, the only failure is an InvalidPolicyError."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules.errors import ArgumentTypeError
from domainrules.ram import InvalidPolicyError, Policy, iter_errors

from .strategies import policy_documents

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Version",
                    "Statement",
                    "Effect",
                    "Action",
                    "NotAction",
                    "Resource",
                    "Condition",
                    "Sid",
                    "StringEquals",
                    "Bool",
                    "x",
                ]
            )
            | st.text(max_size=5),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def _parse(document: Any) -> None:
    if not isinstance(document, (str, Mapping)):
        # A Python value of another type is no document: a wrong type, not a finding.
        with pytest.raises(ArgumentTypeError):
            Policy.parse(document)
        with pytest.raises(ArgumentTypeError):
            list(iter_errors(document))
        return
    try:
        Policy.parse(document)
    except InvalidPolicyError as error:
        assert error.path is not None and error.path.startswith("$")
        assert error.rule
    for problem in iter_errors(document):
        assert isinstance(problem, InvalidPolicyError)


@given(json_values)
@settings(max_examples=300)
def test_any_json_value(value: Any) -> None:
    _parse(value)
    try:
        text = json.dumps(value, allow_nan=False)
    except ValueError:
        return
    _parse(text)


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_any_text(text: str) -> None:
    _parse(text)


@given(policy_documents(), st.data())
@settings(max_examples=200)
def test_mutated_documents(document: dict[str, Any], data: st.DataObject) -> None:
    text = json.dumps(document)
    if text:
        position = data.draw(st.integers(0, len(text) - 1))
        junk = data.draw(st.text(max_size=3))
        text = text[:position] + junk + text[position + 1 :]
    _parse(text)
    statement = document["Statement"][0]
    key = data.draw(st.sampled_from(sorted(statement)))
    statement[key] = data.draw(json_values)
    _parse(document)


def test_deep_nesting() -> None:
    _parse("[" * 5000 + "]" * 5000)
    nested: Any = "x"
    for _ in range(200):
        nested = {"a": nested}
    _parse({"Version": "1", "Statement": [nested]})
