"""transfer_out_check: every blocker, when it lifts, the policy versions."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from domainrules import (
    DEFAULT_RULE_SET,
    POLICY_2016,
    POLICY_2024,
    POLICY_REVISED,
    ArgumentTypeError,
    ChangeOfRegistrant,
    Domain,
    InvalidDomainRecordError,
    NaiveDatetimeError,
    RegistrarLocks,
    TransferBlockReason,
    UnknownRuleSetError,
    change_of_registrant_lock_ends_at,
    transfer_out_check,
)

UTC = timezone.utc
R = TransferBlockReason
T0 = datetime(2026, 3, 1, tzinfo=UTC)
EXPIRY = datetime(2028, 3, 1, tzinfo=UTC)


def domain(name: str = "example.com", **facts: object) -> Domain:
    facts.setdefault("created_at", datetime(2020, 1, 1, tzinfo=UTC))
    return Domain(name, facts.pop("expires_at", EXPIRY), **facts)  # type: ignore[arg-type]


def test_nothing_blocks() -> None:
    check = transfer_out_check(domain(), T0)
    assert check.allowed
    assert check.blockers == ()
    assert check.earliest_at == check.may_leave_from == T0
    assert check.policy is POLICY_2024
    assert "may be transferred out" in str(check)


def test_change_of_registrant_lock_lifts_exactly_60_days_later() -> None:
    d = domain(last_change_of_registrant=ChangeOfRegistrant(T0))
    check = transfer_out_check(d, T0 + timedelta(days=10))
    assert check.reasons == {R.CHANGE_OF_REGISTRANT_LOCK}
    assert check.blockers[0].lifts_at == T0 + timedelta(days=60)
    assert check.earliest_at == check.may_leave_from == T0 + timedelta(days=60)
    assert not transfer_out_check(d, T0 + timedelta(days=60, microseconds=-1)).allowed
    assert transfer_out_check(d, T0 + timedelta(days=60)).allowed


def test_opt_out_removes_the_lock() -> None:
    d = domain(last_change_of_registrant=ChangeOfRegistrant(T0, opted_out_of_transfer_lock=True))
    assert transfer_out_check(d, T0 + timedelta(days=1)).allowed


@pytest.mark.parametrize("name", ["example.cn", "example.com.cn", "example.hk", "例子.中国"])
def test_no_change_of_registrant_lock_without_icann_policy(name: str) -> None:
    d = domain(name, last_change_of_registrant=T0)
    assert transfer_out_check(d, T0 + timedelta(days=1)).allowed


@pytest.mark.parametrize("name", ["example.公司", "example.网络", "example.org", "example.newgtld"])
def test_change_of_registrant_lock_for_gtlds(name: str) -> None:
    d = domain(name, last_change_of_registrant=T0)
    assert transfer_out_check(d, T0 + timedelta(days=1)).reasons == {R.CHANGE_OF_REGISTRANT_LOCK}


def test_post_create_and_post_transfer_locks() -> None:
    created = T0
    moved = T0 + timedelta(days=100)
    d = domain(created_at=created, last_transferred_at=moved)
    early = transfer_out_check(d, created + timedelta(days=1))
    assert early.reasons == {R.POST_CREATE_LOCK}
    assert early.earliest_at == created + timedelta(days=60)
    later = transfer_out_check(d, moved + timedelta(days=1))
    assert later.reasons == {R.POST_TRANSFER_LOCK}
    assert later.blockers[0].lifts_at == moved + timedelta(days=60)
    assert transfer_out_check(d, moved + timedelta(days=60)).allowed


def test_registrar_locks_are_parameters() -> None:
    d = domain(created_at=T0, last_transferred_at=T0 + timedelta(days=1))
    at = T0 + timedelta(days=2)
    assert transfer_out_check(d, at, locks=RegistrarLocks(False, False)).allowed
    only_transfer = transfer_out_check(d, at, locks=RegistrarLocks(post_create=False))
    assert only_transfer.reasons == {R.POST_TRANSFER_LOCK}
    shorter = transfer_out_check(d, at, locks=RegistrarLocks(days=30))
    assert max(b.lifts_at for b in shorter.blockers if b.lifts_at) == T0 + timedelta(days=31)


def test_registrar_locks_apply_to_cctlds_too() -> None:
    d = domain("example.cn", created_at=T0)
    assert transfer_out_check(d, T0 + timedelta(days=1)).reasons == {R.POST_CREATE_LOCK}


def test_revised_policy() -> None:
    d = domain(created_at=T0, last_change_of_registrant=T0 + timedelta(days=1))
    at = T0 + timedelta(days=2)
    check = transfer_out_check(d, at, policy=POLICY_REVISED, locks=RegistrarLocks(False, False))
    # Mandatory 720-hour post-create lock, no change-of-registrant lock.
    assert check.reasons == {R.POST_CREATE_LOCK}
    assert check.blockers[0].lifts_at == T0 + timedelta(hours=720)
    assert "mandatory 720-hour lock" in check.blockers[0].detail
    transferred = domain(last_transferred_at=T0)
    assert transfer_out_check(transferred, at, policy=POLICY_REVISED).earliest_at == T0 + timedelta(
        hours=720
    )


def test_revised_mandatory_locks_only_bind_icann_suffixes() -> None:
    d = domain("example.cn", created_at=T0)
    at = T0 + timedelta(days=2)
    assert transfer_out_check(
        d, at, policy=POLICY_REVISED, locks=RegistrarLocks(False, False)
    ).allowed


def test_policy_chosen_by_instant() -> None:
    assert transfer_out_check(domain(), "2025-01-01T00:00:00Z").policy is POLICY_2016
    assert transfer_out_check(domain(), "2025-09-01T00:00:00Z").policy is POLICY_2024


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("clientTransferProhibited", R.CLIENT_TRANSFER_PROHIBITED),
        ("serverTransferProhibited", R.SERVER_TRANSFER_PROHIBITED),
        ("pendingTransfer", R.PENDING_TRANSFER),
        ("pendingDelete", R.PENDING_DELETE),
    ],
)
def test_status_blockers_do_not_lift_by_themselves(status: str, reason: R) -> None:
    check = transfer_out_check(domain(statuses=[status]), T0)
    assert check.reasons == {reason}
    assert check.blockers[0].lifts_at is None
    assert check.blockers[0].remedy != "wait"
    assert check.earliest_at == T0
    assert check.may_leave_from is None


def test_time_bound_and_stuck_blockers_together() -> None:
    d = domain(created_at=T0, statuses=["clientTransferProhibited"])
    check = transfer_out_check(d, T0 + timedelta(days=1))
    assert check.reasons == {R.POST_CREATE_LOCK, R.CLIENT_TRANSFER_PROHIBITED}
    assert check.earliest_at == T0 + timedelta(days=60)
    assert check.may_leave_from is None


def test_redemption_status() -> None:
    check = transfer_out_check(domain(statuses=["pendingDelete", "redemptionPeriod"]), T0)
    assert check.reasons == {R.PENDING_DELETE, R.REDEMPTION}


def test_lifecycle_blockers() -> None:
    expiry = datetime(2026, 1, 1, tzinfo=UTC)
    d = domain(expires_at=expiry, created_at=datetime(2024, 1, 1, tzinfo=UTC))
    # gTLD: 30 days grace, 29 redemption, 5 waiting for deletion.
    assert transfer_out_check(d, expiry + timedelta(days=1)).allowed  # renewal grace
    assert transfer_out_check(d, expiry + timedelta(days=31)).reasons == {R.REDEMPTION}
    assert transfer_out_check(d, expiry + timedelta(days=61)).reasons == {R.WAITING_FOR_DELETION}
    assert transfer_out_check(d, expiry + timedelta(days=65)).reasons == {R.RELEASED}


def test_cn_has_no_waiting_for_deletion() -> None:
    expiry = datetime(2026, 1, 1, tzinfo=UTC)
    d = domain("example.cn", expires_at=expiry, created_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert transfer_out_check(d, expiry + timedelta(days=44)).reasons == {R.RELEASED}


def test_every_blocker_listed_and_earliest_is_the_last() -> None:
    d = domain(
        created_at=T0,
        last_transferred_at=T0 + timedelta(days=5),
        last_change_of_registrant=T0 + timedelta(days=10),
    )
    check = transfer_out_check(d, T0 + timedelta(days=11))
    assert check.reasons == {R.POST_CREATE_LOCK, R.POST_TRANSFER_LOCK, R.CHANGE_OF_REGISTRANT_LOCK}
    assert check.earliest_at == T0 + timedelta(days=70)
    assert str(check).count("\n") == 3


def test_no_leaving_date_when_the_locks_outlast_the_grace() -> None:
    expiry = T0 + timedelta(days=20)
    d = domain(
        expires_at=expiry, created_at=datetime(2025, 1, 1, tzinfo=UTC), last_change_of_registrant=T0
    )
    check = transfer_out_check(d, T0 + timedelta(days=1))
    # The lock lifts at day 60; the renewal grace ends at day 50: renew first.
    assert check.blockers[0].lifts_at == T0 + timedelta(days=60)
    assert check.earliest_at == T0 + timedelta(days=60)
    assert check.may_leave_from is None


def test_naive_instant_refused() -> None:
    with pytest.raises(NaiveDatetimeError) as caught:
        transfer_out_check(domain(), datetime(2026, 1, 1))
    assert caught.value.field == "at"


def test_inconsistent_records_refused() -> None:
    with pytest.raises(InvalidDomainRecordError):
        domain(created_at=T0, last_transferred_at=T0 - timedelta(days=1))
    with pytest.raises(InvalidDomainRecordError):
        domain(created_at=EXPIRY)
    with pytest.raises(NaiveDatetimeError) as caught:
        domain(created_at=datetime(2020, 1, 1))
    assert caught.value.field == "created_at"


def test_wrong_argument_types_are_named_errors() -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        transfer_out_check("example.com", T0)  # type: ignore[arg-type]
    assert caught.value.field == "domain"
    with pytest.raises(ArgumentTypeError) as caught:
        Domain("example.com", EXPIRY, profile="common")  # type: ignore[arg-type]
    assert caught.value.field == "profile"
    # A rule set is the object or its shipped name; anything else is named.
    assert Domain("example.com", EXPIRY, rules="alibaba-2022").rules is DEFAULT_RULE_SET
    with pytest.raises(ArgumentTypeError) as refused:
        Domain("example.com", EXPIRY, rules=None)  # type: ignore[arg-type]
    assert refused.value.field == "rules"
    with pytest.raises(UnknownRuleSetError):
        Domain("example.com", EXPIRY, rules="alibaba-2023")


@pytest.mark.parametrize("value", ["false", "no", 0, 1, None])
def test_opt_out_is_a_real_flag(value: object) -> None:
    from domainrules import InvalidFlagError

    with pytest.raises(InvalidFlagError) as caught:
        ChangeOfRegistrant(T0, opted_out_of_transfer_lock=value)  # type: ignore[arg-type]
    assert caught.value.field == "opted_out_of_transfer_lock" and isinstance(
        caught.value, TypeError
    )


@pytest.mark.parametrize("days", [-60, "60", 60.0, True, 10**6])
def test_registrar_lock_days_are_a_count(days: object) -> None:
    from domainrules import DomainRulesError

    with pytest.raises(DomainRulesError) as caught:
        RegistrarLocks(days=days)  # type: ignore[arg-type]
    assert caught.value.field == "days"


def test_policy_by_name() -> None:
    domain = Domain("example.com", EXPIRY)
    assert transfer_out_check(domain, T0, policy="icann-2024").policy is POLICY_2024
    from domainrules import UnknownPolicyVersionError

    with pytest.raises(UnknownPolicyVersionError):
        transfer_out_check(domain, T0, policy="icann-2099")
    with pytest.raises(ArgumentTypeError):
        transfer_out_check(domain, T0, policy=True)  # type: ignore[arg-type]


def test_no_policy_in_force_means_no_change_of_registrant_lock() -> None:
    # Before 2016-12-01 no ICANN version had Change of Registrant rules: not an error.
    d = Domain(
        "example.com",
        "2017-06-01T00:00:00Z",
        last_change_of_registrant="2016-01-01T00:00:00Z",
    )
    check = transfer_out_check(d, "2016-02-01T00:00:00Z")
    assert check.policy is None and check.allowed
    assert change_of_registrant_lock_ends_at(d) is None
    assert change_of_registrant_lock_ends_at(d, "2026-01-01T00:00:00Z") is not None
