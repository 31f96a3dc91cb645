"""Rule sets: the shipped data, lookups, and refusal of impossible numbers."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from domainrules import (
    DEFAULT_RULE_SET,
    RULE_SETS,
    ArgumentTypeError,
    Disposition,
    InvalidRuleSetError,
    LifecycleRules,
    SuffixFamily,
    UnknownRuleSetError,
    UnknownSuffixError,
    get_rule_set,
)
from domainrules.rulesets.cctlds import IDN_CCTLDS, is_country_code_tld


def test_every_shipped_rule_set_states_its_source_and_date() -> None:
    for name, rules in RULE_SETS.items():
        assert rules.name == name
        assert rules.source
        # The oldest shipped rules: PIR's .org Redemption Grace Period, 2003.
        assert rules.effective.year >= 2003


def test_default_families() -> None:
    assert DEFAULT_RULE_SET.family_for("a.cn").name == "cnnic"
    assert DEFAULT_RULE_SET.family_for("a.gov.cn").name == "cnnic"
    assert DEFAULT_RULE_SET.family_for("a.中国").name == "cnnic"
    assert DEFAULT_RULE_SET.family_for("a.公司").name == "cnnic-gtld"
    assert DEFAULT_RULE_SET.family_for("a.hk").name == "hk"
    assert DEFAULT_RULE_SET.family_for("a.香港").name == "hk"
    assert DEFAULT_RULE_SET.family_for("a.me").name == "gtld"


def test_icann_policy_binds_gtlds_and_cnnic_gtlds_but_not_cctlds() -> None:
    assert DEFAULT_RULE_SET.family("cnnic-gtld").icann_transfer_policy
    assert DEFAULT_RULE_SET.family("gtld").icann_transfer_policy
    assert not DEFAULT_RULE_SET.family("cnnic").icann_transfer_policy
    assert not DEFAULT_RULE_SET.family("hk").icann_transfer_policy
    # .公司 and .网络 keep the CNNIC lifecycle numbers.
    assert (
        DEFAULT_RULE_SET.family("cnnic-gtld").lifecycle
        == DEFAULT_RULE_SET.family("cnnic").lifecycle
    )


def test_manual_review_suffixes() -> None:
    assert "gov.cn" in DEFAULT_RULE_SET.manual_ownership_review


def test_traditional_zhongguo_is_another_tld() -> None:
    # .中國 (xn--fiqz9s) is not .中国: the default does not cover it.
    with pytest.raises(UnknownSuffixError):
        DEFAULT_RULE_SET.family_for("a.中國")


def test_unknown_rule_set_lists_the_shipped_ones() -> None:
    with pytest.raises(UnknownRuleSetError, match="alibaba-2022") as caught:
        get_rule_set("godaddy")
    assert isinstance(caught.value, LookupError)
    with pytest.raises(UnknownSuffixError):
        DEFAULT_RULE_SET.family("nope")


def test_a_rule_set_without_gtld_fallback_refuses_unlisted_gtlds() -> None:
    strict = attrs.evolve(DEFAULT_RULE_SET, gtld_family=None)
    with pytest.raises(UnknownSuffixError):
        strict.family_for("example.xyz")
    assert strict.family_for("example.com").name == "gtld"


def test_cctld_table() -> None:
    assert is_country_code_tld("de")
    assert is_country_code_tld("xn--p1ai")
    assert not is_country_code_tld("com")
    assert not is_country_code_tld("xn--io0a7i")  # .网络 is a gTLD
    assert IDN_CCTLDS["xn--fiqs8s"] == "CN"


@pytest.mark.parametrize("field", ["renewal_grace_days", "redemption_days", "pending_delete_days"])
@pytest.mark.parametrize("value", [-1, 1.5, True])
def test_impossible_periods_are_refused(field: str, value: object) -> None:
    kind = InvalidRuleSetError if type(value) is int else ArgumentTypeError
    with pytest.raises(kind) as caught:
        attrs.evolve(DEFAULT_RULE_SET.family("gtld").lifecycle, **{field: value})  # type: ignore[arg-type]
    assert caught.value.field == field


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(InvalidRuleSetError, match="zone"):
        LifecycleRules(1, 1, 1, Disposition.DELETED, "Mars/Olympus")


def test_a_tld_in_two_families_is_refused() -> None:
    rules = LifecycleRules(1, 1, 1, Disposition.DELETED, "UTC")
    with pytest.raises(InvalidRuleSetError, match="both"):
        attrs.evolve(
            DEFAULT_RULE_SET,
            families=(
                *DEFAULT_RULE_SET.families,
                SuffixFamily("dup", frozenset({"COM"}), rules, True),
            ),
        )


def test_duplicate_family_names_and_bad_fallback_are_refused() -> None:
    with pytest.raises(InvalidRuleSetError, match="two families"):
        attrs.evolve(
            DEFAULT_RULE_SET, families=(*DEFAULT_RULE_SET.families, DEFAULT_RULE_SET.family("hk"))
        )
    with pytest.raises(InvalidRuleSetError, match="gtld_family"):
        attrs.evolve(DEFAULT_RULE_SET, gtld_family="missing")


def test_with_family_replaces_in_place_or_adds() -> None:
    hk = DEFAULT_RULE_SET.family("hk")
    slower = attrs.evolve(hk, lifecycle=attrs.evolve(hk.lifecycle, renewal_grace_days=27))
    replaced = DEFAULT_RULE_SET.with_family(slower)
    assert [f.name for f in replaced.families] == [f.name for f in DEFAULT_RULE_SET.families]
    assert replaced.rules_for("a.hk").renewal_grace_days == 27
    uk = SuffixFamily(
        "uk",
        frozenset({"uk"}),
        LifecycleRules(30, 0, 5, Disposition.DELETED, "Europe/London"),
        False,
    )
    assert DEFAULT_RULE_SET.with_family(uk).family_for("a.co.uk").name == "uk"


def test_rule_sets_compare_by_value() -> None:
    assert attrs.evolve(DEFAULT_RULE_SET) == DEFAULT_RULE_SET
    assert hash(attrs.evolve(DEFAULT_RULE_SET)) == hash(DEFAULT_RULE_SET)
    assert attrs.evolve(DEFAULT_RULE_SET, name="other") != DEFAULT_RULE_SET
    assert DEFAULT_RULE_SET.family("gtld").lifecycle.redemption_tolerance == timedelta(hours=24)
