"""The registrar's phases and the registry's states of one domain, on one timeline.

A registrar's renewal grace sits inside the registry's auto-renew grace: the
registry renews the domain at its expiry and credits the year back if the
registrar deletes it in time; the registrar's redemption is the registry's
``redemptionPeriod`` after that delete. :func:`side_by_side` lays both out for a
domain nobody renews, with the registrar deleting it when its renewal grace ends:

>>> from domainrules.registry import side_by_side
>>> from domainrules.rulesets import NOMULUS_DEFAULTS
>>> both = side_by_side("example.com", "2025-01-01T00:00:00Z", registry=NOMULUS_DEFAULTS)
>>> for span in both.registry_spans:
...     print(span)
ok                until 2025-01-01T00:00:00+00:00
autoRenewPeriod   2025-01-01T00:00:00+00:00 .. 2025-01-31T00:00:00+00:00
redemptionPeriod  2025-01-31T00:00:00+00:00 .. 2025-03-02T00:00:00+00:00
pendingDelete     2025-03-02T00:00:00+00:00 .. 2025-03-07T00:00:00+00:00
purged            from 2025-03-07T00:00:00+00:00
>>> [span.phase.value for span in both.lifecycle.spans]
['active', 'renewal-grace', 'redemption', 'pending-delete', 'released']
>>> both.mismatches
()
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from domainrules._validate import checked, choice
from domainrules.errors import InvalidInstantError
from domainrules.instants import EARLIEST_YEAR, LATEST_YEAR, Instant, add_years, to_utc
from domainrules.lifecycle import Lifecycle, Phase, lifecycle_of
from domainrules.names import DomainName
from domainrules.registry._replay import _replay
from domainrules.registry.events import Create, Delete, DomainHistory
from domainrules.registry.state import _numbers
from domainrules.registry.values import RegistryState, RgpStatus
from domainrules.rulesets import DEFAULT_RULE_SET, RegistryRules, RuleSet, as_rule_set
from domainrules.statuses import EppStatus

__all__ = ["RegistrySpan", "SideBySide", "side_by_side"]


@checked
@attrs.frozen
class RegistrySpan:
    """One stretch of time with the same registry state: ``[start, end)``; ``start``
    None for "until then", ``end`` None for "from then on"."""

    #: The RFC 3915 statuses in force (empty: none; ``ok`` shows in ``statuses``).
    rgp_statuses: frozenset[RgpStatus]
    statuses: frozenset[EppStatus]
    start: datetime | None
    end: datetime | None
    registered: bool = True

    @property
    def label(self) -> str:
        """The rgpStatus values (by RFC order), else the EPP statuses, else ``purged``."""
        if not self.registered:
            return "purged"
        if self.rgp_statuses:
            return "+".join(s.value for s in RgpStatus if s in self.rgp_statuses)
        return "+".join(sorted(s.value for s in self.statuses))

    def __str__(self) -> str:
        if self.start is None:
            when = f"until {self.end.isoformat() if self.end else '-'}"
        elif self.end is None:
            when = f"from {self.start.isoformat()}"
        else:
            when = f"{self.start.isoformat()} .. {self.end.isoformat()}"
        return f"{self.label:<17} {when}"


@checked
@attrs.frozen(kw_only=True)
class SideBySide:
    """One domain's registrar phases (:class:`~domainrules.lifecycle.Lifecycle`) and
    registry states (:class:`RegistrySpan`), for the history in ``history``: created a
    year before the expiry, never renewed, deleted by the registrar at ``deleted_at``."""

    lifecycle: Lifecycle
    registry: RegistryRules
    history: DomainHistory
    deleted_at: datetime
    registry_spans: tuple[RegistrySpan, ...]

    @property
    def name(self) -> DomainName:
        return self.lifecycle.name

    @property
    def expires_at(self) -> datetime:
        return self.lifecycle.expires_at

    @property
    def purged_at(self) -> datetime:
        """When the registry purges the name (the start of the last span)."""
        last = self.registry_spans[-1].start
        assert last is not None
        return last

    def registry_span_of(self, status: RgpStatus | str) -> RegistrySpan | None:
        """The first registry span with ``status`` in force, None if there is none."""
        status = choice(status, RgpStatus, "status")
        return next((s for s in self.registry_spans if status in s.rgp_statuses), None)

    @property
    def mismatches(self) -> tuple[str, ...]:
        """Where a registrar phase outlasts the registry state it lives in: a renewal
        grace past the auto-renew grace (the delete no longer gets the year back), a
        redemption past the registry's, a release before the registry's purge...
        Empty when the registrar's numbers fit inside the registry's."""
        found = []
        life = self.lifecycle
        auto = self.registry_span_of(RgpStatus.AUTO_RENEW_PERIOD)
        late = auto is None or auto.end is None or life.renewal_grace_ends_at > auto.end
        if self.registry.auto_renew and life.renewal_grace_ends_at > life.expires_at and late:
            end = "none" if auto is None or auto.end is None else auto.end.isoformat()
            found.append(
                f"renewal grace ends {life.renewal_grace_ends_at.isoformat()}, after the "
                f"registry's auto-renew grace ({end}): a delete then is not credited"
            )
        redemption = self.registry_span_of(RgpStatus.REDEMPTION_PERIOD)
        if life.redemption_ends_at > life.renewal_grace_ends_at:
            registry_end = None if redemption is None else redemption.end
            if registry_end is None or life.redemption_ends_at > registry_end:
                end = "none" if registry_end is None else registry_end.isoformat()
                found.append(
                    f"redemption ends {life.redemption_ends_at.isoformat()}, after the "
                    f"registry's redemptionPeriod ({end}): a restore then is refused"
                )
        if life.pending_delete_ends_at > self.purged_at:
            found.append(
                f"the registrar's last phase ends {life.pending_delete_ends_at.isoformat()}, "
                f"after the registry purged the name ({self.purged_at.isoformat()})"
            )
        return tuple(found)

    def state_at(self, at: Instant) -> RegistryState:
        """The registry's state at ``at`` (as :func:`~domainrules.registry.registry_state`)."""
        _, state = _replay(self.history, to_utc(at, "at"), self.registry)
        assert state is not None
        return state

    def phase_at(self, at: Instant) -> Phase:
        """The registrar's phase at ``at``."""
        return self.lifecycle.phase_at(at)


