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
