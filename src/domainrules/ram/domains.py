"""The Domains service: authorize API calls, list what a principal may do, write policies.

>>> result = authorize([DOCUMENTED_ONE_DOMAIN_POLICY], "SaveBatchTaskForModifyingDomainDns",
...                    "1234567890", ["example.com", "example.net"])
>>> result.allowed, [(d, x.outcome.value) for d, x in result.decisions]
(False, [('example.com', 'Allow'), ('example.net', 'ImplicitDeny')])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from domainrules._validate import flag
from domainrules.errors import ArgumentTypeError, InvalidDomainNameError
from domainrules.names import canonical_name
from domainrules.ram.arn import validate_account_id
from domainrules.ram.catalog import DEFAULT_CATALOG, Catalog
from domainrules.ram.conditions import Context, normalize_context
from domainrules.ram.errors import InvalidArnError, InvalidRequestError
from domainrules.ram.evaluate import Decision, Outcome, PolicySet, Request
from domainrules.ram.policy import MAX_POLICY_LENGTH, Policy

__all__ = [
    "ALIYUN_DOMAIN_FULL_ACCESS",
    "ALIYUN_DOMAIN_READONLY_ACCESS",
    "DOCUMENTED_ONE_DOMAIN_POLICY",
    "DOCUMENTED_READ_ONLY_POLICY",
    "MAX_BATCH",
    "Authorization",
    "PermittedApis",
    "authorize",
    "least_privilege_policy",
    "one_domain_manager_policy",
    "permitted_apis",
    "service_level_apis",
]

#: The most domains one call may name.
MAX_BATCH = 10_000

#: System policy: every Domains action on every resource.
ALIYUN_DOMAIN_FULL_ACCESS = Policy.parse(
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "domain:*", "Resource": "*"}]},
    name="AliyunDomainFullAccess",
)

#: System policy: the Domains reads (Query*, List*, Check*) on every resource.
ALIYUN_DOMAIN_READONLY_ACCESS = Policy.parse(
    {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["domain:Query*", "domain:List*", "domain:Check*"],
                "Resource": "*",
            }
        ],
    },
    name="AliyunDomainReadonlyAccess",
)

#: The documented custom read-only policy.
DOCUMENTED_READ_ONLY_POLICY = Policy.parse(
    '{"Version":"1","Statement":[{"Action":["domain:Query*"],'
    '"Resource":"acs:domain:*:*:*","Effect":"Allow"}]}',
    name="DomainReadOnly",
)

_ONE_DOMAIN_ACTIONS = (
    "DnsModification",
    "SecuritySetting",
    "RealNameVerificationOperation",
    "DnsHostModification",
    "CreateOrderActivate",
    "CreateOrderRenew",
    "CreateOrderRedeem",
    "CreateOrderTransfer",
    "DomainTransferInOperation",
    "DomainTransferOutOperation",
    "QualificationAuditOperation",
    "EnsSetting",
    "DnsSecSetting",
    "SaveArtExtension",
    "CreateOrderPendingDelete",
)


def one_domain_manager_policy(domain: str = "example.com", *, name: str | None = None) -> Policy:
    """The documented policy that manages one domain and reads all of them.

    >>> policy = one_domain_manager_policy("EXAMPLE.org")
    >>> policy.name, policy.statements[0].resources
    ('DomainManager-example.org', ('acs:domain:*:*:domain/example.org',))
    """
    try:
        canonical = canonical_name(domain, field="domain")
    except InvalidDomainNameError as error:
        raise InvalidRequestError(str(error), field="domain", value=domain) from None
    return Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Action": [f"domain:{a}" for a in _ONE_DOMAIN_ACTIONS],
                    "Resource": f"acs:domain:*:*:domain/{canonical}",
                    "Effect": "Allow",
                },
                {"Action": "domain:Query*", "Resource": "acs:domain:*:*:*", "Effect": "Allow"},
            ],
        },
        name=name or f"DomainManager-{canonical}",
    )


#: The documented custom policy: manage example.com, read every domain.
DOCUMENTED_ONE_DOMAIN_POLICY = one_domain_manager_policy("example.com", name="DomainManager")


@attrs.frozen
class Authorization:
    """The decisions for one API call: one per domain (batch calls) and overall.

    ``decision`` is the overall one: the first explicit deny, else the first implicit
    deny, else an allow. ``decisions`` pairs each (canonical) domain with its decision;
    an account- or service-level call has a single decision, paired with ``None``.
    """

    api: str
    action: str
    scope: str
    decisions: tuple[tuple[str | None, Decision], ...]

    @property
    def allowed(self) -> bool:
        """Whether the whole call is allowed (every domain of a batch)."""
        return all(decision.allowed for _, decision in self.decisions)

    @property
    def decision(self) -> Decision:
        """The deciding decision: the first explicit deny, else implicit deny, else allow."""
        for outcome in (Outcome.EXPLICIT_DENY, Outcome.IMPLICIT_DENY):
            for _, decision in self.decisions:
                if decision.outcome is outcome:
                    return decision
        return self.decisions[0][1]

    @property
    def detail(self) -> str:
        """A plain-English account of the overall outcome."""
        denied = [d for d, x in self.decisions if not x.allowed and d is not None]
        head = f"{self.api} ({self.action}): "
        if denied and len(self.decisions) > 1:
            head += f"{len(denied)} of {len(self.decisions)} domains refused; "
        return head + self.decision.detail


@attrs.frozen
class _OwnerDecision(Decision):
    """A decision about a call by an account owner (the root identity), which needs no
    policy: everything on its own account is allowed, nothing on another account."""

    owner: str

    @property
    def detail(self) -> str:
        target = f"{self.action} on {self.resource}"
        if self.allowed:
            return f"allowed: the owner of account {self.owner} needs no policy for {target}"
        return (
            f"denied: the owner of account {self.owner} has no access to another account ({target})"
        )


def _owner(account_owner: Any, policies: PolicySet) -> str | None:
    if account_owner is None:
        return None
    try:
        owner = validate_account_id(account_owner)
    except InvalidArnError as error:
        raise InvalidRequestError(
            f"account_owner: {error}", field="account_owner", value=account_owner
        ) from None
    except ArgumentTypeError as error:
        raise ArgumentTypeError(
            f"account_owner: {error}", field="account_owner", value=account_owner
        ) from None
    if policies.policies:
        raise InvalidRequestError(
            "the account owner holds no policies: pass none with account_owner",
            field="policies",
        )
    return owner


def _policy_set(policies: PolicySet | Iterable[Policy]) -> PolicySet:
    if isinstance(policies, PolicySet):
        return policies
    if isinstance(policies, Policy):
        return PolicySet((policies,))
    return PolicySet(_iterate(policies, "policies"))


def _check_catalog(catalog: Any) -> None:
    if not isinstance(catalog, Catalog):
        raise ArgumentTypeError(
            f"catalog must be a Catalog, not {type(catalog).__name__}",
            field="catalog",
            value=catalog,
        )


def _account(account_id: str | int) -> str:
    try:
        return validate_account_id(account_id)
    except InvalidArnError as error:
        raise InvalidRequestError(str(error), field="account_id", value=account_id) from None


def _iterate(values: Any, field: str) -> Iterable[Any]:
    if isinstance(values, str):
        return (values,)
    try:
        if isinstance(values, (bytes, bytearray)):  # bytes iterate as numbers, never names
            raise TypeError(values)
        iterator: Iterator[Any] = iter(values)
    except TypeError:
        raise ArgumentTypeError(
            f"{field} must be a name or an iterable of names, not {type(values).__name__}",
            field=field,
            value=values,
        ) from None
    return iterator


def _domains(domains: Iterable[str]) -> list[str]:
    result: dict[str, None] = {}
    for index, domain in enumerate(_iterate(domains, "domains")):
        if index >= MAX_BATCH:
            raise InvalidRequestError(
                f"a call may name at most {MAX_BATCH} domains", field="domains"
            )
        try:
            result[canonical_name(domain, field="domains")] = None
        except InvalidDomainNameError as error:
            raise InvalidRequestError(
                f"domains[{index}]: {error}", field="domains", value=domain
            ) from None
    return list(result)


def authorize(
    policies: PolicySet | Iterable[Policy],
    api: str,
    account_id: str | int,
    domains: Iterable[str] = (),
    *,
    context: Mapping[str, Any] | None = None,
    catalog: Catalog = DEFAULT_CATALOG,
    account_owner: str | int | None = None,
) -> Authorization:
    """Decide one Domains API call by a RAM user holding ``policies``.

    A resource-level call is checked once per domain (all must be allowed); an
    operation-level call once on the account resource; an API with no finer rule as
    ``domain:*`` on the account resource. Domain names are canonicalized first.

    ``account_owner`` says the caller is the owner (the root identity) of that account,
    which needs no policy (pass none): everything on its own account is allowed,
    nothing on another account (RAM documentation).

    >>> authorize((), "SaveSingleTaskForCreatingOrderRenew", 1234567890,
    ...           account_owner=1234567890).detail
    'SaveSingleTaskForCreatingOrderRenew (domain:*): allowed: the owner of account 1234567890 needs no policy for domain:* on acs:domain:*:1234567890:*'
    >>> authorize((), "QueryDomainList", 1234567890, account_owner=42).allowed
    False

    >>> authorize([DOCUMENTED_READ_ONLY_POLICY], "QueryDomainList", 1234567890).allowed
    True
    >>> authorize([DOCUMENTED_READ_ONLY_POLICY], "QueryDomainLists", 1)
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.UnknownApiError: 'QueryDomainLists' is not an operation of the Domains API 2018-01-29 (did you mean QueryDomainList, ...?)
    """
    _check_catalog(catalog)
    rule = catalog.rule_for(api)
    account = _account(account_id)
    policy_set = _policy_set(policies)
    owner = _owner(account_owner, policy_set)
    normalized: Context = normalize_context(context)

    decide: Callable[[Request], Decision] = policy_set.evaluate  # no extra frame: hot path
    if owner is not None:
        outcome = Outcome.ALLOW if owner == account else Outcome.IMPLICIT_DENY

        def decide(request: Request) -> Decision:
            return _OwnerDecision(outcome, (), request.action, request.resource, owner)

    if rule.scope == "domain":
        names = _domains(domains)
        if not names:
            raise InvalidRequestError(
                f"{rule.api} acts on domains: name at least one", field="domains"
            )
        prefix = f"acs:domain:*:{account}:domain/"
        decisions: tuple[tuple[str | None, Decision], ...] = tuple(
            (name, decide(Request._trusted(rule.action, prefix + name, normalized)))
            for name in names
        )
    else:
        request = Request._trusted(rule.action, f"acs:domain:*:{account}:*", normalized)
        decisions = ((None, decide(request)),)
    return Authorization(rule.api, rule.action, rule.scope, decisions)


@attrs.frozen
class PermittedApis:
    """What a principal may call: on one domain, and on the account."""

    domain: str | None
    on_domain: tuple[str, ...]
    on_account: tuple[str, ...]


def permitted_apis(
    policies: PolicySet | Iterable[Policy],
    account_id: str | int,
    domain: str | None = None,
    *,
    context: Mapping[str, Any] | None = None,
    catalog: Catalog = DEFAULT_CATALOG,
    account_owner: str | int | None = None,
) -> PermittedApis:
    """Every API call the principal may make on ``domain``, and on the account.

    ``account_owner``: the caller is that account's owner, as in :func:`authorize`.

    >>> view = permitted_apis([DOCUMENTED_ONE_DOMAIN_POLICY], 1, "example.com")
    >>> "SaveBatchTaskForModifyingDomainDns" in view.on_domain, len(view.on_account) > 10
    (True, True)
    >>> "SaveSingleTaskForUpdatingContactInfo" in view.on_domain
    False
    >>> owner = permitted_apis((), 1, "example.com", account_owner=1)
    >>> len(owner.on_domain + owner.on_account) == len(DEFAULT_CATALOG.apis)
    True
    """
    _check_catalog(catalog)
    policy_set = _policy_set(policies)
    _owner(account_owner, policy_set)
    name = _domains([domain])[0] if domain is not None else None
    on_domain: list[str] = []
    on_account: list[str] = []
    for api in sorted(catalog.apis):
        rule = catalog.rule_for(api)
        if rule.scope == "domain":
            if (
                name is not None
                and authorize(
                    policy_set,
                    api,
                    account_id,
                    [name],
                    context=context,
                    catalog=catalog,
                    account_owner=account_owner,
                ).allowed
            ):
                on_domain.append(api)
        elif authorize(
            policy_set,
            api,
            account_id,
            context=context,
            catalog=catalog,
            account_owner=account_owner,
        ).allowed:
            on_account.append(api)
    return PermittedApis(name, tuple(on_domain), tuple(on_account))


def service_level_apis(
    apis: Iterable[str], *, catalog: Catalog = DEFAULT_CATALOG
) -> tuple[str, ...]:
    """The APIs among ``apis`` that are checked only as ``domain:*`` on the account.

    Nothing finer than the whole service on the whole account allows them, so a policy
    that allows them also allows every other Domains call on every domain of the account.

    >>> service_level_apis(["QueryDomainList", "CheckDomain"])
    ('CheckDomain',)
    """
    _check_catalog(catalog)
    rules = [catalog.rule_for(api) for api in _iterate(apis, "apis")]
    return tuple(dict.fromkeys(r.api for r in rules if r.action == "domain:*"))


def least_privilege_policy(
    apis: Iterable[str],
    account_id: str | int,
    domains: Iterable[str] = (),
    *,
    catalog: Catalog = DEFAULT_CATALOG,
    name: str = "LeastPrivilege",
    max_length: int | None = MAX_POLICY_LENGTH,
    allow_widening: bool = False,
) -> Policy:
    """The smallest policy that allows these calls (on these domains, for this account).

    One statement for the resource-level actions on the named domains, one for the
    operation-level actions on the account. With a grouped catalog an action may cover
    more APIs than asked for; the per-API catalog is exact.

    An API checked only as ``domain:*`` on the account (:func:`service_level_apis`)
    cannot be granted without granting the whole service on every domain of the
    account: that is refused (:class:`InvalidRequestError` naming the APIs) unless
    ``allow_widening=True``, and then the policy is that one statement (it covers every
    other call asked for).

    >>> policy = least_privilege_policy(["QueryDomainList", "SaveBatchTaskForModifyingDomainDns"],
    ...                                 1, ["example.com"])
    >>> print(policy.to_json(indent=1))
    {
     "Version": "1",
     "Statement": [
      {
       "Effect": "Allow",
       "Action": "domain:DnsModification",
       "Resource": "acs:domain:*:1:domain/example.com"
      },
      {
       "Effect": "Allow",
       "Action": "domain:QueryCommonInfo",
       "Resource": "acs:domain:*:1:*"
      }
     ]
    }
    >>> least_privilege_policy(["CheckDomain"], 1)
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidRequestError: CheckDomain: no action finer than domain:* on the whole account allows it, which grants every Domains call on every domain of account 1 (pass allow_widening=True to accept that)
    >>> least_privilege_policy(["CheckDomain"], 1, allow_widening=True).to_json()
    '{"Version":"1","Statement":[{"Effect":"Allow","Action":"domain:*","Resource":"acs:domain:*:1:*"}]}'
    """
    _check_catalog(catalog)
    widen = flag(allow_widening, "allow_widening")
    account = _account(account_id)
    rules = [catalog.rule_for(api) for api in _iterate(apis, "apis")]
    if not rules:
        raise InvalidRequestError("name at least one API", field="apis")
    names = _domains(domains)
    domain_actions = sorted({r.action for r in rules if r.scope == "domain"})
    account_actions = sorted({r.action for r in rules if r.scope != "domain"})
    if domain_actions and not names:
        raise InvalidRequestError(
            "resource-level APIs need the domains they act on", field="domains"
        )
    wide = service_level_apis([r.api for r in rules], catalog=catalog)
    if wide:
        if not widen:
            raise InvalidRequestError(
                f"{', '.join(wide)}: no action finer than domain:* on the whole account "
                f"allows {'it' if len(wide) == 1 else 'them'}, which grants every Domains "
                f"call on every domain of account {account} (pass allow_widening=True to "
                "accept that)",
                field="apis",
                value=list(wide),
            )
        # domain:* on acs:domain:*:<account>:* covers every other statement.
        return Policy.parse(
            {"Version": "1", "Statement": [_allow(["domain:*"], [f"acs:domain:*:{account}:*"])]},
            name=name,
            max_length=max_length,
        )
    statements: list[dict[str, Any]] = []
    if domain_actions:
        statements.append(
            _allow(domain_actions, [f"acs:domain:*:{account}:domain/{n}" for n in names])
        )
    if account_actions:
        statements.append(_allow(account_actions, [f"acs:domain:*:{account}:*"]))
    return Policy.parse({"Version": "1", "Statement": statements}, name=name, max_length=max_length)


def _allow(actions: list[str], resources: list[str]) -> dict[str, Any]:
    return {
        "Effect": "Allow",
        "Action": actions[0] if len(actions) == 1 else actions,
        "Resource": resources[0] if len(resources) == 1 else resources,
    }
