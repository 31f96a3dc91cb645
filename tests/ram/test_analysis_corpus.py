"""The analysis on the real-policy corpus: self-comparisons and changes that cannot add access."""

from __future__ import annotations

import itertools
import random

import pytest

from domainrules.ram import (
    CheckOutcome,
    Policy,
    PolicySet,
    Relation,
    Statement,
    check_no_new_access,
    compare,
)
from tests.ram.test_corpus import ACCEPTED, _text

POLICIES = [Policy.parse(_text(entry), name=entry["file"]) for entry in ACCEPTED]


def _params() -> list[object]:
    return [pytest.param(policy, id=policy.name) for policy in POLICIES]


@pytest.mark.parametrize("policy", _params())
def test_each_policy_is_equivalent_to_itself(policy: Policy) -> None:
    result = compare(policy, policy)
    assert result.relation is Relation.EQUIVALENT, result.reasons


@pytest.mark.parametrize("policy", _params())
def test_adding_a_deny_never_gives_new_access(policy: Policy) -> None:
    first = policy.statements[0]
    denied = Statement("Deny", first.actions, first.not_actions, first.resources, first.conditions)
    stricter = Policy(policy.name, "1", (*policy.statements, denied))
    assert check_no_new_access(policy, stricter).outcome is CheckOutcome.PASS
    result = compare(policy, stricter)
    for region in result.lost_access:
        for witness in region.witnesses:
            assert PolicySet([policy]).evaluate(witness).allowed
            assert not PolicySet([stricter]).evaluate(witness).allowed


@pytest.mark.parametrize("policy", _params())
def test_removing_a_statement_of_allows_never_gives_new_access(policy: Policy) -> None:
    for index, statement in enumerate(policy.statements):
        if statement.effect != "Allow" or len(policy.statements) == 1:
            continue
        fewer = Policy(policy.name, "1", policy.statements[:index] + policy.statements[index + 1 :])
        assert check_no_new_access(policy, fewer).outcome is CheckOutcome.PASS


def test_pairs_of_corpus_policies_have_confirmed_witnesses() -> None:
    # Witnesses are confirmed by the evaluator inside compare (AnalysisError if not);
    # a sample of pairs keeps the normal run short.
    pairs = random.Random(12).sample(list(itertools.permutations(POLICIES, 2)), 60)
    undecided = 0
    for old, new in pairs:
        result = compare(old, new)
        undecided += result.relation is Relation.UNDECIDED
        for region in result.new_access:
            assert region.witnesses and region.allowed_by
    assert undecided == 0


@pytest.mark.slow
def test_all_pairs_of_corpus_policies() -> None:
    for old, new in itertools.permutations(POLICIES, 2):
        result = compare(old, new)
        assert result.relation is not Relation.UNDECIDED, (old.name, new.name, result.reasons)
