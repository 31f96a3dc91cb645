"""Registrant profiles: which suffixes each kind serves, what must be verified, the holds.

Facts from the registrar's guide ("Domain name management", 2022-04-09):

- a **common** profile serves registration, ownership transfer and transfer-in of
  every suffix except the CNNIC family (.cn, .中国, .公司, .网络), once its email is verified;
- a **CNNIC** profile serves the same operations for the CNNIC family, once its email
  is verified **and** its real-name verification is approved;
- a domain whose holder email is not verified is put in ``clientHold`` (ICANN); a
  CNNIC-family domain without real-name verification in ``serverHold``. Neither resolves.

>>> from domainrules.rulesets import DEFAULT_RULE_SET
>>> from domainrules.profiles import ProfileKind, RegistrantProfile
>>> cn = DEFAULT_RULE_SET.family_for("example.cn")
>>> fresh = RegistrantProfile(ProfileKind.CNNIC, email_verified=True)
>>> [problem.value for problem in fresh.problems(cn)]
['not-real-name-verified']
>>> sorted(status.value for status in fresh.holds(cn))
['serverHold']
"""

from __future__ import annotations

from typing import Any

import attrs

from domainrules._validate import (
    Choice,
    bool_field,
    choice,
    instance,
    instance_field,
    show,
    wrong_type,
)
from domainrules.errors import InvalidPartyError
from domainrules.parties import Registrant
from domainrules.rulesets import SuffixFamily
from domainrules.statuses import EppStatus

__all__ = ["ProfileKind", "ProfileOperation", "ProfileProblem", "RegistrantProfile"]


class ProfileKind(Choice):
    """The two kinds of registrant profile the registrar keeps."""

    COMMON = "common"
    CNNIC = "cnnic"

    def serves(self, family: SuffixFamily) -> bool:
        """Whether this kind is the one for ``family`` (CNNIC for the CNNIC family only).

        >>> from domainrules.rulesets import DEFAULT_RULE_SET
        >>> ProfileKind.COMMON.serves(DEFAULT_RULE_SET.family_for("example.com"))
        True
        >>> ProfileKind.COMMON.serves(DEFAULT_RULE_SET.family_for("example.公司"))
        False
        """
        family = instance(family, SuffixFamily, "family")
        return (self is ProfileKind.CNNIC) == family.requires_cnnic_profile


class ProfileOperation(Choice):
    """What a profile is used for."""

    REGISTRATION = "registration"
    OWNERSHIP_TRANSFER = "ownership-transfer"
    TRANSFER_IN = "transfer-in"


class ProfileProblem(Choice):
    """Why a profile cannot be used for a suffix yet."""

    #: A CNNIC-family suffix needs a CNNIC profile.
    CNNIC_PROFILE_REQUIRED = "cnnic-profile-required"
    #: A CNNIC profile serves only the CNNIC family: use a common profile.
    COMMON_PROFILE_REQUIRED = "common-profile-required"
    EMAIL_NOT_VERIFIED = "email-not-verified"
    NOT_REAL_NAME_VERIFIED = "not-real-name-verified"


def _kind(value: Any) -> ProfileKind:
    if isinstance(value, ProfileKind):
        return value
    if not isinstance(value, str):
        raise wrong_type(value, "kind", "a profile kind (common or cnnic)")
    try:
        return ProfileKind(value)
    except ValueError:
        raise InvalidPartyError(
            f"kind: {show(value)} is not a profile kind (common or cnnic)",
            field="kind",
            value=value,
        ) from None


@attrs.frozen
class RegistrantProfile:
    """A registrant profile (registrant template) and how far it is verified.

    >>> from domainrules.rulesets import DEFAULT_RULE_SET
    >>> RegistrantProfile("common", email_verified=True).usable_for(DEFAULT_RULE_SET.family_for("example.com"))
    True
    """

    kind: ProfileKind = attrs.field(converter=_kind)
    email_verified: bool = attrs.field(default=False, validator=bool_field)
    #: Real-name verification approved (required for CNNIC profiles only).
    real_name_verified: bool = attrs.field(default=False, validator=bool_field)
    #: The holder data it fills in, if known.
    registrant: Registrant | None = attrs.field(
        default=None, validator=instance_field(Registrant, optional=True)
    )
    #: The registrar's id for it, if any.
    profile_id: str | None = attrs.field(default=None, validator=instance_field(str, optional=True))

    def problems(
        self,
        family: SuffixFamily,
        operation: ProfileOperation = ProfileOperation.OWNERSHIP_TRANSFER,
    ) -> tuple[ProfileProblem, ...]:
        """What stands between this profile and ``operation`` on a ``family`` suffix,
        in the order to fix them (the same for every operation of the table)."""
        family = instance(family, SuffixFamily, "family")
        choice(operation, ProfileOperation, "operation")
        problems: list[ProfileProblem] = []
        if not self.kind.serves(family):
            problems.append(
                ProfileProblem.CNNIC_PROFILE_REQUIRED
                if family.requires_cnnic_profile
                else ProfileProblem.COMMON_PROFILE_REQUIRED
            )
        if not self.email_verified:
            problems.append(ProfileProblem.EMAIL_NOT_VERIFIED)
        if family.requires_cnnic_profile and not self.real_name_verified:
            problems.append(ProfileProblem.NOT_REAL_NAME_VERIFIED)
        return tuple(problems)

    def usable_for(
        self,
        family: SuffixFamily,
        operation: ProfileOperation = ProfileOperation.OWNERSHIP_TRANSFER,
    ) -> bool:
        """Whether the profile may serve ``operation`` on a ``family`` suffix now."""
        return not self.problems(family, operation)

    @property
    def verified(self) -> bool:
        """Verified as far as its kind requires (a "verified profile" in the registrar's
        review-time rules)."""
        return self.email_verified and (self.kind is ProfileKind.COMMON or self.real_name_verified)

    def holds(self, family: SuffixFamily) -> frozenset[EppStatus]:
        """The holds a domain of ``family`` held under this profile is put in.

        >>> from domainrules.rulesets import DEFAULT_RULE_SET
        >>> sorted(s.value for s in RegistrantProfile("common").holds(DEFAULT_RULE_SET.family_for("a.com")))
        ['clientHold']
        """
        family = instance(family, SuffixFamily, "family")
        holds: set[EppStatus] = set()
        if not self.email_verified:
            holds.add(EppStatus.CLIENT_HOLD)
        if family.requires_cnnic_profile and not (
            self.kind is ProfileKind.CNNIC and self.real_name_verified
        ):
            holds.add(EppStatus.SERVER_HOLD)
        return frozenset(holds)
