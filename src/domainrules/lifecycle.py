"""A domain's life after its expiry instant: phases, dates, what each phase permits.

Given a name and its expiry instant, :func:`lifecycle_of` projects every phase and
milestone from the rule set's numbers, as a pure function of the stored dates
(the model of Google's Nomulus registry). Periods are
exact 24-hour days, so the same instant in any zone gives the same answer.

>>> from domainrules import lifecycle_of, Phase
>>> life = lifecycle_of("example.cn", "2025-03-01T06:00:00+08:00")
>>> life.expires_at.isoformat()
'2025-02-28T22:00:00+00:00'
>>> life.phase_at("2025-03-20T00:00:00+08:00")
<Phase.RENEWAL_GRACE: 'renewal-grace'>
>>> for span in life.spans:
...     print(span)
active          until 2025-02-28T22:00:00+00:00  (last day 2025-03-01, Asia/Shanghai)
renewal-grace   2025-02-28T22:00:00+00:00 .. 2025-03-30T22:00:00+00:00  days 1-30 after expiry (2025-03-02 .. 2025-03-31, Asia/Shanghai)
redemption      2025-03-30T22:00:00+00:00 .. 2025-04-13T22:00:00+00:00  days 31-44 after expiry (2025-04-01 .. 2025-04-14, Asia/Shanghai)
released        from 2025-04-13T22:00:00+00:00  (from 2025-04-15, Asia/Shanghai)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType

import attrs

from domainrules._validate import Choice, checked, choice, count, flag, show, wrong_type
from domainrules.errors import (
    ArgumentTypeError,
    InvalidTermError,
    RedemptionRefusedError,
    RenewalRefusedError,
    TermLimitError,
)
from domainrules.instants import Instant, add_years, local_date, to_utc
from domainrules.names import DomainName
from domainrules.rulesets import (
    DEFAULT_RULE_SET,
    LifecycleRules,
    PreRelease,
    ResumptionWindow,
    RuleSet,
    SuffixFamily,
    as_rule_set,
)

__all__ = [
    "ACTION_PHASES",
    "PERMITTED",
    "RESOLUTION",
    "Lifecycle",
    "Operation",
    "PeriodDays",
    "Phase",
    "PhaseOffsets",
    "Reminder",
    "Resolution",
    "Span",
    "lifecycle_of",
    "phase_offsets",
]


class Phase(Choice):
    """Where a domain is in its life. Phases only ever move forward as time passes."""

    ACTIVE = "active"
    RENEWAL_GRACE = "renewal-grace"
    REDEMPTION = "redemption"
    PENDING_DELETE = "pending-delete"
    RELEASED = "released"

    @property
    def rank(self) -> int:
        """The phase's place in the order ACTIVE < ... < RELEASED."""
        return _RANK[self]

    @property
    def expired(self) -> bool:
        """Whether the domain is past its expiry instant."""
        return self is not Phase.ACTIVE


_RANK = {phase: index for index, phase in enumerate(Phase)}


class Operation(Choice):
    """What a holder may ask the registrar to do with a domain."""

    RENEW = "renew"
    REDEEM = "redeem"
    TRANSFER_OWNERSHIP = "transfer-ownership"
    MODIFY_CONTACTS = "modify-contacts"
    CHANGE_DNS_SERVERS = "change-dns-servers"
    TRANSFER_OUT = "transfer-out"


class Resolution(Choice):
    """Whether the domain resolves in DNS, as far as its phase decides."""

    RESOLVING = "resolving"
    #: Expired: the registrar may suspend resolution at any time.
    MAY_BE_SUSPENDED = "may-be-suspended"
    SUSPENDED = "suspended"
    #: No longer registered.
    NOT_REGISTERED = "not-registered"


# The registrar's rules per phase (its guide, "Domain name management", 2022-04-09)
# and ICANN's Transfer Policy: ownership and DNS servers never change while
# expired (renew first); a transfer out is possible inside the renewal grace but
# not in redemption (ERRP); waiting for deletion permits nothing.
PERMITTED: Mapping[Phase, frozenset[Operation]] = MappingProxyType(
    {
        Phase.ACTIVE: frozenset(
            {
                Operation.RENEW,
                Operation.TRANSFER_OWNERSHIP,
                Operation.MODIFY_CONTACTS,
                Operation.CHANGE_DNS_SERVERS,
                Operation.TRANSFER_OUT,
            }
        ),
        Phase.RENEWAL_GRACE: frozenset(
            {Operation.RENEW, Operation.MODIFY_CONTACTS, Operation.TRANSFER_OUT}
        ),
        Phase.REDEMPTION: frozenset({Operation.REDEEM}),
        Phase.PENDING_DELETE: frozenset(),
        Phase.RELEASED: frozenset(),
    }
)

