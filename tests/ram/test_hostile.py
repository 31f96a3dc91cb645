"""Hostile input: every public callable of domainrules.ram fails only with its own errors.

Each callable is called with valid arguments, then with one argument at a time
replaced by a hostile value (None, wrong types, NaN, huge ints, a 1 MB string, lone
surrogates...). The call either succeeds or raises a DomainRulesError subclass, never
a raw TypeError, AttributeError or ValueError.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domainrules.errors import DomainRulesError
from domainrules.ram import (
    DEFAULT_CATALOG,
    DOCUMENTED_ONE_DOMAIN_POLICY,
    Arn,
    Policy,
    PolicySet,
    Request,
    Statement,
    account_resource,
    authorize,
    canonical_resource,
    canonical_resource_pattern,
    compile_pattern,
    domain_resource,
    evaluate_request,
    iter_errors,
    least_privilege_policy,
    lint_policy,
    one_domain_manager_policy,
    permitted_apis,
)
from domainrules.ram._text import short_repr
from domainrules.ram.arn import domain_part, uncanonical_labels, validate_account_id
from domainrules.ram.conditions import compile_clause, is_condition_key, normalize_context

HOSTILE: list[Any] = [
    None,
    5,
    -1,
    3.5,
    float("nan"),
    float("inf"),
    10**5000,
    True,
    b"domain:X",
    [],
    ["x", None],
    {},
    {"a": object()},
    object(),
    "",
    "x" * 1_000_000,
    "\ud800",
    "acs:domain:*:1:domain/\udcff.com",
    "domain:\ud800",
]

POLICY = DOCUMENTED_ONE_DOMAIN_POLICY
REQUEST = Request("domain:DnsModification", "acs:domain:*:1:domain/example.com")
DOCUMENT = POLICY.to_mapping()
CLAUSE = compile_clause("StringEquals", "acs:SourceVpc", "vpc-1", path="$")
PATTERN = compile_pattern("domain:*")

# (name, callable, positional arguments, keyword arguments) of a valid call.
CALLS: list[tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = [
    ("Policy.parse", Policy.parse, (DOCUMENT,), {"name": "p", "max_length": 6144}),
    ("Policy.from_json", Policy.from_json, (POLICY.to_json(),), {"name": "p"}),
    ("Policy.from_mapping", Policy.from_mapping, (DOCUMENT,), {"name": "p"}),
    ("Policy", Policy, ("p", "1", POLICY.statements), {}),
    ("Statement", Statement, ("Allow", ("domain:*",), None, ("*",)), {"sid": "s"}),
    ("iter_errors", lambda *a, **k: list(iter_errors(*a, **k)), (DOCUMENT,), {"max_length": 10}),
    ("PolicySet", PolicySet, ([POLICY],), {}),
    ("PolicySet.evaluate", PolicySet([POLICY]).evaluate, (REQUEST,), {}),
    ("evaluate_request", evaluate_request, ([POLICY], REQUEST), {}),
    (
        "Request",
        Request,
        ("domain:X", "acs:domain:*:1:*", {"acs:SourceIp": "1.2.3.4", "k": ["a"]}),
        {},
    ),
    (
        "authorize",
        authorize,
        ([POLICY], "SaveBatchTaskForModifyingDomainDns", "1", ["example.com"]),
        {"context": {"acs:SourceIp": "1.2.3.4"}, "catalog": DEFAULT_CATALOG},
    ),
    ("permitted_apis", permitted_apis, ([POLICY], "1", "example.com"), {}),
    (
        "least_privilege_policy",
        least_privilege_policy,
        (["SaveBatchTaskForModifyingDomainDns"], "1", ["example.com"]),
        {"name": "lp", "max_length": 6144},
    ),
    ("one_domain_manager_policy", one_domain_manager_policy, ("example.com",), {"name": "m"}),
    ("lint_policy", lint_policy, (POLICY,), {"catalog": DEFAULT_CATALOG}),
    ("compile_pattern", compile_pattern, ("domain:*",), {"ignore_case": True}),
    ("Pattern.matches", PATTERN.matches, ("domain:x",), {}),
    ("Arn.parse", Arn.parse, ("acs:domain:*:1:domain/example.com",), {}),
    ("canonical_resource", canonical_resource, ("acs:domain:*:1:domain/example.com",), {}),
    (
        "canonical_resource_pattern",
        canonical_resource_pattern,
        ("acs:domain:*:*:domain/example.com",),
        {},
    ),
    ("domain_resource", domain_resource, ("1", "example.com"), {}),
    ("account_resource", account_resource, ("1",), {}),
    ("validate_account_id", validate_account_id, ("1",), {}),
    ("domain_part", domain_part, ("domain/example.com",), {}),
    ("uncanonical_labels", uncanonical_labels, ("例*.cn",), {}),
    ("compile_clause", compile_clause, ("StringEquals", "k", ["v"]), {"path": "$"}),
    ("is_condition_key", is_condition_key, ("acs:SourceIp",), {}),
    ("normalize_context", normalize_context, ({"acs:SourceIp": "1.2.3.4"},), {}),
    ("ConditionClause.holds", CLAUSE.holds, (normalize_context({"acs:SourceVpc": "v"}),), {}),
    ("Catalog.rule_for", DEFAULT_CATALOG.rule_for, ("QueryDomainList",), {}),
    ("Catalog.canonical_api", DEFAULT_CATALOG.canonical_api, ("QueryDomainList",), {}),
]


def _cases() -> list[Any]:
    cases = []
    for name, function, args, kwargs in CALLS:
        for index in range(len(args)):
            cases.append(pytest.param(function, args, kwargs, index, None, id=f"{name}[{index}]"))
        for key in kwargs:
            cases.append(pytest.param(function, args, kwargs, None, key, id=f"{name}[{key}]"))
    return cases


@pytest.mark.parametrize(("function", "args", "kwargs"), [c[1:] for c in CALLS])
def test_valid_calls_succeed(function: Callable[..., Any], args: Any, kwargs: Any) -> None:
    function(*args, **kwargs)


@pytest.mark.parametrize(("function", "args", "kwargs", "index", "key"), _cases())
def test_hostile_arguments_raise_library_errors(
    function: Callable[..., Any], args: Any, kwargs: Any, index: int | None, key: str | None
) -> None:
    for value in HOSTILE:
        call_args = list(args)
        call_kwargs = dict(kwargs)
        if index is not None:
            call_args[index] = value
        else:
            assert key is not None
            call_kwargs[key] = value
        try:
            function(*call_args, **call_kwargs)
        except DomainRulesError:
            pass
        except Exception as error:
            raise AssertionError(
                f"{type(error).__name__}: {error} for {short_repr(value)}"
            ) from error


def test_evaluate_none() -> None:
    with pytest.raises(DomainRulesError):
        evaluate_request(None, REQUEST)  # type: ignore[arg-type]
    with pytest.raises(DomainRulesError):
        compile_pattern(None)  # type: ignore[arg-type]
