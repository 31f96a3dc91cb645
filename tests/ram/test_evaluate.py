"""Evaluation: deny beats allow, default deny, order-free pooling, decisions, the index."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from domainrules.errors import ArgumentTypeError
from domainrules.ram import (
    InvalidRequestError,
    MatchedStatement,
    Outcome,
    Policy,
    PolicySet,
    Request,
    evaluate_request,
)


def policy(name: str, *statements: dict[str, Any]) -> Policy:
    return Policy.parse({"Version": "1", "Statement": list(statements)}, name=name)


ALLOW_ALL = policy("allow-all", {"Effect": "Allow", "Action": "domain:*", "Resource": "*"})
DENY_EX = policy(
    "deny-ex",
    {
        "Effect": "Deny",
        "Action": "domain:*",
        "Resource": "acs:domain:*:*:domain/example.com",
        "Sid": "NoExample",
    },
)
READ = policy(
    "read", {"Effect": "Allow", "Action": "domain:Query*", "Resource": "acs:domain:*:*:*"}
)
EX_DNS = "acs:domain:*:1:domain/example.com"


def test_explicit_deny_beats_allow_in_any_order() -> None:
    request = Request("domain:DnsModification", EX_DNS)
    for order in itertools.permutations([ALLOW_ALL, DENY_EX, READ]):
        decision = evaluate_request(order, request)
        assert decision.outcome is Outcome.EXPLICIT_DENY
        assert decision.matched == (MatchedStatement("deny-ex", 0, "Deny", "NoExample"),)
        assert "NoExample" in decision.detail and "deny-ex" in decision.detail


def test_allow_lists_every_matching_allow() -> None:
    decision = evaluate_request(
        [ALLOW_ALL, READ], Request("domain:QueryDomainList", "acs:domain:*:1:*")
    )
    assert decision.allowed
    assert [m.policy for m in decision.matched] == ["allow-all", "read"]
    assert decision.detail.startswith("allowed: ")


def test_default_deny() -> None:
    decision = evaluate_request([READ], Request("domain:DnsModification", EX_DNS))
    assert decision.outcome is Outcome.IMPLICIT_DENY and decision.matched == ()
    assert "denied by default" in decision.detail
    assert not evaluate_request([], Request("domain:QueryDomainList", "acs:domain:*:1:*")).allowed


def test_actions_ignore_case_resources_do_not() -> None:
    assert evaluate_request([READ], Request("DOMAIN:querydomainlist", "acs:domain:*:1:*")).allowed
    other = policy(
        "o", {"Effect": "Allow", "Action": "ecs:*", "Resource": "acs:ecs:*:1:instance/I-1"}
    )
    assert evaluate_request([other], Request("ecs:Start", "acs:ecs:*:1:instance/I-1")).allowed
    assert not evaluate_request([other], Request("ecs:Start", "acs:ecs:*:1:instance/i-1")).allowed


def test_not_action() -> None:
    everything_but = policy(
        "nb", {"Effect": "Allow", "NotAction": ["domain:DomainInfo*"], "Resource": "*"}
    )
    assert evaluate_request([everything_but], Request("domain:DnsModification", EX_DNS)).allowed
    assert not evaluate_request(
        [everything_but], Request("domain:DomainInfoModification", EX_DNS)
    ).allowed
    assert evaluate_request([everything_but], Request("ecs:Anything", "acs:ecs:*:1:x")).allowed


def test_star_crosses_colons_in_resources() -> None:
    odd = policy(
        "odd", {"Effect": "Deny", "Action": "*", "Resource": "acs:domain:*:*:domain/x.com"}
    )
    request = Request("domain:A", "acs:domain:*:1:2:domain/x.com")
    assert evaluate_request([odd], request).outcome is Outcome.EXPLICIT_DENY
    assert evaluate_request([odd], Request("a:b", "acs:domain:*:1:domain/x.com")).outcome is (
        Outcome.EXPLICIT_DENY
    )


@pytest.mark.parametrize(
    "action",
    [
        "odd",
        "domain:X\n",
        "domain:X ",
        " domain:X",
        "domain:X\x00",
        "domain:X\u200b",
        "domain:Ｘ",
        "domain:a:b",
        "domain :X",
        ":X",
        "domain:",
    ],
)
def test_request_actions_have_one_spelling(action: str) -> None:
    with pytest.raises(InvalidRequestError):
        Request(action, "acs:domain:*:1:*")


def test_policy_set_is_reusable_and_indexed() -> None:
    grants = [
        policy(
            f"g{i}",
            {
                "Effect": "Allow",
                "Action": "domain:DnsModification",
                "Resource": f"acs:domain:*:*:domain/d{i}.com",
            },
        )
        for i in range(2000)
    ]
    policy_set = PolicySet([*grants, DENY_EX])
    for i in (0, 999, 1999):
        request = Request("domain:DnsModification", f"acs:domain:*:7:domain/d{i}.com")
        decision = policy_set.evaluate(request)
        assert decision.matched == (MatchedStatement(f"g{i}", 0, "Allow"),)
    assert not policy_set.evaluate(
        Request("domain:DnsModification", "acs:domain:*:7:domain/d2000.com")
    ).allowed
    assert not policy_set.evaluate(Request("domain:DnsModification", EX_DNS)).allowed
    assert len(list(policy_set.statements())) == 2001


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("", "*"),
        ("a" * 300, "*"),
        (5, "*"),
        ("domain:X", ""),
        ("domain:X", None),
        ("domain:X", "acs:domain:*:1:domain/bad_label.com"),
        ("domain:X", "r" * 20_000),
    ],
)
def test_bad_requests_are_clear_errors(action: Any, resource: Any) -> None:
    wrong_type = not (isinstance(action, str) and isinstance(resource, str))
    with pytest.raises(ArgumentTypeError if wrong_type else InvalidRequestError):
        Request(action, resource)


def test_evaluate_checks_its_arguments() -> None:
    with pytest.raises(ArgumentTypeError):
        evaluate_request([READ], ("domain:X", "*"))  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError):
        PolicySet(["not a policy"])  # type: ignore[list-item]


def test_requests_compare_with_their_context() -> None:
    plain = Request("domain:X", "acs:domain:*:1:*")
    assert plain == Request("domain:X", "acs:domain:*:1:*")
    assert plain != Request("domain:X", "acs:domain:*:1:*", {"acs:SourceVpc": "v"})
    assert hash(plain) == hash(Request("domain:X", "acs:domain:*:1:*", {"acs:SourceVpc": "v"}))