RESOLUTION: Mapping[Phase, Resolution] = MappingProxyType(
    {
        Phase.ACTIVE: Resolution.RESOLVING,
        Phase.RENEWAL_GRACE: Resolution.MAY_BE_SUSPENDED,
        Phase.REDEMPTION: Resolution.SUSPENDED,
        Phase.PENDING_DELETE: Resolution.SUSPENDED,
        Phase.RELEASED: Resolution.NOT_REGISTERED,
    }
)


#: The phases whose next action (renew, renew now, redeem) has a deadline: the end of
#: the phase itself. After the redemption nothing the holder does keeps the domain.
ACTION_PHASES = frozenset({Phase.ACTIVE, Phase.RENEWAL_GRACE, Phase.REDEMPTION})


@attrs.frozen
class PhaseOffsets:
    """How long after the expiry instant each phase ends, as exact 24-hour days.

    The one place where a family's day counts become durations: a :class:`Lifecycle`
    adds them to its expiry, the bulk path (:class:`~domainrules.bulk.PhaseClassifier`)
    subtracts them from the instant asked about, so the two cannot disagree.

    >>> from domainrules.rulesets import DEFAULT_RULE_SET
    >>> offsets = phase_offsets(DEFAULT_RULE_SET.family("cnnic").lifecycle)
    >>> offsets.renewal_grace_ends.days, offsets.redemption_ends.days, offsets.pre_release_from.days
    (30, 44, 30)
    """

    renewal_grace_ends: timedelta
    redemption_ends: timedelta
    pending_delete_ends: timedelta
    #: From when the registrar may list the domain for pre-release; None without one.
    pre_release_from: timedelta | None

    def end_of(self, phase: Phase) -> timedelta | None:
        """How long after expiry ``phase`` ends (zero for ACTIVE, None for RELEASED)."""
        if phase is Phase.ACTIVE:
            return timedelta(0)
        if phase is Phase.RENEWAL_GRACE:
            return self.renewal_grace_ends
        if phase is Phase.REDEMPTION:
            return self.redemption_ends
        if phase is Phase.PENDING_DELETE:
            return self.pending_delete_ends
        return None


def phase_offsets(rules: LifecycleRules) -> PhaseOffsets:
    """The :class:`PhaseOffsets` of a family's lifecycle numbers (cached: the rules are
    immutable)."""
    if not isinstance(rules, LifecycleRules):
        raise ArgumentTypeError(
            f"rules: expected LifecycleRules, not {type(rules).__name__}",
            field="rules",
            value=rules,
        )
    return _phase_offsets(rules)


@lru_cache(maxsize=256)
def _phase_offsets(rules: LifecycleRules) -> PhaseOffsets:
    grace = timedelta(days=rules.renewal_grace_days)
    redemption = grace + timedelta(days=rules.redemption_days)
    pre_release = rules.pre_release
    return PhaseOffsets(
        renewal_grace_ends=grace,
        redemption_ends=redemption,
        pending_delete_ends=redemption + timedelta(days=rules.pending_delete_days),
        pre_release_from=None
        if pre_release is None
        else grace + timedelta(days=pre_release.from_redemption_day),
    )


@checked
@attrs.frozen
class PeriodDays:
    """A period as calendar days in the registry's zone, counted from the expiry date.

    The registrar shows the .cn redemption as "days 31-44 after expiry": day 0 is
    the expiry date itself, in the registry's zone.
    """

    first_day: date | None
    last_day: date | None
    #: Day numbers after the expiry date (None where the period is open-ended).
    first_day_number: int | None
    last_day_number: int | None
    zone: str


