"""why_not_resolving gathers phase, statuses and profile holds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from domainrules import (
    Domain,
    NotResolvingReason,
    RegistrantProfile,
    Resolution,
    why_not_resolving,
)

UTC = timezone.utc
C = NotResolvingReason
EXPIRY = datetime(2026, 1, 1, tzinfo=UTC)
VERIFIED = RegistrantProfile("common", email_verified=True)


def causes(domain: Domain, at: datetime) -> list[NotResolvingReason]:
    return [blocker.reason for blocker in why_not_resolving(domain, at).blockers]


def test_resolves() -> None:
    explanation = why_not_resolving(
        Domain("example.com", EXPIRY, profile=VERIFIED), EXPIRY - timedelta(days=1)
    )
    assert explanation.resolves
    assert explanation.resolution is Resolution.RESOLVING
    assert "resolves" in str(explanation)


def test_phases() -> None:
    d = Domain("example.com", EXPIRY)
    grace = why_not_resolving(d, EXPIRY + timedelta(days=1))
    assert grace.resolution is Resolution.MAY_BE_SUSPENDED
    assert [r.certain for r in grace.blockers] == [False]
    assert causes(d, EXPIRY + timedelta(days=31)) == [C.REDEMPTION]
    assert causes(d, EXPIRY + timedelta(days=61)) == [C.WAITING_FOR_DELETION]
    released = why_not_resolving(d, EXPIRY + timedelta(days=70))
    assert released.resolution is Resolution.NOT_REGISTERED
    assert [r.reason for r in released.blockers] == [C.RELEASED]


def test_statuses() -> None:
    at = EXPIRY - timedelta(days=10)
    assert causes(Domain("example.com", EXPIRY, statuses=["clientHold"]), at) == [C.CLIENT_HOLD]
    assert causes(Domain("example.com", EXPIRY, statuses=["serverHold"]), at) == [C.SERVER_HOLD]
    assert causes(Domain("example.com", EXPIRY, statuses=["inactive"]), at) == [C.INACTIVE]
    both = Domain("example.com", EXPIRY, statuses=["pendingDelete", "redemptionPeriod"])
    assert causes(both, at) == [C.STATUS_WITHHELD, C.STATUS_WITHHELD]
    assert why_not_resolving(both, at).resolution is Resolution.SUSPENDED


def test_hold_in_grace_is_certain() -> None:
    d = Domain("example.com", EXPIRY, statuses=["clientHold"])
    explanation = why_not_resolving(d, EXPIRY + timedelta(days=1))
    assert explanation.resolution is Resolution.SUSPENDED
    assert [r.reason for r in explanation.blockers] == [C.EXPIRED_MAY_BE_SUSPENDED, C.CLIENT_HOLD]


def test_profile_holds_are_explained_once() -> None:
    at = EXPIRY - timedelta(days=10)
    unverified = Domain(
        "example.com", EXPIRY, statuses=["clientHold"], profile=RegistrantProfile("common")
    )
    assert causes(unverified, at) == [C.PROFILE_EMAIL_NOT_VERIFIED]
    cn = Domain("example.cn", EXPIRY, profile=RegistrantProfile("cnnic", email_verified=True))
    assert causes(cn, at) == [C.PROFILE_NOT_REAL_NAME_VERIFIED]
    common_cn = Domain("example.cn", EXPIRY, profile=RegistrantProfile("common"))
    assert causes(common_cn, at) == [C.PROFILE_EMAIL_NOT_VERIFIED, C.PROFILE_NOT_REAL_NAME_VERIFIED]
    assert "common profile" in str(why_not_resolving(common_cn, at))


def test_domain_required() -> None:
    import pytest

    from domainrules import ArgumentTypeError

    with pytest.raises(ArgumentTypeError):
        why_not_resolving("example.com", EXPIRY)  # type: ignore[arg-type]
