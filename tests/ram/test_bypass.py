"""Bypass attempts: a Deny on domain/example.com holds whatever form the name takes."""

from __future__ import annotations

import pytest

from domainrules.ram import (
    ALIYUN_DOMAIN_FULL_ACCESS,
    Outcome,
    Policy,
    PolicySet,
    Request,
    authorize,
)

DENY = Policy.parse(
    {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Deny",
                "Action": "domain:*",
                "Resource": "acs:domain:*:*:domain/example.com",
            }
        ],
    },
    name="deny-example",
)
DENY_IDN = Policy.parse(
    {
        "Version": "1",
        "Statement": [
            {"Effect": "Deny", "Action": "domain:*", "Resource": "acs:domain:*:*:domain/例子.中国"}
        ],
    },
    name="deny-idn",
)
POLICIES = PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, DENY, DENY_IDN])
DNS = "SaveBatchTaskForModifyingDomainDns"


@pytest.mark.parametrize(
    "name",
    [
        "example.com",
        "EXAMPLE.com",
        "Example.COM",
        "example.com.",
        "EXAMPLE.COM.",
        "example。com",
        "example．com",
        "example｡com",
        "ｅｘａｍｐｌｅ．ｃｏｍ",
        "ＥＸＡＭＰＬＥ.com",
    ],
)
def test_deny_holds_for_every_spelling(name: str) -> None:
    result = authorize(POLICIES, DNS, "1", [name])
    assert result.decision.outcome is Outcome.EXPLICIT_DENY, name
    assert result.decisions[0][0] == "example.com"
    request = Request("domain:DnsModification", f"acs:domain:*:1:domain/{name}")
    assert POLICIES.evaluate(request).outcome is Outcome.EXPLICIT_DENY


@pytest.mark.parametrize(
    "name", ["例子.中国", "xn--fsqu00a.xn--fiqs8s", "XN--FSQU00A.XN--FIQS8S.", "例子。中国"]
)
def test_deny_holds_for_idn_forms(name: str) -> None:
    assert authorize(POLICIES, DNS, "1", [name]).decision.outcome is Outcome.EXPLICIT_DENY


@pytest.mark.parametrize(
    "written",
    ["EXAMPLE.com", "example.com.", "ｅｘａｍｐｌｅ．ｃｏｍ"],
)
def test_deny_written_non_canonically_still_holds(written: str) -> None:
    deny = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Action": "domain:*",
                    "Resource": f"acs:domain:*:*:domain/{written}",
                }
            ],
        }
    )
    result = authorize([ALIYUN_DOMAIN_FULL_ACCESS, deny], DNS, "1", ["example.com"])
    assert result.decision.outcome is Outcome.EXPLICIT_DENY


def test_a_batch_cannot_hide_the_denied_domain() -> None:
    result = authorize(POLICIES, DNS, "1", ["a.com", "EXAMPLE.COM.", "b.com"])
    assert not result.allowed


def test_other_names_are_not_denied() -> None:
    for name in ("example.net", "www.example.com", "example.com.cn", "examplecom"):
        assert authorize(POLICIES, DNS, "1", [name]).allowed, name


def test_wildcard_deny_holds_for_upper_case_subdomains() -> None:
    deny = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Action": "domain:*",
                    "Resource": "acs:domain:*:*:domain/*.EXAMPLE.com",
                }
            ],
        }
    )
    result = authorize([ALIYUN_DOMAIN_FULL_ACCESS, deny], DNS, "1", ["WWW.Example.Com."])
    assert result.decision.outcome is Outcome.EXPLICIT_DENY
