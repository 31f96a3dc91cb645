"""ICANN Transfer Policy versions and which one is in force."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from domainrules import (
    POLICY_2016,
    POLICY_2024,
    POLICY_REVISED,
    NaiveDatetimeError,
    PolicyNotInForceError,
    UnknownPolicyVersionError,
    get_policy_version,
    policy_in_force,
)

UTC = timezone.utc


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2016-12-01T00:00:00Z", POLICY_2016),
        ("2025-08-20T23:59:59.999999Z", POLICY_2016),
        ("2025-08-21T00:00:00Z", POLICY_2024),
        ("2025-08-21T07:00:00+08:00", POLICY_2016),  # still 2025-08-20 in UTC
        ("2099-01-01T00:00:00Z", POLICY_2024),  # the revised one is never picked by date
    ],
)
def test_in_force(at: str, expected: object) -> None:
    assert policy_in_force(at) is expected


def test_before_2016_none_applies() -> None:
    with pytest.raises(PolicyNotInForceError) as caught:
        policy_in_force(datetime(2016, 11, 30, tzinfo=UTC))
    assert caught.value.field == "at"


def test_naive_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        policy_in_force(datetime(2026, 1, 1))


def test_numbers() -> None:
    for version in (POLICY_2016, POLICY_2024):
        assert version.change_of_registrant_lock == timedelta(days=60)
        assert version.change_of_registrant_opt_out
        assert not version.post_create_lock_mandatory
    assert POLICY_2016.admin_email_counts_without_registrant_email
    assert not POLICY_2024.admin_email_counts_without_registrant_email
    assert POLICY_REVISED.effective is None
    assert POLICY_REVISED.change_of_registrant_lock is None
    assert (
        POLICY_REVISED.post_create_lock == POLICY_REVISED.post_transfer_lock == timedelta(hours=720)
    )
    assert POLICY_REVISED.post_create_lock_mandatory and POLICY_REVISED.post_transfer_lock_mandatory
    assert POLICY_REVISED.change_of_registrant_notice_within == timedelta(hours=24)


def test_lookup() -> None:
    assert get_policy_version("icann-2024") is POLICY_2024
    with pytest.raises(UnknownPolicyVersionError) as caught:
        get_policy_version("icann-2030")
    assert isinstance(caught.value, LookupError)
    assert caught.value.value == "icann-2030"
