"""The registry's view of one domain at an instant: EPP statuses, RFC 3915 periods, expiry.

:func:`registry_state` replays a :class:`~domainrules.registry.events.DomainHistory`
under a registry's numbers (:class:`~domainrules.rulesets.RegistryRules`) and says
what is in force at ``at``: the EPP statuses (``ok``, ``pendingTransfer``,
``pendingDelete``), the RFC 3915 ``rgpStatus`` values with the instant each period
ends, the registry expiry and the sponsoring registrar.

>>> from domainrules.registry import Create, Delete, DomainHistory, registry_state
>>> from domainrules.rulesets import NOMULUS_DEFAULTS
>>> history = DomainHistory("example.com", [
...     Create("2024-01-10T00:00:00Z", registrar="alpha"),
...     Delete("2025-01-20T00:00:00Z", registrar="alpha")])
>>> state = registry_state(history, "2025-01-12T00:00:00Z", rules=NOMULUS_DEFAULTS)
>>> [(p.status.value, p.ends_at.isoformat()) for p in state.periods]
[('autoRenewPeriod', '2025-02-24T00:00:00+00:00')]
>>> state.expires_at.isoformat(), state.sponsor
('2026-01-10T00:00:00+00:00', 'alpha')
>>> later = registry_state(history, "2025-02-21T00:00:00Z", rules=NOMULUS_DEFAULTS)
>>> sorted(s.value for s in later.statuses), sorted(s.value for s in later.rgp_statuses)
(['pendingDelete'], ['pendingDelete'])
>>> later.expires_at.isoformat(), later.purge_at.isoformat()
('2025-01-10T00:00:00+00:00', '2025-02-24T00:00:00+00:00')

The rules of the replay, each with its source:

- Periods are half-open ``[start, end)`` and exact (``timedelta``), counted from the
  event that opens them, as Nomulus counts them (``Tld.java``).
- With ``auto_renew``, the registry renews by a year at the expiry instant and opens
  the auto-renew grace there (Nomulus ``DomainBase.cloneProjectedAtTime``; Verisign
  "the first day after the expiration date"). A deleted domain is never auto-renewed.
- A pending transfer is approved by the registry ``automatic_transfer`` after the
  request (Nomulus ``automaticTransferLength``).
- A delete inside the add grace purges the name at once (ERRP 3.1; Nomulus
  ``DomainDeleteFlow``); any other delete opens ``redemptionPeriod`` then RGP
  ``pendingDelete`` (RFC 3915 §2), and removes the years of every grace period in
  force from the expiry (Nomulus ``DomainDeleteFlow``).
- A restore request (only in ``redemptionPeriod``, only by the sponsor: RFC 3915 §2,
  §8) opens ``pendingRestore`` for ``restore_report``; the report restores the domain;
  no report in time: back to ``redemptionPeriod`` until the redemption ends (counted
  from the delete), or, when that has passed, to RGP ``pendingDelete`` for
  ``pending_delete`` (RFC 3915 §2: pendingRestore → redemptionPeriod, and a
  redemptionPeriod that has elapsed → pendingDelete).
- A restored domain gets a year added when its expiry has passed at the restore
  request (Nomulus ``DomainRestoreRequestFlow``: "restore adds a year if the domain
  has expired"), and no grace period.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domainrules._validate import instance, show
from domainrules.errors import ArgumentTypeError, NoRegistryRulesError
from domainrules.instants import EARLIEST_YEAR, LATEST_YEAR, UTC, Instant, to_utc
from domainrules.names import DomainName
from domainrules.registry._replay import _replay
from domainrules.registry.events import DomainHistory
from domainrules.registry.values import RegistryState
from domainrules.rulesets import RegistryRules, RuleSet, as_rule_set

__all__ = ["registry_rules_for", "registry_state"]


def registry_rules_for(
    name: DomainName | str, rules: Any, *, at: Instant | None = None
) -> RegistryRules:
    """``rules`` if it is a :class:`RegistryRules`; for a :class:`RuleSet` (or a shipped
    rule set's name), the registry numbers of ``name``'s family in the version in force
    at ``at`` (:meth:`RuleSet.for_expiry`: the last whose ``valid_from`` is at or before
    it). ``at`` may be left out only when the rule set has one version.
    :class:`NoRegistryRulesError` if the family has no registry numbers.

    >>> registry_rules_for("example.com", "verisign").restore_report.days
    7
    >>> registry_rules_for("example.org", "pir").unpublished
    ('renew_grace', 'transfer_grace', 'automatic_transfer', 'restore_report')
    """
    return _numbers(name, rules, at)[0]


def _numbers(name: DomainName | str, rules: Any, at: Instant | None) -> tuple[RegistryRules, str]:
    # The numbers, and what to call them in an error ("rule set 'pir', family 'pir'").
    if isinstance(rules, RegistryRules):
        return rules, ""
    if isinstance(rules, str):
        rules = as_rule_set(rules)
    if isinstance(rules, RuleSet):
        if at is not None:
            rules = rules.for_expiry(at)
        elif len(rules.versions) > 1:
            raise ArgumentTypeError(
                f"at: rule set {rules.name!r} has {len(rules.versions)} versions; say which "
                "instant selects the registry numbers (at=...)",
                field="at",
                value=None,
            )
        family = rules.family_for(name)
        if family.registry is None:
            raise NoRegistryRulesError(
                f"rules: family {family.name!r} of rule set {rules.name!r} has no registry "
                "numbers; pass rules=RegistryRules(...) (e.g. NOMULUS_DEFAULTS) instead",
                field="rules",
                value=rules.name,
            )
        return family.registry, f"rule set {rules.name!r} (family {family.name!r})"
    raise ArgumentTypeError(
        f"rules: expected RegistryRules, a RuleSet or a rule set's name, not "
        f"{type(rules).__name__} {show(rules)}",
        field="rules",
        value=rules,
    )


def registry_state(
    history: DomainHistory, at: Instant, *, rules: RegistryRules | RuleSet | str
) -> RegistryState:
    """What is in force at ``at`` for the domain of ``history`` at its registry.

    ``rules`` is the registry's numbers, or a rule set (or a shipped one's name) whose
    family for the domain has them, in the version in force at ``at``. A question that
    needs a number the registry does not publish is an
    :class:`~domainrules.errors.UnpublishedRegistryNumberError`. The whole history is checked (:class:`~domainrules.errors.InvalidHistoryError`
    names the first event that cannot happen), not only the events before ``at``.
    """
    if type(history) is not DomainHistory:
        history = instance(history, DomainHistory, "history")
    # The hot path: a plain UTC datetime needs no conversion.
    t = (
        at
        if type(at) is datetime and at.tzinfo is UTC and EARLIEST_YEAR <= at.year <= LATEST_YEAR
        else to_utc(at, "at")
    )
    numbers, label = (
        (rules, "") if type(rules) is RegistryRules else _numbers(history.name, rules, t)
    )
    _, state = _replay(history, t, numbers, label=label)
    assert state is not None
    return state
