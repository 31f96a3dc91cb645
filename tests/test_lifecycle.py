"""The lifecycle engine against the registrar's guide's tables."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import attrs
import pytest

from domainrules import (
    ALIBABA_HK_NEWER,
    CNNIC_REGISTRY,
    DEFAULT_RULE_SET,
    ArgumentTypeError,
    InvalidRuleSetError,
    InvalidTermError,
    LeapDayPolicy,
    NaiveDatetimeError,
    Operation,
    Phase,
    PreRelease,
    RedemptionRefusedError,
    RenewalRefusedError,
    Resolution,
    TermLimitError,
    UnknownSuffixError,
    lifecycle_of,
)

UTC = timezone.utc
US = timedelta(microseconds=1)
EXPIRY = datetime(2025, 1, 1, tzinfo=UTC)

# (name, grace days, redemption days, pending-delete days): the registrar's guide's lifecycle table.
SPEC_TABLE = [
    ("example.cn", 30, 14, 0),
    ("example.com.cn", 30, 14, 0),
    ("example.gov.cn", 30, 14, 0),
    ("example.中国", 30, 14, 0),
    ("example.公司", 30, 14, 0),
    ("example.网络", 30, 14, 0),
    ("foo.网络.cn", 30, 14, 0),
    ("example.hk", 28, 59, 0),
    ("example.com", 30, 29, 5),
    ("example.net", 30, 29, 5),
    ("example.biz", 30, 29, 5),
    ("example.cc", 30, 29, 5),
    ("example.tv", 30, 29, 5),
    ("example.org", 30, 29, 5),
    ("example.me", 30, 29, 5),
    ("example.so", 30, 29, 5),
    ("example.tel", 30, 29, 5),
    ("example.mobi", 30, 29, 5),
    ("example.asia", 30, 29, 5),
    ("example.name", 30, 29, 5),
    ("example.info", 30, 29, 5),
    ("example.xyz", 30, 29, 5),  # a gTLD listed nowhere gets the gTLD rules
]


def _boundaries(grace: int, redemption: int, pending: int) -> list[tuple[datetime, Phase, Phase]]:
    """(boundary instant, phase just before, phase from it on) for every milestone."""
    marks = [(EXPIRY, Phase.ACTIVE, Phase.RENEWAL_GRACE)]
    at = EXPIRY + timedelta(days=grace)
    after_grace = (
        Phase.REDEMPTION if redemption else (Phase.PENDING_DELETE if pending else Phase.RELEASED)
    )
    marks.append((at, Phase.RENEWAL_GRACE, after_grace))
    if redemption:
        at += timedelta(days=redemption)
        marks.append((at, Phase.REDEMPTION, Phase.PENDING_DELETE if pending else Phase.RELEASED))
    if pending:
        at += timedelta(days=pending)
        marks.append((at, Phase.PENDING_DELETE, Phase.RELEASED))
    return marks


@pytest.mark.parametrize(("name", "grace", "redemption", "pending"), SPEC_TABLE)
def test_every_boundary_exactly_at_and_one_microsecond_around(
    name: str, grace: int, redemption: int, pending: int
) -> None:
    life = lifecycle_of(name, EXPIRY)
    for boundary, before, after in _boundaries(grace, redemption, pending):
        assert life.phase_at(boundary - US) is before, (name, boundary)
        assert life.phase_at(boundary) is after, (name, boundary)
        assert life.phase_at(boundary + US) is after, (name, boundary)


@pytest.mark.parametrize(("name", "grace", "redemption", "pending"), SPEC_TABLE)
def test_milestones_match_the_table(name: str, grace: int, redemption: int, pending: int) -> None:
    life = lifecycle_of(name, EXPIRY)
    assert life.renewal_grace_ends_at == EXPIRY + timedelta(days=grace)
    assert life.redemption_ends_at == EXPIRY + timedelta(days=grace + redemption)
    assert life.pending_delete_ends_at == EXPIRY + timedelta(days=grace + redemption + pending)
    assert life.available_at == life.pending_delete_ends_at
    assert list(life.milestones.values()) == sorted(life.milestones.values())


def test_cn_redemption_is_days_31_to_44_after_expiry_in_beijing() -> None:
    # An expiry at 06:00 Beijing time is the previous day in UTC.
    life = lifecycle_of("example.cn", "2025-03-01T06:00:00+08:00")
    assert life.expires_at == datetime(2025, 2, 28, 22, tzinfo=UTC)
    redemption = life.span_of(Phase.REDEMPTION)
    assert redemption is not None
    assert (redemption.days.first_day_number, redemption.days.last_day_number) == (31, 44)
    assert (redemption.days.first_day, redemption.days.last_day) == (
        date(2025, 4, 1),
        date(2025, 4, 14),
    )
    assert redemption.days.zone == "Asia/Shanghai"
    grace = life.span_of(Phase.RENEWAL_GRACE)
    assert grace is not None
    assert (grace.days.first_day_number, grace.days.last_day_number) == (1, 30)
    assert life.span_of(Phase.PENDING_DELETE) is None


def test_the_same_instant_in_any_zone_gives_the_same_lifecycle() -> None:
    a = lifecycle_of("example.cn", "2025-03-01T06:00:00+08:00")
    b = lifecycle_of("example.cn", "2025-02-28T22:00:00Z")
    c = lifecycle_of("example.cn", datetime(2025, 2, 28, 17, tzinfo=timezone(timedelta(hours=-5))))
    assert a == b == c


def test_hk_then_deleted_and_gtld_waits_for_deletion() -> None:
    hk = lifecycle_of("example.hk", EXPIRY)
    assert [s.phase for s in hk.spans] == [
        Phase.ACTIVE,
        Phase.RENEWAL_GRACE,
        Phase.REDEMPTION,
        Phase.RELEASED,
    ]
    assert hk.family.lifecycle.then.value == "deleted"
    assert lifecycle_of("example.cn", EXPIRY).family.lifecycle.then.value == "released"
    gtld = lifecycle_of("example.com", EXPIRY)
    assert Phase.PENDING_DELETE in [s.phase for s in gtld.spans]


def test_alternative_rule_sets() -> None:
    assert lifecycle_of(
        "example.cn", EXPIRY, rules=CNNIC_REGISTRY
    ).redemption_ends_at == EXPIRY + timedelta(days=45)
    newer = lifecycle_of("example.hk", EXPIRY, rules=ALIBABA_HK_NEWER)
    assert [s.phase for s in newer.spans] == [Phase.ACTIVE, Phase.RENEWAL_GRACE, Phase.RELEASED]
    assert newer.phase_at(EXPIRY + timedelta(days=28)) is Phase.RELEASED


def test_a_user_built_rule_set_in_a_few_lines() -> None:
    gtld = DEFAULT_RULE_SET.family("gtld")
    mine = DEFAULT_RULE_SET.with_family(
        attrs.evolve(gtld, lifecycle=attrs.evolve(gtld.lifecycle, renewal_grace_days=18))
    )
    life = lifecycle_of("example.com", EXPIRY, rules=mine)
    assert life.phase_at(EXPIRY + timedelta(days=18)) is Phase.REDEMPTION
    assert lifecycle_of("example.com", EXPIRY).phase_at(EXPIRY + timedelta(days=18)) is (
        Phase.RENEWAL_GRACE
    )


@pytest.mark.parametrize("name", ["example.uk", "example.de", "example.jp", "example.рф"])
def test_uncovered_cctlds_are_refused(name: str) -> None:
    with pytest.raises(UnknownSuffixError) as caught:
        lifecycle_of(name, EXPIRY)
    assert isinstance(caught.value, LookupError)


def test_naive_expiry_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        lifecycle_of("example.com", datetime(2025, 1, 1))
    with pytest.raises(NaiveDatetimeError):
        lifecycle_of("example.com", EXPIRY).phase_at(datetime(2025, 1, 1))


# --- permitted operations and DNS --------------------------------------------


def test_what_each_phase_permits() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    active = life.permitted_at(EXPIRY - US)
    assert active == {
        Operation.RENEW,
        Operation.TRANSFER_OWNERSHIP,
        Operation.MODIFY_CONTACTS,
        Operation.CHANGE_DNS_SERVERS,
        Operation.TRANSFER_OUT,
    }
    grace = life.permitted_at(EXPIRY)
    # Never while expired: ownership transfer (renew first) and DNS server changes.
    assert Operation.TRANSFER_OWNERSHIP not in grace
    assert Operation.CHANGE_DNS_SERVERS not in grace
    assert Operation.TRANSFER_OUT in grace
    assert Operation.RENEW in grace
    assert life.permitted_at(life.renewal_grace_ends_at) == {Operation.REDEEM}
    assert life.permitted_at(life.redemption_ends_at) == frozenset()
    assert life.permitted_at(life.available_at) == frozenset()
    assert life.permits(Operation.REDEEM, life.renewal_grace_ends_at)


def test_resolution_by_phase() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    assert life.resolution_at(EXPIRY - US) is Resolution.RESOLVING
    assert life.resolution_at(EXPIRY) is Resolution.MAY_BE_SUSPENDED
    assert life.resolution_at(life.renewal_grace_ends_at) is Resolution.SUSPENDED
    assert life.resolution_at(life.available_at) is Resolution.NOT_REGISTERED


def test_resumption_windows() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    own = life.resumption_after_renewal(on_registrar_dns=True)
    other = life.resumption_after_renewal(on_registrar_dns=False)
    assert own.latest == timedelta(hours=24)
    assert (other.earliest, other.latest) == (timedelta(hours=24), timedelta(hours=48))
    redeemed = life.resumption_after_redemption()
    assert redeemed.records_must_be_set_again
    assert life.rules.dns.dns_server_change.latest == timedelta(hours=48)


# --- uncertainty near the redemption boundaries -------------------------------


def test_possible_phases_near_the_redemption_boundaries() -> None:
    life = lifecycle_of("example.cn", EXPIRY)
    start, end = life.renewal_grace_ends_at, life.redemption_ends_at
    assert life.possible_phases_at(start - timedelta(hours=23)) == {
        Phase.RENEWAL_GRACE,
        Phase.REDEMPTION,
    }
    assert life.possible_phases_at(start - timedelta(hours=24)) == {
        Phase.RENEWAL_GRACE,
        Phase.REDEMPTION,
    }
    assert life.possible_phases_at(start - timedelta(hours=24) - US) == {Phase.RENEWAL_GRACE}
    assert life.possible_phases_at(end + timedelta(hours=23)) == {Phase.REDEMPTION, Phase.RELEASED}
    assert life.possible_phases_at(end + timedelta(hours=24)) == {Phase.RELEASED}
    middle = start + (end - start) / 2
    assert life.possible_phases_at(middle) == {Phase.REDEMPTION}
    # Expiry itself is not uncertain.
    assert life.possible_phases_at(EXPIRY - US) == {Phase.ACTIVE}


def test_no_redemption_means_no_uncertainty() -> None:
    life = lifecycle_of("example.hk", EXPIRY, rules=ALIBABA_HK_NEWER)
    assert life.possible_phases_at(life.renewal_grace_ends_at - timedelta(hours=1)) == {
        Phase.RENEWAL_GRACE
    }


# --- renewal and redemption ---------------------------------------------------


def test_renewal_adds_to_the_current_expiry_also_in_grace() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    assert life.renew(EXPIRY - timedelta(days=100), years=1).expires_at == datetime(
        2026, 1, 1, tzinfo=UTC
    )
    assert life.renew(EXPIRY + timedelta(days=29), years=1).expires_at == datetime(
        2026, 1, 1, tzinfo=UTC
    )


def test_renewal_refusals_say_redeem_or_gone() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    with pytest.raises(RenewalRefusedError, match="redeem"):
        life.renew(life.renewal_grace_ends_at, years=1)
    with pytest.raises(RenewalRefusedError, match="gone"):
        life.renew(life.redemption_ends_at, years=1)
    with pytest.raises(RenewalRefusedError, match="gone"):
        life.renew(life.available_at, years=1)


@pytest.mark.parametrize("years", [0, 11, -1])
def test_renewal_terms_are_whole_years_from_1_to_10(years: int) -> None:
    with pytest.raises(InvalidTermError):
        lifecycle_of("example.com", EXPIRY).renew(EXPIRY, years=years)


@pytest.mark.parametrize("years", [1.5, True, "2", None])
def test_renewal_terms_of_another_type(years: object) -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        lifecycle_of("example.com", EXPIRY).renew(EXPIRY, years=years)  # type: ignore[arg-type]
    assert caught.value.field == "years" and caught.value.value is years


def test_renewal_may_not_end_more_than_ten_years_after_now() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    now = EXPIRY - timedelta(days=1)
    assert life.renew(now + timedelta(days=1), years=10).expires_at == datetime(
        2035, 1, 1, tzinfo=UTC
    )
    with pytest.raises(TermLimitError):
        life.renew(now, years=10)
    with pytest.raises(TermLimitError):
        life.renew(now, years=5).renew(now, years=6)


def test_feb_29_renewals_follow_the_leap_day_policy() -> None:
    leap = datetime(2024, 2, 29, 12, tzinfo=UTC)
    clamp = lifecycle_of("example.com", leap)
    assert clamp.renew(leap, years=1).expires_at == datetime(2025, 2, 28, 12, tzinfo=UTC)
    # Nomulus keeps adding to the stored expiry: Feb 28 stays Feb 28.
    assert clamp.renew(leap, years=1).renew(leap, years=3).expires_at == datetime(
        2028, 2, 28, 12, tzinfo=UTC
    )
    assert clamp.renew(leap, years=4).expires_at == datetime(2028, 2, 29, 12, tzinfo=UTC)
    gtld = DEFAULT_RULE_SET.family("gtld")
    rolling = DEFAULT_RULE_SET.with_family(
        attrs.evolve(
            gtld, lifecycle=attrs.evolve(gtld.lifecycle, leap_day=LeapDayPolicy.ROLL_TO_MAR_1)
        )
    )
    assert lifecycle_of("example.com", leap, rules=rolling).renew(
        leap, years=1
    ).expires_at == datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_feb_29_expiry_phases() -> None:
    leap = datetime(2024, 2, 29, tzinfo=UTC)
    life = lifecycle_of("example.cn", leap)
    assert life.renewal_grace_ends_at == datetime(2024, 3, 30, tzinfo=UTC)
    assert life.redemption_ends_at == datetime(2024, 4, 13, tzinfo=UTC)


def test_redemption_adds_a_year_to_the_old_expiry() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    redeemed = life.redeem(life.renewal_grace_ends_at)
    assert redeemed.expires_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert redeemed.phase_at(life.renewal_grace_ends_at) is Phase.ACTIVE
    assert life.redeem(life.renewal_grace_ends_at, renew_years=2).expires_at == datetime(
        2028, 1, 1, tzinfo=UTC
    )


def test_redemption_only_in_redemption() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    with pytest.raises(RedemptionRefusedError, match="renew"):
        life.redeem(EXPIRY - US)
    with pytest.raises(RedemptionRefusedError, match="renew"):
        life.redeem(EXPIRY)
    with pytest.raises(RedemptionRefusedError, match="gone"):
        life.redeem(life.redemption_ends_at)


def test_a_suffix_that_needs_a_renewal_with_its_redemption() -> None:
    gtld = DEFAULT_RULE_SET.family("gtld")
    rules = DEFAULT_RULE_SET.with_family(
        attrs.evolve(gtld, lifecycle=attrs.evolve(gtld.lifecycle, redemption_extends_expiry=False))
    )
    life = lifecycle_of("example.com", EXPIRY, rules=rules)
    with pytest.raises(InvalidTermError, match="renew"):
        life.redeem(life.renewal_grace_ends_at)
    assert life.redeem(life.renewal_grace_ends_at, renew_years=1).expires_at == datetime(
        2026, 1, 1, tzinfo=UTC
    )


def test_reminders_a_month_and_a_week_before_and_five_days_after() -> None:
    month, week, after = lifecycle_of("example.com", EXPIRY).reminders
    assert month.due_at == EXPIRY - timedelta(days=30)
    assert week.due_at == EXPIRY - timedelta(days=7)
    assert (after.due_at, after.deadline) == (EXPIRY, EXPIRY + timedelta(days=5))


def test_span_text_and_containment() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    first, *_, last = life.spans
    assert EXPIRY - US in first and EXPIRY not in first
    assert datetime(2999, 1, 1, tzinfo=UTC) in last
    assert str(first).startswith("active")


# --- pre-release (the registrar's guide: auction during redemption) ----------


@pytest.mark.parametrize("name", ["example.cn", "example.公司", "example.hk", "example.com"])
def test_every_default_family_may_be_pre_released_from_the_start_of_redemption(
    name: str,
) -> None:
    life = lifecycle_of(name, EXPIRY)
    assert life.pre_release is not None and life.pre_release.holder_may_redeem
    assert life.pre_release_from == life.renewal_grace_ends_at
    assert life.milestones["pre_release_from"] == life.renewal_grace_ends_at
    assert list(life.milestones.values()) == sorted(life.milestones.values())


def test_pre_release_is_possible_only_during_redemption() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    start, end = life.renewal_grace_ends_at, life.redemption_ends_at
    assert not life.may_be_pre_released_at(start - US)
    assert life.may_be_pre_released_at(start)
    assert life.may_be_pre_released_at(end - US)
    assert not life.may_be_pre_released_at(end)  # the winner has it, or it is deleted
    assert not life.may_be_pre_released_at(EXPIRY - timedelta(days=1))


def test_pre_release_changes_no_phase_or_date() -> None:
    life = lifecycle_of("example.com", EXPIRY)
    gtld = life.family
    no_pre_release = DEFAULT_RULE_SET.with_family(
        attrs.evolve(gtld, lifecycle=attrs.evolve(gtld.lifecycle, pre_release=None))
    )
    without = attrs.evolve(life, rules=no_pre_release)
    assert without.pre_release is None and without.pre_release_from is None
    assert "pre_release_from" not in without.milestones
    assert without.spans == life.spans
    for key, instant in without.milestones.items():
        assert life.milestones[key] == instant
    assert not without.may_be_pre_released_at(life.renewal_grace_ends_at)


def test_a_later_pre_release_start_is_a_rule_set_parameter() -> None:
    gtld = DEFAULT_RULE_SET.family("gtld")
    later = DEFAULT_RULE_SET.with_family(
        attrs.evolve(
            gtld,
            lifecycle=attrs.evolve(gtld.lifecycle, pre_release=PreRelease(from_redemption_day=7)),
        )
    )
    life = lifecycle_of("example.com", EXPIRY, rules=later)
    assert life.pre_release_from == life.renewal_grace_ends_at + timedelta(days=7)
    assert not life.may_be_pre_released_at(life.renewal_grace_ends_at + timedelta(days=6))


def test_no_redemption_no_pre_release() -> None:
    life = lifecycle_of("example.hk", EXPIRY, rules=ALIBABA_HK_NEWER)
    assert life.pre_release is None and "pre_release_from" not in life.milestones
    assert CNNIC_REGISTRY.rules_for("example.cn").pre_release == PreRelease()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"redemption_days": 0}, "pre_release"),
        ({"pre_release": PreRelease(from_redemption_day=29)}, "pre_release"),
    ],
)
def test_impossible_pre_releases_are_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ArgumentTypeError):
        attrs.evolve(DEFAULT_RULE_SET.family("gtld").lifecycle, pre_release="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidRuleSetError) as caught:
        attrs.evolve(DEFAULT_RULE_SET.family("gtld").lifecycle, **changes)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"from_redemption_day": -1}, "from_redemption_day"),
        ({"from_redemption_day": True}, "from_redemption_day"),
        ({"holder_may_redeem": 1}, "holder_may_redeem"),
    ],
)
def test_impossible_pre_release_values_are_refused(kwargs: dict[str, object], field: str) -> None:
    wrong_type = any(type(v) is not int for k, v in kwargs.items() if k == "from_redemption_day")
    wrong_type |= "holder_may_redeem" in kwargs
    with pytest.raises(ArgumentTypeError if wrong_type else InvalidRuleSetError) as caught:
        PreRelease(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
