"""Why does this domain not resolve? One explanation from phase, holds and statuses.

The lifecycle phase (the registrar's guide), the EPP statuses (RFC 5731, RFC 3915)
and the holds a registrant profile sets (the registrar's guide) each
can keep a domain out of DNS; :func:`why_not_resolving` gathers every reason that
applies at an instant, each a :class:`~domainrules.verdicts.Blocker` with what would
fix it.

>>> from domainrules import Domain, RegistrantProfile, why_not_resolving
>>> domain = Domain("example.cn", "2027-01-01T00:00:00+08:00",
...                 profile=RegistrantProfile("cnnic", email_verified=True))
>>> print(why_not_resolving(domain, "2026-06-01T00:00:00Z"))
example.cn does not resolve at 2026-06-01T00:00:00+00:00:
  profile-not-real-name-verified: the CNNIC profile's real-name verification is not approved: serverHold (complete the real-name verification)
"""

from __future__ import annotations

from datetime import datetime

import attrs

from domainrules._validate import Choice, checked
from domainrules.domain import Domain, require_domain
from domainrules.instants import Instant, to_utc
from domainrules.lifecycle import Phase, Resolution
from domainrules.profiles import ProfileKind
from domainrules.statuses import EppStatus
from domainrules.verdicts import Blocker

__all__ = ["NotResolvingReason", "ResolutionExplanation", "why_not_resolving"]


class NotResolvingReason(Choice):
    """A reason a domain is, or may be, out of DNS."""

    #: Expired, inside the renewal grace: the registrar may suspend resolution.
    EXPIRED_MAY_BE_SUSPENDED = "expired-may-be-suspended"
    REDEMPTION = "redemption"
    WAITING_FOR_DELETION = "waiting-for-deletion"
    RELEASED = "released"
    CLIENT_HOLD = "client-hold"
    SERVER_HOLD = "server-hold"
    #: No name servers.
    INACTIVE = "inactive"
    #: Another status the registry withholds from the zone (pendingDelete, redemptionPeriod...).
    STATUS_WITHHELD = "status-withheld"
    #: The holder email is not verified: the registrar puts the domain in clientHold.
    PROFILE_EMAIL_NOT_VERIFIED = "profile-email-not-verified"
    #: A CNNIC-family domain without approved real-name verification: serverHold.
    PROFILE_NOT_REAL_NAME_VERIFIED = "profile-not-real-name-verified"


@checked
@attrs.frozen
class ResolutionExplanation:
    """Whether a domain resolves at ``at``, and every reason it does not."""

    name: str
    at: datetime
    phase: Phase
    #: RESOLVING, MAY_BE_SUSPENDED, SUSPENDED or NOT_REGISTERED, all causes considered.
    resolution: Resolution
    #: Every reason it is, or may be, out of DNS (``certain`` False: it may be).
    blockers: tuple[Blocker[NotResolvingReason], ...]

    @property
    def resolves(self) -> bool:
        """Nothing stops resolution (a possible suspension counts as not certain)."""
        return self.resolution is Resolution.RESOLVING

    @property
    def reasons(self) -> frozenset[NotResolvingReason]:
        """The blockers' reason codes."""
        return frozenset(blocker.reason for blocker in self.blockers)

    def __str__(self) -> str:
        if not self.blockers:
            return f"{self.name} resolves at {self.at.isoformat()} (nothing withholds it)"
        verb = {
            Resolution.MAY_BE_SUSPENDED: "may not resolve",
            Resolution.NOT_REGISTERED: "is not registered",
        }.get(self.resolution, "does not resolve")
        lines = [f"{self.name} {verb} at {self.at.isoformat()}:"]
        lines += [f"  {blocker}" for blocker in self.blockers]
        return "\n".join(lines)


