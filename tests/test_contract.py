"""The input contract (docs/contract.md), generated from ``__all__``.

Every public callable of ``domainrules`` and ``domainrules.ram`` (and every public
method of the values they build) is called with one valid argument list, then with
one argument at a time replaced by a hostile value: ``None``, wrong types, NaN and
infinities, huge integers, a 1 MB string, lone surrogates, deep nesting, ISO text
with a ±24:00 offset... Each call must return or raise a ``DomainRulesError`` of the
right KIND: a value of a type the argument does not take (read from the argument's
annotation) raises ``ArgumentTypeError`` (a ``TypeError``); a value of the right type
that cannot be used raises a ``ValueError`` (or, for a name nothing is registered
under, ``LookupError``) subclass, never a ``TypeError``. Any other exception
(``TypeError``, ``AttributeError``, ``RecursionError``...) is a broken promise.

Every public attrs type is also rebuilt with ``attrs.evolve``, one field at a time
replaced by each hostile value, under the same rule: a value is checked when it is
built, not later where it is used. The fixed hostile values are all tried for every
argument; a hypothesis test adds generated ones.
"""

from __future__ import annotations

import collections.abc
import enum
import inspect
import math
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import domainrules
import domainrules.ram as ram
from domainrules import (
    CHINA_MAINLAND,
    DEFAULT_RULE_SET,
    POLICY_2024,
    ArgumentTypeError,
    ChangeAssessment,
    Contact,
    Domain,
    DomainRulesError,
    MondayToFridayCalendar,
    Registrant,
    RegistrantProfile,
    Registration,
    ResumptionWindow,
    classify_change,
    lifecycle_of,
    next_action,
    plan_change,
    transfer_out_check,
    why_not_resolving,
)

# --- hostile values ------------------------------------------------------------


def _deep(depth: int) -> list[Any]:
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    return nested


def _deep_dict(depth: int) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for _ in range(depth):
        nested = {"a": nested}
    return nested


class _Opaque:
    """An object of no type the library knows (its repr is fine)."""


HOSTILE: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    -(2**63),
    2**64,
    10**5000,
    math.nan,
    math.inf,
    -math.inf,
    1.5,
    "",
    " ",
    "x" * 1_000_000,
    "\ud800",
    "\udcff.com",
    "example.com\x00",
    "false",
    "60",
    "alibaba-2022",
    "icann-2024",
    "china",
    "2026-01-01T00:00:00+24:00",
    "2026-01-01T00:00:00-24:00",
    "2026-01-01T00:00:00+23:60",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    b"example.com",
    [],
    {},
    ("example.com",),
    _deep(100_000),
    _deep_dict(100_000),
    _Opaque(),
    object,
    datetime(2026, 1, 1),  # naive
    datetime.min.replace(tzinfo=timezone.utc),
    datetime.max.replace(tzinfo=timezone.utc),
    datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
    date(1, 1, 1),
    date.max,
    timedelta.max,
    timedelta.min,
    timedelta(days=-1),
)

_HOSTILE_IDS = [
    f"{i}-{type(v).__name__}" for i, v in enumerate(HOSTILE)
]  # reprs of some would be enormous


# --- one valid call per public callable ----------------------------------------

AT = "2026-06-01T00:00:00Z"
EXPIRES = "2027-01-01T00:00:00Z"
HOLDER = Registrant("organization", name="A Ltd", organization="A Ltd", email="a@example.com")
BUYER = Registrant("organization", name="B Ltd", organization="B Ltd", email="b@example.com")
REGISTRATION = Registration(HOLDER, account="A1")
DOMAIN = Domain("example.com", EXPIRES, created_at="2025-01-01T00:00:00Z")
LIFE = lifecycle_of("example.com", EXPIRES)
ASSESSMENT: ChangeAssessment = classify_change(REGISTRATION, Registration(BUYER), at=AT)
PLAN = plan_change(DOMAIN, ASSESSMENT, AT)
RULES = DEFAULT_RULE_SET.family("gtld").lifecycle
FAMILY = DEFAULT_RULE_SET.family("gtld")
WINDOW = ResumptionWindow(timedelta(0), timedelta(days=1))
POLICY = ram.DOCUMENTED_READ_ONLY_POLICY
# The registry side: a history, and a rule set whose gTLD family has registry numbers.
HISTORY = domainrules.DomainHistory(
    "example.com", [domainrules.registry.Create("2025-01-01T00:00:00Z", registrar="alpha")]
)
WITH_REGISTRY = DEFAULT_RULE_SET.with_family(
    __import__("attrs").evolve(FAMILY, registry=domainrules.rulesets.NOMULUS_DEFAULTS)
)

