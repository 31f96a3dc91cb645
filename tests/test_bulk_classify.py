"""The bulk answer for one row against a Lifecycle built per domain (differential)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules import lifecycle_of
from domainrules.actions import action_for
from domainrules.bulk import PhaseClassifier, PreReleaseCheck
from domainrules.instants import local_date
from domainrules.lifecycle import Phase, phase_offsets
from domainrules.rulesets import DEFAULT_RULE_SET, PreRelease, RuleSet

_SUFFIXES = ("com", "net", "cn", "com.cn", "xn--fiqs8s", "hk", "xyz", "COM.", "中国")


def _late_listing_rules() -> RuleSet:
    gtld, hk = DEFAULT_RULE_SET.family("gtld"), DEFAULT_RULE_SET.family("hk")
    late = attrs.evolve(gtld.lifecycle, pre_release=PreRelease(from_redemption_day=3))
    rules = DEFAULT_RULE_SET.with_family(attrs.evolve(gtld, lifecycle=late))
    return rules.with_family(
        attrs.evolve(hk, lifecycle=attrs.evolve(hk.lifecycle, pre_release=None))
    )


@settings(max_examples=400)
@given(
    suffix=st.sampled_from(_SUFFIXES),
    seconds=st.integers(min_value=-200 * 86_400, max_value=400 * 86_400),
    late=st.booleans(),
    renew_within=st.integers(min_value=0, max_value=400),
)
def test_classify_agrees_with_the_lifecycle(
    suffix: str, seconds: int, late: bool, renew_within: int
) -> None:
    rules = _late_listing_rules() if late else DEFAULT_RULE_SET
    at = datetime(2025, 4, 1, tzinfo=timezone.utc)
    expires = at + timedelta(seconds=seconds)
    name = f"example.{suffix}"
    classifier = PhaseClassifier(at, rules=rules)
    for _ in range(2):  # the first call learns the suffix, the second uses the cache
        row = classifier.classify(name, expires, renew_within=renew_within)
        life = lifecycle_of(name, expires, rules=rules)
        assert row.phase is life.phase_at(at) is classifier(name, expires)
        assert row.phase_ends_at == life.phase_ends_at(at)
        assert row.deadline == life.deadline_at(at)
        assert row.pre_release == life.may_be_pre_released_at(at)
        assert row.pre_release == (
            row.phase is Phase.REDEMPTION and PreReleaseCheck(at, rules=rules)(name, expires)
        )
        assert row.days_left == (life.expires_at - at) // timedelta(days=1)
        assert row.action == action_for(row.phase, row.days_left, renew_within=renew_within)


def test_the_phase_ends_where_the_next_span_starts() -> None:
    life = lifecycle_of("example.cn", "2025-01-01T00:00:00Z")
    for span in life.spans:
        probe = span.start or life.expires_at - timedelta(days=1)
        assert life.phase_ends_at(probe) == span.end


def test_offsets_are_the_rule_sets_days() -> None:
    for family in DEFAULT_RULE_SET.families:
        rules = family.lifecycle
        offsets = phase_offsets(rules)
        assert offsets.renewal_grace_ends == timedelta(days=rules.renewal_grace_days)
        assert offsets.pending_delete_ends == timedelta(
            days=rules.renewal_grace_days + rules.redemption_days + rules.pending_delete_days
        )


@settings(max_examples=200)
@given(
    suffix=st.sampled_from(_SUFFIXES),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    seconds=st.integers(min_value=-200 * 86_400, max_value=100 * 86_400),
)
def test_a_day_is_its_start_in_each_registrys_zone(suffix: str, day: date, seconds: int) -> None:
    classifier = PhaseClassifier.on_day(day)
    name = f"example.{suffix}"
    family = DEFAULT_RULE_SET.family_for(name)
    at = classifier.at_for(suffix.rstrip("."))
    assert local_date(at, family.lifecycle.zone) == day
    assert local_date(at - timedelta(microseconds=1), family.lifecycle.zone) < day
    expires = at + timedelta(seconds=seconds)
    row = classifier.classify(name, expires)
    life = lifecycle_of(name, expires)
    assert (row.phase, row.deadline) == (life.phase_at(at), life.deadline_at(at))
    assert classifier.at <= at
