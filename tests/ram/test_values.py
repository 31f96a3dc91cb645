"""Value objects: copies that do not leak, pickle and deepcopy with equal decisions."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from domainrules.ram import (
    CATALOGS,
    DEFAULT_CATALOG,
    DOCUMENTED_ONE_DOMAIN_POLICY,
    Arn,
    InvalidPolicyError,
    Policy,
    PolicySet,
    Request,
    authorize,
    compile_pattern,
    evaluate_request,
    lint_policy,
    permitted_apis,
)
from domainrules.ram.conditions import compile_clause, normalize_context

CONDITIONED = Policy.parse(
    {
        "Version": "1",
        "Statement": [
            {
                "Sid": "Tagged",
                "Effect": "Allow",
                "Action": ["domain:*"],
                "Resource": ["acs:domain:*:*:*/EXAMPLE.com", "acs:domain:*:*:*"],
                "Condition": {
                    "ForAllValues:StringEquals": {"acs:TagKeys": ["team", "env"]},
                    "IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "::ffff:192.0.2.0/120"]},
                    "DateLessThan": {"acs:CurrentTime": "2030-01-01T00:00:00+08:00"},
                },
            },
            {
                "Effect": "Deny",
                "Action": "domain:DnsModification",
                "Resource": "acs:domain:*:*:domain/example.com",
                "Condition": {"StringLike": {"acs:UserAgent": "*bot*"}},
            },
        ],
    },
    name="conditioned",
)
POLICIES = [DOCUMENTED_ONE_DOMAIN_POLICY, CONDITIONED]
CONTEXT = {
    "acs:TagKeys": ["team"],
    "acs:SourceIp": "::ffff:192.0.2.7",
    "acs:CurrentTime": datetime(2026, 1, 1, tzinfo=timezone.utc),
    "acs:UserAgent": "a-bot/1",
}
REQUESTS = [
    Request("domain:DnsModification", "acs:domain:*:1:domain/example.com", CONTEXT),
    Request("domain:DnsModification", "acs:domain:*:1:domain/example.net", CONTEXT),
    Request("domain:QueryDomainList", "acs:domain:*:1:*", {"acs:SourceIp": "10.1.1.1"}),
    Request("domain:QueryDomainList", "acs:domain:*:1:*"),
]

COPIES: list[Callable[[Any], Any]] = [
    lambda value: pickle.loads(pickle.dumps(value)),
    copy.deepcopy,
    copy.copy,
]


def _decisions(policy_set: PolicySet, requests: list[Request]) -> list[Any]:
    return [policy_set.evaluate(r) for r in requests]


@pytest.mark.parametrize("copier", COPIES)
def test_policy_set_request_and_catalog_travel(copier: Callable[[Any], Any]) -> None:
    policy_set = PolicySet(POLICIES)
    expected = _decisions(policy_set, REQUESTS)
    assert _decisions(copier(policy_set), REQUESTS) == expected
    assert _decisions(policy_set, [copier(r) for r in REQUESTS]) == expected
    assert [copier(r) for r in REQUESTS] == REQUESTS
    assert [copier(p) for p in POLICIES] == POLICIES
    for catalog in CATALOGS.values():
        travelled = copier(catalog)
        assert travelled.rules == catalog.rules and travelled.apis == catalog.apis
        for api in ("QueryDomainList", "SaveBatchTaskForModifyingDomainDns"):
            assert authorize(
                POLICIES, api, 1, ["example.com"], context=CONTEXT, catalog=travelled
            ) == (authorize(POLICIES, api, 1, ["example.com"], context=CONTEXT, catalog=catalog))


@pytest.mark.parametrize("copier", COPIES)
def test_every_public_value_travels(copier: Callable[[Any], Any]) -> None:
    values = [
        CONDITIONED.statements[0],
        CONDITIONED.statements[0].conditions[0],
        compile_clause("StringLike", "k", ["a*"], path="$"),
        compile_pattern("a*b?c"),
        Arn.parse("acs:domain:*:1:domain/example.com"),
        DEFAULT_CATALOG.rule_for("QueryDomainList"),
        evaluate_request(POLICIES, REQUESTS[0]),
        authorize(POLICIES, "QueryDomainList", 1, context=CONTEXT),
        permitted_apis(POLICIES, 1, "example.com"),
        lint_policy(CONDITIONED),
        normalize_context(CONTEXT),
        InvalidPolicyError("bad", rule="enum", path="$.x"),
    ]
    for value in values:
        travelled = copier(value)
        if isinstance(value, InvalidPolicyError):
            assert (travelled.rule, travelled.path) == (value.rule, value.path)
        else:
            assert travelled == value, value
    clause = CONDITIONED.statements[0].conditions[0]
    context = normalize_context(CONTEXT)
    assert copier(clause).holds(context) is clause.holds(context)


def test_to_mapping_is_a_copy() -> None:
    policy = Policy.parse(CONDITIONED.to_mapping(), name="again")
    before = policy.to_json()
    mapping = policy.to_mapping()
    mapping["Statement"][0]["Action"].append("ecs:*")
    mapping["Statement"][0]["Condition"]["IpAddress"]["acs:SourceIp"].append("0.0.0.0/0")
    mapping["Statement"].append({})
    assert policy.to_json() == before
    assert policy == Policy.parse(before, name="again")


def test_a_caller_document_does_not_leak_in() -> None:
    values = ["team"]
    clause = compile_clause("StringEquals", "acs:TagKeys", values, path="$")
    values.append("env")
    assert clause.written == ("team",)
    document = CONDITIONED.to_mapping()
    policy = Policy.parse(document)
    document["Statement"][0]["Condition"]["IpAddress"]["acs:SourceIp"].append("0.0.0.0/0")
    assert "0.0.0.0/0" not in policy.to_json()


@pytest.mark.parametrize(
    ("field", "value"),
    [("Sid", "\ud800"), ("Resource", "acs:domain:*:*:domain/\udcff.com")],
)
def test_lone_surrogates_are_refused(field: str, value: str) -> None:
    document = CONDITIONED.to_mapping()
    document["Statement"][0][field] = value
    with pytest.raises(InvalidPolicyError):
        Policy.parse(document)
    with pytest.raises(InvalidPolicyError):
        Policy.parse(CONDITIONED.to_mapping(), name="\ud800")