# Valid arguments by parameter name; OVERRIDES below for names that mean another
# thing in one place.
SAMPLES: dict[str, Any] = {
    "name": "example.com",
    "text": "example.com",
    "value": "2026-06-01T00:00:00Z",
    "expires_at": EXPIRES,
    "at": AT,
    "created_at": "2025-01-01T00:00:00Z",
    "last_transferred_at": None,
    "last_change_of_registrant": None,
    "rules": DEFAULT_RULE_SET,
    "domain": DOMAIN,
    "domains": [("example.com", EXPIRES)],
    "policy": POLICY_2024,
    "locks": domainrules.RegistrarLocks(),
    "change": ASSESSMENT,
    "plan": PLAN,
    "before": REGISTRATION,
    "after": Registration(BUYER),
    "typo_tolerance": domainrules.TypoTolerance(),
    "opted_out_of_transfer_lock": False,
    "bulk": False,
    "profile": None,
    "calendar": CHINA_MAINLAND,
    "review_times": domainrules.ReviewTimes(),
    "field": "at",
    "kind": "organization",
    "registrant": HOLDER,
    "account": "A1",
    "administrative": None,
    "billing": None,
    "technical": None,
    "organization": "A Ltd",
    "email": "a@example.com",
    "phone": "+86 571 8502 2088",
    "address": "1 Road",
    "country": "CN",
    "certificate_type": "id-card",
    "certificate_number": "110105194912310020",
    "email_verified": True,
    "real_name_verified": True,
    "profile_id": "P1",
    "post_create": True,
    "post_transfer": True,
    "days": 60,
    "max_edits": 1,
    "standard": (3, 5),
    "short": (0, 1),
    "icp_wait": 3,
    "statuses": ["clientTransferProhibited"],
    "status": "clientHold",
    "by": "client",
    "command": "renew",
    "operation": "renew",
    "phase": "redemption",
    "days_left": 3,
    "renew_within": 30,
    "life": LIFE,
    "role": "technical",
    "family": FAMILY,
    "tld": "com",
    "years": 1,
    "renew_years": 0,
    "on_registrar_dns": True,
    "day": date(2026, 6, 1),
    "start": date(2026, 6, 1),
    "end": date(2026, 6, 10),
    "count": 3,
    "zone": "Asia/Shanghai",
    "allow_estimates": False,
    "first_year": 2001,
    "last_year": 2026,
    "old": "DocExampel",
    "new": "DocExample",
    "renewal_grace_days": 30,
    "redemption_days": 30,
    "pending_delete_days": 5,
    "then": "deleted",
    "redemption_tolerance": timedelta(days=1),
    "redemption_extends_expiry": True,
    "leap_day": "clamp-to-feb-28",
    "max_term_years": 10,
    "earliest": timedelta(0),
    "latest": timedelta(days=1),
    "records_must_be_set_again": False,
    "renewed_in_grace_on_registrar_dns": WINDOW,
    "renewed_in_grace_on_other_dns": WINDOW,
    "redeemed": WINDOW,
    "dns_server_change": WINDOW,
    "tlds": ["com"],
    "lifecycle": RULES,
    "icann_transfer_policy": True,
    "requires_cnnic_profile": False,
    "description": "",
    "source": "",
    "effective": date(2022, 1, 1),
    "families": [FAMILY],
    "gtld_family": "gtld",
    "manual_ownership_review": [],
    "dns": domainrules.DnsTimings(),
    "title": "a policy",
    "change_of_registrant_lock": timedelta(days=60),
    "change_of_registrant_opt_out": True,
    "post_create_lock": timedelta(days=60),
    "post_transfer_lock": timedelta(days=60),
    "post_create_lock_mandatory": False,
    "post_transfer_lock_mandatory": False,
    "admin_email_counts_without_registrant_email": False,
    "change_of_registrant_notice_within": None,
    # ram
    "policies": [POLICY],
    "api": "QueryDomainList",
    "apis": ["QueryDomainList"],
    "account_id": "1234567890",
    "context": None,
    "catalog": ram.DEFAULT_CATALOG,
    "source_pattern": "acs:domain:*:*:domain/*",
    "ignore_case": False,
    "document": POLICY.name and '{"Version": "1", "Statement": []}',
    "max_length": 6144,
    "request": ram.Request("domain:QueryDomainList", "acs:domain:*:1234567890:domain/example.com"),
    "action": "domain:QueryDomainList",
    "resource": "acs:domain:*:1234567890:domain/example.com",
    "first": [POLICY],
    "second": [ram.ALIYUN_DOMAIN_FULL_ACCESS],
    "actions": "domain:Query*",
    "resources": "*",
    "max_states": 5000,
    # rule-set files
    "valid_from": datetime(2022, 1, 1, tzinfo=timezone.utc),
    "later_versions": (),
    "sources": (),
    "citations": (),
    # registry side
    "history": HISTORY,
    "registrar": "beta",
    "registry": domainrules.rulesets.NOMULUS_DEFAULTS,
    "deleted_at": None,
    "events": list(HISTORY.events),
}

