"""The bulk phase classifier: same answers as the lifecycle, same refusals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pendulum
import pytest

from domainrules import (
    CNNIC_REGISTRY,
    DEFAULT_RULE_SET,
    DomainName,
    DomainRulesError,
    InvalidLabelError,
    NaiveDatetimeError,
    NotRegistrableError,
    Phase,
    PhaseClassifier,
    PublicSuffixError,
    SuffixFamily,
    UnknownSuffixError,
    lifecycle_of,
    phases_at,
)
from domainrules.rulesets import RuleSet

UTC = timezone.utc
AT = datetime(2025, 2, 1, tzinfo=UTC)


def test_every_form_of_a_name_gets_the_same_phase() -> None:
    expiry = datetime(2025, 1, 10, tzinfo=UTC)
    forms: list[DomainName | str] = [
        "example.cn",
        "EXAMPLE.CN",
        "example.cn.",
        "Example．cn",
        DomainName("example.cn"),
    ]
    assert set(phases_at([(form, expiry) for form in forms], AT)) == {Phase.RENEWAL_GRACE}


def test_expiries_in_any_form() -> None:
    classify = PhaseClassifier(AT)
    assert classify("a.com", "2025-01-10T00:00:00+08:00") is Phase.RENEWAL_GRACE
    assert classify("a.com", pendulum.datetime(2025, 3, 1, tz="Asia/Shanghai")) is Phase.ACTIVE
    assert classify("a.com", datetime(2024, 12, 10, tzinfo=timezone(timedelta(hours=-5)))) is (
        Phase.REDEMPTION
    )


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("www.example.com", NotRegistrableError),
        ("com.cn", PublicSuffixError),
        ("bad_label.com", InvalidLabelError),
        ("-x.com", InvalidLabelError),
        ("example.uk", UnknownSuffixError),
    ],
)
def test_refusals_match_the_slow_path_even_after_the_suffix_is_cached(
    name: str, error: type[Exception]
) -> None:
    classify = PhaseClassifier(AT)
    classify("warm.com", AT)
    classify("warm.com.cn", AT)
    with pytest.raises(error):
        classify(name, AT)


def test_naive_expiry_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        PhaseClassifier(AT)("a.com", datetime(2025, 1, 1))


def test_wildcard_suffixes_are_not_cached_wrongly() -> None:
    # *.ck in the PSL: "x.ck" is itself a public suffix, "www.ck" is an exception.
    ck = SuffixFamily("ck", frozenset({"ck"}), DEFAULT_RULE_SET.family("gtld").lifecycle, False)
    classify = PhaseClassifier(AT, rules=DEFAULT_RULE_SET.with_family(ck))
    with pytest.raises(PublicSuffixError):
        classify("x.ck", AT)
    assert classify("www.ck", AT) is Phase.RENEWAL_GRACE
    with pytest.raises(PublicSuffixError):
        classify("y.ck", AT)


def test_rule_set_is_honoured() -> None:
    expiry = AT - timedelta(days=44, hours=12)
    assert PhaseClassifier(AT)("a.cn", expiry) is Phase.RELEASED
    assert PhaseClassifier(AT, rules=CNNIC_REGISTRY)("a.cn", expiry) is Phase.REDEMPTION
    assert lifecycle_of("a.cn", expiry, rules=CNNIC_REGISTRY).phase_at(AT) is Phase.REDEMPTION


def test_unicode_suffixes_take_the_fast_path_with_the_same_answers() -> None:
    classify = PhaseClassifier(AT)
    expiry = AT - timedelta(days=40)
    for name in ("warm.中国", "shop.中国", "SHOP.中国.", "x.网络.cn", "y.网络", "com.网络.cn"):
        assert classify(name, expiry) is lifecycle_of(name, expiry).phase_at(AT)
    assert "中国" in classify._by_rest
    # The length limit counts the suffix in A-label form, not as typed.
    label = "a" * 63
    long_name = ".".join([label, label, label, "b" * 44]) + ".中国"
    with pytest.raises(NotRegistrableError):
        classify(long_name, expiry)
    with pytest.raises(PublicSuffixError):
        classify("gov.cn", expiry)


def _outcome(call: object) -> object:
    try:
        return call()  # type: ignore[operator]
    except DomainRulesError as error:
        return type(error)


_EXPIRIES = [
    datetime(1, 1, 1, tzinfo=timezone.utc),
    datetime(1899, 12, 31, 23, 59, tzinfo=timezone.utc),
    datetime(1900, 1, 1, tzinfo=timezone.utc),
    datetime(2024, 12, 1, tzinfo=timezone.utc),
    datetime(9000, 12, 31, tzinfo=timezone.utc),
    datetime(9001, 1, 1, tzinfo=timezone.utc),
    datetime.max.replace(tzinfo=timezone.utc),
    "0001-01-01T00:00:00Z",
    "2024-12-01T00:00:00+08:00",
    "2024-12-01T00:00:00+24:00",
    "2024-12-01T00:00:00",
    None,
]


@pytest.mark.parametrize("expires_at", _EXPIRIES, ids=repr)
@pytest.mark.parametrize("name", ["example.com", "EXAMPLE.cn", "kobe.jp", "www.example.com"])
def test_bulk_and_lifecycle_agree_refusals_included(name: str, expires_at: object) -> None:
    classify = PhaseClassifier(AT)
    classify("warm.com", "2025-06-01T00:00:00Z")  # the fast path is primed
    classify("warm.cn", "2025-06-01T00:00:00Z")
    bulk = _outcome(lambda: classify(name, expires_at))  # type: ignore[arg-type]
    slow = _outcome(lambda: lifecycle_of(name, expires_at).phase_at(AT))  # type: ignore[arg-type]
    assert bulk == slow


def _two_versions() -> RuleSet:
    from domainrules.rulesets import load_rule_set

    def version(valid_from: str, redemption_days: int) -> dict[str, object]:
        registrar = {
            "renewal_grace": {"days": 30},
            "redemption": {"days": redemption_days},
            "pending_delete": 0,
            "then": "released",
            "zone": "UTC",
        }
        family = {
            "name": "f",
            "tlds": ["com"],
            "default_for": "none",
            "icann_transfer_policy": True,
            "registrar": registrar,
        }
        return {"valid_from": valid_from, "selected_by": "expiry", "families": [family]}

    return load_rule_set(
        {
            "format": 1,
            "name": "two",
            "versions": [version("2020-01-01T00:00:00Z", 30), version("2024-01-01T00:00:00Z", 10)],
        }
    )


def test_cutoffs_under_versions_that_differ_need_the_expiry() -> None:
    from domainrules.errors import InvalidRuleSetError

    rules = _two_versions()
    classify = PhaseClassifier(AT, rules=rules)
    with pytest.raises(InvalidRuleSetError) as caught:
        classify.cutoffs("example.com")
    assert caught.value.field == "expires_at" and caught.value.value is None
    assert "its expiry selects one (pass expires_at)" in str(caught.value)
    # The version in force at the expiry decides: 30 days of redemption, then 10.
    old = classify.cutoffs("example.com", "2023-06-01T00:00:00Z")
    new = classify.cutoffs("Example.COM.", datetime(2024, 6, 1, tzinfo=UTC))
    assert old[:2] == new[:2] == (AT, AT - timedelta(days=30))
    assert old[2] == AT - timedelta(days=60) and new[2] == AT - timedelta(days=40)
    # The classifier agrees on either side of the new version's redemption cutoff.
    assert classify("example.com", new[2] + timedelta(seconds=1)) is Phase.REDEMPTION
    assert classify("example.com", new[2]) is not Phase.REDEMPTION
