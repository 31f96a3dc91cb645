"""What a delete, a transfer or a restore would do now, as pure decisions.

Each function replays the history to ``at`` and answers for the operation asked
about, without changing anything: one result type per kind, with ``refusal`` set
(the reason and the clause) when the registry would refuse. They apply the same
checks :func:`~domainrules.registry.registry_state` applies to a history's events.

>>> from domainrules.registry import Create, DomainHistory, delete_outcome
>>> from domainrules.rulesets import NOMULUS_DEFAULTS
>>> history = DomainHistory("example.com", [Create("2025-01-01T00:00:00Z", registrar="alpha")])
>>> outcome = delete_outcome(history, "2025-01-03T00:00:00Z", registrar="alpha", rules=NOMULUS_DEFAULTS)
>>> outcome.purged_at.isoformat(), [(c.period.value, c.operation.value, c.years) for c in outcome.credits]
('2025-01-03T00:00:00+00:00', [('addPeriod', 'create', 1)])
>>> delete_outcome(history, "2025-01-03T00:00:00Z", registrar="beta", rules=NOMULUS_DEFAULTS).refusal.reason
<RefusalReason.NOT_SPONSOR: 'not-sponsor'>
"""

from __future__ import annotations

from datetime import datetime

import attrs

from domainrules._validate import checked, count, instance
from domainrules.errors import InvalidCountError
from domainrules.instants import Instant, to_utc
from domainrules.registry._replay import _Replay, _replay
from domainrules.registry.events import DomainHistory, _registrar
from domainrules.registry.state import _numbers
from domainrules.registry.values import Credit, RegistryRefusal
from domainrules.rulesets import RegistryRules, RuleSet

__all__ = [
    "DeleteOutcome",
    "RestoreOutcome",
    "TransferOutcome",
    "delete_outcome",
    "restore_outcome",
    "transfer_outcome",
]


@checked
@attrs.frozen(kw_only=True)
class DeleteOutcome:
    """What a delete at ``at`` does. Refused: only ``refusal`` is set."""

    at: datetime
    refusal: RegistryRefusal | None = None
    #: Deleted inside the add grace: purged at once, at ``at`` (no RGP). Else None.
    purged_at: datetime | None = None
    #: Every grace period in force credited, in the order they opened.
    credits: tuple[Credit, ...] = ()
    #: The registry expiry after the credited years are taken off.
    expires_at: datetime | None = None
    #: Not purged at once: the end of ``redemptionPeriod`` and of RGP ``pendingDelete``.
    redemption_ends_at: datetime | None = None
    purge_at: datetime | None = None

    @property
    def allowed(self) -> bool:
        """Whether the registry accepts the delete."""
        return self.refusal is None

    @property
    def purged_at_once(self) -> bool:
        """Whether the name is purged at once (a delete inside the add grace)."""
        return self.purged_at is not None


@checked
@attrs.frozen(kw_only=True)
class TransferOutcome:
    """What a transfer request at ``at`` does, if the registry approves it itself at
    ``auto_approve_at`` (an earlier approval follows the same rule at its instant)."""

    at: datetime
    refusal: RegistryRefusal | None = None
    auto_approve_at: datetime | None = None
    #: Whether the approval cancels the auto-renew year (inside the auto-renew grace).
    auto_renew_cancelled: bool = False
    #: What the losing registrar is credited (the cancelled auto-renew year).
    credits: tuple[Credit, ...] = ()
    #: The registry expiry after the approval (capped at ``max_term_years`` from then).
    expires_at: datetime | None = None
    #: Whether the cap cut the added years short.
    capped: bool = False

    @property
    def allowed(self) -> bool:
        """Whether the registry accepts the request."""
        return self.refusal is None


@checked
@attrs.frozen(kw_only=True)
class RestoreOutcome:
    """What a restore request at ``at`` does (RFC 3915 §2)."""

    at: datetime
    refusal: RegistryRefusal | None = None
    #: ``pendingRestore`` lasts until then: the report must arrive before it.
    report_due_at: datetime | None = None
    #: The expiry once the report is in (a year added if it had passed at the request).
    expires_at: datetime | None = None
    adds_year: bool = False
    #: No report by ``report_due_at``: back to ``redemptionPeriod`` until this instant
    #: (None when the redemption has ended by then: straight to RGP ``pendingDelete``) ...
    redemption_ends_at: datetime | None = None
    #: ... and purged at this instant unless restored again.
    purge_at_if_no_report: datetime | None = None

    @property
    def allowed(self) -> bool:
        """Whether the registry accepts the request."""
        return self.refusal is None


