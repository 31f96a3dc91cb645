"""Conditions: the operator families, the set qualifiers, condition keys and request contexts.

RAM documents five operator families: String, Numeric, Date, Bool and IpAddress (each
written once, with the operator table, in :mod:`domainrules.ram.operators`). An
operator may carry a set qualifier, ``ForAnyValue:`` or ``ForAllValues:``, for keys
that hold several values in a request. RAM documents no other operator form (no
``...IfExists``, no ``Null``): those are refused as unknown operators.

Any well-formed key is accepted: ``service:Name``, optionally followed by ``/`` and a
tag key (``acs:ResourceTag/team``). Key names compare case-insensitively. The known
global ``acs:`` keys (:data:`GLOBAL_KEYS`) hold values of one family and refuse an
operator of another; any other key is typed by the operator that tests it.

A request context maps each key to a non-empty tuple of values (a single value is a
tuple of one). One clause -- operator *op* (negated or not), optional qualifier, key
*k*, policy values *V* -- holds as follows, where ``base(x)`` is "x matches some value
of V":

- no qualifier: a positive *op* holds iff *k* is present and ``base(x)`` for some
  element *x*; a negated *op* holds iff the positive one would not (so a missing key
  makes it true);
- ``ForAnyValue:op``: *k* is present and some element satisfies ``op1``, where
  ``op1(x)`` is ``base(x)``, or ``not base(x)`` for a negated *op*; a missing key: false;
- ``ForAllValues:op``: every element satisfies ``op1``; a missing key: true (vacuous).

Several values for one key are OR-ed (inside ``base``), several keys under one
operator and several operators are AND-ed, an empty ``Condition`` always holds.
IPv4-mapped IPv6 addresses (``::ffff:a.b.c.d``), in a context and in a policy's
IpAddress / NotIpAddress values, are taken as the IPv4 address: a policy block inside
``::ffff:0:0/96`` (``::ffff:203.0.113.0/120``) is the IPv4 block (``203.0.113.0/24``); a
wider IPv6 block (``::/0``) still holds IPv6 addresses only. A block written with host
bits set (``10.101.169.111/24``, as in RAM's own examples) is read as its block.

Choices where RAM's documentation is silent: a context value that the operator cannot
read (text for a Numeric operator) is an :class:`InvalidRequestError`, not a false
clause; an empty tuple of context values counts as a missing key; an operator with no
keys (``"StringEquals": {}``) is refused; Bool takes exactly one policy value.

>>> clause = compile_clause("IpAddress", "acs:SourceIp", ["10.0.0.0/8"], path="$")
>>> clause.holds(normalize_context({"acs:sourceip": "::ffff:10.1.2.3"}))
True
>>> clause.holds({})
False
>>> tags = compile_clause("ForAllValues:StringEquals", "acs:TagKeys", ["team", "env"], path="$")
>>> tags.qualifier, tags.family, tags.negated
('ForAllValues', 'String', False)
>>> tags.holds(normalize_context({"acs:TagKeys": ["team"]})), tags.holds({})
(True, True)
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal

import attrs

from domainrules.errors import ArgumentTypeError
from domainrules.ram import operators
from domainrules.ram._paths import child
from domainrules.ram._text import is_text, short_repr
from domainrules.ram.errors import InvalidPolicyError, InvalidRequestError
from domainrules.ram.operators import (
    MAX_TEXT,
    OPERATORS,
    Operator,
    Refused,
    address,
    date_or_none,
)

__all__ = [
    "GLOBAL_KEYS",
    "GLOBAL_KEY_NAMES",
    "OPERATORS",
    "QUALIFIERS",
    "SINGLE_VALUED_KEYS",
    "ConditionClause",
    "Context",
    "ContextValue",
    "Family",
    "Qualifier",
    "compile_clause",
    "is_condition_key",
    "normalize_context",
]

Family = Literal["String", "Numeric", "Date", "Bool", "Ip"]
Qualifier = Literal["ForAnyValue", "ForAllValues"]
_IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
ContextValue = str | bool | int | float | Decimal | datetime | _IpAddress
#: A comparison's name (a key of :data:`domainrules.ram.operators.COMPARISONS`).
_Comparison = str

#: The set qualifiers an operator may carry (``ForAnyValue:StringEquals``).
QUALIFIERS: tuple[Qualifier, ...] = ("ForAnyValue", "ForAllValues")


#: The global condition keys (lower-cased) whose values have a fixed family.
GLOBAL_KEYS: Mapping[str, Family] = MappingProxyType(
    {
        "acs:currenttime": "Date",
        "acs:securetransport": "Bool",
        "acs:sourceip": "Ip",
        "acs:mfapresent": "Bool",
        "acs:sourcevpc": "String",
        "acs:accessid": "String",
        "acs:useragent": "String",
        "acs:referer": "String",
    }
)
#: The global keys a real request carries one value of (one source address, one
#: time...): a context with several values for one of them is refused.
SINGLE_VALUED_KEYS: frozenset[str] = frozenset(GLOBAL_KEYS)
_GLOBAL_KEY_NAMES = {
    "acs:currenttime": "acs:CurrentTime",
    "acs:securetransport": "acs:SecureTransport",
    "acs:sourceip": "acs:SourceIp",
    "acs:mfapresent": "acs:MFAPresent",
    "acs:sourcevpc": "acs:SourceVpc",
    "acs:accessid": "acs:AccessId",
    "acs:useragent": "acs:UserAgent",
    "acs:referer": "acs:Referer",
}
# A key name, then optionally "/" and a tag key (any printable text).
_KEY_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_MAX_TAG_KEY = 128
_MAX_CONTEXT_KEYS = 64
_MAX_CONTEXT_VALUES = 256


class Context(dict[str, tuple[ContextValue, ...]]):
    """A normalized request context: lower-cased key -> its values (at least one).

    Read-only (a dict that refuses changes, so that lookups stay fast and it pickles);
    made by :func:`normalize_context`.

    >>> context = normalize_context({"acs:SourceVpc": "vpc-1"})
    >>> context["acs:sourcevpc"]
    ('vpc-1',)
    >>> context["x"] = ("y",)
    Traceback (most recent call last):
    ...
    TypeError: a request context is read-only
    """

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in SINGLE_VALUED_KEYS:
            values = self.get(key)
            if values is not None and len(values) != 1:
                raise InvalidRequestError(
                    f"context key {_GLOBAL_KEY_NAMES[key]!r} holds one value in a request, "
                    f"not {len(values)}",
                    field=key,
                )

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a request context is read-only")

    __setitem__ = __delitem__ = _read_only
    clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_context, (dict(self),))

    def __copy__(self) -> Context:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Context:
        return self

    def __repr__(self) -> str:
        return f"Context({dict.__repr__(self)})"


def _rebuild_context(items: dict[str, tuple[ContextValue, ...]]) -> Context:
    return Context(items)


_EMPTY = Context()


def is_condition_key(key: Any) -> bool:
    """Whether ``key`` is a well-formed condition key name.

    >>> [is_condition_key(k) for k in ("acs:SourceIp", "oss:Prefix", "acs:ResourceTag/team")]
    [True, True, True]
    >>> [is_condition_key(k) for k in ("", "a b", "acs:ResourceTag/", "x/\\n")]
    [False, False, False, False]
    """
    if not isinstance(key, str):
        return False
    name, slash, tag = key.partition("/")
    if _KEY_NAME.fullmatch(name) is None:
        return False
    if not slash:
        return True
    return 0 < len(tag) <= _MAX_TAG_KEY and tag.isprintable() and is_text(tag)


@attrs.frozen
class ConditionClause:
    """One operator (with its qualifier) applied to one key with its values.

    The public attributes describe the clause completely: ``operator`` as written,
    ``qualifier`` (None, ``"ForAnyValue"`` or ``"ForAllValues"``), ``base_operator``
    (the operator without qualifier), ``family``, ``comparison``, ``negated``,
    ``ignore_case``, ``key`` as written and ``values`` parsed (text, Decimal, aware UTC
    datetime, bool, or IP network).

    >>> clause = compile_clause("ForAnyValue:StringNotLike", "oss:Prefix", "tmp/*", path="$")
    >>> clause.base_operator, clause.negated, clause.values
    ('StringNotLike', True, ('tmp/*',))
    """

    operator: str
    key: str
    values: tuple[Any, ...]
    family: Family = attrs.field(repr=False)
    comparison: _Comparison = attrs.field(repr=False)
    negated: bool = attrs.field(repr=False)
    ignore_case: bool = attrs.field(repr=False)
    qualifier: Qualifier | None = attrs.field(default=None, repr=False)
    #: The values as written in the document: one value, or a tuple of them.
    written: Any = attrs.field(default=None, eq=False, repr=False)
    # Derived once on creation (hot path): the lower-cased key, the value test and the
    # result for a missing key.
    _lookup: str = attrs.field(init=False, eq=False, repr=False)
    _base: Callable[[Any], bool] = attrs.field(init=False, eq=False, repr=False)
    _when_missing: bool = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        set_field = object.__setattr__
        set_field(self, "_lookup", self.key.lower())
        set_field(
            self,
            "_base",
            operators.base_test(self.comparison, self.values, self.ignore_case),
        )
        set_field(
            self,
            "_when_missing",
            self.negated if self.qualifier is None else self.qualifier == "ForAllValues",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The derived test is a closure: rebuild the clause from what was written.
        return (_rebuild_clause, (self.operator, self.key, self.written))

    @property
    def base_operator(self) -> str:
        """The operator without its set qualifier (``StringEquals`` for ``ForAnyValue:...``)."""
        return self.operator.rpartition(":")[2]

    @property
    def lookup_key(self) -> str:
        """The key as looked up in a normalized context (lower-cased)."""
        return self._lookup

    def holds(self, context: Context) -> bool:
        """Whether the clause holds for a normalized context (see :func:`normalize_context`).

        >>> clause = compile_clause("StringNotEquals", "acs:SourceVpc", "vpc-1", path="$")
        >>> clause.holds({}), clause.holds({"acs:sourcevpc": ("vpc-1",)})
        (True, False)
        """
        try:
            values = context.get(self._lookup)
        except AttributeError:
            raise InvalidRequestError(
                f"a context mapping is needed (see normalize_context), "
                f"not {type(context).__name__}",
                field="context",
            ) from None
        if not values:
            return self._when_missing
        if type(values) is not tuple:
            raise InvalidRequestError(
                f"context values of {self.key!r} must be a tuple: normalize the context "
                "first (see normalize_context)",
                field="context",
            )
        base = self._base
        family = operators.FAMILIES[self.family]
        key, operator = self.key, self.operator
        qualifier = self.qualifier
        if qualifier is None:
            matched = any(base(_coerce(family, v, key, operator)) for v in values)
            return matched is not self.negated
        negated = self.negated
        if qualifier == "ForAnyValue":
            return any(base(_coerce(family, v, key, operator)) is not negated for v in values)
        return all(base(_coerce(family, v, key, operator)) is not negated for v in values)


def _rebuild_clause(operator: str, key: str, written: Any) -> ConditionClause:
    return compile_clause(operator, key, written, path="$")


def _suggest(name: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _operator(operator: Any, path: str) -> tuple[Operator, Qualifier | None]:
    known = operators.OPERATORS  # looked up on each call: the one table
    if isinstance(operator, str):
        qualifier, colon, name = operator.rpartition(":")
        spec = known.get(name)
        if spec is not None and (not colon or qualifier in QUALIFIERS):
            return spec, qualifier or None  # type: ignore[return-value]
    text = operator if isinstance(operator, str) else short_repr(operator)
    choices = [*known, *(f"{q}:{o}" for q in QUALIFIERS for o in known)]
    raise InvalidPolicyError(
        f"unknown condition operator {text[:80]!r}{_suggest(text[:80], choices)}",
        rule="operator",
        path=child(path, text),
        field="Condition",
        value=operator,
    )


def compile_clause(operator: str, key: str, values: Any, *, path: str) -> ConditionClause:
    """Check and compile one ``Condition`` entry; ``path`` locates it in the document.

    >>> compile_clause("Bool", "acs:SecureTransport", ["true", "false"], path="$.C")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidPolicyError: Bool takes exactly one value, not 2
    >>> compile_clause("StringEqual", "acs:UserAgent", "x", path="$.C")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidPolicyError: unknown condition operator 'StringEqual' (did you mean 'StringEquals', ...?)
    >>> compile_clause("StringEquals", "acs:PrincipalARN", "acs:ram::1:role/x", path="$").family
    'String'
    """
    if not isinstance(path, str):
        raise InvalidPolicyError("path must be text", rule="type", path="$", value=path)
    spec, qualifier = _operator(operator, path)
    valid_key = is_condition_key(key)
    key_path = child(child(path, operator), key) if valid_key else child(path, operator)
    if not valid_key:
        raise InvalidPolicyError(
            f"condition key {short_repr(key)} is not a key name "
            "(letters, digits and _ . : -, then optionally '/' and a tag key)",
            rule="condition-key",
            path=key_path,
            field="Condition",
            value=key,
        )
    lowered = key.lower()
    key_family = GLOBAL_KEYS.get(lowered)
    if key_family is not None and key_family != spec.family:
        raise InvalidPolicyError(
            f"{_GLOBAL_KEY_NAMES[lowered]} holds {key_family} values: {operator} cannot test it",
            rule="operator-type",
            path=key_path,
            field="Condition",
            value=operator,
        )
    items = list(values) if isinstance(values, (list, tuple)) else [values]
    if not items:
        raise InvalidPolicyError(
            "a condition needs at least one value",
            rule="minItems",
            path=key_path,
            field="Condition",
            value=values,
        )
    if spec.family == "Bool" and len(items) != 1:
        raise InvalidPolicyError(
            f"Bool takes exactly one value, not {len(items)}",
            rule="bool-one-value",
            path=key_path,
            field="Condition",
            value=values,
        )
    parsed = []
    for index, item in enumerate(items):
        item_path = child(key_path, index) if isinstance(values, (list, tuple)) else key_path
        parsed.append(_parse_value(item, spec, operator, item_path))
    return ConditionClause(
        operator,
        key,
        tuple(parsed),
        spec.family,  # type: ignore[arg-type]
        spec.comparison,
        spec.negated,
        spec.ignore_case,
        qualifier,
        tuple(values) if isinstance(values, (list, tuple)) else values,
    )


def _parse_value(item: Any, spec: Operator, operator: str, path: str) -> Any:
    try:
        return operators.FAMILIES[spec.family].parse(item)
    except Refused as refused:
        raise InvalidPolicyError(
            refused.message.replace("{operator}", operator),
            rule=refused.rule,
            path=path,
            field="Condition",
            value=item,
        ) from None


def _coerce(family: operators.Family, value: ContextValue, key: str, operator: str) -> Any:
    """The request value read as the operator's type; a value that cannot be is an error."""
    result = family.coerce(value)
    if result is None:
        raise InvalidRequestError(
            f"context value {short_repr(value)} of {key!r} cannot be compared by {operator} "
            f"({family.name} values expected)",
            field=key,
            value=value,
        )
    return result


