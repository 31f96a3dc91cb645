"""Wildcard patterns: shapes, literal specials, anchoring, case, linear time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules.ram.patterns import compile_pattern, has_wildcard
from tests.reference.ram_reference import dp_match

from .strategies import patterns, texts, unicode_texts


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("abc", "exact"),
        ("*", "any"),
        ("**", "any"),
        ("abc*", "prefix"),
        ("*abc", "suffix"),
        ("ab*cd", "prefix_suffix"),
        ("a?c", "general"),
        ("*a*", "general"),
        ("acs:domain:*:*:*", "general"),
    ],
)
def test_shapes(pattern: str, kind: str) -> None:
    assert compile_pattern(pattern).kind == kind


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("a[bc]d", "a[bc]d", True),
        ("a[bc]d", "abd", False),
        ("a.c", "abc", False),
        ("a+", "aa", False),
        ("(a)", "(a)", True),
        ("a\\b", "a\\b", True),
        ("*", "", True),
        ("?", "", False),
        ("?", "é", True),
        ("a*", "ba", False),
        ("*a", "ab", False),
        ("domain/*", "domain/x:y/z", True),
        ("a*b*c", "abc", True),
        ("a*b*c", "acb", False),
        ("ab*ba", "aba", False),
        ("a?*?b", "axyb", True),
        ("a?*?b", "axb", False),
    ],
)
def test_literal_and_anchored(pattern: str, text: str, expected: bool) -> None:
    compiled = compile_pattern(pattern)
    assert compiled.matches(text) is expected
    assert compiled.matcher()(text) is expected


def test_ignore_case_lowers_the_pattern() -> None:
    pattern = compile_pattern("Domain:Query*", ignore_case=True)
    assert pattern.matches("domain:querydomainlist")
    assert pattern.text == "domain:query*"


def test_pathological_pattern_is_not_exponential() -> None:
    # A backtracking matcher takes exponential time here; this one is linear-ish.
    pattern = compile_pattern("*a" * 50 + "*b")
    assert not pattern.matches("a" * 10_000)
    assert not pattern.matcher()("a" * 10_000)
    assert pattern.matches("a" * 10_000 + "b")
    question = compile_pattern("*a?" * 30 + "*b")
    assert not question.matches("a" * 5_000)


def test_has_wildcard() -> None:
    assert has_wildcard("a?") and has_wildcard("*") and not has_wildcard("a[b]")


@given(patterns, texts)
@settings(max_examples=500)
def test_matches_reference(pattern: str, text: str) -> None:
    expected = dp_match(pattern, text)
    compiled = compile_pattern(pattern)
    assert compiled.matches(text) is expected
    assert compiled.matcher()(text) is expected


@given(unicode_texts, unicode_texts)
def test_matches_reference_unicode(pattern: str, text: str) -> None:
    assert compile_pattern(pattern).matches(text) is dp_match(pattern, text)


@given(st.text(alphabet="aA*?", max_size=8), st.text(alphabet="aAb", max_size=8))
def test_ignore_case_matches_reference(pattern: str, text: str) -> None:
    compiled = compile_pattern(pattern, ignore_case=True)
    assert compiled.matches(text.lower()) is dp_match(pattern, text, ignore_case=True)


def test_overlaps_agrees_with_brute_force() -> None:
    import itertools

    from domainrules.ram.patterns import overlaps

    texts = ["".join(t) for n in range(7) for t in itertools.product("ab", repeat=n)]
    globs = ["".join(p) for n in range(4) for p in itertools.product("ab*?", repeat=n)]
    compiled = {g: compile_pattern(g) for g in globs}
    for first, second in itertools.product(globs, repeat=2):
        expected = any(compiled[first].matches(t) and compiled[second].matches(t) for t in texts)
        assert overlaps(first, second) is expected, (first, second)
