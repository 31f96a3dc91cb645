"""The registry side: RFC 3915 and the registries' published worked examples as fixed cases."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import pytest

from domainrules import DEFAULT_RULE_SET, ArgumentTypeError, DomainRulesError
from domainrules.errors import (
    InvalidCountError,
    InvalidHistoryError,
    InvalidPartyError,
    InvalidRuleSetError,
    NaiveDatetimeError,
    NoRegistryRulesError,
    UnpublishedRegistryNumberError,
)
from domainrules.registry import (
    AutoRenew,
    BillableOperation,
    Create,
    Credit,
    Delete,
    DomainHistory,
    Event,
    RefusalReason,
    Renew,
    RestoreReport,
    RestoreRequest,
    RgpStatus,
    TransferApprove,
    TransferAutoApprove,
    TransferCancel,
    TransferReject,
    TransferRequest,
    delete_outcome,
    registry_state,
    restore_outcome,
    transfer_outcome,
)
from domainrules.rulesets import NOMULUS_DEFAULTS, RegistryRules
from domainrules.statuses import EppStatus
from domainrules.verdicts import Blocker

UTC = timezone.utc
D = timedelta(days=1)

#: Verisign .com/.net: add 5, renew 5, auto-renew 45, transfer 5 days; redemption 30,
#: restore report 7, pending delete 5 (Verisign registry agreement; 10-K).
VERISIGN = RegistryRules(
    auto_renew=True,
    add_grace=5 * D,
    renew_grace=5 * D,
    auto_renew_grace=45 * D,
    transfer_grace=5 * D,
    automatic_transfer=5 * D,
    redemption=30 * D,
    restore_report=7 * D,
    pending_delete=5 * D,
)
#: Identity Digital: the restore report within 5 days.
IDENTITY_DIGITAL = attrs.evolve(VERISIGN, restore_report=5 * D)

T0 = datetime(2025, 1, 10, tzinfo=UTC)
EXPIRY = datetime(2026, 1, 10, tzinfo=UTC)


def history(*events: Event) -> DomainHistory:
    return DomainHistory("example.com", [Create(T0, registrar="alpha"), *events])


def rgp(h: DomainHistory, at: datetime, rules: RegistryRules = VERISIGN) -> set[str]:
    return {s.value for s in registry_state(h, at, rules=rules).rgp_statuses}


# --- grace periods ------------------------------------------------------------


def test_add_grace_is_the_five_days_after_the_create() -> None:
    h = history()
    state = registry_state(h, T0 + 4 * D, rules=VERISIGN)
    assert state.statuses == {EppStatus.OK}
    assert state.ends_at("addPeriod") == T0 + 5 * D
    assert state.period(RgpStatus.ADD_PERIOD) is not None
    assert rgp(h, T0 + 5 * D) == set()  # half-open
    assert state.expires_at == EXPIRY and state.sponsor == "alpha"


def test_an_anchor_tenant_has_nomulus_thirty_day_add_grace() -> None:
    h = DomainHistory("example.com", [Create(T0, registrar="alpha", anchor_tenant=True)])
    state = registry_state(h, T0 + 20 * D, rules=NOMULUS_DEFAULTS)
    assert state.ends_at(RgpStatus.ADD_PERIOD) == T0 + 30 * D
    # Without an anchor-tenant length the ordinary add grace applies.
    assert rgp(h, T0 + 20 * D) == set()


def test_renew_grace_after_an_explicit_renew() -> None:
    h = history(Renew(T0 + 100 * D, registrar="alpha", years=2))
    state = registry_state(h, T0 + 101 * D, rules=VERISIGN)
    assert state.rgp_statuses == {RgpStatus.RENEW_PERIOD}
    assert state.expires_at == EXPIRY.replace(year=2028)
    period = state.period("renewPeriod")
    assert period is not None and period.years == 2 and period.operation is BillableOperation.RENEW


def test_the_registry_auto_renews_at_expiry_and_opens_the_45_day_grace() -> None:
    h = history()
    assert (
        registry_state(h, EXPIRY - timedelta(microseconds=1), rules=VERISIGN).expires_at == EXPIRY
    )
    state = registry_state(h, EXPIRY, rules=VERISIGN)
    assert state.expires_at == EXPIRY.replace(year=2027)
    assert state.ends_at("autoRenewPeriod") == EXPIRY + 45 * D
    # A recorded auto-renew must be where the registry does it.
    registry_state(history(AutoRenew(EXPIRY)), EXPIRY + D, rules=VERISIGN)
    with pytest.raises(InvalidHistoryError) as error:
        registry_state(history(AutoRenew(EXPIRY + D)), EXPIRY + 2 * D, rules=VERISIGN)
    assert error.value.field == "events[1]"


def test_a_registry_without_auto_renew_leaves_the_expiry_alone() -> None:
    rules = attrs.evolve(VERISIGN, auto_renew=False)
    state = registry_state(history(), EXPIRY + 10 * D, rules=rules)
    assert state.expires_at == EXPIRY and state.rgp_statuses == frozenset()
    with pytest.raises(InvalidHistoryError, match="does not auto-renew"):
        registry_state(history(AutoRenew(EXPIRY)), EXPIRY, rules=rules)


def test_leap_day_create_expires_on_february_28_as_nomulus() -> None:
    leap = datetime(2024, 2, 29, 12, tzinfo=UTC)
    h = DomainHistory("example.com", [Create(leap, registrar="a")])
    assert registry_state(h, leap, rules=VERISIGN).expires_at == datetime(
        2025, 2, 28, 12, tzinfo=UTC
    )


# --- delete -------------------------------------------------------------------


def test_delete_inside_add_grace_purges_at_once_and_credits_the_create() -> None:
    h = history()
    outcome = delete_outcome(h, T0 + 2 * D, registrar="alpha", rules=VERISIGN)
    assert outcome.allowed and outcome.purged_at_once and outcome.purged_at == T0 + 2 * D
    assert outcome.credits == (Credit(RgpStatus.ADD_PERIOD, BillableOperation.CREATE, 1, "alpha"),)
    assert outcome.redemption_ends_at is None and outcome.purge_at is None
    after = registry_state(
        h.then(Delete(T0 + 2 * D, registrar="alpha")), T0 + 2 * D, rules=VERISIGN
    )
    assert not after.registered and after.purged_at == T0 + 2 * D


def test_delete_inside_add_and_renew_grace_credits_both_and_frees_the_name() -> None:
    # Verisign's overlapping grace periods: both credited, the name purged at once.
    h = history(Renew(T0 + D, registrar="alpha", years=2))
    outcome = delete_outcome(h, T0 + 2 * D, registrar="alpha", rules=VERISIGN)
    assert outcome.purged_at_once
    assert [(c.period, c.operation, c.years) for c in outcome.credits] == [
        (RgpStatus.ADD_PERIOD, BillableOperation.CREATE, 1),
        (RgpStatus.RENEW_PERIOD, BillableOperation.RENEW, 2),
    ]


def test_auto_renew_then_renew_then_delete_credits_both_and_goes_to_redemption() -> None:
    # Verisign: auto-renew, extend, delete inside the renew grace: both credited, the
    # added years removed, the name enters the RGP.
    h = history(Renew(EXPIRY + 3 * D, registrar="alpha", years=1))
    outcome = delete_outcome(h, EXPIRY + 4 * D, registrar="alpha", rules=VERISIGN)
    assert not outcome.purged_at_once
    assert [(c.period, c.years) for c in outcome.credits] == [
        (RgpStatus.AUTO_RENEW_PERIOD, 1),
        (RgpStatus.RENEW_PERIOD, 1),
    ]
    assert outcome.expires_at == EXPIRY
    assert outcome.redemption_ends_at == EXPIRY + 34 * D
    assert outcome.purge_at == EXPIRY + 39 * D


def test_delete_outside_grace_credits_nothing_and_takes_35_days_to_purge() -> None:
    h = history(Delete(T0 + 100 * D, registrar="alpha"))
    deleted = T0 + 100 * D
    assert delete_outcome(history(), deleted, registrar="alpha", rules=VERISIGN).credits == ()
    state = registry_state(h, deleted, rules=VERISIGN)
    assert state.statuses == {EppStatus.PENDING_DELETE}
    assert state.rgp_statuses == {RgpStatus.REDEMPTION_PERIOD}
    assert state.ends_at("redemptionPeriod") == deleted + 30 * D
    assert rgp(h, deleted + 30 * D) == {"pendingDelete"}
    assert registry_state(h, deleted + 30 * D, rules=VERISIGN).statuses == {
        EppStatus.PENDING_DELETE
    }
    assert not registry_state(h, deleted + 35 * D, rules=VERISIGN).registered
    assert registry_state(h, deleted + 35 * D, rules=VERISIGN).purged_at == deleted + 35 * D


def test_delete_refusals_are_values_with_their_clause() -> None:
    h = history(Delete(T0 + 100 * D, registrar="alpha"))
    again = delete_outcome(h, T0 + 101 * D, registrar="alpha", rules=VERISIGN)
    assert again.refusal is not None and again.refusal.reason is RefusalReason.PENDING_DELETE
    assert "RFC 5731" in again.refusal.clause
    other = delete_outcome(history(), T0 + D, registrar="beta", rules=VERISIGN)
    assert other.refusal is not None and other.refusal.reason is RefusalReason.NOT_SPONSOR
    assert isinstance(other.refusal, Blocker) and not other.allowed
    assert other.credits == ()


def test_delete_with_no_redemption_and_no_pending_delete_purges_at_once() -> None:
    rules = attrs.evolve(VERISIGN, redemption=timedelta(0), pending_delete=timedelta(0))
    h = history(Delete(T0 + 100 * D, registrar="alpha"))
    assert not registry_state(h, T0 + 100 * D, rules=rules).registered


def test_delete_cancels_a_pending_transfer() -> None:
    h = history(
        TransferRequest(T0 + 100 * D, registrar="beta"), Delete(T0 + 101 * D, registrar="alpha")
    )
    state = registry_state(h, T0 + 110 * D, rules=VERISIGN)
    assert state.pending_transfer is None and state.sponsor == "alpha"


# --- transfer -----------------------------------------------------------------


def test_transfer_pending_then_auto_approved_after_five_days() -> None:
    h = history(TransferRequest(T0 + 100 * D, registrar="beta"))
    pending = registry_state(h, T0 + 104 * D, rules=VERISIGN)
    assert pending.statuses == {EppStatus.PENDING_TRANSFER}
    assert pending.pending_transfer is not None
    assert pending.pending_transfer.auto_approve_at == T0 + 105 * D
    done = registry_state(h, T0 + 105 * D, rules=VERISIGN)
    assert done.sponsor == "beta" and done.statuses == {EppStatus.OK}
    assert done.expires_at == EXPIRY.replace(year=2027)
    assert done.rgp_statuses == {RgpStatus.TRANSFER_PERIOD}
    registry_state(h.then(TransferAutoApprove(T0 + 105 * D)), T0 + 106 * D, rules=VERISIGN)
    with pytest.raises(InvalidHistoryError):
        registry_state(h.then(TransferAutoApprove(T0 + 104 * D)), T0 + 106 * D, rules=VERISIGN)


def test_transfer_approve_reject_and_cancel_by_the_right_registrar() -> None:
    requested = history(TransferRequest(T0 + 100 * D, registrar="beta"))
    approved = requested.then(TransferApprove(T0 + 101 * D, registrar="alpha"))
    assert registry_state(approved, T0 + 101 * D, rules=VERISIGN).sponsor == "beta"
    rejected = requested.then(TransferReject(T0 + 101 * D, registrar="alpha"))
    assert registry_state(rejected, T0 + 200 * D, rules=VERISIGN).sponsor == "alpha"
    cancelled = requested.then(TransferCancel(T0 + 101 * D, registrar="beta"))
    assert registry_state(cancelled, T0 + 200 * D, rules=VERISIGN).sponsor == "alpha"
    for wrong in (
        TransferApprove(T0 + 101 * D, registrar="beta"),
        TransferReject(T0 + 101 * D, registrar="gamma"),
        TransferCancel(T0 + 101 * D, registrar="alpha"),
    ):
        with pytest.raises(InvalidHistoryError) as error:
            registry_state(requested.then(wrong), T0 + 102 * D, rules=VERISIGN)
        assert error.value.field == "events[2]" and error.value.value == wrong


def test_transfer_refused_inside_add_grace_in_redemption_while_pending_and_to_itself() -> None:
    cases = [
        (history(), T0 + D, "beta", RefusalReason.ADD_GRACE),
        (
            history(Delete(T0 + 100 * D, registrar="alpha")),
            T0 + 101 * D,
            "beta",
            RefusalReason.PENDING_DELETE,
        ),
        (
            history(TransferRequest(T0 + 100 * D, registrar="beta")),
            T0 + 101 * D,
            "gamma",
            RefusalReason.PENDING_TRANSFER,
        ),
        (history(), T0 + 100 * D, "alpha", RefusalReason.ALREADY_SPONSOR),
    ]
    for h, at, who, reason in cases:
        outcome = transfer_outcome(h, at, registrar=who, rules=VERISIGN)
        assert outcome.refusal is not None and outcome.refusal.reason is reason, (h, outcome)
    add = transfer_outcome(history(), T0 + D, registrar="beta", rules=VERISIGN).refusal
    assert add is not None and add.lifts_at == T0 + 5 * D and "Add Grace" in add.clause
    rgp_refusal = cases[1]
    refusal = transfer_outcome(
        rgp_refusal[0], rgp_refusal[1], registrar="beta", rules=VERISIGN
    ).refusal
    assert refusal is not None and "ERRP" in refusal.clause


def test_transfer_inside_auto_renew_grace_cancels_the_auto_renew_year() -> None:
    # .com ARGP clause / Nomulus: the losing registrar is credited the auto-renew, the
    # year it added is cancelled, the gaining registrar's year takes its place.
    outcome = transfer_outcome(history(), EXPIRY + 10 * D, registrar="beta", rules=VERISIGN)
    assert outcome.allowed and outcome.auto_renew_cancelled
    assert outcome.credits == (
        Credit(RgpStatus.AUTO_RENEW_PERIOD, BillableOperation.AUTO_RENEW, 1, "alpha"),
    )
    assert outcome.expires_at == EXPIRY.replace(year=2027)
    assert outcome.auto_approve_at == EXPIRY + 15 * D
    outside = transfer_outcome(history(), EXPIRY + 50 * D, registrar="beta", rules=VERISIGN)
    assert not outside.auto_renew_cancelled and outside.credits == ()
    assert outside.expires_at == EXPIRY.replace(year=2028)


def test_transfer_is_capped_at_ten_years_from_the_approval() -> None:
    h = history(Renew(T0 + 100 * D, registrar="alpha", years=9))  # expiry 2035-01-10
    outcome = transfer_outcome(h, T0 + 200 * D, registrar="beta", rules=VERISIGN)
    approval = T0 + 205 * D
    assert outcome.capped and outcome.expires_at == approval.replace(year=approval.year + 10)
    state = registry_state(
        h.then(TransferRequest(T0 + 200 * D, registrar="beta")), approval, rules=VERISIGN
    )
    assert state.expires_at == outcome.expires_at


def test_renew_past_the_term_limit_and_renew_while_transfer_pending_cannot_happen() -> None:
    with pytest.raises(InvalidHistoryError, match="10 years"):
        registry_state(history(Renew(T0 + D, registrar="alpha", years=10)), T0 + D, rules=VERISIGN)
    with pytest.raises(InvalidHistoryError, match="pending"):
        registry_state(
            history(
                TransferRequest(T0 + 100 * D, registrar="beta"),
                Renew(T0 + 101 * D, registrar="alpha"),
            ),
            T0 + 101 * D,
            rules=VERISIGN,
        )


# --- restore (RFC 3915 §2) --------------------------------------------------------

DELETED = EXPIRY + 30 * D  # inside the auto-renew grace: the auto-renew year is credited


def deleted() -> DomainHistory:
    return history(Delete(DELETED, registrar="alpha"))


def test_rfc_3915_restore_request_then_report_restores_the_domain() -> None:
    request = DELETED + 10 * D
    outcome = restore_outcome(deleted(), request, registrar="alpha", rules=VERISIGN)
    assert outcome.allowed and outcome.report_due_at == request + 7 * D
    # The expiry (back to EXPIRY after the credited auto-renew) had passed: a year is
    # added, as Nomulus' DomainRestoreRequestFlow does.
    assert outcome.adds_year and outcome.expires_at == EXPIRY.replace(year=2027)
    h = deleted().then(RestoreRequest(request, registrar="alpha"))
    state = registry_state(h, request + D, rules=VERISIGN)
    assert state.rgp_statuses == {RgpStatus.PENDING_RESTORE}
    assert state.statuses == {EppStatus.PENDING_DELETE}
    assert state.ends_at("pendingRestore") == request + 7 * D
    restored = h.then(RestoreReport(request + 3 * D, registrar="alpha"))
    state = registry_state(restored, request + 3 * D, rules=VERISIGN)
    assert state.statuses == {EppStatus.OK} and state.rgp_statuses == frozenset()
    assert state.expires_at == EXPIRY.replace(year=2027)


def test_identity_digital_report_is_due_in_five_days() -> None:
    outcome = restore_outcome(deleted(), DELETED + D, registrar="alpha", rules=IDENTITY_DIGITAL)
    assert outcome.report_due_at == DELETED + 6 * D


def test_a_missed_report_goes_back_to_redemption_then_pending_delete() -> None:
    request = DELETED + 10 * D
    outcome = restore_outcome(deleted(), request, registrar="alpha", rules=VERISIGN)
    assert outcome.redemption_ends_at == DELETED + 30 * D
    assert outcome.purge_at_if_no_report == DELETED + 35 * D
    h = deleted().then(RestoreRequest(request, registrar="alpha"))
    assert rgp(h, request + 7 * D) == {"redemptionPeriod"}
    assert rgp(h, DELETED + 30 * D) == {"pendingDelete"}
    assert not registry_state(h, DELETED + 35 * D, rules=VERISIGN).registered
    with pytest.raises(InvalidHistoryError, match="no restore request"):
        registry_state(
            h.then(RestoreReport(request + 7 * D, registrar="alpha")),
            request + 8 * D,
            rules=VERISIGN,
        )
    # Back in redemption, the sponsor may ask again.
    again = h.then(RestoreRequest(request + 8 * D, registrar="alpha"))
    assert rgp(again, request + 8 * D) == {"pendingRestore"}


def test_a_report_missed_after_the_redemption_ended_goes_to_pending_delete() -> None:
    request = DELETED + 28 * D
    outcome = restore_outcome(deleted(), request, registrar="alpha", rules=VERISIGN)
    assert outcome.redemption_ends_at is None
    assert outcome.purge_at_if_no_report == request + 7 * D + 5 * D
    h = deleted().then(RestoreRequest(request, registrar="alpha"))
    assert rgp(h, DELETED + 31 * D) == {"pendingRestore"}  # the clock waits for the report
    state = registry_state(h, request + 7 * D, rules=VERISIGN)
    assert state.rgp_statuses == {RgpStatus.PENDING_DELETE}
    assert state.purge_at == request + 12 * D


def test_restore_refused_to_others_outside_redemption_and_twice() -> None:
    other = restore_outcome(deleted(), DELETED + D, registrar="beta", rules=VERISIGN)
    assert other.refusal is not None and other.refusal.reason is RefusalReason.NOT_SPONSOR
    assert "RFC 3915 §8" in other.refusal.clause
    late = restore_outcome(deleted(), DELETED + 31 * D, registrar="alpha", rules=VERISIGN)
    assert late.refusal is not None and late.refusal.reason is RefusalReason.NOT_IN_REDEMPTION
    active = restore_outcome(history(), T0 + 100 * D, registrar="alpha", rules=VERISIGN)
    assert active.refusal is not None and active.refusal.reason is RefusalReason.NOT_IN_REDEMPTION
    h = deleted().then(RestoreRequest(DELETED + D, registrar="alpha"))
    twice = restore_outcome(h, DELETED + 2 * D, registrar="alpha", rules=VERISIGN)
    assert twice.refusal is not None and twice.refusal.reason is RefusalReason.RESTORE_PENDING
    purged = restore_outcome(deleted(), DELETED + 40 * D, registrar="alpha", rules=VERISIGN)
    assert purged.refusal is not None and purged.refusal.reason is RefusalReason.NOT_REGISTERED


def test_restore_before_expiry_adds_no_year() -> None:
    h = history(Delete(T0 + 100 * D, registrar="alpha"))
    outcome = restore_outcome(h, T0 + 101 * D, registrar="alpha", rules=VERISIGN)
    assert not outcome.adds_year and outcome.expires_at == EXPIRY


def test_a_zero_report_window_takes_the_report_with_the_request_only() -> None:
    rules = attrs.evolve(VERISIGN, restore_report=timedelta(0))
    at = DELETED + D
    h = deleted().then(RestoreRequest(at, registrar="alpha"))
    assert registry_state(
        h.then(RestoreReport(at, registrar="alpha")), at, rules=rules
    ).statuses == {EppStatus.OK}
    with pytest.raises(InvalidHistoryError):
        registry_state(
            h.then(RestoreReport(at + timedelta(seconds=1), registrar="alpha")), at + D, rules=rules
        )


# --- histories that cannot happen ---------------------------------------------------


def test_impossible_histories_name_the_event() -> None:
    cases: list[list[Event]] = [
        [Create(T0, registrar="a"), Renew(T0 + D, registrar="a"), Delete(T0, registrar="a")],
        [
            Create(T0, registrar="a"),
            Delete(T0 + D, registrar="a"),
            Renew(T0 + 2 * D, registrar="a"),
        ],
        [Create(T0, registrar="a"), Create(T0 + D, registrar="a")],
        [Renew(T0, registrar="a")],
    ]
    for events in cases:
        with pytest.raises(InvalidHistoryError) as error:
            registry_state(DomainHistory("example.com", events), T0, rules=VERISIGN)
        assert isinstance(error.value, ValueError) and isinstance(error.value, DomainRulesError)
        index = int(error.value.field[len("events[") : -1])  # type: ignore[index]
        assert error.value.value == events[index]
    with pytest.raises(InvalidHistoryError, match=r"events\[2\]: Renew.*purged"):
        registry_state(DomainHistory("example.com", cases[1]), T0, rules=VERISIGN)
    with pytest.raises(InvalidHistoryError, match="at least its Create"):
        DomainHistory("example.com", [])


def test_the_whole_history_is_checked_and_outcomes_refuse_a_history_after_at() -> None:
    bad = history(Delete(T0 + D, registrar="alpha"), Renew(T0 + 2 * D, registrar="alpha"))
    with pytest.raises(InvalidHistoryError):
        registry_state(bad, T0, rules=VERISIGN)
    with pytest.raises(InvalidHistoryError, match="after the instant asked about"):
        delete_outcome(
            history(Renew(T0 + 9 * D, registrar="alpha")), T0 + D, registrar="alpha", rules=VERISIGN
        )


def test_a_create_longer_than_the_term_limit_cannot_happen() -> None:
    h = DomainHistory("example.com", [Create(T0, registrar="a", years=11)])
    with pytest.raises(InvalidHistoryError, match="more than 10 years") as error:
        registry_state(h, T0, rules=VERISIGN)
    assert error.value.field == "events[0]"


def test_before_the_create_the_domain_is_not_registered() -> None:
    state = registry_state(history(), T0 - D, rules=VERISIGN)
    assert not state.registered and state.statuses == frozenset() and state.purged_at is None


# --- the registry numbers ----------------------------------------------------------


def test_rules_from_a_rule_set_family_and_a_family_without_them() -> None:
    gtld = DEFAULT_RULE_SET.family("gtld")
    with_numbers = DEFAULT_RULE_SET.with_family(attrs.evolve(gtld, registry=VERISIGN))
    assert registry_state(history(), T0, rules=with_numbers).rgp_statuses == {RgpStatus.ADD_PERIOD}
    with pytest.raises(NoRegistryRulesError, match="no registry numbers") as error:
        registry_state(history(), T0, rules=DEFAULT_RULE_SET)
    assert isinstance(error.value, LookupError)
    # A shipped rule set's name is that rule set.
    assert registry_state(history(), T0, rules="verisign") == registry_state(
        history(), T0, rules=VERISIGN
    )
    with pytest.raises(ArgumentTypeError):
        registry_state(history(), T0, rules=42)  # type: ignore[arg-type]


def test_bad_arguments_are_refused_with_the_right_kind() -> None:
    with pytest.raises(ArgumentTypeError):
        registry_state("example.com", T0, rules=VERISIGN)  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError):
        registry_state(history(), datetime(2025, 1, 1), rules=VERISIGN)
    with pytest.raises(InvalidPartyError):
        Create(T0, registrar=" alpha")
    with pytest.raises(ArgumentTypeError):
        Create(T0, registrar=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidCountError):
        Renew(T0, registrar="a", years=0)
    with pytest.raises(ArgumentTypeError):
        DomainHistory("example.com", [Create(T0, registrar="a"), "renew"])  # type: ignore[list-item]
    with pytest.raises(InvalidPartyError):
        delete_outcome(history(), T0, registrar="", rules=VERISIGN)
    with pytest.raises(InvalidCountError):
        transfer_outcome(history(), T0 + 9 * D, registrar="b", rules=VERISIGN, years=0)


def test_events_and_states_are_immutable() -> None:
    event = Create(T0, registrar="a")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.registrar = "b"  # type: ignore[misc]
    state = registry_state(history(), T0, rules=VERISIGN)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        state.sponsor = "b"  # type: ignore[misc]


# --- numbers the registry does not publish ---------------------------------------------

#: For each number: a question that needs it (history events, the instant asked about).
_NEEDS: dict[str, tuple[tuple[Event, ...], datetime]] = {
    "add_grace": ((), T0),
    "renew_grace": ((Renew(T0 + 10 * D, registrar="alpha"),), T0 + 11 * D),
    "auto_renew": ((), EXPIRY),
    "auto_renew_grace": ((), EXPIRY),
    "automatic_transfer": ((TransferRequest(T0 + 90 * D, registrar="beta"),), T0 + 91 * D),
    "transfer_grace": (
        (
            TransferRequest(T0 + 90 * D, registrar="beta"),
            TransferApprove(T0 + 91 * D, registrar="alpha"),
        ),
        T0 + 92 * D,
    ),
    "redemption": ((Delete(T0 + 20 * D, registrar="alpha"),), T0 + 21 * D),
    "pending_delete": ((Delete(T0 + 20 * D, registrar="alpha"),), T0 + 21 * D),
    "restore_report": (
        (Delete(T0 + 20 * D, registrar="alpha"), RestoreRequest(T0 + 21 * D, registrar="alpha")),
        T0 + 22 * D,
    ),
}


@pytest.mark.parametrize("field", sorted(_NEEDS))
def test_a_question_that_needs_an_unpublished_number_is_refused(field: str) -> None:
    rules = attrs.evolve(VERISIGN, **{field: None})  # type: ignore[arg-type]
    assert rules.unpublished == (field,)
    events, at = _NEEDS[field]
    with pytest.raises(UnpublishedRegistryNumberError, match=field) as error:
        registry_state(history(*events), at, rules=rules)
    assert error.value.field == field and isinstance(error.value, NoRegistryRulesError)
    # A question before the number is needed is answered as with it published.
    if field != "add_grace":
        early = T0 + timedelta(hours=1)
        assert registry_state(history(), early, rules=rules) == registry_state(
            history(), early, rules=VERISIGN
        )


def test_an_unpublished_number_is_none_and_nothing_else() -> None:
    with pytest.raises(InvalidRuleSetError):
        attrs.evolve(VERISIGN, auto_renew="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidRuleSetError):
        attrs.evolve(VERISIGN, redemption=30)  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # every number is given, None explicitly
        RegistryRules(auto_renew=True)  # type: ignore[call-arg]