def normalize_context(context: Mapping[str, Any] | None) -> Context:
    """Check a request context; return it with lower-cased keys, each holding a tuple.

    A key holds one value or a non-empty list (or tuple) of values. Global keys must
    hold their type (acs:CurrentTime an aware datetime or ISO text with a zone,
    acs:SecureTransport and acs:MFAPresent a bool, acs:SourceIp an IP address, the
    others text); other keys hold text, numbers, bools, aware datetimes or IP
    addresses. IPv4-mapped IPv6 addresses become IPv4 addresses. The global keys
    (:data:`SINGLE_VALUED_KEYS`) hold one value: a list of one is that value, a list
    of several is refused (no request comes from two source addresses).

    >>> normalize_context({"acs:SourceIp": "10.0.0.1", "acs:TagKeys": ["team", "env"]})
    Context({'acs:sourceip': (IPv4Address('10.0.0.1'),), 'acs:tagkeys': ('team', 'env')})
    >>> normalize_context({"acs:MFAPresent": "yes"})
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidRequestError: context key 'acs:MFAPresent' holds a Bool value, not 'yes'
    >>> normalize_context({"acs:SourceIp": ["10.0.0.1", "10.0.0.2"]})
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidRequestError: context key 'acs:SourceIp' holds one value in a request, not 2
    """
    if context is None:
        return _EMPTY
    if not isinstance(context, Mapping):
        raise ArgumentTypeError(
            f"a request context must be a mapping, not {type(context).__name__}",
            field="context",
            value=context,
        )
    if len(context) > _MAX_CONTEXT_KEYS:
        raise InvalidRequestError(
            f"a request context of {len(context)} keys is over the {_MAX_CONTEXT_KEYS} allowed",
            field="context",
        )
    result: dict[str, tuple[ContextValue, ...]] = {}
    for key, value in context.items():
        if not is_condition_key(key):
            raise InvalidRequestError(
                f"context key {short_repr(key)} is not a key name", field="context", value=key
            )
        lowered = key.lower()
        if lowered in result:
            raise InvalidRequestError(
                f"context key {key!r} is given twice (key names ignore case)",
                field="context",
                value=key,
            )
        items = value if isinstance(value, (list, tuple)) else (value,)
        if not items or len(items) > _MAX_CONTEXT_VALUES:
            raise InvalidRequestError(
                f"context key {key!r} needs 1 to {_MAX_CONTEXT_VALUES} values, not {len(items)}",
                field=key,
            )
        if len(items) > 1 and lowered in SINGLE_VALUED_KEYS:
            raise InvalidRequestError(
                f"context key {key!r} holds one value in a request, not {len(items)}",
                field=key,
                value=value,
            )
        result[lowered] = tuple(_context_value(key, lowered, item) for item in items)
    return Context(result)


def _context_value(key: str, lowered: str, value: Any) -> ContextValue:
    family = GLOBAL_KEYS.get(lowered)
    converted: ContextValue | None
    if family is not None:
        converted = operators.FAMILIES[family].context(value)
    else:
        converted = _plain_value(value)
    if converted is None:
        kind = f"a {family} value" if family else "text, a number, a bool, a date or an IP"
        raise InvalidRequestError(
            f"context key {key!r} holds {kind}, not {short_repr(value)}", field=key, value=value
        )
    return converted


def _plain_value(value: Any) -> ContextValue | None:
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT and is_text(value) else None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(10**64) < value < 10**64 else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return address(value)
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, datetime):
        return date_or_none(value)
    return None


#: The global keys in their documented case, by lower-cased name (for display).
GLOBAL_KEY_NAMES: Mapping[str, str] = MappingProxyType(_GLOBAL_KEY_NAMES)
