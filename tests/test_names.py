"""DomainName: canonical form, public suffix, TLD, length caps, refusals."""

from __future__ import annotations

import pickle

import pytest

from domainrules import (
    ArgumentTypeError,
    DomainName,
    DomainNameTooLongError,
    DomainRulesError,
    InvalidDomainNameError,
    InvalidLabelError,
    LabelTooLongError,
    NotRegistrableError,
    PublicSuffixError,
    canonical_name,
)


@pytest.mark.parametrize(
    ("text", "ascii_form", "suffix", "tld"),
    [
        ("example.com", "example.com", "com", "com"),
        ("EXAMPLE.Com.", "example.com", "com", "com"),
        ("example.com.cn", "example.com.cn", "com.cn", "cn"),
        ("例子.中国", "xn--fsqu00a.xn--fiqs8s", "xn--fiqs8s", "xn--fiqs8s"),
        ("xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s", "xn--fiqs8s", "xn--fiqs8s"),
        ("XN--FSQU00A.XN--FIQS8S.", "xn--fsqu00a.xn--fiqs8s", "xn--fiqs8s", "xn--fiqs8s"),
        # 网络.cn is a second level under .cn (PSL), not the TLD .网络.
        ("foo.网络.cn", "foo.xn--io0a7i.cn", "xn--io0a7i.cn", "cn"),
        ("foo.网络", "foo.xn--io0a7i", "xn--io0a7i", "xn--io0a7i"),
        ("example。com", "example.com", "com", "com"),
        ("example．com", "example.com", "com", "com"),
        ("example｡com", "example.com", "com", "com"),
        ("Bücher.de", "xn--bcher-kva.de", "de", "de"),
        ("example.co.uk", "example.co.uk", "co.uk", "uk"),
        # Private-section suffixes (hosting platforms) are not registries.
        ("github.io", "github.io", "io", "io"),
        # A TLD the PSL does not list yet is a one-label suffix.
        ("example.brandnewgtld", "example.brandnewgtld", "brandnewgtld", "brandnewgtld"),
    ],
)
def test_canonical_form_suffix_and_tld(text: str, ascii_form: str, suffix: str, tld: str) -> None:
    name = DomainName(text)
    assert (name.ascii, name.suffix, name.tld) == (ascii_form, suffix, tld)
    assert DomainName(name.unicode) == name
    assert str(name) == ascii_form


def test_unicode_display_forms() -> None:
    assert DomainName("xn--fsqu00a.xn--fiqs8s").unicode == "例子.中国"
    assert DomainName("foo.xn--io0a7i.cn").unicode_suffix == "网络.cn"
    assert DomainName("example.com").is_idn is False
    assert DomainName("例子.中国").is_idn is True
    assert DomainName("example.com.cn").labels == ("example", "com", "cn")


def test_parse_returns_a_domain_name_unchanged() -> None:
    name = DomainName("example.com")
    assert DomainName.parse(name) is name
    assert DomainName.parse("Example.COM") == name


def test_order_and_hash_follow_the_canonical_form() -> None:
    assert DomainName("B.com") > DomainName("a.com")
    assert len({DomainName("A.com"), DomainName("a.com."), DomainName("a．com")}) == 1


@pytest.mark.parametrize("text", ["com.cn", "com", "xn--fiqs8s", "中国", "gov.cn", "co.uk"])
def test_a_public_suffix_is_refused(text: str) -> None:
    with pytest.raises(PublicSuffixError) as caught:
        DomainName(text)
    assert caught.value.field == "name"
    assert caught.value.value == text


@pytest.mark.parametrize(
    ("text", "registrable"),
    [
        ("www.example.com", "example.com"),
        ("a.b.example.com.cn", "example.com.cn"),
        ("www.例子.中国", "xn--fsqu00a.xn--fiqs8s"),
    ],
)
def test_a_name_below_the_registrable_level_names_it(text: str, registrable: str) -> None:
    with pytest.raises(NotRegistrableError) as caught:
        DomainName(text)
    assert caught.value.registrable == registrable
    assert registrable.split(".")[0] in str(caught.value) or "例子" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", InvalidLabelError),
        (".", InvalidLabelError),
        ("a..com", InvalidLabelError),
        ("-a.com", InvalidLabelError),
        ("a-.com", InvalidLabelError),
        ("ab--cd.com", InvalidLabelError),
        ("bad_label.com", InvalidLabelError),
        ("xn--zz.com", InvalidLabelError),
        ("exa mple.com", InvalidLabelError),
        ("a" * 64 + ".com", LabelTooLongError),
        (".".join(["a" * 63] * 4) + ".com", DomainNameTooLongError),
        ("例" * 60 + ".com", LabelTooLongError),
        ("x" * 100_000, DomainNameTooLongError),
    ],
)
def test_malformed_names_get_a_named_error(text: str, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        DomainName(text)
    assert isinstance(caught.value, InvalidDomainNameError)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, DomainRulesError)


@pytest.mark.parametrize("value", [None, 42, b"example.com", ["example.com"]])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        DomainName(value)  # type: ignore[arg-type]
    assert caught.value.value is value


def test_lengths_are_checked_in_a_label_form() -> None:
    # 253 characters exactly is allowed, 254 is not.
    head = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 57])
    assert len(head + ".com") == 253
    assert canonical_name(head + ".com") == head + ".com"
    with pytest.raises(DomainNameTooLongError):
        canonical_name(head + "d.com")


def test_canonical_name_accepts_any_host() -> None:
    assert canonical_name("WWW.例子.中国.") == "www.xn--fsqu00a.xn--fiqs8s"
    assert canonical_name("com") == "com"


def test_errors_pickle_with_their_location() -> None:
    with pytest.raises(NotRegistrableError) as caught:
        DomainName("www.example.com")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.registrable, copy.field, copy.value, str(copy)) == (
        "example.com",
        "name",
        "www.example.com",
        str(caught.value),
    )


# --- the fast path against the slow one, over every rule of the PSL -------------


def _psl_rules() -> list[str]:
    from domainrules import names

    rules: frozenset[str] = getattr(names._PSL, "_publicsuffix", frozenset())
    # Both forms: the PSL lists IDN rules as U-labels and A-labels.
    return sorted(r for r in rules if not r.startswith(("*", "!")))


def _outcome(parse: object, text: str) -> object:
    try:
        return parse(text)  # type: ignore[operator]
    except InvalidDomainNameError as error:
        return type(error)


def test_the_fast_path_is_on() -> None:
    from domainrules import names

    assert names._BELOW is not None, "publicsuffixlist changed: the fast path is off"
    DomainName("warm.com")
    assert names._known_rest("com") == ("com", frozenset())
    DomainName("warm.cn")
    cn = names._known_rest("cn")
    assert cn is not None and cn[0] == "cn" and {"com", "gov", "xn--io0a7i"} <= cn[1]
    # Wildcard rules below a suffix keep it on the slow path.
    DomainName("www.ck")
    assert names._known_rest("ck") is None


def test_fast_path_agrees_with_the_slow_path_for_every_psl_rule() -> None:
    from domainrules import names

    rules = _psl_rules()
    assert len(rules) > 5000
    assert "网络.cn" in rules
    for rule in rules:
        parent = rule.partition(".")[2] or rule
        for text in (f"warm-up.{parent}", rule, f"example.{rule}", rule.upper(), f"x.{rule}."):
            names._parse_slowly.cache_clear()
            slow = _outcome(names._parse_slowly, text)
            # Twice: the first call may learn the suffix, the second then takes the fast path.
            assert _outcome(names._parse, text) == slow, text
            assert _outcome(names._parse, text) == slow, text