# (callable name, parameter) -> sample, where the name alone is ambiguous.
OVERRIDES: dict[tuple[str, str], Any] = {
    ("Lifecycle", "rules"): DEFAULT_RULE_SET,
    ("Lifecycle", "name"): domainrules.DomainName("example.com"),
    ("Lifecycle", "expires_at"): datetime(2027, 1, 1, tzinfo=timezone.utc),
    ("SuffixFamily", "name"): "gtld",
    ("RuleSet", "name"): "custom",
    ("RuleSet.family", "name"): "gtld",
    ("TransferPolicyVersion", "effective"): datetime(2025, 1, 1, tzinfo=timezone.utc),
    ("get_rule_set", "name"): "alibaba-2022",
    ("get_calendar", "name"): "china-mainland",
    ("get_policy_version", "name"): "icann-2024",
    ("ChinaMainlandCalendar", "name"): "china-mainland",
    ("ChinaMainlandCalendar", "zone"): "Asia/Shanghai",
    ("MondayToFridayCalendar", "zone"): "UTC",
    ("MondayToFridayCalendar", "name"): "monday-to-friday",
    ("RegistrantProfile", "kind"): "common",
    ("Registration", "registrant"): HOLDER,
    ("Lifecycle.renew", "at"): "2027-01-05T00:00:00Z",
    ("Lifecycle.redeem", "at"): "2027-02-15T00:00:00Z",
    ("Lifecycle.redeem", "renew_years"): 1,
    ("Domain.evolve", "changes"): {},
    ("RuleSet.with_family", "family"): FAMILY,
    ("registry_state", "rules"): domainrules.rulesets.NOMULUS_DEFAULTS,
    ("delete_outcome", "rules"): domainrules.rulesets.NOMULUS_DEFAULTS,
    ("transfer_outcome", "rules"): WITH_REGISTRY,
    ("restore_outcome", "rules"): domainrules.rulesets.NOMULUS_DEFAULTS,
    ("side_by_side", "rules"): WITH_REGISTRY,
    ("SideBySide.registry_span_of", "status"): "autoRenewPeriod",
    ("RegistryState.period", "status"): "addPeriod",
    ("RegistryState.ends_at", "status"): "addPeriod",
    ("to_utc", "field"): "at",
    ("classify_change", "at"): AT,
    ("StatusSet.of", "statuses"): "clientHold",
    ("canonical_name", "field"): "name",
    ("compile_pattern", "source"): "acs:domain:*:*:domain/*",
    ("one_domain_manager_policy", "domain"): "example.com",
    ("one_domain_manager_policy", "name"): None,
    ("least_privilege_policy", "name"): "LeastPrivilege",
    ("least_privilege_policy", "domains"): ["example.com"],
    ("permitted_apis", "domain"): "example.com",
    ("authorize", "domains"): ["example.com"],
    ("domain_resource", "domain"): "example.com",
    ("canonical_resource", "text"): "acs:domain:*:1234567890:domain/example.com",
    ("canonical_resource_pattern", "text"): "acs:domain:*:*:domain/*",
    ("PolicySet", "policies"): [POLICY],
    ("lint_policy", "policy"): POLICY,
    ("compare", "old"): [POLICY],
    ("compare", "new"): [ram.ALIYUN_DOMAIN_FULL_ACCESS],
    ("check_no_new_access", "old"): [POLICY],
    ("check_no_new_access", "new"): [ram.ALIYUN_DOMAIN_FULL_ACCESS],
    ("load_rule_set", "source"): DEFAULT_RULE_SET.to_mapping(),
    ("RuleSet.source_of", "family"): "gtld",
    ("RuleSet.source_of", "field"): "redemption",
    ("review", "old"): [POLICY],
    ("review", "new"): [ram.ALIYUN_DOMAIN_FULL_ACCESS],
    ("review", "comparison"): ram.compare(POLICY, ram.ALIYUN_DOMAIN_FULL_ACCESS),
}

