"""Properties of classify_change and the change-of-registrant lock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules import (
    POLICY_2016,
    POLICY_2024,
    POLICY_REVISED,
    ChangeOfRegistrant,
    Domain,
    TransferBlockReason,
    TypoTolerance,
    classify_change,
    transfer_out_check,
)
from tests.property.strategies_changes import registrations, resaved

UTC = timezone.utc
policies = st.sampled_from([POLICY_2016, POLICY_2024, POLICY_REVISED])
tolerances = st.builds(TypoTolerance, st.integers(0, 3))


@settings(max_examples=200)
@given(registrations, registrations, policies, tolerances)
def test_a_change_and_its_reverse_classify_alike(before, after, policy, tolerance) -> None:  # type: ignore[no-untyped-def]
    forward = classify_change(before, after, policy=policy, typo_tolerance=tolerance)
    backward = classify_change(after, before, policy=policy, typo_tolerance=tolerance)
    assert forward.procedures == backward.procedures
    assert forward.change_of_registrant == backward.change_of_registrant
    assert forward.material_fields == backward.material_fields
    assert [(c.path, c.old, c.new) for c in forward.changes] == [
        (c.path, c.new, c.old) for c in backward.changes
    ]


@settings(max_examples=200)
@given(registrations, policies)
def test_resaving_normalized_equal_data_is_no_change(registration, policy) -> None:  # type: ignore[no-untyped-def]
    again = resaved(registration)
    assert again == registration
    change = classify_change(registration, again, policy=policy)
    assert change.no_change and not change.procedures and not change.change_of_registrant


@settings(max_examples=200)
@given(registrations, registrations, policies)
def test_no_change_iff_no_procedure(before, after, policy) -> None:  # type: ignore[no-untyped-def]
    change = classify_change(before, after, policy=policy)
    assert change.no_change == (not change.procedures)
    # A material change always needs some procedure, and its fields really changed.
    assert set(change.material_fields) <= set(change.changed_paths)


@settings(max_examples=100)
@given(
    st.datetimes(min_value=datetime(2017, 1, 1), max_value=datetime(2030, 1, 1)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=59, hours=23)),
    st.sampled_from(["example.com", "example.公司", "example.网络", "example.org"]),
)
def test_lock_lifts_exactly_60_days_after_the_change(naive, elapsed, name) -> None:  # type: ignore[no-untyped-def]
    changed = naive.replace(tzinfo=UTC)
    domain = Domain(
        name, changed + timedelta(days=400), last_change_of_registrant=ChangeOfRegistrant(changed)
    )
    check = transfer_out_check(domain, changed + elapsed, policy=POLICY_2024)
    (blocker,) = check.blockers
    assert blocker.reason is TransferBlockReason.CHANGE_OF_REGISTRANT_LOCK
    assert blocker.lifts_at == changed + timedelta(days=60)
    assert transfer_out_check(domain, blocker.lifts_at, policy=POLICY_2024).allowed
