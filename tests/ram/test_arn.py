"""Resource names and Domains resources."""

from __future__ import annotations

import pytest

from domainrules.errors import ArgumentTypeError
from domainrules.ram import (
    Arn,
    InvalidArnError,
    account_resource,
    canonical_resource,
    canonical_resource_pattern,
    domain_resource,
)
from domainrules.ram.arn import uncanonical_labels, validate_account_id


def test_parse_and_format() -> None:
    arn = Arn.parse("acs:ecs:cn-hangzhou:123:instance/i-1:extra")
    assert (arn.service, arn.region, arn.account, arn.relative_id) == (
        "ecs",
        "cn-hangzhou",
        "123",
        "instance/i-1:extra",
    )
    assert str(arn) == "acs:ecs:cn-hangzhou:123:instance/i-1:extra"
    assert arn.domain is None


@pytest.mark.parametrize("text", ["", "acs", "acs:domain:*:1", "arn:aws:s3:::x", "x" * 20_000])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(InvalidArnError):
        Arn.parse(text)


def test_parse_refuses_non_text_and_bad_domains() -> None:
    with pytest.raises(ArgumentTypeError):
        Arn.parse(5)  # type: ignore[arg-type]
    with pytest.raises(InvalidArnError, match="not valid"):
        Arn.parse("acs:domain:*:1:domain/bad_label.com")


def test_domain_helpers_canonicalize() -> None:
    assert domain_resource(1, "Example.COM.") == "acs:domain:*:1:domain/example.com"
    assert domain_resource("1", "bücher.de") == "acs:domain:*:1:domain/xn--bcher-kva.de"
    assert account_resource("42") == "acs:domain:*:42:*"
    with pytest.raises(InvalidArnError):
        domain_resource("1", "-bad-.com")


@pytest.mark.parametrize(
    "account",
    [
        "*",
        "",
        "1:2",
        "12a",
        True,
        None,
        1.5,
        "1" * 33,
        "0123",
        "+123",
        " 123",
        "123 ",
        "１２３",
        -1,
        10**32,
        "\ud800",
        b"123",
    ],
)
def test_account_ids_are_digits(account: object) -> None:
    # Text and ints are account ids of the wrong value; anything else is a wrong type.
    kind = InvalidArnError if type(account) in (str, int) else ArgumentTypeError
    with pytest.raises(kind) as caught:
        validate_account_id(account)  # type: ignore[arg-type]
    assert caught.value.value is account


def test_huge_account_number_is_refused() -> None:
    with pytest.raises(InvalidArnError):
        validate_account_id(10**5000)


def test_canonical_resource_leaves_other_services() -> None:
    assert canonical_resource("acs:ecs:*:1:instance/I-1") == "acs:ecs:*:1:instance/I-1"
    assert canonical_resource("acs:domain:*:1:*") == "acs:domain:*:1:*"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("acs:domain:*:*:domain/EXAMPLE.com", "acs:domain:*:*:domain/example.com"),
        ("acs:*:*:*:domain/EXAMPLE.com", "acs:*:*:*:domain/example.com"),
        ("acs:ecs:*:*:domain/EXAMPLE.com", "acs:ecs:*:*:domain/EXAMPLE.com"),
        ("acs:domain:*:*:domain/*.Example.COM.", "acs:domain:*:*:domain/*.example.com"),
        ("acs:domain:*:*:domain/EX*", "acs:domain:*:*:domain/ex*"),
        ("acs:domain:*:*:domain/例子.中国", "acs:domain:*:*:domain/xn--fsqu00a.xn--fiqs8s"),
        ("acs:domain:*:*:domain/Bad_Label.com", "acs:domain:*:*:domain/bad_label.com"),
        ("acs:domain:*:*:domain/", "acs:domain:*:*:domain/"),
        # a domain after a wildcard: canonical where that is unambiguous
        ("acs:domain:*:*:*/EXAMPLE.com", "acs:domain:*:*:*/example.com"),
        ("acs:domain:*:*:dom*/Example.com.", "acs:domain:*:*:dom*/example.com"),
        ("acs:domain:*:*:*/例子.中国", "acs:domain:*:*:*/xn--fsqu00a.xn--fiqs8s"),
        ("acs:domain:*:*:*/example．com", "acs:domain:*:*:*/example.com"),
        ("acs:domain:*:*:*.EXAMPLE.com", "acs:domain:*:*:*.example.com"),
        ("acs:domain:*:*:*Example.COM", "acs:domain:*:*:*example.com"),
        ("acs:domain:*:*:*.例子.中国", "acs:domain:*:*:*.xn--fsqu00a.xn--fiqs8s"),
        ("acs:domain:*:*:group/EXAMPLE.com", "acs:domain:*:*:group/EXAMPLE.com"),
        ("acs:domain:*:*:*", "acs:domain:*:*:*"),
        ("acs:domain", "acs:domain"),
        ("*", "*"),
    ],
)
def test_canonical_resource_pattern(pattern: str, expected: str) -> None:
    assert canonical_resource_pattern(pattern) == expected