# Public callables that take no user input worth attacking, or are not meant to
# be called by users; each with its reason.
EXEMPT: dict[str, str] = {
    "WorkingCalendar": "abstract base class: Python itself refuses to instantiate it",
}

# Result values the library builds and hands out: not called with the samples above;
# their constructors are attacked field by field through attrs.evolve (below).
RESULTS = frozenset(
    {
        "ChangeAssessment",
        "ChangePlan",
        "NextAction",
        "DateWindow",
        "FieldChange",
        "PeriodDays",
        "Blocker",
        "PlanStep",
        "Reminder",
        "ResolutionExplanation",
        "Span",
        "TransferEligibility",
        "RuleSetFault",
        "RuleSetWarning",
        # registry-side results
        "Credit",
        "DeleteOutcome",
        "PendingTransfer",
        "RegistryRefusal",
        "RegistrySpan",
        "RegistryState",
        "RestoreOutcome",
        "RgpPeriod",
        "SideBySide",
        "TransferOutcome",
        # ram results
        "ApiRule",
        "Arn",
        "Authorization",
        "Catalog",
        "ConditionClause",
        "Decision",
        "Finding",
        "MatchedStatement",
        "Pattern",
        "PermittedApis",
        "Policy",
        "Statement",
        # analysis results
        "Check",
        "Comparison",
        "Region",
        "RegionCondition",
        "Review",
        "StatementChange",
        "StatementRef",
    }
)

# Values whose methods are attacked too, each built validly.
INSTANCES: dict[str, Callable[[], Any]] = {
    "Lifecycle": lambda: lifecycle_of("example.com", EXPIRES),
    "Domain": lambda: DOMAIN,
    "StatusSet": lambda: domainrules.StatusSet.of("clientHold"),
    "RuleSet": lambda: DEFAULT_RULE_SET,
    "ChinaMainlandCalendar": lambda: CHINA_MAINLAND,
    "MondayToFridayCalendar": lambda: MondayToFridayCalendar(),
    "ChangePlan": lambda: plan_change(DOMAIN, ASSESSMENT, AT),
    "TransferEligibility": lambda: transfer_out_check(DOMAIN, AT),
    "ResolutionExplanation": lambda: why_not_resolving(DOMAIN, AT),
    "RegistrantProfile": lambda: RegistrantProfile("common", email_verified=True),
    "TypoTolerance": lambda: domainrules.TypoTolerance(1),
    "Registration": lambda: REGISTRATION,
    "PhaseClassifier": lambda: domainrules.PhaseClassifier(AT),
    "DomainName": lambda: domainrules.DomainName("example.com"),
    "Contact": lambda: Contact(email="a@example.com"),
    "ProfileKind": lambda: domainrules.ProfileKind.COMMON,
    "EppStatus": lambda: domainrules.EppStatus.CLIENT_HOLD,
    "PolicySet": lambda: ram.PolicySet([POLICY]),
    "SideBySide": lambda: domainrules.side_by_side("example.com", EXPIRES, rules=WITH_REGISTRY),
    "RegistryState": lambda: domainrules.registry_state(
        HISTORY, AT, rules=domainrules.rulesets.NOMULUS_DEFAULTS
    ),
}

# ram was hardened by issue 8: no known failures remain. A callable:argument listed here
# would be marked as an expected failure.
RAM_XFAIL: frozenset[str] = frozenset()


