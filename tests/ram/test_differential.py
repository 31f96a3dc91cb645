"""Differential tests: the compiled engine against literal reference models of the RAM documentation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domainrules.ram import InvalidRequestError, Policy, PolicySet, Request
from domainrules.ram.patterns import compile_pattern
from tests.reference.ram_reference import dp_match, reference_evaluate

from .strategies import patterns, policy_sets, requests, texts


def _check(documents: list[dict[str, Any]], batch: list[tuple[str, str, dict[str, Any]]]) -> int:
    named = [(f"p{i}", document) for i, document in enumerate(documents)]
    policy_set = PolicySet(
        Policy.parse(document, name=name, max_length=None) for name, document in named
    )
    for action, resource, context in batch:
        try:
            outcome, matched = reference_evaluate(named, action, resource, context)
        except ValueError:
            # Several values of a single-valued key: the engine refuses the request too.
            with pytest.raises(InvalidRequestError):
                Request(action, resource, context)
            continue
        decision = policy_set.evaluate(Request(action, resource, context))
        assert decision.outcome.value == outcome, (action, resource, context, documents)
        assert [(m.policy, m.index, m.effect) for m in decision.matched] == matched
    return len(batch)


@given(policy_sets, st.lists(requests(), min_size=1, max_size=20))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_policy_set_agrees_with_reference(
    documents: list[dict[str, Any]], batch: list[tuple[str, str, dict[str, Any]]]
) -> None:
    _check(documents, batch)


@given(st.lists(patterns, min_size=1, max_size=10), st.lists(texts, min_size=1, max_size=10))
@settings(max_examples=200)
def test_matcher_agrees_with_reference(pattern_list: list[str], text_list: list[str]) -> None:
    for pattern in pattern_list:
        compiled = compile_pattern(pattern)
        match = compiled.matcher()
        for text in text_list:
            expected = dp_match(pattern, text)
            assert compiled.matches(text) is expected
            assert match(text) is expected


_COUNT = {"cases": 0}


@pytest.mark.slow
@given(policy_sets, st.lists(requests(), min_size=50, max_size=50))
@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
def test_policy_set_agrees_with_reference_100k(
    documents: list[dict[str, Any]], batch: list[tuple[str, str, dict[str, Any]]]
) -> None:
    # 2,000 policy sets x 50 requests = 100,000 decisions compared.
    _COUNT["cases"] += _check(documents, batch)


@pytest.mark.slow
@given(st.lists(patterns, min_size=10, max_size=10), st.lists(texts, min_size=10, max_size=10))
@settings(max_examples=1000, deadline=None)
def test_matcher_agrees_with_reference_100k(pattern_list: list[str], text_list: list[str]) -> None:
    # 1,000 x 10 x 10 = 100,000 pattern/text pairs.
    for pattern in pattern_list:
        match = compile_pattern(pattern).matcher()
        for text in text_list:
            assert match(text) is dp_match(pattern, text)
