"""ICANN Transfer Policy versions as data: locks, opt-outs, what counts as material.

Facts from ICANN's Transfer Policy and the registrar's guide ("Domain name management").
Each version has the instant it took effect (00:00 UTC of its effective date); the
version in force at an instant is :func:`policy_in_force`. The revised policy the
ICANN Board adopted has no effective date yet: it is shipped as a named version
(``POLICY_REVISED``) that applies only when passed explicitly.

>>> from domainrules.transfer_policy import policy_in_force
>>> policy_in_force("2025-01-01T00:00:00Z").name
'icann-2016'
>>> policy_in_force("2025-08-21T00:00:00Z").name
'icann-2024'
>>> POLICY_REVISED.change_of_registrant_lock is None, POLICY_REVISED.post_create_lock
(True, datetime.timedelta(days=30))
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any

import attrs

from domainrules._validate import bool_field, instance, instance_field, lookup, named, show
from domainrules.errors import InvalidCountError, PolicyNotInForceError, UnknownPolicyVersionError
from domainrules.instants import Instant, to_utc

__all__ = [
    "POLICY_2016",
    "POLICY_2024",
    "POLICY_REVISED",
    "POLICY_VERSIONS",
    "TransferPolicyVersion",
    "as_policy_version",
    "get_policy_version",
    "policy_in_force",
]


# A lock or deadline of more than ten years is no policy's, and would overflow dates.
_MAX_SPAN = timedelta(days=3650)


def _span(*, optional: bool = False) -> Any:
    def check(_: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        instance(value, timedelta, attribute.name)
        if not timedelta(0) <= value <= _MAX_SPAN:
            raise InvalidCountError(
                f"{attribute.name}: a length from 0 to {_MAX_SPAN.days} days, not {show(value)}",
                field=attribute.name,
                value=value,
            )

    return check


def _effective(value: Instant | None) -> datetime | None:
    return None if value is None else to_utc(value, "effective")


@attrs.frozen
class TransferPolicyVersion:
    """One version of ICANN's Transfer Policy, as the numbers that drive locks and checks."""

    name: str = attrs.field(validator=instance_field(str))
    title: str = attrs.field(validator=instance_field(str))
    #: When it took effect (UTC); None for an adopted version not yet in force.
    effective: datetime | None = attrs.field(converter=_effective)
    #: The Change of Registrant lock against inter-registrar transfer; None: no such lock.
    change_of_registrant_lock: timedelta | None = attrs.field(validator=_span(optional=True))
    #: Whether the registrant may opt out of that lock when requesting the change.
    change_of_registrant_opt_out: bool = attrs.field(validator=bool_field)
    #: How long after creation / after an inter-registrar transfer a transfer may be denied.
    post_create_lock: timedelta = attrs.field(validator=_span())
    post_transfer_lock: timedelta = attrs.field(validator=_span())
    #: Whether those locks are mandatory (True) or the registrar's choice (False).
    post_create_lock_mandatory: bool = attrs.field(validator=bool_field)
    post_transfer_lock_mandatory: bool = attrs.field(validator=bool_field)
    #: Whether the admin contact's email counts as the registrant's when it has none.
    admin_email_counts_without_registrant_email: bool = attrs.field(validator=bool_field)
    #: Deadline to notify prior and new registrant of a change of registrant, if any.
    change_of_registrant_notice_within: timedelta | None = attrs.field(
        default=None, validator=_span(optional=True)
    )
    source: str = attrs.field(default="", validator=instance_field(str))

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        # Short, for signatures, help() and hovers.
        effective = "never" if self.effective is None else self.effective.date().isoformat()
        return f"<TransferPolicyVersion {self.name} effective {effective}>"


#: The Change of Registrant text in force 2016-12-01 (Transfer Policy, Part II).
POLICY_2016 = TransferPolicyVersion(
    name="icann-2016",
    title="ICANN Transfer Policy with Change of Registrant (Part II), 2016",
    effective=datetime(2016, 12, 1, tzinfo=timezone.utc),
    change_of_registrant_lock=timedelta(days=60),
    change_of_registrant_opt_out=True,
    post_create_lock=timedelta(days=60),
    post_transfer_lock=timedelta(days=60),
    post_create_lock_mandatory=False,
    post_transfer_lock_mandatory=False,
    admin_email_counts_without_registrant_email=True,
    source="ICANN Transfer Policy, icann.org (Change of Registrant rules from 2016-12-01)",
)