@checked
@attrs.frozen
class Span:
    """One phase over ``[start, end)``; ``start`` None for ACTIVE, ``end`` None for the last."""

    phase: Phase
    start: datetime | None
    end: datetime | None
    days: PeriodDays

    def __contains__(self, instant: datetime) -> bool:
        return (self.start is None or self.start <= instant) and (
            self.end is None or instant < self.end
        )

    def __str__(self) -> str:
        d = self.days
        if self.start is None:
            return (
                f"{self.phase.value:<15} until {self.end.isoformat() if self.end else '-'}  "
                f"(last day {d.last_day}, {d.zone})"
            )
        if self.end is None:
            return f"{self.phase.value:<15} from {self.start.isoformat()}  (from {d.first_day}, {d.zone})"
        return (
            f"{self.phase.value:<15} {self.start.isoformat()} .. {self.end.isoformat()}  "
            f"days {d.first_day_number}-{d.last_day_number} after expiry "
            f"({d.first_day} .. {d.last_day}, {d.zone})"
        )


@checked
@attrs.frozen
class Reminder:
    """A renewal reminder ICANN's ERRP requires (section 2.1)."""

    kind: str
    #: When it is due: "about" this instant before expiry, or from this instant after it.
    due_at: datetime
    #: For the reminder after expiry: the latest instant it may be sent.
    deadline: datetime | None = None


def _name(value: DomainName | str) -> DomainName:
    return DomainName.parse(value)


def _expires_at(value: Instant) -> datetime:
    return to_utc(value, "expires_at")


