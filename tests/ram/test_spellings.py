"""One spelling, one decision: re-spelling a request decides the same or is refused.

Random requests against an Allow-all plus random Denys; each request is re-spelt
(case, trailing dot, U-label / A-label, full-width dots, account forms, IP forms,
stray whitespace). Every re-spelling either raises InvalidRequestError or decides
exactly as the original; in particular it never turns a Deny into an Allow.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules.ram import (
    ALIYUN_DOMAIN_FULL_ACCESS,
    InvalidPolicyError,
    InvalidRequestError,
    Outcome,
    Policy,
    PolicySet,
    Request,
    authorize,
)

# Each name with the spellings that are the same name.
NAMES = {
    "example.com": [
        "EXAMPLE.com",
        "example.com.",
        "example．com",
        "ｅｘａｍｐｌｅ．ｃｏｍ",
        "Example.COM.",
    ],
    "xn--fsqu00a.xn--fiqs8s": ["例子.中国", "例子。中国", "XN--FSQU00A.xn--fiqs8s", "例子.中国."],
    "xn--bcher-kva.de": ["bücher.de", "BÜCHER.de", "xn--bcher-kva.DE."],
    "other.net": ["OTHER.NET", "other.net."],
}
ACCOUNTS = ("123", "1234567890")
IPS = ("203.0.113.5", "198.51.100.7", "2001:db8::1")

DENY_RESOURCES = (
    "acs:domain:*:*:domain/example.com",
    "acs:domain:*:*:domain/EXAMPLE.com",
    "acs:domain:*:*:*/EXAMPLE.com",
    "acs:domain:*:*:dom*/Example.com",
    "acs:domain:*:*:*/例子.中国",
    "acs:domain:*:*:*/example．com",
    "acs:domain:*:*:domain/BÜCHER.de",
    "acs:domain:*:123:*",
    "acs:domain:*:123:domain/*",
)
DENY_CONDITIONS: tuple[dict[str, Any] | None, ...] = (
    None,
    {"IpAddress": {"acs:SourceIp": "203.0.113.0/24"}},
    {"NotIpAddress": {"acs:SourceIp": ["198.51.100.0/24", "2001:db8::/32"]}},
    {"IpAddress": {"acs:SourceIp": "::ffff:203.0.113.0/120"}},
)


@st.composite
def deny_policies(draw: Any) -> Policy:
    statements = []
    for _ in range(draw(st.integers(1, 3))):
        statement: dict[str, Any] = {
            "Effect": "Deny",
            "Action": draw(st.sampled_from(["domain:*", "domain:DnsModification", "DOMAIN:dns*"])),
            "Resource": draw(st.sampled_from(DENY_RESOURCES)),
        }
        condition = draw(st.sampled_from(DENY_CONDITIONS))
        if condition is not None:
            statement["Condition"] = condition
        statements.append(statement)
    return Policy.parse({"Version": "1", "Statement": statements}, name="deny")


def _ip_forms(ip: str) -> list[Any]:
    address = ipaddress.ip_address(ip)
    forms: list[Any] = [address, ip.upper()]
    if address.version == 4:
        forms += [f"::ffff:{ip}", f"::FFFF:{ip}", ipaddress.IPv6Address(f"::ffff:{ip}")]
        forms += [str(ipaddress.IPv6Address(f"::ffff:{ip}").exploded)]
        forms += ["0" + ip, ip + " ", " " + ip]  # refused
    else:
        forms += [address.exploded, ip + "%eth0", ip + " "]
    return forms


def _account_forms(account: str) -> list[Any]:
    full_width = account.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [int(account), "0" + account, "+" + account, " " + account, account + " ", full_width]


def _action_forms(action: str) -> list[str]:
    return [
        action.upper(),
        action.lower(),
        action.swapcase(),
        action + "\n",
        action + " ",
        " " + action,
        action + "\x00",
        action + "\u200b",
    ]


def _same_or_refused(original: Outcome, decide: Callable[[], Outcome]) -> None:
    try:
        outcome = decide()
    except InvalidRequestError:
        return
    assert outcome is original
    if original is not Outcome.ALLOW:
        assert outcome is not Outcome.ALLOW


@given(
    deny_policies(),
    st.sampled_from(sorted(NAMES)),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(IPS),
)
@settings(max_examples=150)
def test_respelt_requests_decide_the_same(deny: Policy, name: str, account: str, ip: str) -> None:
    policies = PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, deny])
    action = "domain:DnsModification"

    def request(act: str, acct: Any, domain: str, source: Any, prefix: str = "acs") -> Outcome:
        resource = f"{prefix}:domain:*:{acct}:domain/{domain}"
        return policies.evaluate(Request(act, resource, {"acs:SourceIp": source})).outcome

    def call(acct: Any, domains: list[str], source: Any) -> Outcome:
        result = authorize(
            policies,
            "SaveBatchTaskForModifyingDomainDns",
            acct,
            domains,
            context={"acs:SourceIp": source},
        )
        return result.decision.outcome

    original = request(action, account, name, ip)
    assert call(account, [name], ip) is original
    for spelling in NAMES[name]:
        _same_or_refused(original, lambda s=spelling: request(action, account, s, ip))  # type: ignore[misc]
        _same_or_refused(original, lambda s=spelling: call(account, [s], ip))  # type: ignore[misc]
    for form in _account_forms(account):
        _same_or_refused(original, lambda f=form: request(action, f, name, ip))  # type: ignore[misc]
        _same_or_refused(original, lambda f=form: call(f, [name], ip))  # type: ignore[misc]
    for source in _ip_forms(ip):
        _same_or_refused(original, lambda s=source: request(action, account, name, s))  # type: ignore[misc]
        _same_or_refused(original, lambda s=source: call(account, [name], s))  # type: ignore[misc]
    for spelt in _action_forms(action):
        _same_or_refused(original, lambda a=spelt: request(a, account, name, ip))  # type: ignore[misc]
    for prefix in ("ACS", "Acs", " acs"):
        _same_or_refused(original, lambda p=prefix: request(action, account, name, ip, p))  # type: ignore[misc]
    for resource in (
        f"acs:Domain:*:{account}:domain/{name}",
        f"acs:domain:*:{account}:domain/{name} ",
        f"acs:domain:*:{account}:domain/{name}\n",
        f"acs:domain:*:{account}:domain/ {name}",
        # The region of a Domains request is '*': other spellings are refused.
        *(f"acs:domain:{region}:{account}:domain/{name}" for region in _REGIONS),
        f"acs:domain:CN-HANGZHOU:{account}:domain/{name}",
    ):
        _same_or_refused(
            original,
            lambda r=resource: policies.evaluate(Request(action, r, {"acs:SourceIp": ip})).outcome,  # type: ignore[misc]
        )


# --- the bypasses of the issue, one by one: an Allow-all plus one Deny -------------------


def _deny(
    resource: str, condition: dict[str, Any] | None = None, action: str = "domain:*"
) -> Policy:
    statement: dict[str, Any] = {"Effect": "Deny", "Action": action, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return Policy.parse({"Version": "1", "Statement": [statement]}, name="deny")


@pytest.mark.parametrize("suffix", ["\n", " ", "\x00", "\u200b"])
def test_action_with_trailing_junk_is_refused(suffix: str) -> None:
    policies = PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, _deny("*", action="domain:DnsModification")])
    with pytest.raises(InvalidRequestError):
        policies.evaluate(Request("domain:DnsModification" + suffix, "acs:domain:*:1:*"))


@pytest.mark.parametrize(
    "resource",
    [
        "acs:Domain:*:1:domain/example.com",
        "ACS:domain:*:1:domain/example.com",
        " acs:domain:*:1:domain/example.com",
    ],
)
def test_resource_spellings_are_refused(resource: str) -> None:
    with pytest.raises(InvalidRequestError):
        Request("domain:DnsModification", resource)


def test_account_with_leading_zero_is_refused() -> None:
    policies = PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, _deny("acs:domain:*:123:*")])
    assert authorize(policies, "QueryDomainList", "123").decision.outcome is Outcome.EXPLICIT_DENY
    with pytest.raises(InvalidRequestError):
        authorize(policies, "QueryDomainList", "0123")
    with pytest.raises(InvalidRequestError):
        Request("domain:QueryDomainList", "acs:domain:*:0123:*")


def test_ipv4_mapped_source_ip_is_denied() -> None:
    deny = _deny("*", {"IpAddress": {"acs:SourceIp": "203.0.113.0/24"}})
    policies = PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, deny])
    for source in ("203.0.113.5", "::ffff:203.0.113.5", "::ffff:cb00:7105"):
        result = authorize(policies, "QueryDomainList", "1", context={"acs:SourceIp": source})
        assert result.decision.outcome is Outcome.EXPLICIT_DENY, source
    allow_only = _deny("*", {"NotIpAddress": {"acs:SourceIp": "203.0.113.0/24"}})
    policies = PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, allow_only])
    result = authorize(
        policies, "QueryDomainList", "1", context={"acs:SourceIp": "::ffff:203.0.113.5"}
    )
    assert result.allowed


@pytest.mark.parametrize(
    ("resource", "domain"),
    [
        ("acs:domain:*:*:*/EXAMPLE.com", "example.com"),
        ("acs:domain:*:*:dom*/Example.com", "example.com"),
        ("acs:domain:*:*:*/例子.中国", "例子.中国"),
        ("acs:domain:*:*:*/example．com", "example.com"),
    ],
)
def test_domain_after_a_wildcard_is_denied(resource: str, domain: str) -> None:
    policies = PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, _deny(resource)])
    result = authorize(policies, "SaveBatchTaskForModifyingDomainDns", "1", [domain])
    assert result.decision.outcome is Outcome.EXPLICIT_DENY


def test_literal_meaning_is_kept_for_other_services() -> None:
    deny = _deny("acs:*:*:*:*/EXAMPLE.com", action="*")
    policies = PolicySet([deny])
    oss = Request("oss:GetObject", "acs:oss:*:1:bucket/EXAMPLE.com")
    assert policies.evaluate(oss).outcome is Outcome.EXPLICIT_DENY
    domain = Request("domain:DnsModification", "acs:domain:*:1:domain/EXAMPLE.com")
    assert policies.evaluate(domain).outcome is Outcome.EXPLICIT_DENY


# --- the same for policies: a re-spelt Deny decides the same, or the policy is refused ---


def _deny_spellings(name: str, account: str) -> list[str]:
    """Resource patterns that mean "the domain ``name`` of ``account``" (``*``: any)."""
    spellings = [f"acs:domain:*:{account}:domain/{s}" for s in [name, *NAMES[name]]]
    spellings += [f"acs:domain:*:{account}:*/{s}" for s in NAMES[name]]
    spellings += [f"acs:domain:*:{account}:dom*/{s}" for s in NAMES[name]]
    if account == "*":
        # A wildcard spanning the region, account and 'domain' fields.
        spellings += [f"acs:domain:*/{s}" for s in NAMES[name]]
        spellings += [f"acs:domain:*:*/{s}" for s in NAMES[name]]
    else:
        # Other spellings of the account and the region: no request has them.
        spellings += [f"acs:domain:*:{form}:domain/{name}" for form in _pattern_accounts(account)]
    spellings += [f"acs:domain:{region}:{account}:domain/{name}" for region in _REGIONS]
    return spellings


_REGIONS = ("＊", "CN-HANGZHOU", "cn‐hangzhou", "ｃｎ-hangzhou")


def _pattern_accounts(account: str) -> list[str]:
    full_width = account.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return ["0" + account, "+" + account, full_width, account + " "]


def _decisions(policies: PolicySet) -> list[Outcome]:
    return [
        authorize(
            policies, "SaveBatchTaskForModifyingDomainDns", account, [domain]
        ).decision.outcome
        for domain in sorted(NAMES)
        for account in ACCOUNTS
    ]


@given(st.sampled_from(sorted(NAMES)), st.sampled_from(("*", *ACCOUNTS)), st.data())
@settings(max_examples=120)
def test_respelt_denies_decide_the_same_or_are_refused(name: str, account: str, data: Any) -> None:
    canonical = _deny(f"acs:domain:*:{account}:domain/{name}")
    expected = _decisions(PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, canonical]))
    assert Outcome.EXPLICIT_DENY in expected
    spelling = data.draw(st.sampled_from(_deny_spellings(name, account)))
    try:
        deny = _deny(spelling)
    except InvalidPolicyError as refusal:
        assert refusal.path == "$.Statement[0].Resource"
        return
    assert _decisions(PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, deny])) == expected, spelling


def test_every_respelt_deny_is_read_or_refused_and_never_dead_in_silence() -> None:
    for name in NAMES:
        for account in ("*", *ACCOUNTS):
            expected = _decisions(
                PolicySet(
                    [ALIYUN_DOMAIN_FULL_ACCESS, _deny(f"acs:domain:*:{account}:domain/{name}")]
                )
            )
            for spelling in _deny_spellings(name, account):
                try:
                    deny = _deny(spelling)
                except InvalidPolicyError:
                    continue
                got = _decisions(PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, deny]))
                assert got == expected, spelling