class Call:
    """One public callable with a valid argument list."""

    def __init__(self, label: str, function: Callable[..., Any], enum_value_only: bool = False):
        self.label = label
        self.function = function
        self.enum_value_only = enum_value_only
        self.params: list[inspect.Parameter] = []
        if enum_value_only:
            # An enumeration is called with one value; its reported signature differs
            # between Python versions ((*values) on 3.13), so it is not read.
            self.params.append(inspect.Parameter("value", inspect.Parameter.POSITIONAL_ONLY))
            return
        try:
            signature = inspect.signature(function)
        except (TypeError, ValueError):
            signature = None
        if signature is not None:
            self.params.extend(signature.parameters.values())

    def sample(self, name: str) -> Any:
        if self.enum_value_only:
            return next(iter(self.function)).value  # type: ignore[call-overload]
        key = (self.label, name)
        if key in OVERRIDES:
            return OVERRIDES[key]
        return SAMPLES[name]

    def arguments(
        self, replace: str | None = None, hostile: Any = None
    ) -> tuple[list[Any], dict[str, Any]]:
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for param in self.params:
            is_target = param.name == replace
            if param.kind is param.VAR_KEYWORD:
                if is_target:
                    kwargs["name"] = hostile
                continue
            if param.kind is param.VAR_POSITIONAL:
                if is_target:
                    args.append(hostile)
                elif (self.label, param.name) in OVERRIDES or param.name in SAMPLES:
                    args.append(self.sample(param.name))
                continue
            if is_target:
                value = hostile
            elif param.default is not param.empty and (self.label, param.name) not in OVERRIDES:
                continue  # optional: left at its default
            else:
                value = self.sample(param.name)
            # By keyword where possible: an optional left out must not shift the rest.
            if param.kind is param.POSITIONAL_ONLY:
                args.append(value)
            else:
                kwargs[param.name] = value
        return args, kwargs

    def call(self, replace: str | None = None, hostile: Any = None) -> Any:
        args, kwargs = self.arguments(replace, hostile)
        return self.function(*args, **kwargs)


def _calls() -> list[Call]:
    calls: list[Call] = []
    for module in (domainrules, ram):
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj) or name in EXEMPT or name in RESULTS:
                continue
            if isinstance(obj, type) and issubclass(obj, BaseException):
                continue  # error classes: covered by tests/test_errors
            label = name
            enum_like = isinstance(obj, type) and issubclass(obj, __import__("enum").Enum)
            calls.append(Call(label, obj, enum_value_only=enum_like))
    for cls_name, build in INSTANCES.items():
        instance = build()
        for attr in sorted(dir(type(instance))):
            if attr.startswith("_") and attr != "__call__":
                continue
            member = inspect.getattr_static(type(instance), attr)
            if isinstance(member, property) or not callable(getattr(instance, attr, None)):
                continue
            if attr == "__call__" and cls_name != "PhaseClassifier":
                continue
            if isinstance(member, type):
                continue
            calls.append(Call(f"{cls_name}.{attr}", getattr(instance, attr)))
    return calls


CALLS = _calls()
TARGETS = [(call, param.name) for call in CALLS for param in call.params]


def _ram(call: Call) -> bool:
    function = call.function
    module = getattr(function, "__module__", "") or getattr(
        getattr(function, "__self__", None), "__module__", ""
    )
    return module.startswith("domainrules.ram")


# --- the kind of refusal: a wrong type, or a wrong value of the right type ---------

# Parameters whose annotation says less than the contract (``Any`` for a converter's
# input): what they take.
ACCEPTS: dict[tuple[str, str], Any] = {
    **{("Contact", f): str | None for f in ("name", "organization", "email", "phone")},
    **{("Contact", f): str | None for f in ("address", "country")},
    **{
        ("Registrant", f): str | None
        for f in (
            "name",
            "organization",
            "certificate_type",
            "certificate_number",
            "email",
            "phone",
            "address",
            "country",
        )
    },
    ("Registrant", "kind"): domainrules.RegistrantKind,
    ("RegistrantProfile", "kind"): domainrules.ProfileKind,
    ("Registration", "registrant"): Registrant,
    ("Registration", "account"): str | None,
    **{("Registration", f): Contact | None for f in ("administrative", "billing", "technical")},
    ("LifecycleRules", "then"): domainrules.Disposition,
    ("LifecycleRules", "leap_day"): domainrules.LeapDayPolicy,
    ("RuleSet", "manual_ownership_review"): collections.abc.Iterable[str],
    ("SuffixFamily", "tlds"): collections.abc.Iterable[str],
    ("Request", "action"): str,
    ("Request", "resource"): str,
    ("Domain", "last_change_of_registrant"): domainrules.ChangeOfRegistrant | datetime | str | None,
}

_ITERABLES = {
    collections.abc.Iterable,
    collections.abc.Collection,
    collections.abc.Sequence,
    collections.abc.Set,
    collections.abc.Iterator,
}


