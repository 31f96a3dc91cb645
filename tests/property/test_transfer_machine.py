"""A stateful test over a domain's history: transfer_out_check never allows what a rule forbids.

Register, change the holder (with or without opting out of the lock), transfer away
and back in, set and clear the locks, renew, let time pass; after every step the
check must agree with a plain restatement of the rules (the registrar's guide,
ICANN's Transfer Policy, RFC 5731).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domainrules import (
    POLICY_REVISED,
    Actor,
    ChangeOfRegistrant,
    Domain,
    EppCommand,
    InvalidStatusCombinationError,
    MondayToFridayCalendar,
    Phase,
    Registrant,
    Registration,
    StatusNotSettableError,
    TransferPolicyVersion,
    classify_change,
    plan_change,
    transfer_out_check,
)
from domainrules.instants import add_years

UTC = timezone.utc
SUFFIXES = ["com", "org", "cn", "com.cn", "公司", "hk", "中国", "网络"]
CLIENT_LOCKS = ["clientTransferProhibited", "clientUpdateProhibited"]
SERVER_LOCKS = ["serverTransferProhibited", "serverUpdateProhibited"]


def forbidden(domain: Domain, now: datetime, policy: TransferPolicyVersion | None) -> set[str]:
    """The rules, restated plainly: what forbids a transfer out at ``now``."""
    reasons: set[str] = set()
    revised = policy is POLICY_REVISED
    icann = domain.family.icann_transfer_policy
    lock = timedelta(hours=720) if revised and icann else timedelta(days=60)
    if domain.created_at and domain.created_at <= now < domain.created_at + lock:
        reasons.add("post-create-lock")
    moved = domain.last_transferred_at
    if moved and moved <= now < moved + lock:
        reasons.add("post-transfer-lock")
    change = domain.last_change_of_registrant
    if (
        change
        and icann
        and not revised
        and not change.opted_out_of_transfer_lock
        and change.at <= now < change.at + timedelta(days=60)
    ):
        reasons.add("change-of-registrant-lock")
    names = {status.value for status in domain.statuses}
    for status, reason in (
        ("clientTransferProhibited", "client-transfer-prohibited"),
        ("serverTransferProhibited", "server-transfer-prohibited"),
        ("pendingTransfer", "pending-transfer"),
        ("pendingDelete", "pending-delete"),
    ):
        if status in names:
            reasons.add(reason)
    phase = domain.lifecycle.phase_at(now)
    if phase not in (Phase.ACTIVE, Phase.RENEWAL_GRACE):
        reasons.add(
            {
                Phase.REDEMPTION: "redemption",
                Phase.PENDING_DELETE: "waiting-for-deletion",
                Phase.RELEASED: "released",
            }[phase]
        )
    return reasons


class DomainHistory(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = datetime(2026, 1, 1, tzinfo=UTC)
        self.domain: Domain | None = None
        self.holder = Registration(
            Registrant("organization", name="DocExample", email="it@docexample.com")
        )

    @rule(suffix=st.sampled_from(SUFFIXES), years=st.integers(1, 3))
    @precondition(lambda self: self.domain is None)
    def register(self, suffix: str, years: int) -> None:
        self.domain = Domain(f"example.{suffix}", add_years(self.now, years), created_at=self.now)

    @rule(opt_out=st.booleans(), buyer=st.sampled_from(["Buyer Ltd", "Other Co", "Third Inc"]))
    @precondition(lambda self: self.domain is not None)
    def change_holder(self, opt_out: bool, buyer: str) -> None:
        # The change goes through classification and planning, as a back end would.
        assert self.domain is not None
        after = Registration(Registrant("organization", name=buyer, email=f"dns@{buyer[:5]}.cn"))
        change = classify_change(self.holder, after, at=self.now)
        if change.no_change:
            return
        plan = plan_change(
            self.domain,
            change,
            self.now,
            opted_out_of_transfer_lock=opt_out,
            calendar=MondayToFridayCalendar(),
        )
        phase = self.domain.lifecycle.phase_at(self.now)
        assert plan.allowed == (
            phase is Phase.ACTIVE and self.domain.statuses.permits(EppCommand.UPDATE)
        )
        if not plan.allowed:
            return
        self.holder = after
        self.domain = self.domain.evolve(
            last_change_of_registrant=ChangeOfRegistrant(
                self.now, opted_out_of_transfer_lock=opt_out
            )
        )
        # The lock the plan announced is the one the check enforces.
        check = transfer_out_check(self.domain, self.now)
        cor = [b for b in check.blockers if b.reason.value == "change-of-registrant-lock"]
        if plan.transfer_lock is None:
            assert cor == []
        else:
            assert [b.lifts_at for b in cor] == [self.now + plan.transfer_lock]

    @rule(status=st.sampled_from(["pendingTransfer", "pendingDelete"]), on=st.booleans())
    @precondition(lambda self: self.domain is not None)
    def registry_pending(self, status: str, on: bool) -> None:
        assert self.domain is not None
        statuses = self.domain.statuses
        try:
            if on:
                statuses = statuses.with_status(status, by=Actor.SERVER)
            else:
                statuses = statuses.without_status(status, by=Actor.SERVER)
        except InvalidStatusCombinationError:
            return  # pendingTransfer with a transfer prohibition, two pending*...
        self.domain = self.domain.evolve(statuses=statuses)

    @rule()
    @precondition(lambda self: self.domain is not None)
    def transfer_away_and_back(self) -> None:
        # Only what the check allows happens: the domain leaves and comes back in.
        assert self.domain is not None
        if not transfer_out_check(self.domain, self.now).allowed:
            return
        self.domain = self.domain.evolve(
            last_transferred_at=self.now,
            expires_at=min(add_years(self.domain.expires_at, 1), add_years(self.now, 10)),
            statuses=[],
        )

    @rule(status=st.sampled_from(CLIENT_LOCKS), on=st.booleans())
    @precondition(lambda self: self.domain is not None)
    def client_lock(self, status: str, on: bool) -> None:
        assert self.domain is not None
        statuses = self.domain.statuses
        try:
            statuses = statuses.with_status(status) if on else statuses.without_status(status)
        except StatusNotSettableError:
            return
        self.domain = self.domain.evolve(statuses=statuses)

    @rule(status=st.sampled_from(SERVER_LOCKS), on=st.booleans())
    @precondition(lambda self: self.domain is not None)
    def server_lock(self, status: str, on: bool) -> None:
        assert self.domain is not None
        statuses = self.domain.statuses
        try:
            if on:
                statuses = statuses.with_status(status, by=Actor.SERVER)
            else:
                statuses = statuses.without_status(status, by=Actor.SERVER)
        except InvalidStatusCombinationError:
            return
        self.domain = self.domain.evolve(statuses=statuses)

    @rule()
    @precondition(lambda self: self.domain is not None)
    def renew(self) -> None:
        assert self.domain is not None
        if self.domain.lifecycle.phase_at(self.now) not in (Phase.ACTIVE, Phase.RENEWAL_GRACE):
            return
        new_expiry = add_years(self.domain.expires_at, 1)
        if new_expiry <= add_years(self.now, 10):
            self.domain = self.domain.evolve(expires_at=new_expiry)

    @rule(hours=st.integers(1, 24 * 90))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @invariant()
    def check_agrees_with_the_rules(self) -> None:
        if self.domain is None:
            return
        for policy in (None, POLICY_REVISED):
            check = transfer_out_check(self.domain, self.now, policy=policy)
            expected = forbidden(self.domain, self.now, policy)
            assert {reason.value for reason in check.reasons} == expected
            assert check.allowed == (not expected)
            for blocker in check.blockers:
                assert blocker.lifts_at is None or blocker.lifts_at > self.now
            assert check.earliest_at >= self.now
            timed = [b.lifts_at for b in check.blockers if b.lifts_at is not None]
            assert check.earliest_at == max(timed, default=self.now)
            later = transfer_out_check(self.domain, check.earliest_at, policy=policy)
            assert not any(b.lifts_at for b in later.blockers)
            if check.may_leave_from is not None:
                # Nothing else changing, the check agrees it may leave then.
                assert later.allowed


DomainHistory.TestCase.settings = settings(max_examples=100, stateful_step_count=40, deadline=None)
TestDomainHistory = DomainHistory.TestCase