_PHASE_CAUSE = {
    Phase.RENEWAL_GRACE: (
        NotResolvingReason.EXPIRED_MAY_BE_SUSPENDED,
        "renew it (resolution resumes within 24-48 hours)",
    ),
    Phase.REDEMPTION: (
        NotResolvingReason.REDEMPTION,
        "redeem it, then set the DNS records again (24-48 hours)",
    ),
    Phase.PENDING_DELETE: (NotResolvingReason.WAITING_FOR_DELETION, "nothing: it will be deleted"),
    Phase.RELEASED: (NotResolvingReason.RELEASED, "register it again once available"),
}

_STATUS_CAUSE = {
    EppStatus.CLIENT_HOLD: (NotResolvingReason.CLIENT_HOLD, "the registrar must remove clientHold"),
    EppStatus.SERVER_HOLD: (NotResolvingReason.SERVER_HOLD, "the registry must remove serverHold"),
    EppStatus.INACTIVE: (NotResolvingReason.INACTIVE, "set name servers for the domain"),
}


def why_not_resolving(domain: Domain, at: Instant) -> ResolutionExplanation:
    """Every reason ``domain`` is, or may be, out of DNS at ``at``.

    >>> from domainrules import Domain, why_not_resolving
    >>> d = Domain("example.com", "2026-01-01T00:00:00Z", statuses=["clientHold"])
    >>> [b.reason.value for b in why_not_resolving(d, "2026-01-10T00:00:00Z").blockers]
    ['expired-may-be-suspended', 'client-hold']
    >>> why_not_resolving(d.evolve(statuses=[]), "2025-06-01T00:00:00Z").resolves
    True
    """
    domain = require_domain(domain)
    t = to_utc(at, "at")
    life = domain.lifecycle
    phase = life.phase_at(t)
    blockers: list[Blocker[NotResolvingReason]] = []
    if phase in _PHASE_CAUSE:
        cause, remedy = _PHASE_CAUSE[phase]
        blockers.append(
            Blocker(
                reason=cause,
                detail=f"{phase.value} since {_phase_start(domain, phase).isoformat()}",
                remedy=remedy,
                certain=phase is not Phase.RENEWAL_GRACE,
            )
        )

    stored = domain.statuses.statuses
    profile_holds = domain.profile.holds(domain.family) if domain.profile else frozenset()
    for status in sorted(stored, key=lambda s: s.value):
        if not status.withholds_from_dns:
            continue
        cause, remedy = _STATUS_CAUSE.get(
            status, (NotResolvingReason.STATUS_WITHHELD, "wait for the registry")
        )
        # A hold the profile explains is reported once, with the profile's remedy.
        if status in profile_holds:
            continue
        blockers.append(Blocker(reason=cause, detail=f"{status.value} is set", remedy=remedy))
    if EppStatus.CLIENT_HOLD in profile_holds:
        blockers.append(
            Blocker(
                reason=NotResolvingReason.PROFILE_EMAIL_NOT_VERIFIED,
                detail="the registrant email is not verified: clientHold",
                remedy="verify the registrant email",
            )
        )
    if EppStatus.SERVER_HOLD in profile_holds:
        blockers.append(
            Blocker(
                reason=NotResolvingReason.PROFILE_NOT_REAL_NAME_VERIFIED,
                detail=_real_name_detail(domain),
                remedy="complete the real-name verification",
            )
        )

    resolution = life.resolution_at(t)
    if resolution in (Resolution.RESOLVING, Resolution.MAY_BE_SUSPENDED) and any(
        blocker.certain for blocker in blockers
    ):
        resolution = Resolution.SUSPENDED
    return ResolutionExplanation(domain.name.ascii, t, phase, resolution, tuple(blockers))


def _phase_start(domain: Domain, phase: Phase) -> datetime:
    span = domain.lifecycle.span_of(phase)
    assert span is not None and span.start is not None  # the phase is the current one
    return span.start


def _real_name_detail(domain: Domain) -> str:
    profile = domain.profile
    if profile is not None and profile.kind is not ProfileKind.CNNIC:
        return "a CNNIC-family domain held under a common profile, without real-name verification: serverHold"
    return "the CNNIC profile's real-name verification is not approved: serverHold"