def _takes(value: Any, kind: Any) -> bool | None:
    """Whether ``value`` is of a type an argument annotated ``kind`` takes (None: the
    annotation cannot tell)."""
    if kind is Any or kind is object or isinstance(kind, (TypeVar, str)):
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Union or origin is types.UnionType:
        answers = [_takes(value, arg) for arg in args]
        return True if True in answers else (None if None in answers else False)
    if kind is None or kind is type(None):
        return value is None
    if origin is typing.Literal:
        return type(value) in {type(arg) for arg in args}
    if origin in (tuple, list, frozenset, set) or origin in _ITERABLES:
        # Python's own reading: text is an iterable of characters, a mapping of its keys.
        container = origin if origin in (tuple, list, frozenset, set) else collections.abc.Iterable
        if not isinstance(value, container):
            return False
        if not args or (origin is tuple and args[-1] is not Ellipsis):
            return None if args else True
        if isinstance(value, str):
            # One item where items are text (some arguments take it so), else refused.
            return None if _takes("a", args[0]) is not False else False
        if isinstance(value, bytes):
            return False
        if isinstance(value, collections.abc.Mapping):
            return None  # its keys, or refused as no collection: either is a clear answer
        if not isinstance(value, (list, tuple, set, frozenset)):
            return None  # an iterator: not consumed here
        answers = [_takes(item, args[0]) for item in list(value)[:3]]
        return False if False in answers else (None if None in answers else True)
    if origin in (dict, collections.abc.Mapping):
        return isinstance(value, collections.abc.Mapping)
    if origin is not None:
        kind = origin
    if not isinstance(kind, type):
        return None
    if issubclass(kind, enum.Enum):  # a member, its name or its value
        values = {type(member.value) for member in kind}
        return isinstance(value, (kind, str)) or type(value) in values
    if kind is bool:
        return value is True or value is False
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    return isinstance(value, kind)


def _annotations(function: Any) -> dict[str, Any]:
    target = (
        inspect.getattr_static(function, "__init__") if isinstance(function, type) else function
    )
    target = inspect.unwrap(getattr(target, "__func__", target))
    try:
        return typing.get_type_hints(target)
    except Exception:  # an annotation that cannot be resolved: nothing to tell
        return {}


def _kind_expected(label: str, function: Any, param: str, hostile: Any) -> bool | None:
    """True: a wrong type (ArgumentTypeError); False: a wrong value; None: unknown."""
    owner = label.partition(".")[0] if "." in label else label
    kind = ACCEPTS.get((label, param), ACCEPTS.get((owner, param)))
    if kind is None:
        kind = _annotations(function).get(param, Any)
    takes = _takes(hostile, kind)
    return None if takes is None else not takes


def _check_kind(where: str, error: Exception, wrong_type: bool | None) -> None:
    if not isinstance(error, DomainRulesError):
        pytest.fail(f"{where} raised {type(error).__name__}: {str(error)[:200]}")
    if isinstance(error, TypeError) and isinstance(error, (ValueError, LookupError)):
        pytest.fail(f"{where} raised {type(error).__name__}, both a wrong type and value")
    if wrong_type is True and not isinstance(error, ArgumentTypeError):
        pytest.fail(
            f"{where}: a wrong type raised {type(error).__name__} (a value error), not "
            f"ArgumentTypeError: {str(error)[:200]}"
        )
    if wrong_type is False and isinstance(error, TypeError):
        pytest.fail(
            f"{where}: a value of the right type raised {type(error).__name__}, not a "
            f"ValueError subclass: {str(error)[:200]}"
        )


def _expect_contract(call: Call, param: str, hostile: Any) -> None:
    try:
        call.call(param, hostile)
    except Exception as error:
        where = f"{call.label}({param}=<{type(hostile).__name__}>)"
        param_kind = next(p.kind for p in call.params if p.name == param)
        wrong_type = (
            None
            if call.enum_value_only
            or param_kind in (param_kind.VAR_POSITIONAL, param_kind.VAR_KEYWORD)
            else _kind_expected(call.label, call.function, param, hostile)
        )
        if call.enum_value_only:  # Phase(value): the value types of its members
            wrong_type = not _takes(hostile, call.function)
        _check_kind(where, error, wrong_type)


def _mark(call: Call, param: str) -> list[Any]:
    if f"{call.label}:{param}" in RAM_XFAIL or call.label in RAM_XFAIL:
        return [pytest.mark.xfail(reason="ram hardening: issue 8", strict=False)]
    return []


