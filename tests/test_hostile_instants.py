"""Instant and date text that a parser would read by guessing: refused, the same on
every supported Python version."""

from __future__ import annotations

import json

import pytest

from domainrules.errors import InvalidInstantError, InvalidRuleSetError
from domainrules.instants import to_utc
from domainrules.ram import InvalidPolicyError, InvalidRequestError
from domainrules.ram.evaluate import Outcome, Request, evaluate_request
from domainrules.ram.operators import date_or_none
from domainrules.ram.policy import Policy
from domainrules.rulesets import load_rule_set


@pytest.mark.parametrize(
    "text", ["2025-01-01T00:00:00.1234567Z", "2025-01-01T00:00:00.999999999+08:00"]
)
def test_sub_microsecond_digits_are_refused_not_cut(text: str) -> None:
    with pytest.raises(InvalidInstantError, match="below a microsecond") as caught:
        to_utc(text, "expires_at")
    assert caught.value.field == "expires_at" and caught.value.value == text


def test_trailing_zero_digits_are_exact_and_accepted() -> None:
    assert to_utc("2025-01-01T00:00:00.123456000Z").microsecond == 123456


def test_a_rule_set_version_boundary_below_a_microsecond_is_refused() -> None:
    text = """format = 1
name = "x"
extends = "alibaba-2022"
[[versions]]
valid_from = "2030-01-01T00:00:00.0000001Z"
selected_by = "expiry"
families = [{name = "gtld", registrar = {renewal_grace = {days = 18}}}]
"""
    with pytest.raises(InvalidRuleSetError, match="below a microsecond"):
        load_rule_set(text)


@pytest.mark.parametrize(
    "text",
    [
        "2022-W14-5T16:00:00+00:00",  # a week date: read by Python 3.11+, not 3.10
        "20220408T160000+00:00",  # the basic format: likewise
        "2022-04-08T16+00:00",  # a bare hour
        "2022-04-08T16:00:00,5+00:00",  # a decimal comma
        "2022-04-08T16:00:00.1234567+00:00",  # below a microsecond, cut by 3.11+
        "2022-04-08T16:00:00+0800",  # an offset without its colon
    ],
)
def test_ram_dates_outside_rfc_3339_are_not_dates(text: str) -> None:
    assert date_or_none(text) is None
    document = {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "domain:QueryDomainList",
                "Resource": "*",
                "Condition": {"DateLessThan": {"acs:CurrentTime": text}},
            }
        ],
    }
    with pytest.raises(InvalidPolicyError):
        Policy.parse(json.dumps(document))


@pytest.mark.parametrize(
    ("text", "microsecond"),
    [
        ("2022-04-08T16:00:00.12+00:00", 120000),  # 3.10 reads only 3 or 6 digits itself
        ("2022-04-08T16:00:00.1234560Z", 123456),
        ("2022-04-08 16:00Z", 0),
        ("2022-04-08t16:00:00z", 0),
    ],
)
def test_ram_dates_in_rfc_3339_are_read_alike_everywhere(text: str, microsecond: int) -> None:
    moment = date_or_none(text)
    assert moment is not None and moment.microsecond == microsecond


def test_a_request_date_below_a_microsecond_is_not_compared() -> None:
    document = {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "domain:QueryDomainList",
                "Resource": "*",
                "Condition": {"DateGreaterThan": {"custom:t": "2022-04-08T16:00:00.123456Z"}},
            }
        ],
    }
    policy = Policy.parse(json.dumps(document))
    late = Request(
        "domain:QueryDomainList", "acs:domain:*:1:*", {"custom:t": "2022-04-08T16:00:00.1234569Z"}
    )
    with pytest.raises(InvalidRequestError, match="Date values expected"):
        evaluate_request([policy], late)  # never cut to .123456 and denied
    later = Request(
        "domain:QueryDomainList", "acs:domain:*:1:*", {"custom:t": "2022-04-08T16:00:00.123457Z"}
    )
    assert evaluate_request([policy], later).outcome is Outcome.ALLOW
