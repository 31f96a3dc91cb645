"""Hypothesis strategies for the RAM tests: patterns, texts, policies, requests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from domainrules.ram import InvalidArnError, canonical_resource_pattern

# Small alphabets make matches (and near misses) frequent.
PATTERN_ALPHABET = "ab:/.*?[]"
TEXT_ALPHABET = "ab:/.[]"

patterns = st.text(alphabet=PATTERN_ALPHABET, max_size=12)
texts = st.text(alphabet=TEXT_ALPHABET, max_size=16)
unicode_texts = st.text(max_size=12)

ACCOUNTS = ("111", "222")
DOMAINS = ("a.com", "b.com", "ab.cn", "xn--fsqu00a.xn--fiqs8s")
ACTION_NAMES = (
    "domain:QueryDomainList",
    "domain:QueryCommonInfo",
    "domain:DnsModification",
    "domain:DomainInfoModification",
    "domain:SecuritySetting",
    "ecs:DescribeInstances",
)
CONTEXT_KEYS = ("acs:SourceVpc", "acs:SourceIp", "acs:SecureTransport", "acs:CurrentTime", "n")


def _wildcarded(draw: Any, text: str) -> str:
    """``text`` with some characters replaced by wildcards, or cut with a star."""
    chars = list(text)
    for _ in range(draw(st.integers(0, 3))):
        if not chars:
            break
        position = draw(st.integers(0, len(chars) - 1))
        wildcard = draw(st.sampled_from(["*", "?", "*"]))
        if wildcard == "*" and draw(st.booleans()):
            end = draw(st.integers(position, len(chars)))
            chars[position:end] = ["*"]
        else:
            chars[position] = wildcard
    return "".join(chars)


@st.composite
def action_patterns(draw: Any) -> str:
    base = draw(st.sampled_from([*ACTION_NAMES, "*", "domain:*", "domain:Query*"]))
    text = _wildcarded(draw, base) if draw(st.booleans()) else base
    if ":" not in text and text != "*" and "*" not in text:
        text = "*"
    # Policies must keep "<service>:<action>" syntax: a cut across the colon becomes "*".
    if text != "*" and not _action_syntax(text):
        text = "*"
    chosen: str = draw(st.sampled_from([text, text.upper(), text.lower()]))
    return chosen


def _action_syntax(text: str) -> bool:
    service, colon, name = text.partition(":")
    return bool(colon and service and name and ":" not in name)


def resource_texts(draw: Any) -> str:
    account = draw(st.sampled_from(ACCOUNTS))
    domain = draw(st.sampled_from(DOMAINS))
    chosen: str = draw(
        st.sampled_from(
            [
                f"acs:domain:*:{account}:domain/{domain}",
                f"acs:domain:*:{account}:*",
                f"acs:ecs:cn-hangzhou:{account}:instance/i-1",
            ]
        )
    )
    return chosen


@st.composite
def resource_patterns(draw: Any) -> str:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return "*"
    if kind == 1:
        return "acs:domain:*:*:*"
    text = resource_texts(draw)
    if kind == 2:
        return text
    # Policies only accept resources that start with "acs:" (or are "*"), and whose
    # service, region and account fields some request can have ("acs::" cannot).
    pattern = "acs:" + _wildcarded(draw, text[4:])
    try:
        canonical_resource_pattern(pattern)
    except InvalidArnError:
        return "acs:*"
    return pattern


CONDITIONS: list[dict[str, Any]] = [
    {"StringEquals": {"acs:SourceVpc": ["vpc-1", "vpc-2"]}},
    {"StringNotEquals": {"acs:SourceVpc": "vpc-1"}},
    {"StringLike": {"acs:SourceVpc": "vpc-?"}},
    {"StringNotLike": {"acs:sourcevpc": "*2"}},
    {"StringEqualsIgnoreCase": {"acs:SourceVpc": "VPC-1"}},
    {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "192.168.1.1"]}},
    {"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}},
    {"Bool": {"acs:SecureTransport": "true"}},
    {"DateLessThan": {"acs:CurrentTime": "2025-01-01T00:00:00Z"}},
    {"DateGreaterThanEquals": {"acs:CurrentTime": "2024-06-01T08:00:00+08:00"}},
    {"NumericLessThan": {"n": 5}},
    {"NumericNotEquals": {"N": ["1", "2.0"]}},
    {"StringEquals": {"acs:SourceVpc": "vpc-1"}, "Bool": {"acs:SecureTransport": "false"}},
    {},
    {"ForAnyValue:StringEquals": {"acs:TagKeys": ["team", "env"]}},
    {"ForAllValues:StringLike": {"acs:TagKeys": "t*"}},
    {"ForAnyValue:StringNotEquals": {"acs:TagKeys": "team"}},
    {"ForAllValues:StringNotLike": {"acs:tagkeys": ["*x*"]}},
    {"ForAllValues:StringEqualsIgnoreCase": {"acs:TagKeys": ["TEAM", "Env"]}},
    {"StringNotEquals": {"acs:TagKeys": "env"}},
    {"IpAddress": {"acs:SourceIp": "::ffff:10.0.0.0/104"}},
    {"NotIpAddress": {"acs:SourceIp": ["::ffff:192.168.1.1"]}},
    {"ForAllValues:IpAddress": {"acs:SourceIp": "10.0.0.0/8"}},
    {"ForAnyValue:NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}},
    {"ForAnyValue:NumericGreaterThan": {"n": 3}},
    {"ForAllValues:NumericNotEquals": {"n": [1, 5]}},
    {"StringEquals": {"acs:ResourceTag/team": "dev"}},
    {"ForAllValues:Bool": {"acs:SecureTransport": "true"}},
]


@st.composite
def statements(draw: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": draw(st.sampled_from(["Allow", "Deny"]))}
    actions = draw(st.lists(action_patterns(), min_size=1, max_size=3))
    key = "NotAction" if draw(st.integers(0, 5)) == 0 else "Action"
    statement[key] = actions if len(actions) > 1 or draw(st.booleans()) else actions[0]
    resources = draw(st.lists(resource_patterns(), min_size=1, max_size=3))
    statement["Resource"] = resources if len(resources) > 1 else resources[0]
    if draw(st.integers(0, 3)) == 0:
        statement["Condition"] = draw(st.sampled_from(CONDITIONS))
    return statement


@st.composite
def policy_documents(draw: Any) -> dict[str, Any]:
    return {"Version": "1", "Statement": draw(st.lists(statements(), min_size=1, max_size=4))}


policy_sets = st.lists(policy_documents(), min_size=0, max_size=4)


@st.composite
def contexts(draw: Any) -> dict[str, Any]:
    from datetime import datetime, timezone

    context: dict[str, Any] = {}
    if draw(st.booleans()):
        context["acs:SourceVpc"] = draw(st.sampled_from(["vpc-1", "vpc-2", "VPC-1", "vpc-12"]))
    ips = st.sampled_from(["10.1.2.3", "192.168.1.1", "192.168.1.2", "::1", "::ffff:10.1.2.3"])
    if draw(st.booleans()):
        context["acs:SourceIp"] = draw(ips | st.lists(ips, min_size=1, max_size=3))
    if draw(st.booleans()):
        tags = st.sampled_from(["team", "env", "tx", "TEAM"])
        context["acs:TagKeys"] = draw(tags | st.lists(tags, min_size=1, max_size=3))
    if draw(st.booleans()):
        context["acs:ResourceTag/team"] = draw(st.sampled_from(["dev", "Dev", "prod"]))
    if draw(st.booleans()):
        context["acs:SecureTransport"] = draw(st.booleans())
    if draw(st.booleans()):
        context["acs:CurrentTime"] = draw(
            st.sampled_from(
                [
                    datetime(2024, 1, 1, tzinfo=timezone.utc),
                    datetime(2024, 6, 1, tzinfo=timezone.utc),
                    datetime(2025, 6, 1, tzinfo=timezone.utc),
                ]
            )
        )
    if draw(st.booleans()):
        numbers = st.sampled_from([0, 1, 2, 5, 7])
        context["n"] = draw(numbers | st.lists(numbers, min_size=1, max_size=3))
    return context


@st.composite
def requests(draw: Any) -> tuple[str, str, dict[str, Any]]:
    action = draw(st.sampled_from(ACTION_NAMES))
    action = draw(st.sampled_from([action, action.lower(), action.upper()]))
    return action, resource_texts(draw), draw(contexts())