@pytest.mark.parametrize("call", CALLS, ids=[c.label for c in CALLS])
def test_the_valid_call_succeeds(call: Call) -> None:
    # The baseline: the samples above are right, so a refusal below is the hostile value's.
    call.call()


def test_every_public_callable_is_covered() -> None:
    labels = {call.label for call in CALLS}
    for module in (domainrules, ram):
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not (isinstance(obj, type) and issubclass(obj, BaseException)):
                assert name in labels or name in EXEMPT or name in RESULTS, name


@pytest.mark.parametrize(
    ("call", "param"),
    [pytest.param(c, p, marks=_mark(c, p), id=f"{c.label}:{p}") for c, p in TARGETS],
)
def test_fixed_hostile_values(call: Call, param: str) -> None:
    for hostile in HOSTILE:
        _expect_contract(call, param, hostile)


_generated = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
    st.binary(max_size=20),
    st.dates(),
    st.datetimes(timezones=st.timezones()),
    st.timedeltas(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.from_regex(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?", fullmatch=True),
)


@pytest.mark.parametrize(
    ("call", "param"),
    [pytest.param(c, p, marks=_mark(c, p), id=f"{c.label}:{p}") for c, p in TARGETS],
)
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(hostile=_generated)
def test_generated_hostile_values(call: Call, param: str, hostile: Any) -> None:
    _expect_contract(call, param, hostile)


# --- every public attrs type, rebuilt with attrs.evolve ----------------------------


def _public_types() -> dict[str, type]:
    found: dict[str, type] = {}
    for module in (domainrules, ram):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj):
                found[name] = obj
    return found


PUBLIC_TYPES = _public_types()

NOMULUS = domainrules.rulesets.NOMULUS_DEFAULTS
# A policy whose regions carry a condition clause (RegionCondition).
CONDITIONED = ram.Policy.parse(
    {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "domain:*",
                "Resource": "*",
                "Condition": {"StringEquals": {"acs:SourceVpc": "vpc-1"}},
            }
        ],
    }
)

# Values built by the library, from which one instance of each public type is taken.
_ROOTS: tuple[Any, ...] = (
    *(build() for build in INSTANCES.values()),
    LIFE,
    LIFE.spans,
    LIFE.reminders,
    ASSESSMENT,
    PLAN,
    plan_change(
        Domain("example.com", EXPIRES, statuses=["clientUpdateProhibited"]), ASSESSMENT, AT
    ),
    next_action(LIFE, AT),
    transfer_out_check(Domain("example.com", EXPIRES, created_at=AT), AT),
    why_not_resolving(Domain("example.com", EXPIRES, statuses=["clientHold"]), AT),
    domainrules.DomainName("example.com"),
    domainrules.ChangeOfRegistrant(AT),
    domainrules.RegistrarLocks(),
    domainrules.ReviewTimes(),
    domainrules.PreRelease(from_redemption_day=1),
    ram.DEFAULT_CATALOG,
    ram.authorize([POLICY], "QueryDomainList", "1234567890"),
    ram.permitted_apis([POLICY], "1234567890", "example.com"),
    ram.lint_policy(
        ram.Policy.parse(
            '{"Version": "1", "Statement": [{"Effect": "Allow", '
            '"Action": "domain:QueryDomainLst", "Resource": "*"}]}'
        )
    ),
    ram.compare([POLICY], [ram.ALIYUN_DOMAIN_FULL_ACCESS]),
    ram.check_no_new_access([POLICY], [ram.ALIYUN_DOMAIN_FULL_ACCESS]),
    ram.compile_pattern("acs:domain:*:*:domain/*"),
    ram.review([POLICY], [CONDITIONED], ram.compare([POLICY], [CONDITIONED])),
    # the registry side: credits, refusals, outcomes, periods, a pending transfer
    domainrules.delete_outcome(HISTORY, "2025-01-03T00:00:00Z", registrar="alpha", rules=NOMULUS),
    domainrules.delete_outcome(HISTORY, "2025-01-03T00:00:00Z", registrar="beta", rules=NOMULUS),
    domainrules.transfer_outcome(HISTORY, "2025-06-01T00:00:00Z", registrar="beta", rules=NOMULUS),
    domainrules.restore_outcome(
        HISTORY.then(domainrules.registry.Delete("2025-03-01T00:00:00Z", registrar="alpha")),
        "2025-03-05T00:00:00Z",
        registrar="alpha",
        rules=NOMULUS,
    ),
    domainrules.registry_state(HISTORY, "2025-01-02T00:00:00Z", rules=NOMULUS),
    domainrules.registry_state(
        HISTORY.then(
            domainrules.registry.TransferRequest("2025-06-01T00:00:00Z", registrar="beta")
        ),
        "2025-06-02T00:00:00Z",
        rules=NOMULUS,
    ),
    # a rule set with a policy warning (a renewal grace past the 45 days of the EDDP)
    DEFAULT_RULE_SET.with_family(
        attrs.evolve(FAMILY, lifecycle=attrs.evolve(RULES, renewal_grace_days=50))
    ).warnings,
    ram.Arn.parse("acs:domain:*:1234567890:domain/example.com"),
    ram.Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "domain:*",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"acs:SourceVpc": "vpc-1"}},
                }
            ],
        }
    ),
)


