"""Evaluation: :class:`Request`, :class:`Decision`, the indexed :class:`PolicySet`.

All the policies of a principal are pooled; their order never matters. A matching
Deny in any of them wins over every Allow; otherwise a matching Allow allows;
otherwise the request is denied by default.

>>> from domainrules.ram import Policy
>>> allow = Policy.parse({"Version": "1", "Statement": [
...     {"Effect": "Allow", "Action": "domain:*", "Resource": "*"}]}, name="all")
>>> deny = Policy.parse({"Version": "1", "Statement": [{"Effect": "Deny",
...     "Action": "domain:*", "Resource": "acs:domain:*:*:domain/example.com"}]}, name="no-ex")
>>> request = Request("domain:DnsModification", "acs:domain:*:1:domain/EXAMPLE.com.")
>>> decision = evaluate_request([allow, deny], request)
>>> decision.outcome, decision.matched[0].policy
(<Outcome.EXPLICIT_DENY: 'ExplicitDeny'>, 'no-ex')
>>> print(decision.detail)
denied explicitly: statement 0 of policy 'no-ex' denies domain:DnsModification on acs:domain:*:1:domain/example.com
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from domainrules._validate import Choice
from domainrules.errors import ArgumentTypeError
from domainrules.ram.arn import canonical_resource
from domainrules.ram.conditions import Context, normalize_context
from domainrules.ram.errors import InvalidArnError, InvalidRequestError
from domainrules.ram.policy import Effect, Policy, Statement

__all__ = [
    "Decision",
    "MatchedStatement",
    "Outcome",
    "PolicySet",
    "Request",
    "evaluate_request",
]

_MAX_ACTION = 256
_MAX_RESOURCE = 16_384
_MAX_MEMO = 65_536
_MAX_MEMO_KEY = 300
# service ":" name; the name is printable ASCII other than space and ":".
_ACTION = re.compile(r"[A-Za-z0-9-]{1,64}:[!-9;-~]{1,190}")


class Outcome(Choice):
    """The three outcomes of an evaluation, named as RAM names them.

    >>> Outcome("ExplicitDeny") is Outcome("EXPLICIT_DENY") is Outcome.EXPLICIT_DENY
    True
    """

    ALLOW = "Allow"
    EXPLICIT_DENY = "ExplicitDeny"
    IMPLICIT_DENY = "ImplicitDeny"


def _check_text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"a request {field} must be text, not {type(value).__name__}", field=field, value=value
        )
    if not value or len(value) > limit:
        raise InvalidRequestError(
            f"a request {field} must be 1 to {limit} characters, not {len(value)}",
            field=field,
            value=value[:80],
        )
    return value


def _action(value: Any) -> str:
    text = _check_text(value, "action", _MAX_ACTION)
    if _ACTION.fullmatch(text) is None:
        raise InvalidRequestError(
            f"a request action must be '<service>:<Name>' in printable ASCII with no "
            f"whitespace, not {text[:80]!r}",
            field="action",
            value=text[:80],
        )
    return text


def _resource(value: Any) -> str:
    text = _check_text(value, "resource", _MAX_RESOURCE)
    try:
        return canonical_resource(text)
    except InvalidArnError as error:
        raise InvalidRequestError(str(error), field="resource", value=text) from None


@attrs.frozen
class Request:
    """One request: an action, a resource and a context of condition keys.

    Checked on creation, so that one request has one spelling: the action is
    ``<service>:<Name>`` (printable ASCII, no whitespace), the resource an ``acs:``
    name with ``acs`` and the service in lower case, a canonical account id and no
    surrounding whitespace (its domain name is put in canonical form), and the context
    is normalized (keys lower-cased, each holding a tuple of values, global keys
    typed). Anything else is an :class:`InvalidRequestError`.

    >>> Request("domain:QueryDomainList", "acs:domain:*:1:*", {"acs:SecureTransport": True})
    Request(action='domain:QueryDomainList', resource='acs:domain:*:1:*', context=Context({'acs:securetransport': (True,)}))
    """

    action: str = attrs.field(converter=_action)
    resource: str = attrs.field(converter=_resource)
    context: Context = attrs.field(default=None, converter=normalize_context, hash=False)

    @classmethod
    def _trusted(cls, action: str, resource: str, context: Context) -> Request:
        """A request from parts already checked and canonical (the fast path of authorize)."""
        request = object.__new__(cls)
        object.__setattr__(request, "action", action)
        object.__setattr__(request, "resource", resource)
        object.__setattr__(request, "context", context)
        return request


@attrs.frozen
class MatchedStatement:
    """A statement that matched a request: which policy, which statement, which effect."""

    policy: str
    index: int
    effect: Effect
    sid: str | None = None


@attrs.frozen
class Decision:
    """The outcome of one request and the statements that decided it.

    ``matched`` lists the matching Deny statements for an explicit deny, the matching
    Allow statements for an allow, nothing for an implicit deny.
    """

    outcome: Outcome
    matched: tuple[MatchedStatement, ...]
    action: str
    resource: str

    @property
    def allowed(self) -> bool:
        """Whether the request is allowed."""
        return self.outcome is Outcome.ALLOW

    @property
    def detail(self) -> str:
        """A plain-English account of the outcome.

        >>> Decision(Outcome.IMPLICIT_DENY, (), "domain:X", "acs:domain:*:1:*").detail
        'denied by default: no statement allows domain:X on acs:domain:*:1:*'
        """
        target = f"{self.action} on {self.resource}"
        if self.outcome is Outcome.IMPLICIT_DENY:
            return f"denied by default: no statement allows {target}"
        which = "; ".join(
            f"statement {m.index}{f' ({m.sid})' if m.sid else ''} of policy {m.policy!r}"
            for m in self.matched
        )
        if self.outcome is Outcome.EXPLICIT_DENY:
            return f"denied explicitly: {which} denies {target}"
        return f"allowed: {which} allows {target}"


class _Entry:
    """A statement ready for evaluation (a plain slotted class: it is on the hot path).

    Exact patterns are looked up in a set, the others are tried one by one.
    """

    __slots__ = (
        "action_set",
        "actions",
        "conditions",
        "deny",
        "match",
        "not_action",
        "order",
        "resource_set",
        "resources",
        "statement",
    )

    def __init__(self, policy: str, index: int, order: int, statement: Statement) -> None:
        self.deny = statement.effect == "Deny"
        self.not_action = statement.is_not_action
        actions = statement.action_patterns
        resources = statement.resource_patterns
        self.action_set = frozenset(p.text for p in actions if p.kind == "exact")
        self.actions = tuple(p.matcher() for p in actions if p.kind != "exact")
        self.resource_set = frozenset(p.text for p in resources if p.kind == "exact")
        self.resources = tuple(p.matcher() for p in resources if p.kind != "exact")
        self.conditions = statement.conditions
        self.statement = statement
        self.order = order
        self.match = MatchedStatement(policy, index, statement.effect, statement.sid)

    def applies(self, action: str, resource: str, context: Context) -> bool:
        found = action in self.action_set
        if not found:
            for match in self.actions:
                if match(action):
                    found = True
                    break
        if found == self.not_action:
            return False
        if resource not in self.resource_set:
            for match in self.resources:
                if match(resource):
                    break
            else:
                return False
        conditions = self.conditions
        return not conditions or all(clause.holds(context) for clause in conditions)


class _Bucket:
    """The entries of one action service: by resource key, and those with no key."""

    __slots__ = ("by_key", "loose")

    def __init__(self) -> None:
        self.by_key: dict[str, list[_Entry]] = {}
        self.loose: list[_Entry] = []


def _service_key(statement: Statement) -> str | None:
    """The service every action the statement can match starts with, if there is one.

    A pattern whose literal head holds ``:`` can only match actions that start with
    that head, so their service (the text before ``:``) is fixed.
    """
    if statement.is_not_action:
        return None
    services = set()
    for pattern in statement.action_patterns:
        if ":" not in pattern.head:
            return None
        services.add(pattern.head.partition(":")[0])
    return services.pop() if len(services) == 1 else None


def _resource_keys(statement: Statement) -> tuple[str, ...] | None:
    """The last ``:``-separated part every matching resource must end with, per pattern.

    A pattern whose literal tail holds ``:`` only matches texts whose part after the
    last ``:`` is exactly the tail's part after its last ``:``.
    """
    keys = []
    for pattern in statement.resource_patterns:
        if ":" not in pattern.tail:
            return None
        keys.append(pattern.tail.rpartition(":")[2])
    return tuple(dict.fromkeys(keys))


@attrs.frozen(init=False)
class PolicySet:
    """Policies compiled and indexed for evaluation; build it once, evaluate many times.

    Statements are indexed by the service of their actions and by the last part of
    their resources, so a request only looks at the statements that can match it:
    10,000 one-domain grants cost about what 10 do.

    >>> from domainrules.ram import Policy
    >>> grants = PolicySet([Policy.parse({"Version": "1", "Statement": [{"Effect": "Allow",
    ...     "Action": "domain:DnsModification",
    ...     "Resource": f"acs:domain:*:*:domain/d{i}.com"}]}, name=f"p{i}") for i in range(100)])
    >>> grants.evaluate(Request("domain:DnsModification", "acs:domain:*:1:domain/d42.com")).allowed
    True
    """

    policies: tuple[Policy, ...]
    _buckets: dict[str, _Bucket] = attrs.field(eq=False, repr=False)
    _anywhere: _Bucket = attrs.field(eq=False, repr=False)
    # (service, resource key) -> the candidate entries in statement order; filled on
    # demand (a derived index, not state: the same for every request).
    _candidates: dict[tuple[str, str], tuple[_Entry, ...]] = attrs.field(eq=False, repr=False)

    def __init__(self, policies: Iterable[Policy]) -> None:
        if isinstance(policies, (str, bytes, Mapping)) or not isinstance(policies, Iterable):
            raise ArgumentTypeError(
                f"a policy set is built from an iterable of Policy values, "
                f"not {type(policies).__name__}",
                field="policies",
                value=policies,
            )
        policy_tuple = tuple(policies)
        for policy in policy_tuple:
            if not isinstance(policy, Policy):
                raise ArgumentTypeError(
                    f"a policy set holds Policy values, not {type(policy).__name__}",
                    field="policies",
                    value=policies,
                )
        buckets: dict[str, _Bucket] = {}
        anywhere = _Bucket()
        order = 0
        for policy in policy_tuple:
            for index, statement in enumerate(policy.statements):
                entry = _Entry(policy.name, index, order, statement)
                order += 1
                service = _service_key(statement)
                bucket = anywhere if service is None else buckets.setdefault(service, _Bucket())
                keys = _resource_keys(statement)
                if keys is None:
                    bucket.loose.append(entry)
                else:
                    for key in keys:
                        bucket.by_key.setdefault(key, []).append(entry)
        self.__attrs_init__(policy_tuple, buckets, anywhere, {})

    def __reduce__(self) -> tuple[Any, ...]:
        # The index holds compiled matchers (closures): rebuild it from the policies.
        return (PolicySet, (self.policies,))

    def evaluate(self, request: Request) -> Decision:
        """Decide one request (see :func:`evaluate_request`)."""
        if request.__class__ is not Request and not isinstance(request, Request):
            raise ArgumentTypeError(
                f"a Request is needed, not {type(request).__name__}", field="request", value=request
            )
        action = request.action.lower()
        resource = request.resource
        context = request.context
        key = resource.rpartition(":")[2]
        service, colon, _ = action.partition(":")
        if not colon:
            service = ":"  # matches no bucket: a literal service head needs a colon
        candidates = self._candidates.get((service, key))
        if candidates is None:
            candidates = self._gather(service, key)
        denies: list[_Entry] = []
        allows: list[_Entry] = []
        for entry in candidates:
            if entry.applies(action, resource, context):
                (denies if entry.deny else allows).append(entry)
        if denies:
            return Decision(Outcome.EXPLICIT_DENY, _matches(denies), request.action, resource)
        if allows:
            return Decision(Outcome.ALLOW, _matches(allows), request.action, resource)
        return Decision(Outcome.IMPLICIT_DENY, (), request.action, resource)

    def _gather(self, service: str, key: str) -> tuple[_Entry, ...]:
        found: list[_Entry] = []
        for bucket in (self._buckets.get(service), self._anywhere):
            if bucket is not None:
                found.extend(bucket.by_key.get(key, ()))
                found.extend(bucket.loose)
        candidates = tuple(sorted(found, key=lambda e: e.order))
        if len(key) <= _MAX_MEMO_KEY and len(service) <= _MAX_MEMO_KEY:
            # Bounded: at most _MAX_MEMO entries of short keys.
            if len(self._candidates) >= _MAX_MEMO:
                self._candidates.clear()
            self._candidates[(service, key)] = candidates
        return candidates

    def statements(self) -> Iterable[tuple[str, int, Statement]]:
        """Every statement with its policy name and index, in policy order."""
        for policy in self.policies:
            for index, statement in enumerate(policy.statements):
                yield policy.name, index, statement


def _matches(entries: list[_Entry]) -> tuple[MatchedStatement, ...]:
    # Candidates are in statement order already.
    return tuple(e.match for e in entries)


def evaluate_request(policies: PolicySet | Iterable[Policy], request: Request) -> Decision:
    """Decide a request against a pooled, order-free set of policies.

    >>> evaluate_request([], Request("domain:QueryDomainList", "acs:domain:*:1:*")).outcome
    <Outcome.IMPLICIT_DENY: 'ImplicitDeny'>
    """
    if not isinstance(request, Request):
        raise ArgumentTypeError(
            f"a Request is needed, not {type(request).__name__}", field="request", value=request
        )
    policy_set = policies if isinstance(policies, PolicySet) else PolicySet(policies)
    return policy_set.evaluate(request)
