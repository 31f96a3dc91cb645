"""Registrant changes: which procedure an edit is, whether ICANN calls it a Change of
Registrant, and what the back end must do about it.

Facts from the registrar's guide ("Domain name management", 2022-04-09) and
ICANN's Transfer Policy. :func:`classify_change` compares two
:class:`~domainrules.parties.Registration` values; :func:`plan_change` turns the
assessment into blockers, steps, a review window, the ICP wait and the transfer lock.

>>> from domainrules import Registrant, Registration, classify_change
>>> before = Registration(Registrant("organization", name="DocExample",
...                                  organization="DocExample", email="it@docexample.com"))
>>> after = Registration(Registrant("organization", name="DocExample02",
...                                 organization="DocExample02", email="it@docexample.com"))
>>> change = classify_change(before, after, at="2026-03-01T00:00:00Z")
>>> sorted(p.value for p in change.procedures), change.change_of_registrant
(['ownership-transfer'], True)
>>> change.material_fields
('registrant.name', 'registrant.organization')
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import attrs

from domainrules._validate import Choice, checked, flag, instance, show, wrong_type
from domainrules.calendars import CHINA_MAINLAND, WorkingCalendar, as_calendar
from domainrules.domain import ChangeOfRegistrant, Domain, require_domain
from domainrules.errors import (
    ArgumentTypeError,
    ChangeNotApplicableError,
    InvalidDomainRecordError,
    InvalidPartyError,
)
from domainrules.instants import Instant, local_date, to_utc
from domainrules.lifecycle import Operation, Phase
from domainrules.parties import (
    CONTACT_FIELDS,
    IDENTITY_FIELDS,
    Contact,
    ContactRole,
    Registrant,
    RegistrantKind,
    Registration,
)
from domainrules.profiles import ProfileProblem, RegistrantProfile
from domainrules.statuses import EppCommand, EppStatus
from domainrules.transfer_policy import TransferPolicyVersion, _policy_at, as_policy_version
from domainrules.verdicts import Blocker

__all__ = [
    "ChangeAssessment",
    "ChangePlan",
    "DateWindow",
    "FieldChange",
    "PlanBlockReason",
    "PlanStep",
    "PlanStepKind",
    "Procedure",
    "ReviewTimes",
    "TypoTolerance",
    "apply_change",
    "classify_change",
    "plan_change",
]


class Procedure(Choice):
    """The registrar procedures a change needs (the registrar's guide)."""

    OWNERSHIP_TRANSFER = "ownership-transfer"
    INFORMATION_MODIFICATION = "information-modification"
    ACCOUNT_TRANSFER = "account-transfer"


@checked
@attrs.frozen
class FieldChange:
    """One changed field: which party (None for the account), which field, old and new."""

    role: ContactRole | None
    field: str
    #: The values as the parties hold them: text, None, or the registrant kind.
    old: str | RegistrantKind | None
    new: str | RegistrantKind | None

    @property
    def path(self) -> str:
        """``registrant.email``, ``technical.phone``, ``account``."""
        return self.field if self.role is None else f"{self.role.value}.{self.field}"


def _edit_distance(a: str, b: str) -> int:
    # Levenshtein, two rows; names are short.
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# Larger numbers of edits or business days are no review's or typo's.
_MAX_COUNT = 366


def _non_negative(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise wrong_type(value, attribute.name, "a whole number")
    if not 0 <= value <= _MAX_COUNT:
        raise InvalidPartyError(
            f"{attribute.name}: a whole number from 0 to {_MAX_COUNT}, not {show(value)}",
            field=attribute.name,
            value=value,
        )


@attrs.frozen
class TypoTolerance:
    """When a name or organization edit counts as a typographical correction (not material).

    ICANN leaves it undefined numerically (ICANN Transfer Policy). An edit is a typo
    fix when both values exist and differ by at most ``max_edits`` character edits
    (Levenshtein, case-insensitive). The default, 0, treats every edit as material:
    when unsure, material.

    >>> TypoTolerance().is_typo("DocExampel", "DocExample"), TypoTolerance(2).is_typo("DocExampel", "DocExample")
    (False, True)
    """

    max_edits: int = attrs.field(default=0, validator=_non_negative)

    def is_typo(self, old: str | None, new: str | None) -> bool:
        """Whether ``old`` -> ``new`` is within the tolerance."""
        old, new = _optional_text(old, "old"), _optional_text(new, "new")
        if not self.max_edits or old is None or new is None:
            return False
        if abs(len(old) - len(new)) > self.max_edits:
            return False  # at least that many insertions or deletions
        return _edit_distance(old.casefold(), new.casefold()) <= self.max_edits


@checked
@attrs.frozen
class ChangeAssessment:
    """What a change of registration data is: procedures, ICANN materiality, each field."""

    procedures: frozenset[Procedure]
    changes: tuple[FieldChange, ...]
    #: The ICANN Transfer Policy version that judged materiality; None when none was
    #: given or in force (then nothing is a Change of Registrant).
    policy: TransferPolicyVersion | None
    #: An ICANN Change of Registrant (a material change) under ``policy``.
    change_of_registrant: bool
    #: The fields that made it one (paths such as ``registrant.email``).
    material_fields: tuple[str, ...]
    #: The registrations compared, and the tolerance used.
    before: Registration = attrs.field(repr=False)
    after: Registration = attrs.field(repr=False)
    typo_tolerance: TypoTolerance = attrs.field(default=TypoTolerance(), repr=False)

    @property
    def no_change(self) -> bool:
        """Nothing changed after normalization."""
        return not self.changes

    def requires(self, procedure: Procedure) -> bool:
        """Whether ``procedure`` is among those required."""
        return procedure in self.procedures

    @property
    def changed_paths(self) -> tuple[str, ...]:
        """The paths of the changed fields, in order."""
        return tuple(change.path for change in self.changes)


_CONTACT_ROLES = (ContactRole.ADMINISTRATIVE, ContactRole.BILLING, ContactRole.TECHNICAL)
_CONTACT_ATTRS = tuple(field.name for field in attrs.fields(Contact))
_EMPTY_CONTACT = Contact()


def _registration(value: Any, field: str) -> Registration:
    if not isinstance(value, Registration):
        raise wrong_type(value, field, "a Registration")
    return value


def _diff(before: Registration, after: Registration) -> list[FieldChange]:
    changes: list[FieldChange] = []
    old_holder: Registrant = before.registrant
    new_holder: Registrant = after.registrant
    for field in (*IDENTITY_FIELDS, *CONTACT_FIELDS):
        old, new = getattr(old_holder, field), getattr(new_holder, field)
        if old != new:
            changes.append(FieldChange(ContactRole.REGISTRANT, field, old, new))
    for role in _CONTACT_ROLES:
        old_contact = before.contact(role) or _EMPTY_CONTACT
        new_contact = after.contact(role) or _EMPTY_CONTACT
        for field in _CONTACT_ATTRS:
            old, new = getattr(old_contact, field), getattr(new_contact, field)
            if old != new:
                changes.append(FieldChange(role, field, old, new))
    if before.account != after.account:
        changes.append(FieldChange(None, "account", before.account, after.account))
    return changes


def classify_change(
    before: Registration,
    after: Registration,
    at: Instant | None = None,
    *,
    policy: TransferPolicyVersion | str | None = None,
    typo_tolerance: TypoTolerance = TypoTolerance(),
) -> ChangeAssessment:
    """Classify the edit from ``before`` to ``after``.

    Procedures: a change of the holder's kind, name, organization or certificate is an
    ownership transfer (it carries the holder's own contact edits with it); other
    registrant contact data and any admin/billing/technical data is an information
    modification; another account is an account transfer.

    ICANN: a Change of Registrant under ``policy`` (default: the version in force at
    ``at``) is a material change to the registrant's name, organization or email
    (2016 text: also the admin email when the registrant has none). Any email change
    is material; a name/organization edit within ``typo_tolerance`` is not, unless
    the address or phone changes with it. With neither ``at`` nor ``policy`` (only the
    procedures wanted), or at an instant before any version was in force, ``policy`` is
    None and nothing is a Change of Registrant.

    >>> from domainrules import Contact, Registrant, Registration
    >>> holder = Registrant("individual", name="Zhang San", email="zs@example.com")
    >>> before = Registration(holder, account="A1", technical=Contact(email="ops@example.com"))
    >>> after = Registration(holder, account="B2", technical=Contact(email="noc@example.com"))
    >>> change = classify_change(before, after, at="2026-01-01T00:00:00Z")
    >>> sorted(p.value for p in change.procedures), change.change_of_registrant
    (['account-transfer', 'information-modification'], False)
    >>> [(c.path, c.old, c.new) for c in change.changes]
    [('technical.email', 'ops@example.com', 'noc@example.com'), ('account', 'A1', 'B2')]
    >>> sorted(p.value for p in classify_change(before, after).procedures)
    ['account-transfer', 'information-modification']
    """
    before = _registration(before, "before")
    after = _registration(after, "after")
    typo_tolerance = instance(typo_tolerance, TypoTolerance, "typo_tolerance")
    if policy is not None:
        policy = as_policy_version(policy)
    elif at is not None:
        policy = _policy_at(to_utc(at, "at"), None)
    changes = _diff(before, after)
    changed = {change.path for change in changes}

    procedures: set[Procedure] = set()
    if any(f"registrant.{field}" in changed for field in IDENTITY_FIELDS):
        procedures.add(Procedure.OWNERSHIP_TRANSFER)
    elif any(f"registrant.{field}" in changed for field in CONTACT_FIELDS):
        procedures.add(Procedure.INFORMATION_MODIFICATION)
    if any(change.role in _CONTACT_ROLES for change in changes):
        procedures.add(Procedure.INFORMATION_MODIFICATION)
    if "account" in changed:
        procedures.add(Procedure.ACCOUNT_TRANSFER)

    material = () if policy is None else _material(before, after, changes, policy, typo_tolerance)
    return ChangeAssessment(
        frozenset(procedures),
        tuple(changes),
        policy,
        bool(material),
        material,
        before,
        after,
        typo_tolerance,
    )


def _material(
    before: Registration,
    after: Registration,
    changes: list[FieldChange],
    policy: TransferPolicyVersion,
    typo_tolerance: TypoTolerance,
) -> tuple[str, ...]:
    # The fields that make the edit an ICANN Change of Registrant under `policy`, in order.
    changed = {change.path for change in changes}
    material: list[str] = []
    old_holder, new_holder = before.registrant, after.registrant
    if "registrant.email" in changed:
        material.append("registrant.email")
    with_address_or_phone = bool(changed & {"registrant.address", "registrant.phone"})
    for field in ("name", "organization"):
        path = f"registrant.{field}"
        if path in changed and (
            with_address_or_phone
            or not typo_tolerance.is_typo(getattr(old_holder, field), getattr(new_holder, field))
        ):
            material.append(path)
    if (
        policy.admin_email_counts_without_registrant_email
        and old_holder.email is None
        and new_holder.email is None
        and "administrative.email" in changed
    ):
        material.append("administrative.email")
    order = {path: index for index, path in enumerate(c.path for c in changes)}
    material.sort(key=order.__getitem__)
    return tuple(material)


# --- planning --------------------------------------------------------------


class PlanBlockReason(Choice):
    """Why a change cannot be submitted now."""

    #: Expired: renew (or redeem) first.
    EXPIRED = "expired"
    #: Waiting for deletion or released: nothing can be changed.
    NOT_REGISTERED = "not-registered"
    #: A suffix such as .gov.cn whose ownership cannot change online.
    MANUAL_REVIEW_SUFFIX = "manual-review-suffix"
    #: A bulk change needs a verified registrant profile.
    PROFILE_REQUIRED = "profile-required"
    CNNIC_PROFILE_REQUIRED = "cnnic-profile-required"
    COMMON_PROFILE_REQUIRED = "common-profile-required"
    NOT_REAL_NAME_VERIFIED = "not-real-name-verified"
    EMAIL_NOT_VERIFIED = "email-not-verified"
    #: clientUpdateProhibited (the registrar's update prohibition lock).
    CLIENT_UPDATE_PROHIBITED = "client-update-prohibited"
    SERVER_UPDATE_PROHIBITED = "server-update-prohibited"
    #: Another status that blocks updates (pendingTransfer, pendingDelete...).
    STATUS_BLOCKS_UPDATE = "status-blocks-update"


_PROFILE_REASON = {
    ProfileProblem.CNNIC_PROFILE_REQUIRED: PlanBlockReason.CNNIC_PROFILE_REQUIRED,
    ProfileProblem.COMMON_PROFILE_REQUIRED: PlanBlockReason.COMMON_PROFILE_REQUIRED,
    ProfileProblem.NOT_REAL_NAME_VERIFIED: PlanBlockReason.NOT_REAL_NAME_VERIFIED,
    ProfileProblem.EMAIL_NOT_VERIFIED: PlanBlockReason.EMAIL_NOT_VERIFIED,
}

# What lifts each blocker (a plan's blockers never lift by themselves).
_REMEDY = {
    PlanBlockReason.EXPIRED: "renew the domain first (redeem it if it is in redemption)",
    PlanBlockReason.NOT_REGISTERED: "nothing: the domain is being deleted or is released",
    PlanBlockReason.MANUAL_REVIEW_SUFFIX: "apply offline for manual review (no fixed time)",
    PlanBlockReason.PROFILE_REQUIRED: "create a registrant profile for the new holder and verify it",
    PlanBlockReason.CNNIC_PROFILE_REQUIRED: "use a CNNIC registrant profile",
    PlanBlockReason.COMMON_PROFILE_REQUIRED: "use a common registrant profile",
    PlanBlockReason.NOT_REAL_NAME_VERIFIED: "complete the profile's real-name verification",
    PlanBlockReason.EMAIL_NOT_VERIFIED: "verify the profile's registrant email",
    PlanBlockReason.CLIENT_UPDATE_PROHIBITED: "remove the update prohibition lock",
    PlanBlockReason.SERVER_UPDATE_PROHIBITED: "ask the registry to remove serverUpdateProhibited",
    PlanBlockReason.STATUS_BLOCKS_UPDATE: "wait until the pending operation completes",
}


class PlanStepKind(Choice):
    """Something the back end must do or send for the change."""

    EMAIL_VERIFICATION_CODE = "email-verification-code"
    SUBMIT_NEW_REGISTRANT_MATERIALS = "submit-new-registrant-materials"
    NOTIFY_PRIOR_REGISTRANT = "notify-prior-registrant"
    NOTIFY_NEW_REGISTRANT = "notify-new-registrant"
    #: Tell the (unchanged) registrant its registration data was updated. ICANN's
    #: WHOIS Data Reminder Policy asks only for a yearly reminder; a notice on each
    #: update is the registrar's practice. Where a gTLD registrant's phone changes,
    #: the 2013 RAA (Whois Accuracy Program Specification, section 2) has the
    #: registrar verify it within 15 days, asking the registrant to respond.
    NOTIFY_REGISTRANT = "notify-registrant"


@checked
@attrs.frozen
class PlanStep:
    """A step, with a deadline where a policy sets one."""

    kind: PlanStepKind
    detail: str
    within: timedelta | None = None


@checked
@attrs.frozen
class DateWindow:
    """Calendar dates from ``earliest`` to ``latest`` (inclusive) in ``zone``, and the
    business-day range they come from."""

    earliest: date
    latest: date
    min_business_days: int
    max_business_days: int
    zone: str
    calendar: str
    #: Whether a day counted is one the calendar only estimates (see ChangePlan.notes).
    estimated: bool = False

    def __str__(self) -> str:
        low, high = self.min_business_days, self.max_business_days
        days = f"{low}" if low == high else f"{low}-{high}"
        return (
            f"{days} business days: {self.earliest.isoformat()} .. {self.latest.isoformat()} "
            f"({self.zone}, {self.calendar}{', estimated' if self.estimated else ''})"
        )


def _day_range(instance: Any, attribute: Any, value: Any) -> None:
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
    ):
        raise wrong_type(value, attribute.name, "a (min, max) pair of whole numbers")
    if not 0 <= value[0] <= value[1] <= _MAX_COUNT:
        raise InvalidPartyError(
            f"{attribute.name}: a (min, max) pair of business days with 0 <= min <= max <= {_MAX_COUNT}, "
            f"not {show(value)}",
            field=attribute.name,
            value=value,
        )


@attrs.frozen
class ReviewTimes:
    """The registrar's review times in business days (the registrar's guide).

    ``short`` is the published "a short time" for a bulk change of non-CNNIC domains
    with a verified profile: no number is published, so 0-1 business days is a stated
    assumption; pass another range to change it.
    """

    #: A single ownership transfer, and CNNIC-family bulk with a verified profile.
    standard: tuple[int, int] = attrs.field(default=(3, 5), validator=_day_range)
    short: tuple[int, int] = attrs.field(default=(0, 1), validator=_day_range)
    #: Business days after approval before an ICP filing should be applied for.
    icp_wait: int = attrs.field(default=3, validator=_non_negative)


@checked
@attrs.frozen
class ChangePlan:
    """What a back end must do and tell for one assessed change of one domain.

    Once the registrar has completed it, :func:`apply_change` gives the updated
    :class:`~domainrules.domain.Domain`.
    """

    name: str
    at: datetime
    procedures: frozenset[Procedure]
    blockers: tuple[Blocker[PlanBlockReason], ...]
    steps: tuple[PlanStep, ...]
    #: The review of an ownership transfer, counted from the submission date.
    review: DateWindow | None
    #: When an ICP filing may be applied for: ``icp_wait`` business days after approval,
    #: for approval on the first and on the last day of the review window.
    icp_filing_from: DateWindow | None
    #: The transfer lock the change sets (from its completion), None for no lock.
    transfer_lock: timedelta | None
    #: The ICANN Transfer Policy version applied; None when none was in force.
    policy: TransferPolicyVersion | None
    change_of_registrant: bool
    opted_out_of_transfer_lock: bool
    #: The registration before and after the change.
    before: Registration = attrs.field(repr=False)
    after: Registration = attrs.field(repr=False)
    #: The first date of the review or ICP window the calendar only estimates (its
    #: year's working calendar is not published), None when every date is known.
    estimated_from: date | None = None
    #: What a reader must know about the plan (which dates are estimates, and why).
    notes: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """No blocker: the change may be submitted."""
        return not self.blockers

    @property
    def reasons(self) -> frozenset[PlanBlockReason]:
        """The blockers' reason codes."""
        return frozenset(blocker.reason for blocker in self.blockers)

    def transfer_lock_ends_at(self, at: Instant) -> datetime | None:
        """When the lock lifts if the change completes at ``at``."""
        if self.transfer_lock is None:
            return None
        return to_utc(at, "at") + self.transfer_lock


def plan_change(
    domain: Domain,
    change: Registration | ChangeAssessment,
    at: Instant,
    *,
    policy: TransferPolicyVersion | str | None = None,
    typo_tolerance: TypoTolerance | None = None,
    opted_out_of_transfer_lock: bool = False,
    bulk: bool = False,
    profile: RegistrantProfile | None = None,
    calendar: WorkingCalendar | str = CHINA_MAINLAND,
    review_times: ReviewTimes = ReviewTimes(),
) -> ChangePlan:
    """Plan the change of ``domain``'s registration to ``change``, submitted at ``at``.

    ``change`` is the new :class:`~domainrules.parties.Registration`, compared with the
    domain's own ``registration``; or a :class:`ChangeAssessment` from
    :func:`classify_change`, which must start from the domain's registration when it
    has one. ICANN materiality is judged under ``policy`` (default: the assessment's
    version, else the one in force at ``at``; none in force: no lock).

    ``profile`` is the registrant profile used for the change (default: the domain's);
    ``bulk`` says the change is one of several submitted at once. Review dates are
    business days of ``calendar`` (the mainland China working calendar by default, in
    Asia/Shanghai), counted from the submission date in the calendar's zone.
    A registrant email edit sets a transfer lock, an ID-number change alone does not;
    ``opted_out_of_transfer_lock`` is the registrant's opt-out where the policy allows one.

    >>> from domainrules import Domain, Registrant, Registration, RegistrantProfile
    >>> from domainrules import plan_change
    >>> domain = Domain("example.com", "2027-01-01T00:00:00Z",
    ...                 profile=RegistrantProfile("common", email_verified=True),
    ...                 registration=Registration(Registrant("organization", name="A Ltd")))
    >>> plan = plan_change(domain, Registration(Registrant("organization", name="B Ltd")),
    ...                    "2026-09-25T02:00:00Z")
    >>> plan.allowed, str(plan.review)
    (True, '3-5 business days: 2026-09-30 .. 2026-10-09 (Asia/Shanghai, china-mainland)')
    >>> plan.transfer_lock
    datetime.timedelta(days=60)
    """
    domain = require_domain(domain)
    t = to_utc(at, "at")
    if isinstance(change, Registration):
        if domain.registration is None:
            raise InvalidDomainRecordError(
                "registration: the domain has no registration to change from; set "
                "Domain.registration, or pass a ChangeAssessment from classify_change",
                field="registration",
                value=None,
            )
        before, after = domain.registration, change
        tolerance = typo_tolerance if typo_tolerance is not None else TypoTolerance()
    elif isinstance(change, ChangeAssessment):
        if domain.registration is not None and change.before != domain.registration:
            raise InvalidPartyError(
                "change: the assessment starts from another registration than the domain's",
                field="change",
                value=change,
            )
        before, after = change.before, change.after
        tolerance = typo_tolerance if typo_tolerance is not None else change.typo_tolerance
        policy = policy if policy is not None else change.policy
    else:
        raise ArgumentTypeError(
            f"change: expected the new Registration or a ChangeAssessment (from "
            f"classify_change), not {type(change).__name__}",
            field="change",
            value=change,
        )
    assessment = classify_change(before, after, t, policy=policy, typo_tolerance=tolerance)
    opted_out_of_transfer_lock = flag(opted_out_of_transfer_lock, "opted_out_of_transfer_lock")
    bulk = flag(bulk, "bulk")
    if profile is not None:
        profile = instance(profile, RegistrantProfile, "profile")
    calendar = as_calendar(calendar)
    review_times = instance(review_times, ReviewTimes, "review_times")
    policy = assessment.policy
    family = domain.family
    procedures = assessment.procedures
    ownership = Procedure.OWNERSHIP_TRANSFER in procedures
    # Account moves stay inside the registrar: no EPP update, allowed in any phase
    # while registered (the registrar's guide: "moved to another account").
    needs_update = bool(
        procedures & {Procedure.OWNERSHIP_TRANSFER, Procedure.INFORMATION_MODIFICATION}
    )
    used = profile if profile is not None else domain.profile
    blockers: list[Blocker[PlanBlockReason]] = []

    def block(reason: PlanBlockReason, detail: str) -> None:
        blockers.append(Blocker(reason=reason, detail=detail, remedy=_REMEDY[reason]))

    phase = domain.lifecycle.phase_at(t)
    if phase in (Phase.PENDING_DELETE, Phase.RELEASED):
        if procedures:
            block(PlanBlockReason.NOT_REGISTERED, f"{domain.name} is {phase.value}")
    elif ownership and not domain.lifecycle.permits(Operation.TRANSFER_OWNERSHIP, t):
        block(PlanBlockReason.EXPIRED, f"{domain.name} expired {domain.expires_at.isoformat()}")
    elif needs_update and not domain.lifecycle.permits(Operation.MODIFY_CONTACTS, t):
        block(PlanBlockReason.EXPIRED, f"{domain.name} is in {phase.value}")

    if ownership and domain.name.suffix in domain.rules.manual_ownership_review:
        block(
            PlanBlockReason.MANUAL_REVIEW_SUFFIX,
            f"ownership of .{domain.name.unicode_suffix} domains cannot be changed online",
        )

    if ownership:
        if used is None:
            if bulk:
                block(PlanBlockReason.PROFILE_REQUIRED, "a bulk ownership transfer needs a profile")
        else:
            for problem in used.problems(family):
                block(_PROFILE_REASON[problem], f"registrant profile: {problem.value}")

    if needs_update:
        statuses = domain.statuses
        if EppStatus.CLIENT_UPDATE_PROHIBITED in statuses:
            block(PlanBlockReason.CLIENT_UPDATE_PROHIBITED, "clientUpdateProhibited is set")
        if EppStatus.SERVER_UPDATE_PROHIBITED in statuses:
            block(PlanBlockReason.SERVER_UPDATE_PROHIBITED, "serverUpdateProhibited is set")
        others = statuses.blocking(EppCommand.UPDATE) - {
            EppStatus.CLIENT_UPDATE_PROHIBITED,
            EppStatus.SERVER_UPDATE_PROHIBITED,
        }
        if others:
            names = ", ".join(sorted(status.value for status in others))
            block(PlanBlockReason.STATUS_BLOCKS_UPDATE, f"{names} blocks updates")

    steps: list[PlanStep] = []
    if ownership:
        steps.append(
            PlanStep(
                PlanStepKind.SUBMIT_NEW_REGISTRANT_MATERIALS,
                "the new registrant's real-name materials (not the old one's)",
            )
        )
        if bulk:
            steps.append(
                PlanStep(
                    PlanStepKind.EMAIL_VERIFICATION_CODE,
                    "a bulk ownership transfer is confirmed with an email verification code",
                )
            )
    if ownership or assessment.change_of_registrant:
        within = policy.change_of_registrant_notice_within if policy else None
        steps.append(
            PlanStep(PlanStepKind.NOTIFY_PRIOR_REGISTRANT, "email the prior registrant", within)
        )
        steps.append(
            PlanStep(PlanStepKind.NOTIFY_NEW_REGISTRANT, "email the new registrant", within)
        )
    elif Procedure.INFORMATION_MODIFICATION in procedures:
        if family.icann_transfer_policy and "registrant.phone" in assessment.changed_paths:
            steps.append(
                PlanStep(
                    PlanStepKind.NOTIFY_REGISTRANT,
                    "email the registrant the updated data and verify the new phone number "
                    "(2013 RAA, Whois Accuracy Program Specification, section 2)",
                    timedelta(days=15),
                )
            )
        else:
            steps.append(
                PlanStep(PlanStepKind.NOTIFY_REGISTRANT, "email the registrant the updated data")
            )

    review = icp = None
    estimated_from: date | None = None
    notes: list[str] = []
    if ownership and PlanBlockReason.MANUAL_REVIEW_SUFFIX not in {b.reason for b in blockers}:
        verified = used is not None and used.verified
        days = (
            review_times.short
            if bulk and verified and not family.requires_cnnic_profile
            else review_times.standard
        )
        submitted = local_date(t, calendar.zone)
        review = _window(calendar, submitted, days[0], days[1])
        icp = DateWindow(
            calendar.add_business_days(review.earliest, review_times.icp_wait),
            calendar.add_business_days(review.latest, review_times.icp_wait),
            review_times.icp_wait,
            review_times.icp_wait,
            calendar.zone,
            calendar.name,
        )
        estimated_from = _first_estimated(calendar, submitted, icp.latest)
        if estimated_from is not None:
            review = attrs.evolve(review, estimated=estimated_from <= review.latest)
            icp = attrs.evolve(icp, estimated=True)
            notes.append(
                f"dates from {estimated_from.isoformat()} on are estimates: the "
                f"{calendar.name} working calendar of {estimated_from.year} is not published; "
                "weekends and statutory holidays are counted, make-up working days are not"
            )

    lock = None
    if (
        policy is not None
        and assessment.change_of_registrant
        and family.icann_transfer_policy
        and policy.change_of_registrant_lock is not None
        and not (opted_out_of_transfer_lock and policy.change_of_registrant_opt_out)
    ):
        lock = policy.change_of_registrant_lock

    return ChangePlan(
        name=domain.name.ascii,
        at=t,
        procedures=procedures,
        blockers=tuple(blockers),
        steps=tuple(steps),
        review=review,
        icp_filing_from=icp,
        transfer_lock=lock,
        policy=policy,
        change_of_registrant=assessment.change_of_registrant,
        opted_out_of_transfer_lock=opted_out_of_transfer_lock,
        before=before,
        after=after,
        estimated_from=estimated_from,
        notes=tuple(notes),
    )


def apply_change(domain: Domain, plan: ChangePlan, at: Instant) -> Domain:
    """``domain`` after the registrar completed ``plan`` at ``at``: the new registration,
    and when the change is an ICANN Change of Registrant, the record of it (with the
    opt-out) that the transfer lock is counted from. A change that is not one (an ID
    number alone, contacts, the account) leaves ``last_change_of_registrant`` as it was.

    >>> from domainrules import Domain, Registrant, Registration, plan_change, transfer_out_check
    >>> holder = Registrant("individual", name="Zhang San", email="zs@example.com")
    >>> domain = Domain("example.com", "2027-01-01T00:00:00Z", registration=Registration(holder))
    >>> moved = Registration(attrs.evolve(holder, email="zs@example.net"))
    >>> plan = plan_change(domain, moved, "2026-03-01T00:00:00Z")
    >>> after = apply_change(domain, plan, "2026-03-02T00:00:00Z")
    >>> after.registration == moved, after.last_change_of_registrant.at.isoformat()
    (True, '2026-03-02T00:00:00+00:00')
    >>> [b.reason.value for b in transfer_out_check(after, "2026-03-10T00:00:00Z").blockers]
    ['change-of-registrant-lock']
    """
    domain = require_domain(domain)
    if not isinstance(plan, ChangePlan):
        raise ArgumentTypeError(
            f"plan: expected a ChangePlan (from plan_change), not {type(plan).__name__}",
            field="plan",
            value=plan,
        )
    t = to_utc(at, "at")
    if plan.name != domain.name.ascii:
        raise ChangeNotApplicableError(
            f"plan: made for {plan.name}, not {domain.name.ascii}", field="plan", value=plan.name
        )
    if domain.registration is not None and domain.registration != plan.before:
        raise ChangeNotApplicableError(
            "plan: the domain's registration is no longer the one the plan started from",
            field="plan",
            value=plan,
        )
    if not plan.allowed:
        codes = ", ".join(sorted(reason.value for reason in plan.reasons))
        raise ChangeNotApplicableError(
            f"plan: blocked ({codes}); a blocked change cannot complete",
            field="plan",
            value=plan,
        )
    if t < plan.at:
        raise ChangeNotApplicableError(
            f"at: {t.isoformat()} is before the submission {plan.at.isoformat()}",
            field="at",
            value=t,
        )
    if not plan.change_of_registrant:
        return domain.evolve(registration=plan.after)
    return domain.evolve(
        registration=plan.after,
        last_change_of_registrant=ChangeOfRegistrant(
            t, opted_out_of_transfer_lock=plan.opted_out_of_transfer_lock
        ),
    )


def _first_estimated(calendar: WorkingCalendar, start: date, end: date) -> date | None:
    day = start
    while day <= end:
        if calendar.estimated(day):
            return day
        day += timedelta(days=1)
    return None


def _optional_text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{field}: expected text or None, not {type(value).__name__}", field=field, value=value
        )
    # Registrant names are at most 1,000 characters (parties.py); the edit distance
    # is quadratic, so longer text is refused before it is compared.
    if len(value) > _MAX_TYPO_TEXT:
        raise InvalidPartyError(
            f"{field}: {len(value)} characters is too long for a name",
            field=field,
            value=value,
        )
    return value


_MAX_TYPO_TEXT = 1000


def _window(calendar: WorkingCalendar, start: date, low: int, high: int) -> DateWindow:
    return DateWindow(
        calendar.add_business_days(start, low),
        calendar.add_business_days(start, high),
        low,
        high,
        calendar.zone,
        calendar.name,
    )
