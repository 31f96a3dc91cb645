"""Replaying a history under a registry's numbers (internal; the hot path).

:func:`~domainrules.registry.registry_state` and the outcome functions share this
engine, so that the checks a history's events pass are the ones an operation asked
about passes. The rules it applies, with their sources, are listed in
:mod:`domainrules.registry.state`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from domainrules.errors import UnpublishedRegistryNumberError
from domainrules.instants import add_years
from domainrules.names import DomainName
from domainrules.registry.events import (
    AutoRenew,
    Create,
    Delete,
    DomainHistory,
    Renew,
    RestoreReport,
    RestoreRequest,
    TransferApprove,
    TransferAutoApprove,
    TransferCancel,
    TransferReject,
    TransferRequest,
    _history_error,
)
from domainrules.registry.values import (
    BillableOperation,
    Credit,
    PendingTransfer,
    RefusalReason,
    RegistryRefusal,
    RegistryState,
    RgpPeriod,
    RgpStatus,
)
from domainrules.rulesets import RegistryRules
from domainrules.statuses import EppStatus

# Grace periods are kept as plain tuples while replaying (the hot path):
# (status, start, end, operation, years, registrar).
_Grace = tuple[RgpStatus, datetime, datetime, BillableOperation, int, str]

_ADD = RgpStatus.ADD_PERIOD
_AUTO = RgpStatus.AUTO_RENEW_PERIOD
_RENEW = RgpStatus.RENEW_PERIOD
_TRANSFER = RgpStatus.TRANSFER_PERIOD
_OK = frozenset({EppStatus.OK})
_PENDING_TRANSFER = frozenset({EppStatus.PENDING_TRANSFER})
_PENDING_DELETE = frozenset({EppStatus.PENDING_DELETE})
_NONE: frozenset[EppStatus] = frozenset()

_SPONSOR_CLAUSE = (
    "Nomulus ResourceFlowUtils.verifyResourceOwnership (the sponsoring registrar only)"
)
_PENDING_DELETE_CLAUSE = "RFC 5731 §2.3 (pendingDelete: transform commands rejected)"
_TRANSFER_RGP_CLAUSE = "ICANN ERRP 3.3 (transfers prohibited during the RGP)"


class _Replay:
    """A history replayed event by event (internal; mutable, never shared).

    ``advance(t)`` does what the registry does by itself up to ``t`` (auto-renew,
    automatic transfer approval, a missed restore report, the purge); each
    ``check_*`` says whether an operation is allowed at ``t`` (None, or the refusal);
    each ``do_*`` performs it; each ``_on_*`` does both for one event of a history.
    """

    __slots__ = (
        "auto_renew_cancelled",
        "created",
        "deleted_at",
        "expiry",
        "graces",
        "label",
        "last_auto_approve",
        "last_auto_renew",
        "last_credits",
        "pending",
        "purge_at",
        "purged_at",
        "redemption_end",
        "redemption_since",
        "report_due",
        "restore_expiry",
        "restore_requested",
        "rules",
        "sponsor",
        "transfer_capped",
    )

    def __init__(self, rules: RegistryRules, label: str = "") -> None:
        self.rules = rules
        self.label = label
        self.created: datetime | None = None
        self.sponsor = ""
        self.expiry: datetime = datetime.min
        self.graces: list[_Grace] = []
        self.last_auto_renew: datetime | None = None
        self.last_auto_approve: datetime | None = None
        # (gaining registrar, requested at, auto-approve at, years)
        self.pending: tuple[str, datetime, datetime, int] | None = None
        self.deleted_at: datetime | None = None
        self.redemption_since: datetime = datetime.min
        self.redemption_end: datetime = datetime.min
        self.purge_at: datetime = datetime.min
        self.purged_at: datetime | None = None
        self.restore_requested: datetime | None = None
        self.report_due: datetime | None = None
        self.restore_expiry: datetime | None = None
        self.last_credits: tuple[Credit, ...] = ()
        self.auto_renew_cancelled = False
        self.transfer_capped = False

    def need(self, field: str) -> Any:
        """The registry number ``field``; a question that needs an unpublished one is
        refused (never guessed)."""
        value = getattr(self.rules, field)
        if value is None:
            raise UnpublishedRegistryNumberError(
                f"{field}: the registry's {field} is not published in "
                f"{self.label or 'the registry numbers given'}, and this question needs "
                "it (never guessed); pass rules=RegistryRules(...) with a sourced number",
                field=field,
                value=self.label or None,
            )
        return value

    # --- what the registry does by itself -----------------------------------

    def advance(self, t: datetime) -> None:
        rules = self.rules
        while self.purged_at is None and self.created is not None:
            if self.deleted_at is None:
                pending = self.pending
                renew_due = self.expiry <= t and (
                    rules.auto_renew
                    if rules.auto_renew is not None
                    else bool(self.need("auto_renew"))
                )
                if (
                    pending is not None
                    and pending[2] <= t
                    and not (renew_due and self.expiry <= pending[2])
                ):
                    self.approve_transfer(pending[2])
                    self.last_auto_approve = pending[2]
                elif renew_due:
                    expiry = self.expiry
                    # Time only moves forward here: periods over by now are dropped, so
                    # that years of auto-renewals keep the list short.
                    self.graces = [g for g in self.graces if g[2] > expiry]
                    grace = self.need("auto_renew_grace")
                    if grace:
                        self.graces.append(
                            (
                                _AUTO,
                                expiry,
                                expiry + grace,
                                BillableOperation.AUTO_RENEW,
                                1,
                                self.sponsor,
                            )
                        )
                    self.expiry = add_years(expiry, 1)
                    self.last_auto_renew = expiry
                else:
                    return
            else:
                due = self.report_due
                if due is not None:
                    # [request, due) is pendingRestore; a window of 0 takes the report
                    # with the request only.
                    if due < t or (due == t and due != self.restore_requested):
                        self.restore_requested = self.report_due = self.restore_expiry = None
                        self.redemption_since = due
                        self.purge_at = max(self.redemption_end, due) + self.need("pending_delete")
                    else:
                        return
                elif self.purge_at <= t:
                    self.purged_at = self.purge_at
                else:
                    return

    def in_force(self, status: RgpStatus, t: datetime) -> _Grace | None:
        for grace in self.graces:
            if grace[0] is status and grace[1] <= t < grace[2]:
                return grace
        return None

    # --- checks (None: allowed) ----------------------------------------------

    def _registered(self, t: datetime) -> RegistryRefusal | None:
        if self.created is None or t < self.created:
            return _refusal(
                RefusalReason.NOT_REGISTERED, "the domain is not registered yet", "RFC 5731 §3.2"
            )
        if self.purged_at is not None:
            return _refusal(
                RefusalReason.NOT_REGISTERED,
                f"the name was purged at {self.purged_at.isoformat()}",
                "RFC 3915 §2 (purged: the registration is gone)",
            )
        return None

    def _sponsor(self, registrar: str) -> RegistryRefusal | None:
        if registrar != self.sponsor:
            return _refusal(
                RefusalReason.NOT_SPONSOR,
                f"{registrar!r} does not sponsor the domain ({self.sponsor!r} does)",
                _SPONSOR_CLAUSE,
                remedy="ask the sponsoring registrar",
            )
        return None

    def _not_deleted(
        self, t: datetime, clause: str = _PENDING_DELETE_CLAUSE
    ) -> RegistryRefusal | None:
        if self.deleted_at is not None:
            return _refusal(
                RefusalReason.PENDING_DELETE,
                f"the domain was deleted at {self.deleted_at.isoformat()} (EPP pendingDelete)",
                clause,
                remedy="restore it first (in redemptionPeriod)",
            )
        return None

    def check_renew(self, t: datetime, registrar: str, years: int) -> RegistryRefusal | None:
        refusal = self._registered(t) or self._not_deleted(t) or self._sponsor(registrar)
        if refusal is not None:
            return refusal
        if self.pending is not None:
            return _pending_transfer(self.pending[2])
        limit = add_years(t, self.rules.max_term_years)
        if add_years(self.expiry, years) > limit:
            return _refusal(
                RefusalReason.TERM_LIMIT,
                f"renewing by {years} year(s) from {self.expiry.isoformat()} goes past "
                f"{self.rules.max_term_years} years from now ({limit.isoformat()})",
                "Nomulus DomainRenewFlow (ExceedsMaxRegistrationYearsException); RFC 5731 §3.2.3",
                remedy="renew for fewer years",
            )
        return None

    def check_transfer_request(self, t: datetime, registrar: str) -> RegistryRefusal | None:
        refusal = self._registered(t) or self._not_deleted(t, _TRANSFER_RGP_CLAUSE)
        if refusal is not None:
            return refusal
        if registrar == self.sponsor:
            return _refusal(
                RefusalReason.ALREADY_SPONSOR,
                f"{registrar!r} already sponsors the domain",
                "RFC 5731 §3.2.4; Nomulus DomainTransferRequestFlow "
                "(ObjectAlreadySponsoredException)",
                remedy="nothing to transfer",
            )
        if self.pending is not None:
            return _pending_transfer(self.pending[2])
        add = self.in_force(_ADD, t)
        if add is not None:
            return _refusal(
                RefusalReason.ADD_GRACE,
                f"inside the add grace period (until {add[2].isoformat()})",
                "Verisign .com Registry Agreement (no transfer during the Add Grace Period); "
                "Identity Digital registry policy",
                remedy="wait",
                lifts_at=add[2],
            )
        return None

    def check_transfer_action(
        self, t: datetime, registrar: str, *, by_gaining: bool
    ) -> RegistryRefusal | None:
        refusal = self._registered(t)
        if refusal is not None:
            return refusal
        if self.pending is None:
            return _refusal(
                RefusalReason.NO_PENDING_TRANSFER,
                "no transfer is pending",
                "RFC 5731 §3.2.4",
                remedy="request a transfer first",
            )
        if by_gaining:
            if registrar != self.pending[0]:
                return _refusal(
                    RefusalReason.NOT_SPONSOR,
                    f"only the gaining registrar {self.pending[0]!r} may cancel its request",
                    'RFC 5731 §3.2.4 (op="cancel": the requesting client)',
                    remedy="ask the gaining registrar",
                )
            return None
        return self._sponsor(registrar)

    def check_delete(self, t: datetime, registrar: str) -> RegistryRefusal | None:
        return self._registered(t) or self._not_deleted(t) or self._sponsor(registrar)

    def check_restore_request(self, t: datetime, registrar: str) -> RegistryRefusal | None:
        refusal = self._registered(t)
        if refusal is not None:
            return refusal
        if self.deleted_at is None:
            return _refusal(
                RefusalReason.NOT_IN_REDEMPTION,
                "the domain is not deleted: there is nothing to restore",
                "RFC 3915 §2 (restore only from redemptionPeriod)",
                remedy="nothing to restore",
            )
        if self.restore_requested is not None:
            return _refusal(
                RefusalReason.RESTORE_PENDING,
                f"a restore was requested at {self.restore_requested.isoformat()}; its report "
                "is awaited",
                "RFC 3915 §2 (pendingRestore)",
                remedy="send the restore report",
            )
        if t >= self.redemption_end:
            return _refusal(
                RefusalReason.NOT_IN_REDEMPTION,
                f"the redemption period ended at {self.redemption_end.isoformat()}: "
                "RGP pendingDelete cannot be restored",
                "RFC 3915 §2 (pendingDelete: no restore)",
                remedy="register it again once purged",
            )
        return _restore_sponsor(self._sponsor(registrar))

    def check_restore_report(self, t: datetime, registrar: str) -> RegistryRefusal | None:
        refusal = self._registered(t)
        if refusal is not None:
            return refusal
        if self.restore_requested is None:
            return _refusal(
                RefusalReason.NO_RESTORE_PENDING,
                "no restore request awaits a report",
                "RFC 3915 §4.2.5 (a report follows a request)",
                remedy="request the restore first",
            )
        return _restore_sponsor(self._sponsor(registrar))

    # --- operations -----------------------------------------------------------

    def do_create(self, event: Create) -> None:
        rules = self.rules
        t = event.at
        self.created = t
        self.sponsor = event.registrar
        self.expiry = add_years(t, event.years)
        length = (
            rules.anchor_tenant_add_grace
            if event.anchor_tenant and rules.anchor_tenant_add_grace is not None
            else self.need("add_grace")
        )
        if length:
            self.graces.append(
                (_ADD, t, t + length, BillableOperation.CREATE, event.years, event.registrar)
            )

    def do_renew(self, t: datetime, registrar: str, years: int) -> None:
        self.expiry = add_years(self.expiry, years)
        grace = self.need("renew_grace")
        if grace:
            self.graces.append((_RENEW, t, t + grace, BillableOperation.RENEW, years, registrar))

    def do_transfer_request(self, t: datetime, registrar: str, years: int) -> None:
        self.pending = (registrar, t, t + self.need("automatic_transfer"), years)

    def approve_transfer(self, t: datetime) -> None:
        assert self.pending is not None
        gaining, _, _, years = self.pending
        grace = self.need("transfer_grace")
        auto = self.in_force(_AUTO, t)
        # The transfer subsumes the auto-renew: its year is cancelled (credited to the
        # losing registrar) and the transfer's year takes its place (Nomulus
        # ResourceFlowUtils.computeExDateForApprovalTime; .com ARGP clause).
        self.auto_renew_cancelled = auto is not None
        self.last_credits = (
            () if auto is None else (Credit(_AUTO, BillableOperation.AUTO_RENEW, 1, auto[5]),)
        )
        extended = add_years(self.expiry, years - (1 if auto is not None else 0))
        cap = add_years(t, self.rules.max_term_years)
        self.transfer_capped = extended > cap
        self.expiry = min(extended, cap)
        self.sponsor = gaining
        self.pending = None
        # Approval removes every old grace period and opens the transfer's (Nomulus).
        self.graces = (
            [
                (
                    _TRANSFER,
                    t,
                    t + grace,
                    BillableOperation.TRANSFER,
                    years,
                    gaining,
                )
            ]
            if grace
            else []
        )

    def do_delete(self, t: datetime) -> None:
        # The server cancels a pending transfer (Nomulus handlePendingTransferOnDelete),
        # where RFC 5731's pendingTransfer would refuse the delete.
        self.pending = None
        credits = []
        expiry = self.expiry
        in_add = False
        for status, start, end, operation, years, registrar in self.graces:
            if start <= t < end:
                credits.append(Credit(status, operation, years, registrar))
                expiry = add_years(expiry, -years)
                in_add = in_add or status is _ADD
        self.last_credits = tuple(credits)
        self.expiry = expiry
        self.graces = []
        if in_add:
            self.purged_at = t
            return
        self.deleted_at = self.redemption_since = t
        self.redemption_end = t + self.need("redemption")
        self.purge_at = self.redemption_end + self.need("pending_delete")

    def do_restore_request(self, t: datetime) -> None:
        self.restore_requested = t
        self.report_due = t + self.need("restore_report")
        self.restore_expiry = add_years(self.expiry, 1) if self.expiry <= t else self.expiry

    def do_restore_report(self, t: datetime) -> None:
        assert self.restore_expiry is not None
        self.expiry = self.restore_expiry
        self.deleted_at = self.restore_requested = self.report_due = self.restore_expiry = None
        self.graces = []

    # --- one event of a history ----------------------------------------------

    # One method per event kind: the check, then (if allowed) the operation.

    def _on_renew(self, e: Renew) -> RegistryRefusal | None:
        refusal = self.check_renew(e.at, e.registrar, e.years)
        if refusal is None:
            self.do_renew(e.at, e.registrar, e.years)
        return refusal

    def _on_delete(self, e: Delete) -> RegistryRefusal | None:
        refusal = self.check_delete(e.at, e.registrar)
        if refusal is None:
            self.do_delete(e.at)
        return refusal

    def _on_transfer_request(self, e: TransferRequest) -> RegistryRefusal | None:
        refusal = self.check_transfer_request(e.at, e.registrar)
        if refusal is None:
            self.do_transfer_request(e.at, e.registrar, e.years)
        return refusal

    def _on_transfer_approve(self, e: TransferApprove) -> RegistryRefusal | None:
        refusal = self.check_transfer_action(e.at, e.registrar, by_gaining=False)
        if refusal is None:
            self.approve_transfer(e.at)
        return refusal

    def _on_transfer_reject(self, e: TransferReject) -> RegistryRefusal | None:
        refusal = self.check_transfer_action(e.at, e.registrar, by_gaining=False)
        if refusal is None:
            self.pending = None
        return refusal

    def _on_transfer_cancel(self, e: TransferCancel) -> RegistryRefusal | None:
        refusal = self.check_transfer_action(e.at, e.registrar, by_gaining=True)
        if refusal is None:
            self.pending = None
        return refusal

    def _on_restore_request(self, e: RestoreRequest) -> RegistryRefusal | None:
        refusal = self.check_restore_request(e.at, e.registrar)
        if refusal is None:
            self.do_restore_request(e.at)
        return refusal

    def _on_restore_report(self, e: RestoreReport) -> RegistryRefusal | None:
        refusal = self.check_restore_report(e.at, e.registrar)
        if refusal is None:
            self.do_restore_report(e.at)
        return refusal

    def _on_auto_renew(self, e: AutoRenew) -> RegistryRefusal | None:
        refusal = self._registered(e.at)
        if refusal is None and self.last_auto_renew != e.at:
            refusal = _not_due(
                "the registry auto-renews at the expiry instant"
                + ("" if self.rules.auto_renew else ", and this registry does not auto-renew"),
                "RFC 3915 §1 (auto-renew at expiry); Nomulus autorenew",
            )
        return refusal

    def _on_transfer_auto_approve(self, e: TransferAutoApprove) -> RegistryRefusal | None:
        refusal = self._registered(e.at)
        if refusal is None and self.last_auto_approve != e.at:
            refusal = _not_due(
                "the registry approves a pending transfer automatic_transfer after its request",
                "Nomulus DomainTransferRequestFlow (automaticTransferLength)",
            )
        return refusal

    def _on_create(self, e: Create) -> RegistryRefusal | None:
        return _not_due("a registration is created once", "RFC 5731 §3.2.1")

    # --- the answer -----------------------------------------------------------

    def snapshot(self, name: DomainName, at: datetime) -> RegistryState:
        if self.created is None or at < self.created:
            return RegistryState(
                name=name,
                at=at,
                registered=False,
                statuses=_NONE,
                periods=(),
                expires_at=None,
                sponsor=None,
            )
        if self.purged_at is not None:
            return RegistryState(
                name=name,
                at=at,
                registered=False,
                statuses=_NONE,
                periods=(),
                expires_at=None,
                sponsor=None,
                purged_at=self.purged_at,
            )
        if self.deleted_at is None:
            periods = tuple(
                RgpPeriod(g[0], g[1], g[2], g[3], g[4], g[5])
                for g in self.graces
                if g[1] <= at < g[2]
            )
            pending = self.pending
            return RegistryState(
                name=name,
                at=at,
                registered=True,
                statuses=_OK if pending is None else _PENDING_TRANSFER,
                periods=periods,
                expires_at=self.expiry,
                sponsor=self.sponsor,
                pending_transfer=None if pending is None else PendingTransfer(*pending),
            )
        purge_at = self.purge_at
        if self.restore_requested is not None:
            assert self.report_due is not None
            period = RgpPeriod(RgpStatus.PENDING_RESTORE, self.restore_requested, self.report_due)
            # If the report never comes (see advance).
            purge_at = max(self.redemption_end, self.report_due) + self.need("pending_delete")
        elif at < self.redemption_end:
            period = RgpPeriod(
                RgpStatus.REDEMPTION_PERIOD, self.redemption_since, self.redemption_end
            )
        else:
            start = max(self.redemption_end, self.redemption_since)
            period = RgpPeriod(RgpStatus.PENDING_DELETE, start, self.purge_at)
        return RegistryState(
            name=name,
            at=at,
            registered=True,
            statuses=_PENDING_DELETE,
            periods=(period,),
            expires_at=self.expiry,
            sponsor=self.sponsor,
            purge_at=purge_at,
        )


_ON: dict[type, Callable[[_Replay, Any], RegistryRefusal | None]] = {
    Create: _Replay._on_create,
    Renew: _Replay._on_renew,
    AutoRenew: _Replay._on_auto_renew,
    TransferRequest: _Replay._on_transfer_request,
    TransferApprove: _Replay._on_transfer_approve,
    TransferReject: _Replay._on_transfer_reject,
    TransferCancel: _Replay._on_transfer_cancel,
    TransferAutoApprove: _Replay._on_transfer_auto_approve,
    Delete: _Replay._on_delete,
    RestoreRequest: _Replay._on_restore_request,
    RestoreReport: _Replay._on_restore_report,
}


def _refusal(
    reason: RefusalReason,
    detail: str,
    clause: str,
    *,
    remedy: str = "none",
    lifts_at: datetime | None = None,
) -> RegistryRefusal:
    return RegistryRefusal(
        reason=reason, detail=detail, remedy=remedy, lifts_at=lifts_at, clause=clause
    )


def _pending_transfer(auto_at: datetime) -> RegistryRefusal:
    return _refusal(
        RefusalReason.PENDING_TRANSFER,
        f"a transfer is pending (the registry approves it at {auto_at.isoformat()})",
        "RFC 5731 §2.3 (pendingTransfer: other transform commands rejected)",
        remedy="wait, or have it approved, rejected or cancelled",
        lifts_at=auto_at,
    )


def _restore_sponsor(refusal: RegistryRefusal | None) -> RegistryRefusal | None:
    if refusal is None:
        return None
    return attrs.evolve(refusal, clause="RFC 3915 §8 (only the sponsoring client may restore)")


def _not_due(detail: str, clause: str) -> RegistryRefusal:
    return _refusal(RefusalReason.NOT_DUE, detail, clause)


def _replay(
    history: DomainHistory,
    at: datetime,
    rules: RegistryRules,
    *,
    upto: bool = False,
    label: str = "",
) -> tuple[_Replay, RegistryState]:
    """Replay every event of ``history``; the state at ``at`` taken on the way.

    With ``upto``, only the events at or before ``at`` are replayed, and a later one
    is an error (an operation asked about at ``at`` cannot precede the history).
    """
    run = _Replay(rules, label)
    state: RegistryState | None = None
    events = history.events
    create = events[0]
    assert isinstance(create, Create)  # DomainHistory checked it
    if create.years > rules.max_term_years:
        raise _history_error(
            0,
            create,
            f"{create!r}: a registration of more than {rules.max_term_years} years "
            "(Nomulus DomainCreateFlow; RFC 5731 §3.2.1)",
        )
    run.do_create(create)
    if events[0].at > at:
        state = run.snapshot(history.name, at)
    on = _ON
    for index in range(1, len(events)):
        # The body of apply(), inlined: this loop is the hot path.
        event = events[index]
        t = event.at
        if state is None and t > at:
            if upto:
                raise _history_error(
                    index, event, f"{event!r} is after the instant asked about ({at.isoformat()})"
                )
            run.advance(at)
            state = run.snapshot(history.name, at)
        run.advance(t)
        refusal = on[type(event)](run, event)
        if refusal is not None:
            raise _history_error(index, event, f"{event!r}: {refusal.detail} ({refusal.clause})")
    if state is None:
        run.advance(at)
        state = run.snapshot(history.name, at)
    return run, state
