"""The analysis against the brute-force model, on hypothesis-generated policy pairs.

Two directions: wherever the brute-force model finds new (or lost) access in its
small universe, the analysis must find some too (the analysis is complete); every
witness the analysis returns is re-evaluated here (it is sound). A verdict of
"equivalent" therefore means the brute force found no difference either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domainrules.ram import (
    InvalidArnError,
    Policy,
    PolicySet,
    Request,
    Statement,
    canonical_resource_pattern,
)
from domainrules.ram.analysis import Comparison, Relation, _cells, compare
from domainrules.ram.analysis._automaton import BudgetExceeded
from domainrules.ram.conditions import compile_clause
from tests.reference.ram_analysis_reference import contexts, decide_all, strings

SERVICES = ("s", "t")
# Every request of the small universe is a valid request (the evaluator refuses others).
ACTIONS = [*(f"{s}:{n}" for s in SERVICES for n in strings("abc", 2)), "u:a", "s:*"]
RESOURCES = [
    f"acs:{service}::{account}:{relative}"
    for service in ("x", "xy")
    for account in ("", "1")
    for relative in strings("xy", 2, empty=True)
]


@st.composite
def action_pattern(draw: Any) -> str:
    if draw(st.integers(0, 9)) == 0:
        return "*"
    service = draw(st.sampled_from(["s", "t", "?", "s*"]))
    name = draw(st.text(alphabet="abB*?", min_size=1, max_size=3))
    return f"{service}:{name}"


@st.composite
def resource_pattern(draw: Any) -> str:
    if draw(st.integers(0, 9)) == 0:
        return "*"
    # Only patterns the parser accepts: a service, region and account field that some
    # request can have (not "acs::", not account "x").
    tail: str = draw(st.text(alphabet="xy:*?", max_size=6).filter(_accepted))
    return "acs:" + tail


def _accepted(tail: str) -> bool:
    try:
        canonical_resource_pattern("acs:" + tail)
    except InvalidArnError:
        return False
    return True


def statement(conditions: st.SearchStrategy[tuple[Any, ...]] | None = None) -> Any:
    @st.composite
    def build(draw: Any) -> Statement:
        effect = draw(st.sampled_from(["Allow", "Allow", "Deny"]))
        actions = tuple(draw(st.lists(action_pattern(), min_size=1, max_size=2)))
        resources = tuple(draw(st.lists(resource_pattern(), min_size=1, max_size=2)))
        not_action = draw(st.integers(0, 5)) == 0
        clauses = draw(conditions) if conditions is not None else ()
        return Statement(
            effect,
            None if not_action else actions,
            actions if not_action else None,
            resources,
            clauses,
        )

    return build()


def policies(name: str, statements: Any) -> Any:
    return st.lists(statements, min_size=1, max_size=3).map(
        lambda items: Policy(name, "1", tuple(items))
    )


def check_against_brute(old: Policy, new: Policy, requests: Sequence[Request]) -> Comparison:
    result = compare(old, new)
    sets = (PolicySet([old]), PolicySet([new]))
    brute_new = brute_lost = False
    for _, (was, now) in decide_all(sets, requests):
        brute_new = brute_new or (now and not was)
        brute_lost = brute_lost or (was and not now)
    assert result.relation is not Relation.UNDECIDED, result.reasons
    if brute_new:
        assert result.new_access, "the brute force found new access, the analysis did not"
    if brute_lost:
        assert result.lost_access, "the brute force found lost access, the analysis did not"
    for regions, expected in (
        (result.new_access, (False, True)),
        (result.lost_access, (True, False)),
    ):
        for region in regions:
            assert region.witnesses
            for witness in region.witnesses:
                assert tuple(s.evaluate(witness).allowed for s in sets) == expected
    if not result.new_access and not result.lost_access:
        assert result.relation is Relation.EQUIVALENT
    return result


PATTERN_REQUESTS = [Request(a, r) for a in ACTIONS for r in RESOURCES]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(policies("old", statement()), policies("new", statement()))
def test_patterns_agree_with_brute_force(old: Policy, new: Policy) -> None:
    check_against_brute(old, new, PATTERN_REQUESTS)


@pytest.mark.slow
@settings(max_examples=2000, suppress_health_check=[HealthCheck.too_slow])
@given(policies("old", statement()), policies("new", statement()))
def test_patterns_agree_with_brute_force_slow(old: Policy, new: Policy) -> None:
    check_against_brute(old, new, PATTERN_REQUESTS)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(policies("old", statement()), policies("new", statement()))
def test_resource_cells_over_request_texts_only_agree_with_brute_force(
    old: Policy, new: Policy
) -> None:
    # The fast path for stars across ARN fields: a first-pass budget of one state
    # sends every question straight to the product with the requests' universe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cells, "_FIRST_PASS", 10**9)
        check_against_brute(old, new, PATTERN_REQUESTS)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(policies("old", statement()), policies("new", statement()))
def test_resource_cells_per_group_agree_with_brute_force(old: Policy, new: Policy) -> None:
    # The fallback when every resource pattern together exceeds the budget: one
    # automaton per group of statements. Forced by failing the first (whole) attempt.
    original = _cells._Problem._raw_resource_cells

    def first_fails(self: Any, group: frozenset[int]) -> Any:
        if not getattr(self, "forced", False):
            self.forced = True
            raise BudgetExceeded("forced")
        return original(self, group)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cells._Problem, "_raw_resource_cells", first_fails)
        check_against_brute(old, new, PATTERN_REQUESTS)


# --- conditions ------------------------------------------------------------------

DATES = [datetime(2026, m, 1, tzinfo=timezone.utc) for m in (3, 6, 9)]
FAMILIES: dict[str, tuple[list[str], list[Any], list[Any]]] = {
    # family: (operators, policy values, brute-force request values)
    "String": (
        [
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "StringNotLike",
        ],
        ["p", "P", "pq", "ss", "ß", "p*", "?", "*q"],
        ["", "p", "P", "q", "pq", "ss", "SS", "ß", "a"],
    ),
    "Numeric": (
        [
            f"Numeric{k}"
            for k in (
                "Equals",
                "NotEquals",
                "LessThan",
                "LessThanEquals",
                "GreaterThan",
                "GreaterThanEquals",
            )
        ],
        [1, 2, "3"],
        [Decimal(v) for v in ("0", "1", "1.5", "2", "2.5", "3", "4")],
    ),
    "Date": (
        [
            f"Date{k}"
            for k in (
                "Equals",
                "NotEquals",
                "LessThan",
                "LessThanEquals",
                "GreaterThan",
                "GreaterThanEquals",
            )
        ],
        [d.isoformat() for d in DATES],
        [
            datetime(2026, 1, 1, tzinfo=timezone.utc),
            *DATES,
            datetime(2026, 4, 1, tzinfo=timezone.utc),
            datetime(2026, 7, 1, tzinfo=timezone.utc),
            datetime(2026, 12, 1, tzinfo=timezone.utc),
        ],
    ),
    "Ip": (
        ["IpAddress", "NotIpAddress"],
        ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.3", "2001:db8::/32", "::ffff:10.0.0.0/104"],
        ["10.1.2.3", "10.1.2.4", "10.2.0.0", "11.0.0.0", "9.255.255.255", "2001:db8::1", "::1"],
    ),
    "Bool": (["Bool"], ["true", "false"], [True, False]),
}
KEY_FAMILIES = {
    "k": "String",
    "n": "Numeric",
    "acs:CurrentTime": "Date",
    "acs:SourceIp": "Ip",
    "acs:SecureTransport": "Bool",
    "b": "Bool",
}


@st.composite
def condition_setup(draw: Any) -> list[str]:
    return draw(  # type: ignore[no-any-return]
        st.lists(st.sampled_from(sorted(KEY_FAMILIES)), min_size=1, max_size=2, unique=True)
    )


def clauses(keys: list[str]) -> Any:
    @st.composite
    def build(draw: Any) -> tuple[Any, ...]:
        result = []
        for key in draw(st.lists(st.sampled_from(keys), max_size=2, unique=True)):
            operators, values, _ = FAMILIES[KEY_FAMILIES[key]]
            operator = draw(st.sampled_from(operators))
            qualifier = draw(st.sampled_from(["", "", "ForAnyValue:", "ForAllValues:"]))
            count = 1 if operator == "Bool" else draw(st.integers(1, 2))
            chosen = draw(
                st.lists(st.sampled_from(values), min_size=count, max_size=count, unique=True)
            )
            result.append(compile_clause(qualifier + operator, key, chosen, path="$"))
        return tuple(result)

    return build()


@st.composite
def condition_pair(draw: Any) -> tuple[Policy, Policy, list[str]]:
    keys = draw(condition_setup())

    def one(name: str) -> Policy:
        items = draw(
            st.lists(
                st.builds(
                    lambda effect, conds: Statement(effect, ("s:a",), None, ("acs:x:::",), conds),
                    st.sampled_from(["Allow", "Allow", "Deny"]),
                    clauses(keys),
                ),
                min_size=1,
                max_size=3,
            )
        )
        return Policy(name, "1", tuple(items))

    return one("old"), one("new"), keys


def condition_requests(keys: list[str]) -> list[Request]:
    pools = {key: FAMILIES[KEY_FAMILIES[key]][2] for key in keys}
    return [Request("s:a", "acs:x:::", context) for context in contexts(pools)]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(condition_pair())
def test_conditions_agree_with_brute_force(pair: tuple[Policy, Policy, list[str]]) -> None:
    old, new, keys = pair
    check_against_brute(old, new, condition_requests(keys))


@pytest.mark.slow
@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(condition_pair())
def test_conditions_agree_with_brute_force_slow(pair: tuple[Policy, Policy, list[str]]) -> None:
    old, new, keys = pair
    check_against_brute(old, new, condition_requests(keys))


def test_brute_force_model_uses_the_reference_evaluator_too() -> None:
    old = Policy.parse(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "s:a*", "Resource": "*"}]},
        name="old",
    )
    new = Policy.parse(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "s:*", "Resource": "*"}]},
        name="new",
    )
    sets = (PolicySet([old]), PolicySet([new]))
    requests = [Request(a, "acs:x:::") for a in ACTIONS]
    fast = [answer for _, answer in decide_all(sets, requests)]
    slow = [answer for _, answer in decide_all(sets, requests, reference=True)]
    assert fast == slow
    assert compare(old, new).new_access[0].witnesses[0].action == "s:b"
