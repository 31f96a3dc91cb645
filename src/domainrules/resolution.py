"""Why does this domain not resolve? One explanation from phase, holds and statuses.

The lifecycle phase (the registrar's guide), the EPP statuses (RFC 5731, RFC 3915)
and the holds a registrant profile sets (the registrar's guide) each
can keep a domain out of DNS; :func:`why_not_resolving` gathers every reason that
applies at an instant, each with what would fix it.

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

from domainrules._validate import Choice
from domainrules.domain import Domain, require_domain
from domainrules.instants import Instant, to_utc
from domainrules.lifecycle import Phase, Resolution
from domainrules.profiles import ProfileKind
from domainrules.statuses import EppStatus

__all__ = ["NotResolvingCause", "NotResolvingReason", "ResolutionExplanation", "why_not_resolving"]


class NotResolvingCause(Choice):
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


@attrs.frozen
class NotResolvingReason:
    """One cause, what it means here, and what would fix it."""

    cause: NotResolvingCause
    detail: str
    remedy: str
    #: Whether it certainly stops resolution (False: it may, e.g. the renewal grace).
    certain: bool = True


@attrs.frozen
class ResolutionExplanation:
    """Whether a domain resolves at ``at``, and every reason it does not."""

    name: str
    at: datetime
    phase: Phase
    #: RESOLVING, MAY_BE_SUSPENDED, SUSPENDED or NOT_REGISTERED, all causes considered.
    resolution: Resolution
    reasons: tuple[NotResolvingReason, ...]

    @property
    def resolves(self) -> bool:
        """Nothing stops resolution (a possible suspension counts as not certain)."""
        return self.resolution is Resolution.RESOLVING

    def __str__(self) -> str:
        if not self.reasons:
            return f"{self.name} resolves at {self.at.isoformat()} (nothing withholds it)"
        verb = {
            Resolution.MAY_BE_SUSPENDED: "may not resolve",
            Resolution.NOT_REGISTERED: "is not registered",
        }.get(self.resolution, "does not resolve")
        lines = [f"{self.name} {verb} at {self.at.isoformat()}:"]
        lines += [f"  {r.cause.value}: {r.detail} ({r.remedy})" for r in self.reasons]
        return "\n".join(lines)


_PHASE_CAUSE = {
    Phase.RENEWAL_GRACE: (
        NotResolvingCause.EXPIRED_MAY_BE_SUSPENDED,
        "renew it (resolution resumes within 24-48 hours)",
    ),
    Phase.REDEMPTION: (
        NotResolvingCause.REDEMPTION,
        "redeem it, then set the DNS records again (24-48 hours)",
    ),
    Phase.PENDING_DELETE: (NotResolvingCause.WAITING_FOR_DELETION, "nothing: it will be deleted"),
    Phase.RELEASED: (NotResolvingCause.RELEASED, "register it again once available"),
}

_STATUS_CAUSE = {
    EppStatus.CLIENT_HOLD: (NotResolvingCause.CLIENT_HOLD, "the registrar must remove clientHold"),
    EppStatus.SERVER_HOLD: (NotResolvingCause.SERVER_HOLD, "the registry must remove serverHold"),
    EppStatus.INACTIVE: (NotResolvingCause.INACTIVE, "set name servers for the domain"),
}


def why_not_resolving(domain: Domain, at: Instant) -> ResolutionExplanation:
    """Every reason ``domain`` is, or may be, out of DNS at ``at``.

    >>> from domainrules import Domain, why_not_resolving
    >>> d = Domain("example.com", "2026-01-01T00:00:00Z", statuses=["clientHold"])
    >>> [r.cause.value for r in why_not_resolving(d, "2026-01-10T00:00:00Z").reasons]
    ['expired-may-be-suspended', 'client-hold']
    >>> why_not_resolving(d.evolve(statuses=[]), "2025-06-01T00:00:00Z").resolves
    True
    """
    domain = require_domain(domain)
    t = to_utc(at, "at")
    life = domain.lifecycle
    phase = life.phase_at(t)
    reasons: list[NotResolvingReason] = []
    if phase in _PHASE_CAUSE:
        cause, remedy = _PHASE_CAUSE[phase]
        reasons.append(
            NotResolvingReason(
                cause,
                f"{phase.value} since {_phase_start(domain, phase).isoformat()}",
                remedy,
                certain=phase is not Phase.RENEWAL_GRACE,
            )
        )

    stored = domain.statuses.statuses
    profile_holds = domain.profile.holds(domain.family) if domain.profile else frozenset()
    for status in sorted(stored, key=lambda s: s.value):
        if not status.withholds_from_dns:
            continue
        cause, remedy = _STATUS_CAUSE.get(
            status, (NotResolvingCause.STATUS_WITHHELD, "wait for the registry")
        )
        # A hold the profile explains is reported once, with the profile's remedy.
        if status in profile_holds:
            continue
        reasons.append(NotResolvingReason(cause, f"{status.value} is set", remedy))
    if EppStatus.CLIENT_HOLD in profile_holds:
        reasons.append(
            NotResolvingReason(
                NotResolvingCause.PROFILE_EMAIL_NOT_VERIFIED,
                "the registrant email is not verified: clientHold",
                "verify the registrant email",
            )
        )
    if EppStatus.SERVER_HOLD in profile_holds:
        reasons.append(
            NotResolvingReason(
                NotResolvingCause.PROFILE_NOT_REAL_NAME_VERIFIED,
                _real_name_detail(domain),
                "complete the real-name verification",
            )
        )

    resolution = life.resolution_at(t)
    if resolution in (Resolution.RESOLVING, Resolution.MAY_BE_SUSPENDED) and any(
        reason.certain for reason in reasons
    ):
        resolution = Resolution.SUSPENDED
    return ResolutionExplanation(domain.name.ascii, t, phase, resolution, tuple(reasons))


def _phase_start(domain: Domain, phase: Phase) -> datetime:
    span = domain.lifecycle.span_of(phase)
    assert span is not None and span.start is not None  # the phase is the current one
    return span.start


def _real_name_detail(domain: Domain) -> str:
    profile = domain.profile
    if profile is not None and profile.kind is not ProfileKind.CNNIC:
        return "a CNNIC-family domain held under a common profile, without real-name verification: serverHold"
    return "the CNNIC profile's real-name verification is not approved: serverHold"
