"""Conditions: the five families, OR / AND / NOR, missing keys, key case, context types."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from domainrules.ram import InvalidRequestError, Policy, Request, evaluate_request
from domainrules.ram.conditions import compile_clause, normalize_context

NOW = datetime(2024, 6, 1, 12, tzinfo=timezone.utc)


def holds(operator: str, key: str, values: Any, context: dict[str, Any]) -> bool:
    clause = compile_clause(operator, key, values, path="$")
    return clause.holds(normalize_context(context))


@pytest.mark.parametrize(
    ("operator", "values", "value", "expected"),
    [
        ("StringEquals", ["a", "b"], "b", True),
        ("StringEquals", "a", "A", False),
        ("StringNotEquals", ["a", "b"], "b", False),
        ("StringNotEquals", ["a", "b"], "c", True),
        ("StringEqualsIgnoreCase", "VPC-1", "vpc-1", True),
        ("StringNotEqualsIgnoreCase", "VPC-1", "vpc-1", False),
        ("StringLike", "vpc-*", "vpc-12", True),
        ("StringLike", "vpc-?", "vpc-12", False),
        ("StringLike", "[a]*", "[a]x", True),
        ("StringNotLike", ["*bot*", "curl*"], "Mozilla", True),
        ("StringNotLike", ["*bot*", "curl*"], "googlebot", False),
    ],
)
def test_string(operator: str, values: Any, value: str, expected: bool) -> None:
    assert holds(operator, "acs:UserAgent", values, {"acs:UserAgent": value}) is expected


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("NumericEquals", 5, True),
        ("NumericEquals", "5.0", True),
        ("NumericNotEquals", 5, False),
        ("NumericLessThan", 4, True),
        ("NumericLessThanEquals", 5, True),
        ("NumericGreaterThan", 5, False),
        ("NumericGreaterThanEquals", Decimal("5"), True),
        ("NumericGreaterThan", 5.5, True),
    ],
)
def test_numeric(operator: str, value: Any, expected: bool) -> None:
    assert holds(operator, "n", "5", {"n": value}) is expected


@pytest.mark.parametrize(
    ("operator", "delta", "expected"),
    [
        ("DateEquals", 0, True),
        ("DateNotEquals", 0, False),
        ("DateLessThan", -1, True),
        ("DateLessThanEquals", 0, True),
        ("DateGreaterThan", 0, False),
        ("DateGreaterThanEquals", 1, True),
    ],
)
def test_date(operator: str, delta: int, expected: bool) -> None:
    # The same instant written in another zone is equal.
    value = "2024-06-01T20:00:00+08:00"
    moment = NOW + timedelta(seconds=delta)
    assert holds(operator, "acs:CurrentTime", value, {"acs:CurrentTime": moment}) is expected
    text = moment.isoformat().replace("+00:00", "Z")
    assert holds(operator, "acs:CurrentTime", value, {"acs:CurrentTime": text}) is expected


def test_bool_and_ip() -> None:
    assert holds("Bool", "acs:SecureTransport", "true", {"acs:SecureTransport": True})
    assert not holds("Bool", "acs:SecureTransport", True, {"acs:SecureTransport": False})
    assert holds("Bool", "acs:MFAPresent", "False", {"acs:MFAPresent": False})
    nets = ["10.0.0.0/8", "2001:db8::/32"]
    assert holds("IpAddress", "acs:SourceIp", nets, {"acs:SourceIp": "10.9.8.7"})
    assert holds("IpAddress", "acs:SourceIp", nets, {"acs:SourceIp": "2001:db8::1"})
    assert not holds("IpAddress", "acs:SourceIp", nets, {"acs:SourceIp": "11.0.0.1"})
    assert holds("NotIpAddress", "acs:SourceIp", nets, {"acs:SourceIp": "::1"})
    assert holds(
        "IpAddress",
        "acs:SourceIp",
        "192.168.1.1",
        {"acs:SourceIp": ipaddress.ip_address("192.168.1.1")},
    )


def test_missing_key_positive_false_negated_true() -> None:
    assert not holds("StringEquals", "acs:SourceVpc", "vpc-1", {})
    assert holds("StringNotEquals", "acs:SourceVpc", "vpc-1", {})
    assert holds("NotIpAddress", "acs:SourceIp", "10.0.0.0/8", {})
    assert not holds("IpAddress", "acs:SourceIp", "10.0.0.0/8", {})


def test_key_names_ignore_case_values_do_not() -> None:
    assert holds("StringEquals", "ACS:SOURCEVPC", "vpc-1", {"acs:sourceVpc": "vpc-1"})
    assert not holds("StringEquals", "acs:SourceVpc", "vpc-1", {"acs:SourceVpc": "VPC-1"})


def _policy(condition: dict[str, Any]) -> Policy:
    return Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": "domain:*", "Resource": "*", "Condition": condition}
            ],
        }
    )


def test_and_over_keys_and_operators() -> None:
    policy = _policy(
        {
            "StringEquals": {"acs:SourceVpc": "vpc-1", "acs:AccessId": "ak"},
            "Bool": {"acs:SecureTransport": "true"},
        }
    )
    full = {"acs:SourceVpc": "vpc-1", "acs:AccessId": "ak", "acs:SecureTransport": True}
    assert evaluate_request([policy], Request("domain:X", "acs:domain:*:1:*", full)).allowed
    for key in full:
        partial = {k: v for k, v in full.items() if k != key}
        assert not evaluate_request(
            [policy], Request("domain:X", "acs:domain:*:1:*", partial)
        ).allowed


def test_deny_unless_from_vpc() -> None:
    deny = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": "domain:*", "Resource": "*"},
                {
                    "Effect": "Deny",
                    "Action": "domain:*",
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"acs:SourceVpc": "vpc-1"}},
                },
            ],
        }
    )
    inside = Request("domain:X", "acs:domain:*:1:*", {"acs:SourceVpc": "vpc-1"})
    outside = Request("domain:X", "acs:domain:*:1:*", {"acs:SourceVpc": "vpc-2"})
    nowhere = Request("domain:X", "acs:domain:*:1:*")
    assert evaluate_request([deny], inside).allowed
    assert not evaluate_request([deny], outside).allowed
    assert not evaluate_request([deny], nowhere).allowed


@pytest.mark.parametrize(
    "context",
    [
        {"acs:SecureTransport": "true"},
        {"acs:SourceIp": "not-an-ip"},
        {"acs:CurrentTime": "2024-01-01T00:00:00"},
        {"acs:CurrentTime": datetime(2024, 1, 1)},
        {"acs:SourceVpc": 5},
        {"custom": object()},
        {"custom": []},
        {"custom": [[1]]},
        {"custom": "\ud800"},
        {"custom": float("nan")},
        {"a b": "x"},
        {"k": "1", "K": "2"},
        ["not", "a", "mapping"],
    ],
)
def test_context_of_wrong_type_is_a_clear_error(context: Any) -> None:
    with pytest.raises(InvalidRequestError):
        Request("domain:X", "acs:domain:*:1:*", context)


def test_custom_key_of_wrong_type_for_operator_is_an_error() -> None:
    policy = _policy({"NumericLessThan": {"n": 5}})
    request = Request("domain:X", "acs:domain:*:1:*", {"n": "ten"})
    with pytest.raises(InvalidRequestError, match="NumericLessThan"):
        evaluate_request([policy], request)


# --- the condition model: qualifiers, multi-valued contexts, any well-formed key ---------


@pytest.mark.parametrize(
    ("operator", "values", "context", "expected"),
    [
        # no qualifier, several request values: positive = some element matches
        ("StringEquals", ["a"], ["a", "b"], True),
        ("StringEquals", ["c"], ["a", "b"], False),
        # ... negated = no element matches
        ("StringNotEquals", ["a"], ["a", "b"], False),
        ("StringNotEquals", ["c"], ["a", "b"], True),
        ("StringNotEquals", ["c"], None, True),
        # ForAnyValue: some element satisfies op1; a missing key is false
        ("ForAnyValue:StringEquals", ["a"], ["a", "b"], True),
        ("ForAnyValue:StringEquals", ["c"], ["a", "b"], False),
        ("ForAnyValue:StringEquals", ["a"], None, False),
        ("ForAnyValue:StringNotEquals", ["a"], ["a", "b"], True),
        ("ForAnyValue:StringNotEquals", ["a", "b"], ["a", "b"], False),
        ("ForAnyValue:StringNotEquals", ["a"], None, False),
        # ForAllValues: every element satisfies op1; a missing key is true (vacuous)
        ("ForAllValues:StringEquals", ["a", "b"], ["a", "b"], True),
        ("ForAllValues:StringEquals", ["a"], ["a", "b"], False),
        ("ForAllValues:StringEquals", ["a"], None, True),
        ("ForAllValues:StringNotEquals", ["c"], ["a", "b"], True),
        ("ForAllValues:StringNotEquals", ["a"], ["a", "b"], False),
        ("ForAllValues:StringNotEquals", ["a"], None, True),
        ("ForAllValues:StringLike", ["t*"], ["team", "tx"], True),
        ("ForAllValues:StringEqualsIgnoreCase", ["TEAM"], ["team", "Team"], True),
        ("ForAnyValue:NumericGreaterThan", [3], [1, 5], True),
        ("ForAllValues:NumericGreaterThan", [3], [1, 5], False),
    ],
)
def test_qualifiers(operator: str, values: Any, context: Any, expected: bool) -> None:
    given = {} if context is None else {"acs:TagKeys": context}
    assert holds(operator, "acs:TagKeys", values, given) is expected


def test_clause_is_introspectable() -> None:
    clause = compile_clause(
        "ForAllValues:StringNotEqualsIgnoreCase", "acs:ResourceTag/Team", ["Dev"], path="$"
    )
    assert clause.operator == "ForAllValues:StringNotEqualsIgnoreCase"
    assert clause.base_operator == "StringNotEqualsIgnoreCase"
    assert (clause.qualifier, clause.family, clause.comparison) == ("ForAllValues", "String", "eq")
    assert (clause.negated, clause.ignore_case) == (True, True)
    assert (clause.key, clause.lookup_key, clause.values) == (
        "acs:ResourceTag/Team",
        "acs:resourcetag/team",
        ("Dev",),
    )
    plain = compile_clause("IpAddress", "acs:SourceIp", "::ffff:10.0.0.0/104", path="$")
    assert plain.qualifier is None
    assert plain.values == (ipaddress.ip_network("10.0.0.0/8"),)


@pytest.mark.parametrize(
    "key",
    [
        "acs:Service",
        "acs:PrincipalARN",
        "acs:ResourceTag/team",
        "acs:ResourceTag/部门 name",
        "acs:RequestTag/env",
        "oss:Prefix",
        "ecs:tag/owner",
        "n",
    ],
)
def test_any_well_formed_key_is_accepted(key: str) -> None:
    assert holds("StringEquals", key, "x", {key: "x"})
    assert not holds("StringEquals", key, "x", {key.upper(): "y"})


def test_unknown_key_is_typed_by_its_operator() -> None:
    assert holds("NumericLessThan", "acs:Foo", 5, {"acs:Foo": "4"})
    assert holds("IpAddress", "acs:Foo", "10.0.0.0/8", {"acs:Foo": "::ffff:10.0.0.1"})
    assert holds("Bool", "acs:Foo", "true", {"acs:Foo": "true"})


def test_empty_condition_is_no_condition() -> None:
    policy = _policy({})
    assert policy.statements[0].conditions == ()
    assert evaluate_request([policy], Request("domain:X", "acs:domain:*:1:*")).allowed


@pytest.mark.parametrize(
    ("operator", "network", "address", "expected"),
    [
        ("IpAddress", "203.0.113.0/24", "::ffff:203.0.113.5", True),
        ("NotIpAddress", "203.0.113.0/24", "::ffff:203.0.113.5", False),
        ("IpAddress", "::ffff:203.0.113.0/120", "203.0.113.5", True),
        ("NotIpAddress", "::ffff:203.0.113.0/120", "203.0.113.5", False),
        ("IpAddress", "::ffff:203.0.113.5", "::FFFF:CB00:7105", True),
        ("IpAddress", "2001:db8::/32", "::ffff:203.0.113.5", False),
        ("ForAnyValue:IpAddress", "203.0.113.0/24", "::ffff:203.0.113.5", True),
        ("ForAllValues:NotIpAddress", "203.0.113.0/24", "::ffff:203.0.113.5", False),
    ],
)
def test_ipv4_mapped_addresses_are_ipv4(
    operator: str, network: str, address: str, expected: bool
) -> None:
    assert holds(operator, "acs:SourceIp", network, {"acs:SourceIp": address}) is expected
    mapped = ipaddress.ip_address(address)
    assert holds(operator, "acs:SourceIp", network, {"acs:SourceIp": mapped}) is expected


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"],
)
def test_dates_out_of_range(value: str) -> None:
    from domainrules.ram import InvalidPolicyError

    with pytest.raises(InvalidPolicyError) as caught:
        _policy({"DateLessThan": {"acs:CurrentTime": [value]}})
    assert caught.value.path == '$.Statement[0].Condition.DateLessThan["acs:CurrentTime"][0]'
    assert caught.value.rule == "date-range"
    with pytest.raises(InvalidRequestError):
        Request("domain:X", "acs:domain:*:1:*", {"acs:CurrentTime": value})
    clause = compile_clause("DateLessThan", "d", "2024-01-01T00:00:00Z", path="$")
    with pytest.raises(InvalidRequestError):
        clause.holds(normalize_context({"d": value}))


# --- single-valued global keys ------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("acs:SourceIp", ["10.0.0.1", "10.0.0.2"]),
        ("acs:sourceip", ("10.0.0.1", "192.168.0.1")),
        ("acs:CurrentTime", ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"]),
        ("acs:SecureTransport", [True, False]),
        ("acs:MFAPresent", [True, True]),
        ("acs:SourceVpc", ["vpc-1", "vpc-2"]),
        ("acs:AccessId", ["a", "b"]),
        ("acs:UserAgent", ["a", "b"]),
        ("acs:Referer", ["a", "b"]),
    ],
)
def test_single_valued_keys_refuse_several_values(key: str, values: Any) -> None:
    with pytest.raises(InvalidRequestError, match="holds one value in a request") as caught:
        normalize_context({key: values})
    assert caught.value.field == key
    with pytest.raises(InvalidRequestError):
        Request("domain:QueryDomainList", "acs:domain:*:1:*", {key: values})


def test_single_valued_keys_take_a_list_of_one() -> None:
    assert normalize_context({"acs:SourceIp": ["10.0.0.1"]}) == normalize_context(
        {"acs:SourceIp": "10.0.0.1"}
    )
    # Other keys keep their sets of values.
    assert len(normalize_context({"acs:TagKeys": ["a", "b"]})["acs:tagkeys"]) == 2


def test_context_refuses_several_values_of_a_single_valued_key() -> None:
    from domainrules.ram.conditions import Context

    with pytest.raises(InvalidRequestError, match="acs:SourceIp"):
        Context({"acs:sourceip": (ipaddress.ip_address("10.0.0.1"), ipaddress.ip_address("::1"))})


# --- one table: an operator registered once is known everywhere -----------------------


def test_an_operator_registered_in_the_one_table_is_known_everywhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What CONTRIBUTING says adding an operator takes: one row and one function.
    from types import MappingProxyType

    from domainrules.ram import (
        InvalidPolicyError,
        Relation,
        Severity,
        compare,
        lint_policy,
        operators,
    )

    def at_most_every(values: tuple[Any, ...], ignore_case: bool) -> Any:
        return lambda value: all(value <= v for v in values)

    row = operators.Operator("Numeric", "at-most-every", False)
    monkeypatch.setattr(
        operators, "OPERATORS", MappingProxyType({**operators.OPERATORS, "NumericAtMost": row})
    )
    monkeypatch.setattr(
        operators,
        "COMPARISONS",
        MappingProxyType({**operators.COMPARISONS, "at-most-every": at_most_every}),
    )

    def policy(condition: dict[str, Any]) -> Policy:
        return Policy.parse(
            {
                "Version": "1",
                "Statement": [
                    {"Effect": "Allow", "Action": "domain:*", "Resource": "*", **condition}
                ],
            }
        )

    # The parser and the evaluator.
    new = policy({"Condition": {"NumericAtMost": {"k:n": ["5", "7"]}}})
    allowed = [
        evaluate_request([new], Request("domain:A", "acs:domain:*:1:*", {"k:n": n})).allowed
        for n in (4, 5, 6, 8)
    ]
    assert allowed == [True, True, False, False]
    # With a set qualifier too, and the unknown-operator suggestions name it.
    policy({"Condition": {"ForAnyValue:NumericAtMost": {"k:n": "5"}}})
    with pytest.raises(InvalidPolicyError, match="NumericAtMost"):
        policy({"Condition": {"NumericAtMos": {"k:n": "5"}}})
    # Lint, fast and exact.
    for exact in (False, True):
        findings = lint_policy(new, exact=exact)
        assert not [f for f in findings if f.severity is Severity.ERROR]
    # The analysis: exact, with witnesses confirmed by the evaluator.
    same = policy({"Condition": {"NumericLessThanEquals": {"k:n": "5"}}})
    assert compare(same, new).relation is Relation.EQUIVALENT
    wider = policy({"Condition": {"NumericLessThanEquals": {"k:n": "6"}}})
    result = compare(new, wider)
    assert result.relation is Relation.MORE_PERMISSIVE
    values = [w.context["k:n"][0] for r in result.new_access for w in r.witnesses]
    assert values
    assert all(isinstance(v, Decimal) and 5 < v <= 6 for v in values)