def side_by_side(
    name: DomainName | str,
    expires_at: Instant,
    *,
    rules: RuleSet | str = DEFAULT_RULE_SET,
    registry: RegistryRules | RuleSet | str | None = None,
    deleted_at: Instant | None = None,
) -> SideBySide:
    """Both views of ``name`` expiring at ``expires_at``, never renewed.

    ``rules`` is the registrar's rule set; ``registry`` the registry's numbers, or a
    rule set (or a shipped one's name) to take them from (default: ``rules``); from a
    rule set, those of the domain's family in the version in force at the expiry, as
    for the lifecycle. A family without them is a
    :class:`~domainrules.errors.NoRegistryRulesError`, a number the registry does not
    publish that the timeline needs an
    :class:`~domainrules.errors.UnpublishedRegistryNumberError`). The registrar deletes the
    domain at the registry at ``deleted_at``, by default when its renewal grace ends
    (where its redemption begins). The create is taken as one year before the expiry
    by a registrar named after the rule set; only what follows the expiry depends on it.
    """
    rule_set = as_rule_set(rules)
    life = lifecycle_of(name, expires_at, rules=rule_set)
    # The registry numbers of the version in force at the expiry, as the lifecycle's.
    numbers, label = _numbers(
        life.name, rule_set if registry is None else registry, life.expires_at
    )
    created = add_years(life.expires_at, -1)
    if created.year < EARLIEST_YEAR:
        raise InvalidInstantError(
            f"expires_at: {life.expires_at.isoformat()} is too early for this view, which "
            f"takes the create a year before the expiry ({created.isoformat()}, before "
            f"{EARLIEST_YEAR})",
            field="expires_at",
            value=expires_at,
        )
    if deleted_at is None:
        delete = life.renewal_grace_ends_at
        if delete.year > LATEST_YEAR:
            raise InvalidInstantError(
                f"expires_at: {life.expires_at.isoformat()} is too late for this view: the "
                f"delete when the renewal grace ends ({delete.isoformat()}) is after "
                f"{LATEST_YEAR}; pass deleted_at",
                field="expires_at",
                value=expires_at,
            )
    else:
        delete = to_utc(deleted_at, "deleted_at")
        if delete < created:
            # Said of the argument given, not of the history built from it.
            raise InvalidInstantError(
                f"deleted_at: {delete.isoformat()} is before the create this view takes, a "
                f"year before the expiry ({created.isoformat()})",
                field="deleted_at",
                value=deleted_at,
            )
    registrar = rule_set.name[:64] or "registrar"
    history = DomainHistory(
        life.name,
        (
            Create(created, registrar=registrar),
            Delete(delete, registrar=registrar),
        ),
    )
    return SideBySide(
        lifecycle=life,
        registry=numbers,
        history=history,
        deleted_at=delete,
        registry_spans=_spans(history, numbers, life.expires_at, label),
    )


def _spans(
    history: DomainHistory, rules: RegistryRules, start: datetime, label: str
) -> tuple[RegistrySpan, ...]:
    # Walk from boundary to boundary: the state can only change where a period ends,
    # at an event, or at the purge.
    events = [e.at for e in history.events]
    _, first = _replay(history, start, rules, label=label)
    assert first is not None
    spans: list[RegistrySpan] = []
    before, _ = _state_before(history, rules, start)
    spans.append(RegistrySpan(before.rgp_statuses, before.statuses, None, start, before.registered))
    t, state = start, first
    for _ in range(1000):  # a handful in practice; never a hang
        ends = [p.ends_at for p in state.periods if p.ends_at > t]
        ends += [e for e in events if e > t]
        if state.purge_at is not None and state.purge_at > t:
            ends.append(state.purge_at)
        if not state.registered:
            spans.append(RegistrySpan(frozenset(), frozenset(), t, None, False))
            break
        if not ends:
            spans.append(RegistrySpan(state.rgp_statuses, state.statuses, t, None))
            break
        nxt = min(ends)
        _, after = _replay(history, nxt, rules)
        assert after is not None
        if _same(spans[-1], state) and spans[-1].end == t:
            spans[-1] = attrs.evolve(spans[-1], end=nxt)
        else:
            spans.append(RegistrySpan(state.rgp_statuses, state.statuses, t, nxt))
        t, state = nxt, after
    return tuple(spans)


def _state_before(
    history: DomainHistory, rules: RegistryRules, start: datetime
) -> tuple[RegistryState, datetime]:
    # Just before the expiry: the registration as it stood (grace periods of a create a
    # year earlier have long ended).
    just_before = start - timedelta(microseconds=1)
    _, state = _replay(history, just_before, rules)
    assert state is not None
    return state, just_before


def _same(span: RegistrySpan, state: RegistryState) -> bool:
    return span.rgp_statuses == state.rgp_statuses and span.statuses == state.statuses