@attrs.frozen
class Lifecycle:
    """Every phase and milestone of one domain after its expiry instant.

    Build it with :func:`lifecycle_of`. Milestones are UTC instants; ``spans`` lists
    the phases in order, contiguous, each with its calendar days in the registry's zone.
    ``rules`` and ``family`` are the same types as on :class:`~domainrules.domain.Domain`:
    the rule set, and the suffix family in it whose ``lifecycle`` numbers apply.

    >>> life = lifecycle_of("example.cn", "2025-03-01T06:00:00+08:00")
    >>> life.rules.name, life.family.name, life.family.lifecycle.zone
    ('alibaba-2022', 'cnnic', 'Asia/Shanghai')
    """

    name: DomainName = attrs.field(converter=_name)
    #: The expiry instant, in UTC.
    expires_at: datetime = attrs.field(converter=_expires_at)
    rules: RuleSet = attrs.field(default=DEFAULT_RULE_SET, converter=as_rule_set)

    #: The suffix family of ``name`` in ``rules``.
    family: SuffixFamily = attrs.field(init=False, repr=False, eq=False)
    # Derived once at construction; a Lifecycle is queried far more than built.
    renewal_grace_ends_at: datetime = attrs.field(init=False)
    redemption_ends_at: datetime = attrs.field(init=False)
    pending_delete_ends_at: datetime = attrs.field(init=False)
    #: From when the registrar may put the domain on its pre-release (auction) list,
    #: None where the rules have no pre-release (see :attr:`pre_release`).
    pre_release_from: datetime | None = attrs.field(init=False)
    _periods: LifecycleRules = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # The rule set's version in force at this expiry governs it (selected_by = "expiry").
        family = self.rules.for_expiry(self.expires_at).family_for_tld(self.name.tld)
        object.__setattr__(self, "family", family)
        rules = family.lifecycle
        object.__setattr__(self, "_periods", rules)
        offsets = _phase_offsets(rules)
        expires = self.expires_at
        object.__setattr__(self, "renewal_grace_ends_at", expires + offsets.renewal_grace_ends)
        object.__setattr__(self, "redemption_ends_at", expires + offsets.redemption_ends)
        object.__setattr__(self, "pending_delete_ends_at", expires + offsets.pending_delete_ends)
        start = offsets.pre_release_from
        object.__setattr__(self, "pre_release_from", None if start is None else expires + start)

    # --- milestones -------------------------------------------------------

    @property
    def available_at(self) -> datetime:
        """When the name is released or deleted and open to anyone (for a deletion the
        registry decides the exact moment; this is the earliest)."""
        return self.pending_delete_ends_at

    @property
    def milestones(self) -> dict[str, datetime]:
        """The named milestones, in order (UTC); ``pre_release_from`` only where the
        rules have a pre-release."""
        milestones = {
            "expires_at": self.expires_at,
            "renewal_grace_ends_at": self.renewal_grace_ends_at,
            "pre_release_from": self.pre_release_from,
            "redemption_ends_at": self.redemption_ends_at,
            "pending_delete_ends_at": self.pending_delete_ends_at,
            "available_at": self.available_at,
        }
        return {name: instant for name, instant in milestones.items() if instant is not None}

    # --- pre-release ------------------------------------------------------

    @property
    def pre_release(self) -> PreRelease | None:
        """The registrar's pre-release rule for this domain, None where it has none.

        A listed domain the holder does not redeem goes to the winning bidder when the
        redemption ends (:attr:`redemption_ends_at`), instead of being released or
        deleted: :attr:`available_at` then never comes for the public.

        >>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
        >>> life.pre_release_from.isoformat(), life.pre_release.holder_may_redeem
        ('2025-01-31T00:00:00+00:00', True)
        """
        return self._periods.pre_release

    def may_be_pre_released_at(self, at: Instant) -> bool:
        """Whether at ``at`` the registrar may have put the domain on its pre-release list
        (it is in redemption, on or after :attr:`pre_release_from`).

        >>> life = lifecycle_of("example.cn", "2025-01-01T00:00:00Z")
        >>> life.may_be_pre_released_at("2025-01-20T00:00:00Z"), life.may_be_pre_released_at("2025-02-05T00:00:00Z")
        (False, True)
        """
        t = to_utc(at, "at")
        start = self.pre_release_from
        return start is not None and start <= t and self._phase(t) is Phase.REDEMPTION

    # --- phases -----------------------------------------------------------

    def phase_at(self, at: Instant) -> Phase:
        """The phase at instant ``at``. Spans are half-open: at expiry the grace begins.

        >>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
        >>> life.phase_at("2024-12-31T23:59:59.999999Z"), life.phase_at("2025-01-01T00:00:00Z")
        (<Phase.ACTIVE: 'active'>, <Phase.RENEWAL_GRACE: 'renewal-grace'>)
        """
        return self._phase(to_utc(at, "at"))

    def _phase(self, t: datetime) -> Phase:
        if t < self.expires_at:
            return Phase.ACTIVE
        if t < self.renewal_grace_ends_at:
            return Phase.RENEWAL_GRACE
        if t < self.redemption_ends_at:
            return Phase.REDEMPTION
        if t < self.pending_delete_ends_at:
            return Phase.PENDING_DELETE
        return Phase.RELEASED

    def phase_ends_at(self, at: Instant) -> datetime | None:
        """When the phase the domain is in at ``at`` ends; None once it is released.

        >>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
        >>> life.phase_ends_at("2025-01-10T00:00:00Z").isoformat()
        '2025-01-31T00:00:00+00:00'
        """
        offset = _phase_offsets(self._periods).end_of(self._phase(to_utc(at, "at")))
        return None if offset is None else self.expires_at + offset

    def deadline_at(self, at: Instant) -> datetime | None:
        """The last instant for the next action at ``at`` (renew before expiry, renew in the
        grace period, redeem in redemption): the end of the current phase. None once
        nothing keeps the domain (pending deletion, released).

        >>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
        >>> life.deadline_at("2024-12-20T00:00:00Z").isoformat()
        '2025-01-01T00:00:00+00:00'
        >>> print(life.deadline_at("2025-04-01T00:00:00Z"))
        None
        """
        t = to_utc(at, "at")
        phase = self._phase(t)
        if phase not in ACTION_PHASES:
            return None
        return self.phase_ends_at(t)

    def possible_phases_at(self, at: Instant) -> frozenset[Phase]:
        """Every phase the domain may be in at ``at``, given that the redemption period's
        start and end may be off by the rule set's tolerance (24 hours at the registrar).

        One phase means the answer is certain.

        >>> life = lifecycle_of("example.cn", "2025-01-01T00:00:00Z")
        >>> sorted(p.value for p in life.possible_phases_at("2025-01-30T12:00:00Z"))
        ['redemption', 'renewal-grace']
        >>> sorted(p.value for p in life.possible_phases_at("2025-01-10T00:00:00Z"))
        ['renewal-grace']
        """
        t = to_utc(at, "at")
        tolerance = self._periods.redemption_tolerance
        # A phase is a monotone function of the boundaries, so the extremes are
        # both redemption boundaries moved early or late by the tolerance.
        latest = self._phase_with_shift(t, tolerance)
        earliest = self._phase_with_shift(t, -tolerance)
        present = {span.phase for span in self.spans}
        return frozenset(phase for phase in present if latest.rank <= phase.rank <= earliest.rank)

    def _phase_with_shift(self, t: datetime, shift: timedelta) -> Phase:
        if not self._periods.redemption_days:
            return self._phase(t)  # no redemption, no uncertain boundary
        if t < self.expires_at:
            return Phase.ACTIVE
        if t < self.renewal_grace_ends_at + shift:
            return Phase.RENEWAL_GRACE
        if t < self.redemption_ends_at + shift:
            return Phase.REDEMPTION
        if t < self.pending_delete_ends_at:
            return Phase.PENDING_DELETE
        return Phase.RELEASED

    @property
    def spans(self) -> tuple[Span, ...]:
        """The phases in order, contiguous, zero-length periods left out."""
        zone = self._periods.zone
        day0 = local_date(self.expires_at, zone)
        spans = [Span(Phase.ACTIVE, None, self.expires_at, PeriodDays(None, day0, None, 0, zone))]
        bounds = (
            (Phase.RENEWAL_GRACE, self._periods.renewal_grace_days),
            (Phase.REDEMPTION, self._periods.redemption_days),
            (Phase.PENDING_DELETE, self._periods.pending_delete_days),
        )
        start, before = self.expires_at, 0
        for phase, length in bounds:
            if length == 0:
                continue
            end = start + timedelta(days=length)
            first, last = before + 1, before + length
            days = PeriodDays(
                day0 + timedelta(days=first), day0 + timedelta(days=last), first, last, zone
            )
            spans.append(Span(phase, start, end, days))
            start, before = end, last
        released = PeriodDays(day0 + timedelta(days=before + 1), None, before + 1, None, zone)
        spans.append(Span(Phase.RELEASED, start, None, released))
        return tuple(spans)

    def span_of(self, phase: Phase) -> Span | None:
        """The span of ``phase``, or None when the rule set has no such period."""
        phase = choice(phase, Phase, "phase")
        return next((span for span in self.spans if span.phase is phase), None)

    # --- what the phase permits ------------------------------------------

    def permitted_at(self, at: Instant) -> frozenset[Operation]:
        """The operations the phase at ``at`` permits (locks and holds aside:
        see the transfers and statuses modules).

        >>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
        >>> sorted(op.value for op in life.permitted_at("2025-01-15T00:00:00Z"))
        ['modify-contacts', 'renew', 'transfer-out']
        """
        return PERMITTED[self.phase_at(at)]

    def permits(self, operation: Operation, at: Instant) -> bool:
        """Whether the phase at ``at`` permits ``operation``."""
        operation = choice(operation, Operation, "operation")
        return operation in PERMITTED[self.phase_at(at)]

    def resolution_at(self, at: Instant) -> Resolution:
        """DNS resolution as the phase decides it (holds and statuses aside)."""
        return RESOLUTION[self.phase_at(at)]

    def resumption_after_renewal(self, *, on_registrar_dns: bool) -> ResumptionWindow:
        """How long until resolution resumes after a renewal inside the grace period.

        >>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
        >>> life.resumption_after_renewal(on_registrar_dns=False).latest
        datetime.timedelta(days=2)
        """
        if flag(on_registrar_dns, "on_registrar_dns"):
            return self.rules.dns.renewed_in_grace_on_registrar_dns
        return self.rules.dns.renewed_in_grace_on_other_dns

    def resumption_after_redemption(self) -> ResumptionWindow:
        """How long until resolution works after a redemption (records must be set again)."""
        return self.rules.dns.redeemed

    # --- renewal and redemption ------------------------------------------

    def renew(self, at: Instant, *, years: int = 1) -> Lifecycle:
        """The lifecycle after renewing at ``at`` for ``years`` (default 1).

        Years are added to the current expiry, also inside the grace period; the
        term may not end more than ``max_term_years`` (10) after ``at``.

        >>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
        >>> life.renew("2025-01-20T00:00:00Z", years=2).expires_at.isoformat()
        '2027-01-01T00:00:00+00:00'
        >>> life.renew("2025-02-15T00:00:00Z")
        Traceback (most recent call last):
        ...
        domainrules.errors.RenewalRefusedError: example.com is in redemption at 2025-02-15T00:00:00+00:00: it can no longer be renewed; redeem it instead
        """
        t = to_utc(at, "at")
        self._check_years(years)
        phase = self._phase(t)
        if phase is Phase.REDEMPTION:
            raise RenewalRefusedError(
                f"{self.name} is in redemption at {t.isoformat()}: it can no longer be renewed; "
                "redeem it instead",
                field="at",
                value=t,
            )
        if phase in (Phase.PENDING_DELETE, Phase.RELEASED):
            raise RenewalRefusedError(
                f"{self.name} is {phase.value} at {t.isoformat()}: it is gone and can be "
                "neither renewed nor redeemed",
                field="at",
                value=t,
            )
        return self._with_expiry(add_years(self.expires_at, years, self._periods.leap_day), t)

    def redeem(self, at: Instant, *, renew_years: int = 0) -> Lifecycle:
        """The lifecycle after redeeming at ``at``, only possible during redemption.

        Redemption adds a year to the old expiry where the rule set says so;
        otherwise the suffix needs a renewal with it: pass ``renew_years``.

        >>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
        >>> life.redeem("2025-02-15T00:00:00Z").expires_at.isoformat()
        '2026-01-01T00:00:00+00:00'
        """
        t = to_utc(at, "at")
        renew_years = count(renew_years, "renew_years", maximum=self._periods.max_term_years)
        phase = self._phase(t)
        if phase is not Phase.REDEMPTION:
            hint = {
                Phase.ACTIVE: "it has not expired: renew it instead",
                Phase.RENEWAL_GRACE: "it is in the renewal grace period: renew it instead",
            }.get(phase, "it is gone and can be neither renewed nor redeemed")
            raise RedemptionRefusedError(
                f"{self.name} is {phase.value} at {t.isoformat()}: {hint}",
                field="at",
                value=t,
            )
        years = renew_years + (1 if self._periods.redemption_extends_expiry else 0)
        if renew_years:
            self._check_years(renew_years)
        if years == 0:
            raise InvalidTermError(
                f"{self.name}: under this rule set a redemption does not extend the expiry; "
                "renew with it (renew_years >= 1)",
                field="renew_years",
                value=renew_years,
            )
        return self._with_expiry(add_years(self.expires_at, years, self._periods.leap_day), t)

    def _check_years(self, years: int) -> None:
        maximum = self._periods.max_term_years
        if not isinstance(years, int) or isinstance(years, bool):
            raise wrong_type(years, "years", "a whole number of years")
        if not 1 <= years <= maximum:
            raise InvalidTermError(
                f"a renewal is for 1 to {maximum} whole years, not {show(years)}",
                field="years",
                value=years,
            )

    def _with_expiry(self, expires_at: datetime, now: datetime) -> Lifecycle:
        limit = add_years(now, self._periods.max_term_years, self._periods.leap_day)
        if expires_at > limit:
            raise TermLimitError(
                f"{self.name}: the new expiry {expires_at.isoformat()} would be more than "
                f"{self._periods.max_term_years} years after {now.isoformat()}",
                field="years",
                value=expires_at,
            )
        return attrs.evolve(self, expires_at=expires_at)

    # --- reminders --------------------------------------------------------

    @property
    def reminders(self) -> tuple[Reminder, ...]:
        """The ERRP renewal reminders: about a month and a week before expiry, and one
        within five days after it if the domain was not renewed."""
        expiry = self.expires_at
        return (
            Reminder("about-one-month-before", expiry - timedelta(days=30)),
            Reminder("about-one-week-before", expiry - timedelta(days=7)),
            Reminder("after-expiry", expiry, deadline=expiry + timedelta(days=5)),
        )


def lifecycle_of(
    name: DomainName | str, expires_at: Instant, *, rules: RuleSet | str = DEFAULT_RULE_SET
) -> Lifecycle:
    """The lifecycle of ``name`` expiring at ``expires_at`` under ``rules``.

    >>> lifecycle_of("example.hk", "2025-01-01T00:00:00+08:00").redemption_ends_at.isoformat()
    '2025-03-28T16:00:00+00:00'
    """
    return Lifecycle(DomainName.parse(name), to_utc(expires_at, "expires_at"), rules)