def _harvest() -> dict[str, Any]:
    wanted = {cls: name for name, cls in PUBLIC_TYPES.items()}
    found: dict[str, Any] = {}
    seen: set[int] = set()
    todo = list(_ROOTS)
    while todo:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        name = wanted.get(type(value))
        if name is not None and name not in found:
            found[name] = value
        if attrs.has(type(value)):
            todo.extend(getattr(value, field.name) for field in attrs.fields(type(value)))
        elif isinstance(value, (tuple, list, frozenset)):
            todo.extend(value)
        elif isinstance(value, collections.abc.Mapping) and len(value) < 50:
            todo.extend(value.values())
    return found


BUILT = _harvest()

# Types whose constructor is not attrs' own (it takes other arguments than the
# fields), so attrs.evolve does not apply to them: each is attacked through its
# constructor above.
OWN_CONSTRUCTOR = frozenset(
    name
    for name, cls in PUBLIC_TYPES.items()
    if [p.name for p in inspect.signature(cls).parameters.values()]
    != [f.alias for f in attrs.fields(cls) if f.init]
)

# The access-control result types still take any value and are read as built; each
# is built by the library only. Their field checks come with the ram wing's split
# (docs/contract.md, "Result types"). RegionCondition is built like Region, for every
# condition clause of every cell the analysis search finds (a hot path), so it stays
# with them; the review's own types (Review, StatementChange), built once per changed
# statement, are checked.
RAM_RESULTS_UNCHECKED = frozenset(
    {
        "ApiRule",
        "Arn",
        "Authorization",
        "Catalog",
        "Check",
        "Comparison",
        "ConditionClause",
        "Decision",
        "Finding",
        "MatchedStatement",
        "Pattern",
        "PermittedApis",
        "Policy",
        "Region",
        "RegionCondition",
        "Statement",
        "StatementRef",
    }
)

EVOLVED = sorted(set(PUBLIC_TYPES) - OWN_CONSTRUCTOR - RAM_RESULTS_UNCHECKED)
EVOLVE_TARGETS = [
    (name, field.alias)
    for name in EVOLVED
    for field in attrs.fields(PUBLIC_TYPES[name])
    if field.init
]


def test_every_public_type_has_a_built_instance() -> None:
    assert sorted(set(PUBLIC_TYPES) - set(BUILT)) == []
    assert set(PUBLIC_TYPES) >= RAM_RESULTS_UNCHECKED
    assert all(
        PUBLIC_TYPES[name].__module__.startswith("domainrules.ram")
        for name in RAM_RESULTS_UNCHECKED
    )


@pytest.mark.parametrize("name", EVOLVED)
def test_evolve_with_the_same_values_succeeds(name: str) -> None:
    value = BUILT[name]
    assert attrs.evolve(value) == value


@pytest.mark.parametrize(
    ("name", "field"), EVOLVE_TARGETS, ids=[f"{n}.{f}" for n, f in EVOLVE_TARGETS]
)
def test_evolve_checks_each_field(name: str, field: str) -> None:
    value = BUILT[name]
    cls = PUBLIC_TYPES[name]
    for hostile in HOSTILE:
        try:
            rebuilt = attrs.evolve(value, **{field: hostile})
        except Exception as error:
            _check_kind(
                f"attrs.evolve({name}, {field}=<{type(hostile).__name__}>)",
                error,
                _kind_expected(name, cls, field, hostile),
            )
        else:
            # Accepted: then usable, never failing later where it is read.
            str(rebuilt)
            repr(rebuilt)
            rebuilt == value  # noqa: B015
