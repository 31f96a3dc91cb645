"""The registrar's phases and the registry's states on one timeline."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domainrules import DEFAULT_RULE_SET, Phase
from domainrules.errors import (
    ArgumentTypeError,
    NoRegistryRulesError,
    UnpublishedRegistryNumberError,
)
from domainrules.registry import (
    Create,
    Delete,
    DomainHistory,
    RgpStatus,
    registry_rules_for,
    registry_state,
    side_by_side,
)
from domainrules.rulesets import (
    NOMULUS_DEFAULTS,
    RegistryRules,
    RuleSet,
    get_rule_set,
    load_rule_set,
)

UTC = timezone.utc
D = timedelta(days=1)


def with_numbers(registrar_days: tuple[int, int, int], registry: RegistryRules) -> RuleSet:
    gtld = DEFAULT_RULE_SET.family("gtld")
    grace, redemption, pending = registrar_days
    lifecycle = attrs.evolve(
        gtld.lifecycle,
        renewal_grace_days=grace,
        redemption_days=redemption,
        pending_delete_days=pending,
        pre_release=None,
    )
    return DEFAULT_RULE_SET.with_family(attrs.evolve(gtld, lifecycle=lifecycle, registry=registry))


def test_the_registrars_grace_sits_inside_the_registrys_auto_renew_grace() -> None:
    both = side_by_side("example.com", "2025-01-01T00:00:00Z", registry=NOMULUS_DEFAULTS)
    life = both.lifecycle
    auto = both.registry_span_of(RgpStatus.AUTO_RENEW_PERIOD)
    assert auto is not None and auto.start == life.expires_at
    # The registrar deletes when its 30-day grace ends: the auto-renew grace is cut
    # short there (45 days at most) and the registry's redemption starts.
    assert auto.end == life.renewal_grace_ends_at <= life.expires_at + 45 * D
    redemption = both.registry_span_of("redemptionPeriod")
    assert redemption is not None and redemption.start == life.renewal_grace_ends_at
    assert redemption.end is not None and life.redemption_ends_at <= redemption.end
    assert both.mismatches == ()
    assert both.phase_at("2025-01-10T00:00:00Z") is Phase.RENEWAL_GRACE
    assert both.state_at("2025-01-10T00:00:00Z").rgp_statuses == {RgpStatus.AUTO_RENEW_PERIOD}


def test_a_registrar_grace_longer_than_the_auto_renew_grace_is_a_mismatch() -> None:
    rules = with_numbers((50, 29, 5), NOMULUS_DEFAULTS)
    both = side_by_side("example.com", "2025-01-01T00:00:00Z", rules=rules)
    assert any("auto-renew grace" in m for m in both.mismatches)


def test_registry_numbers_come_from_the_family_or_are_refused() -> None:
    rules = with_numbers((30, 29, 5), NOMULUS_DEFAULTS)
    assert (
        side_by_side("example.com", "2025-01-01T00:00:00Z", rules=rules).registry
        is NOMULUS_DEFAULTS
    )
    with pytest.raises(NoRegistryRulesError):
        side_by_side("example.com", "2025-01-01T00:00:00Z")


registry_numbers = st.builds(
    lambda grace, redemption, pending: attrs.evolve(
        NOMULUS_DEFAULTS,
        auto_renew_grace=grace * D,
        redemption=redemption * D,
        pending_delete=pending * D,
    ),
    st.integers(1, 60),
    st.integers(1, 60),
    st.integers(1, 10),
)


@given(
    registry=registry_numbers,
    shares=st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
    expiry=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
)
def test_registrar_phases_never_outlast_the_registrys_when_the_family_follows_it(
    registry: RegistryRules, shares: tuple[float, float, float], expiry: datetime
) -> None:
    # A family "follows" its registry when each registrar period fits inside the
    # registry's: grace <= auto-renew grace, redemption <= redemption, and the
    # waiting-for-deletion <= the registry's pending delete.
    assert registry.auto_renew_grace is not None and registry.redemption is not None
    assert registry.pending_delete is not None
    grace = int(shares[0] * registry.auto_renew_grace.days)
    redemption = int(shares[1] * registry.redemption.days)
    pending = int(shares[2] * registry.pending_delete.days)
    both = side_by_side(
        "example.com", expiry, rules=with_numbers((grace, redemption, pending), registry)
    )
    assert both.mismatches == ()
    life = both.lifecycle
    spans = both.registry_spans
    assert spans[0].start is None and spans[-1].end is None and spans[-1].label == "purged"
    for before, after in itertools.pairwise(spans):
        assert before.end == after.start
    auto = both.registry_span_of("autoRenewPeriod")
    if grace:
        assert auto is not None and auto.end is not None
        assert life.renewal_grace_ends_at <= auto.end
    redeem = both.registry_span_of("redemptionPeriod")
    assert redeem is not None and redeem.end is not None
    assert life.redemption_ends_at <= redeem.end
    assert life.pending_delete_ends_at <= both.purged_at


# --- which registry numbers: the version in force, any shipped set by name -----------

_LATER = {
    "format": 1,
    "name": "verisign-later",
    "extends": "verisign",
    "versions": [
        {
            "valid_from": "2030-01-01T00:00:00Z",
            "selected_by": "expiry",
            "families": [{"name": "verisign", "registry": {"redemption": {"days": 20}}}],
        }
    ],
}


def test_registry_numbers_are_those_of_the_version_in_force() -> None:
    rules = load_rule_set(_LATER)
    before, after = "2029-06-01T00:00:00Z", "2030-06-01T00:00:00Z"
    old = registry_rules_for("example.com", rules, at=before)
    new = registry_rules_for("example.com", rules, at=after)
    assert old.redemption == timedelta(days=30) and new.redemption == timedelta(days=20)
    with pytest.raises(ArgumentTypeError, match="versions"):
        registry_rules_for("example.com", rules)
    # side_by_side: the version in force at the expiry, as the lifecycle's.
    for expiry, days in ((before, 30), (after, 20)):
        span = side_by_side("example.com", expiry, rules=rules).registry_span_of("redemptionPeriod")
        assert span is not None and span.start is not None and span.end is not None
        assert span.end - span.start == timedelta(days=days)
    # registry_state: the version in force at the instant asked about.
    history = DomainHistory(
        "example.com",
        [
            Create("2028-01-01T00:00:00Z", registrar="a"),
            Delete("2030-02-01T00:00:00Z", registrar="a"),
        ],
    )
    state = registry_state(history, "2030-02-02T00:00:00Z", rules=rules)
    assert state.ends_at("redemptionPeriod") == datetime(2030, 2, 21, tzinfo=UTC)


def test_registry_numbers_from_any_shipped_set_by_name() -> None:
    both = side_by_side("example.org", "2025-01-01T00:00:00Z", registry="pir")
    assert both.registry == get_rule_set("pir").family("pir").registry
    assert side_by_side("example.com", "2025-01-01T00:00:00Z", registry="verisign").registry == (
        registry_rules_for("example.com", "verisign")
    )
    with pytest.raises(NoRegistryRulesError):
        side_by_side("example.com", "2025-01-01T00:00:00Z", registry="alibaba-2022")
    with pytest.raises(UnpublishedRegistryNumberError, match=r"auto_renew_grace.*identity-digital"):
        side_by_side("example.guru", "2025-01-01T00:00:00Z", registry="identity-digital")


def test_a_registry_redemption_shorter_than_the_registrars_is_a_mismatch() -> None:
    # Five days of registry redemption against the registrar's thirty: a restore late in
    # the registrar's redemption is refused, and the registry purges before it releases.
    short = attrs.evolve(NOMULUS_DEFAULTS, redemption=5 * D)
    both = side_by_side("Example.COM", "2025-01-01T00:00:00Z", registry=short)
    assert both.name.ascii == "example.com"
    redemption = both.registry_span_of(RgpStatus.REDEMPTION_PERIOD)
    assert redemption is not None and redemption.end == datetime(2025, 2, 5, tzinfo=UTC)
    assert both.mismatches == (
        "redemption ends 2025-03-01T00:00:00+00:00, after the registry's redemptionPeriod "
        "(2025-02-05T00:00:00+00:00): a restore then is refused",
        "the registrar's last phase ends 2025-03-06T00:00:00+00:00, after the registry "
        "purged the name (2025-02-10T00:00:00+00:00)",
    )
    assert both.purged_at == datetime(2025, 2, 10, tzinfo=UTC)