def test_wildcard_next_to_non_ascii_is_kept_and_linted() -> None:
    pattern = "acs:domain:*:*:domain/例*.中国"
    assert canonical_resource_pattern(pattern) == "acs:domain:*:*:domain/例*.xn--fiqs8s"
    assert uncanonical_labels("例*.中国") == ("例*",)


@pytest.mark.parametrize(
    "resource",
    [
        "acs:Domain:*:1:domain/example.com",
        "ACS:domain:*:1:domain/example.com",
        " acs:domain:*:1:domain/example.com",
        "acs:domain:*:1:domain/example.com ",
        "acs:domain:*:1:domain/example.com\n",
        "acs:domain:*:1:domain/example.com\x00",
        "acs:domain:*:1:domain/example.com\u200b",
        "acs:domain:*:0123:domain/example.com",
        "acs:domain:*:*:domain/example.com",
        "acs:domain:*:+1:*",
        "acs:domain:* :1:*",
        "acs:domain:*:1:\ud800",
        "*",
    ],
)
def test_request_resources_have_one_spelling(resource: str) -> None:
    with pytest.raises(InvalidArnError):
        canonical_resource(resource)


# --- one rule for the service, region and account fields, in policies and requests -----

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("region", "account"),
    [
        ("CN-Hangzhou", "123"),
        ("ｃｎ-hangzhou", "123"),
        ("cn‐hangzhou", "123"),  # U+2010 HYPHEN, not '-'
        ("cn hangzhou", "123"),
        ("*", "0123"),
        ("*", "123".translate(_FULL_WIDTH)),
        ("*", "+123"),
    ],
)
def test_a_field_no_request_can_have_is_refused_on_both_sides(region: str, account: str) -> None:
    # A request with it is refused...
    with pytest.raises(InvalidArnError):
        canonical_resource(f"acs:ecs:{region}:{account}:instance/i-1")
    # ...and so is a policy pattern: a Deny on it would never apply.
    with pytest.raises(InvalidArnError, match="can match no"):
        canonical_resource_pattern(f"acs:ecs:{region}:{account}:instance/*")


def test_refusals_suggest_the_spelling_to_use() -> None:
    with pytest.raises(InvalidArnError, match="write 'cn-hangzhou'"):
        canonical_resource_pattern("acs:ecs:ＣＮ‐Hangzhou:*:*")
    with pytest.raises(InvalidArnError, match="write '123'"):
        canonical_resource_pattern("acs:domain:*:" + "0123".translate(_FULL_WIDTH) + ":*")
    with pytest.raises(InvalidArnError, match="service 'Domain'"):
        canonical_resource_pattern("acs:Domain:*/example.com")


@pytest.mark.parametrize(
    "pattern",
    [
        "acs:domain:cn-*:1*:*",
        "acs:domain:*:0*:*",
        "acs:ram::123:role/x",
        "acs:*:*:*:*",
        "acs:domain:?:??:*",
        "acs:domain:*/*",
    ],
)
def test_canonical_fields_with_wildcards_are_kept(pattern: str) -> None:
    assert canonical_resource_pattern(pattern) == pattern


