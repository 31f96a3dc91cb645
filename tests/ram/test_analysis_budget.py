"""One budget bounds the whole analysis: past it the answer is undecided, with what ran out.

The adversarial shapes are those of ``benchmarks/analysis.py`` ("adversarial"): many
string-glob clauses on a few keys, many overlapping patterns, many keys. The tests
assert the kind of answer and the resource that ran out, never a time.
"""

from __future__ import annotations

from typing import Any

import pytest

from domainrules.ram import (
    DEFAULT_BUDGET,
    CheckOutcome,
    InvalidRequestError,
    Policy,
    Relation,
    check_access_not_granted,
    compare,
)
from domainrules.ram.analysis import statement_findings
from domainrules.ram.analysis._budget import RESOURCES, Budget, BudgetExceeded

_OPERATORS = (
    "StringLike",
    "StringNotLike",
    "ForAnyValue:StringLike",
    "ForAllValues:StringLike",
    "ForAnyValue:StringNotLike",
    "ForAllValues:StringNotLike",
)


def glob_clauses(count: int, keys: tuple[str, ...] = ("k:a", "k:b", "k:c")) -> Policy:
    """One Allow with ``count`` string-glob clauses spread over ``keys`` (the known blow-up)."""
    condition: dict[str, dict[str, Any]] = {}
    slots = [(operator, key) for operator in _OPERATORS for key in keys][:count]
    for number, (operator, key) in enumerate(slots):
        condition.setdefault(operator, {})[key] = [f"*a{number}*", f"b{number}*c*", f"*{number}?x"]
    statement = {"Effect": "Allow", "Action": "domain:*", "Resource": "*", "Condition": condition}
    return Policy.parse({"Version": "1", "Statement": [statement]}, name="new")


def many_keys(count: int) -> Policy:
    condition = {"StringEquals": {f"k:key{n}": f"v{n}" for n in range(count)}}
    statement = {"Effect": "Allow", "Action": "domain:*", "Resource": "*", "Condition": condition}
    return Policy.parse({"Version": "1", "Statement": [statement]}, name="new")


def overlapping_patterns(count: int) -> Policy:
    resources = [f"acs:*:*:*:domain/*{'?' * (n % 4)}{n}*.c?m*" for n in range(count)]
    statement = {"Effect": "Allow", "Action": "domain:*", "Resource": resources}
    return Policy.parse({"Version": "1", "Statement": [statement]}, name="new")


OLD = Policy.parse(
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "domain:Q*", "Resource": "*"}]},
    name="old",
)


def test_the_glob_clause_blow_up_answers_undecided_with_what_ran_out() -> None:
    result = compare(OLD, glob_clauses(12), budget=50_000)
    assert result.relation is Relation.UNDECIDED
    assert result.exhausted in ("automaton states", "automaton transitions")
    assert not result.new_access and not result.lost_access
    assert any(f"ran out on {result.exhausted}" in reason for reason in result.reasons)


def test_regions_found_before_the_budget_ran_out_are_kept() -> None:
    # Regions cost the most: the budget runs out while describing them; the regions
    # already found are real (witnesses confirmed by the evaluator) and are kept.
    result = compare(OLD, glob_clauses(12), budget=400_000)
    assert result.exhausted in ("regions", "witnesses")
    assert result.lost_access
    assert result.reasons


def test_many_keys_run_out_of_condition_combinations() -> None:
    result = compare(OLD, many_keys(17), budget=100_000)
    assert result.relation is Relation.UNDECIDED
    assert result.exhausted == "condition combinations"


def test_many_overlapping_patterns_run_out_of_automaton_states() -> None:
    check = check_access_not_granted(overlapping_patterns(12), "*", budget=20_000)
    assert check.outcome is CheckOutcome.UNDECIDED
    assert check.exhausted in ("automaton states", "automaton transitions")


def test_within_the_budget_the_answer_is_decided() -> None:
    result = compare(OLD, glob_clauses(3))
    assert result.relation is Relation.INCOMPARABLE
    assert result.exhausted is None and not result.reasons


def test_statement_findings_within_the_budget_or_none() -> None:
    assert statement_findings(glob_clauses(12), budget=1_000) == ()


@pytest.mark.parametrize("budget", [0, -1, "1", 1.5, True, None])
def test_a_budget_is_a_positive_int(budget: Any) -> None:
    # A wrong value is InvalidRequestError; a wrong type may be ArgumentTypeError.
    with pytest.raises((InvalidRequestError, TypeError)):
        compare(OLD, OLD, budget=budget)


def test_the_budget_counts_every_resource() -> None:
    budget = Budget(DEFAULT_BUDGET)
    for resource in RESOURCES:
        budget.spend(resource)
    assert budget.total == sum(RESOURCES.values())
    with pytest.raises(BudgetExceeded) as caught:
        budget.spend("regions", DEFAULT_BUDGET)
    assert caught.value.resource == "regions"


@pytest.mark.slow
def test_the_default_budget_bounds_seventeen_glob_clauses() -> None:
    # The case: one Allow, 17 string-glob clauses on three keys, under 1,000
    # characters; before the budget, tens of seconds, gigabytes, 100,000+ regions.
    result = compare(OLD, glob_clauses(17))
    assert result.exhausted in RESOURCES
    assert len(result.new_access) + len(result.lost_access) <= DEFAULT_BUDGET // 100
