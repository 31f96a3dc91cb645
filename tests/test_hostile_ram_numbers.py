"""Numbers in RAM conditions at the edges of their grammar: a Python-only spelling is
not a number, in the policy and in the request alike (the evaluator and the analysis
share one reading)."""

from __future__ import annotations

import json

import pytest

from domainrules.ram import InvalidPolicyError, InvalidRequestError
from domainrules.ram.analysis import check_access_not_granted
from domainrules.ram.evaluate import Outcome, Request, evaluate_request
from domainrules.ram.policy import Policy


def _policy(value: str) -> Policy:
    return Policy.parse(
        json.dumps(
            {
                "Version": "1",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "domain:QueryDomainList",
                        "Resource": "*",
                        "Condition": {"NumericEquals": {"custom:n": value}},
                    }
                ],
            }
        )
    )


@pytest.mark.parametrize("text", ["1_000", "1_0.5", "_1", "1e1_0"])
def test_an_underscore_number_in_a_policy_is_refused(text: str) -> None:
    with pytest.raises(InvalidPolicyError, match="not a number"):
        _policy(text)


def test_an_underscore_number_in_a_request_is_not_read_as_one() -> None:
    policy = _policy("1000")
    request = Request("domain:QueryDomainList", "acs:domain:*:1:*", {"custom:n": "1_000"})
    with pytest.raises(InvalidRequestError, match="Numeric values expected"):
        evaluate_request([policy], request)  # as "abc" is: never read as 1000
    plain = Request("domain:QueryDomainList", "acs:domain:*:1:*", {"custom:n": "1000"})
    assert evaluate_request([policy], plain).outcome is Outcome.ALLOW
    assert not check_access_not_granted(policy, "domain:QueryDomainList").passed


@pytest.mark.parametrize("digits", [64])
def test_numbers_at_the_64_digit_bound_are_exact(digits: int) -> None:
    top = "9" * digits
    policy = _policy(top)
    hit = Request("domain:QueryDomainList", "acs:domain:*:1:*", {"custom:n": int(top)})
    miss = Request("domain:QueryDomainList", "acs:domain:*:1:*", {"custom:n": int(top) - 1})
    assert evaluate_request([policy], hit).outcome is Outcome.ALLOW
    assert evaluate_request([policy], miss).outcome is Outcome.IMPLICIT_DENY
    with pytest.raises(InvalidPolicyError, match="outside the numbers"):
        _policy("9" * (digits + 1))