#: The February 2024 text, mandatory since 2025-08-21: the admin contact's email no
#: longer stands in for the registrant's.
POLICY_2024 = TransferPolicyVersion(
    name="icann-2024",
    title="ICANN Transfer Policy, February 2024 text",
    effective=datetime(2025, 8, 21, tzinfo=timezone.utc),
    change_of_registrant_lock=timedelta(days=60),
    change_of_registrant_opt_out=True,
    post_create_lock=timedelta(days=60),
    post_transfer_lock=timedelta(days=60),
    post_create_lock_mandatory=False,
    post_transfer_lock_mandatory=False,
    admin_email_counts_without_registrant_email=False,
    source="ICANN Transfer Policy, icann.org (February 2024 text)",
)

#: The revised policy (Transfer Policy Review): adopted, no effective date yet.
#: Post-create and post-transfer locks mandatory at 720 hours; no CoR lock, a
#: notice within 24 hours instead.
POLICY_REVISED = TransferPolicyVersion(
    name="icann-revised",
    title="ICANN Transfer Policy as revised by the Transfer Policy Review (not yet effective)",
    effective=None,
    change_of_registrant_lock=None,
    change_of_registrant_opt_out=False,
    post_create_lock=timedelta(hours=720),
    post_transfer_lock=timedelta(hours=720),
    post_create_lock_mandatory=True,
    post_transfer_lock_mandatory=True,
    admin_email_counts_without_registrant_email=False,
    change_of_registrant_notice_within=timedelta(hours=24),
    source="ICANN Transfer Policy Review recommendations, icann.org",
)

#: Every shipped version by name.
POLICY_VERSIONS: Mapping[str, TransferPolicyVersion] = MappingProxyType(
    {policy.name: policy for policy in (POLICY_2016, POLICY_2024, POLICY_REVISED)}
)


def get_policy_version(name: str) -> TransferPolicyVersion:
    """The shipped version called ``name``.

    >>> get_policy_version("icann-revised") is POLICY_REVISED
    True
    """
    return lookup(
        name,
        POLICY_VERSIONS,
        field="policy",
        unknown=UnknownPolicyVersionError,
        message="no ICANN Transfer Policy version {name}; shipped: {shipped}",
        sort=False,  # oldest first, as they were adopted
    )


def as_policy_version(
    value: TransferPolicyVersion | str, field: str = "policy"
) -> TransferPolicyVersion:
    """``value`` if it is a :class:`TransferPolicyVersion`, else the shipped version it names.

    >>> as_policy_version("icann-2024") is POLICY_2024
    True
    """
    return named(value, TransferPolicyVersion, get_policy_version, field)


def policy_in_force(at: Instant) -> TransferPolicyVersion:
    """The version in force at ``at``: the latest effective one (versions without an
    effective date never are). Before 2016-12-01 there is none to apply.

    >>> policy_in_force("2016-11-30T23:59:59Z")
    Traceback (most recent call last):
    ...
    domainrules.errors.PolicyNotInForceError: at: no ICANN Transfer Policy version with Change of Registrant rules was in force at 2016-11-30T23:59:59+00:00 (the first took effect 2016-12-01); pass a version explicitly
    """
    t = to_utc(at, "at")
    in_force = [
        policy
        for policy in POLICY_VERSIONS.values()
        if policy.effective is not None and policy.effective <= t
    ]
    if not in_force:
        raise PolicyNotInForceError(
            f"at: no ICANN Transfer Policy version with Change of Registrant rules was in force "
            f"at {t.isoformat()} (the first took effect 2016-12-01); pass a version explicitly",
            field="at",
            value=t,
        )
    return max(in_force, key=lambda policy: policy.effective or t)


def _policy_at(
    at: datetime, policy: TransferPolicyVersion | str | None
) -> TransferPolicyVersion | None:
    # `policy` (a version or its name) when given, else the version in force at `at`;
    # None when none was in force (before 2016-12-01): no Change of Registrant rules,
    # hence no lock.
    if policy is not None:
        return as_policy_version(policy)
    try:
        return policy_in_force(at)
    except PolicyNotInForceError:
        return None