@pytest.mark.parametrize("account", ["0?", "01*", "0*1"])
def test_an_account_pattern_that_forces_a_leading_zero_is_refused(account: str) -> None:
    with pytest.raises(InvalidArnError):
        canonical_resource_pattern(f"acs:domain:*:{account}:*")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("acs:domain:*/EXAMPLE.com", "acs:domain:*/example.com"),
        ("acs:domain:*/例子.中国", "acs:domain:*/xn--fsqu00a.xn--fiqs8s"),
        ("acs:*/Example.COM.", "acs:*/example.com"),
        ("acs:domain:*:*/EXAMPLE.com", "acs:domain:*:*/example.com"),
        ("acs:domain:*EXAMPLE.com", "acs:domain:*example.com"),
        ("acs:*:*Example.com", "acs:*:*example.com"),
        ("acs:*:Example.com", "acs:*:Example.com"),
        ("acs:*Example.com", "acs:*example.com"),
        # No Domains resource can match these: left alone.
        ("acs:ecs:*/Example.com", "acs:ecs:*/Example.com"),
        ("acs:domain:x*/Example.com", "acs:domain:x*/Example.com"),
        ("acs:domain:*:*:*", "acs:domain:*:*:*"),
    ],
)
def test_patterns_with_fewer_fields_are_canonicalized(pattern: str, expected: str) -> None:
    assert canonical_resource_pattern(pattern) == expected


@pytest.mark.parametrize(
    "written",
    [
        "acs:domain:*/EXAMPLE.com",
        "acs:*/例子．中国",
        "acs:domain:*:*/Example.com.",
        "acs:*EXAMPLE.com",
    ],
)
def test_a_deny_spanning_fields_holds_for_every_spelling(written: str) -> None:
    from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, Outcome, Policy, PolicySet, authorize

    deny = Policy.parse(
        {
            "Version": "1",
            "Statement": [{"Effect": "Deny", "Action": "domain:*", "Resource": written}],
        }
    )
    policies = PolicySet([ALIYUN_DOMAIN_FULL_ACCESS, deny])
    domain = "例子.中国" if "中国" in written else "example.com"
    result = authorize(policies, "SaveBatchTaskForModifyingDomainDns", 1, [domain])
    assert result.decision.outcome is Outcome.EXPLICIT_DENY


_SYMBOLS = "ab:"


def _expansions(template: tuple[str | None, ...], length: int) -> list[str]:
    import itertools

    runs = ["".join(p) for n in range(length + 1) for p in itertools.product(_SYMBOLS, repeat=n)]
    texts = [""]
    for token in template:
        texts = [t + r for t in texts for r in (runs if token is None else [token])]
    return texts


def test_can_match_agrees_with_brute_force() -> None:
    import itertools

    from domainrules.ram.arn import _can_match
    from domainrules.ram.patterns import compile_pattern

    templates: list[tuple[str | None, ...]] = [
        tuple("a:b"),
        (*"a:", None, *":b"),
        (None,),
        (*"ab", None),
        (None, *":a"),
    ]
    patterns = ["".join(p) for n in range(5) for p in itertools.product("ab:*?", repeat=n)]
    for template in templates:
        texts = _expansions(template, 4)
        for pattern in patterns:
            compiled = compile_pattern(pattern)
            expected = any(compiled.matches(t) for t in texts)
            assert _can_match(pattern, template) is expected, (pattern, template)


def test_patterns_over_the_size_cap_are_refused_before_any_work() -> None:
    from domainrules.ram.arn import domain_name_part

    huge = "acs:domain:*" + "*:" * 20_000 + "/Example.com"
    with pytest.raises(InvalidArnError, match="over the"):
        canonical_resource_pattern(huge)
    with pytest.raises(InvalidArnError, match="over the"):
        domain_name_part(huge)