def _at(
    history: DomainHistory, at: Instant, rules: RegistryRules | RuleSet | str
) -> tuple[_Replay, datetime]:
    history = instance(history, DomainHistory, "history")
    t = to_utc(at, "at")
    # The rule set's version in force at the operation's instant.
    numbers, label = _numbers(history.name, rules, t)
    run, _ = _replay(history, t, numbers, upto=True, label=label)
    run.advance(t)
    return run, t


def _check_registrar(registrar: str) -> str:
    _registrar(None, None, registrar)
    return registrar


def delete_outcome(
    history: DomainHistory, at: Instant, *, registrar: str, rules: RegistryRules | RuleSet | str
) -> DeleteOutcome:
    """What the registry does if ``registrar`` deletes the domain at ``at``.

    Inside the add grace the name is purged at once and the create credited (with any
    renew grace in force too); otherwise it enters ``redemptionPeriod`` and every grace
    period in force is credited and its years taken off the expiry (Nomulus
    ``DomainDeleteFlow``; Verisign's overlapping grace periods).
    """
    registrar = _check_registrar(registrar)
    run, t = _at(history, at, rules)
    refusal = run.check_delete(t, registrar)
    if refusal is not None:
        return DeleteOutcome(at=t, refusal=refusal)
    run.do_delete(t)
    if run.purged_at is not None:
        return DeleteOutcome(at=t, purged_at=t, credits=run.last_credits, expires_at=run.expiry)
    return DeleteOutcome(
        at=t,
        credits=run.last_credits,
        expires_at=run.expiry,
        redemption_ends_at=run.redemption_end,
        purge_at=run.purge_at,
    )


def transfer_outcome(
    history: DomainHistory,
    at: Instant,
    *,
    registrar: str,
    rules: RegistryRules | RuleSet | str,
    years: int = 1,
) -> TransferOutcome:
    """What a transfer request by the gaining ``registrar`` at ``at`` does.

    Refused inside the add grace, after a delete (redemption, pendingRestore, RGP
    pendingDelete), while another transfer is pending, and for the sponsor itself.
    Approved inside the auto-renew grace, the auto-renew year is cancelled (credited to
    the losing registrar) and the transfer's year replaces it; the expiry is capped at
    ``max_term_years`` after the approval (Nomulus ``computeExDateForApprovalTime``).
    """
    registrar = _check_registrar(registrar)
    if count(years, "years", maximum=100) < 1:
        raise InvalidCountError(
            f"years: a whole number from 1 to 100, not {years}", field="years", value=years
        )
    run, t = _at(history, at, rules)
    refusal = run.check_transfer_request(t, registrar)
    if refusal is not None:
        return TransferOutcome(at=t, refusal=refusal)
    run.do_transfer_request(t, registrar, years)
    assert run.pending is not None
    auto_at = run.pending[2]
    run.advance(auto_at)
    if run.pending is not None:  # a zero automatic_transfer: approved at the request
        run.approve_transfer(auto_at)
    return TransferOutcome(
        at=t,
        auto_approve_at=auto_at,
        auto_renew_cancelled=run.auto_renew_cancelled,
        credits=run.last_credits,
        expires_at=run.expiry,
        capped=run.transfer_capped,
    )


def restore_outcome(
    history: DomainHistory, at: Instant, *, registrar: str, rules: RegistryRules | RuleSet | str
) -> RestoreOutcome:
    """What a restore request by ``registrar`` at ``at`` does (RFC 3915 §2, §8).

    Only the sponsor, only in ``redemptionPeriod``. The report is due ``restore_report``
    later; it restores the domain, with a year added if the expiry had passed at the
    request (Nomulus ``DomainRestoreRequestFlow``). Without it the domain goes back to
    ``redemptionPeriod`` until the redemption ends (counted from the delete), then
    RGP ``pendingDelete`` and the purge.
    """
    registrar = _check_registrar(registrar)
    run, t = _at(history, at, rules)
    refusal = run.check_restore_request(t, registrar)
    if refusal is not None:
        return RestoreOutcome(at=t, refusal=refusal)
    before = run.expiry
    run.do_restore_request(t)
    assert run.report_due is not None and run.restore_expiry is not None
    due = run.report_due
    return RestoreOutcome(
        at=t,
        report_due_at=due,
        expires_at=run.restore_expiry,
        adds_year=run.restore_expiry != before,
        redemption_ends_at=run.redemption_end if due < run.redemption_end else None,
        purge_at_if_no_report=max(run.redemption_end, due) + run.need("pending_delete"),
    )
