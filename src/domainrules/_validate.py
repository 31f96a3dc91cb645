"""The input contract: the checks every public constructor and function applies.

One place says what an argument must be, so that two spellings of a request decide
the same and nothing is read by truthiness (docs/contract.md):

- a flag is ``True`` or ``False`` (``"false"``, ``0``, ``None`` are refused);
- a count is a non-negative ``int`` (not a ``bool``);
- an enumeration takes a member, its value or its name (text); another type is
  an :class:`ArgumentTypeError`, text that names no member an :class:`InvalidChoiceError`;
- a rule set, policy version or calendar takes the object or its registered name.

Failures are :class:`~domainrules.errors.DomainRulesError` subclasses that also
inherit ``TypeError`` (wrong type) or ``ValueError`` (wrong value), and name the
argument and the value.

>>> flag("false", "opted_out_of_transfer_lock")
Traceback (most recent call last):
...
domainrules.errors.InvalidFlagError: opted_out_of_transfer_lock: expected True or False, not str 'false'
>>> count(-60, "days")
Traceback (most recent call last):
...
domainrules.errors.InvalidCountError: days: a whole number >= 0, not -60
"""

from __future__ import annotations

import enum
import functools
import reprlib
import sys
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from domainrules.errors import (
    ArgumentTypeError,
    DomainRulesError,
    InvalidChoiceError,
    InvalidCountError,
    InvalidFlagError,
    InvalidInstantError,
    NaiveDatetimeError,
)

__all__ = [
    "Choice",
    "bool_field",
    "checked",
    "choice",
    "count",
    "count_field",
    "flag",
    "instance",
    "instance_field",
    "lookup",
    "named",
    "show",
    "wrong_type",
]

T = TypeVar("T")

# Messages quote the value, but never a megabyte of it, and never recurse through
# a deeply nested one (repr of 100,000 nested lists raises RecursionError).
_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlevel = 3


def show(value: Any) -> str:
    """A short, safe ``repr`` of ``value`` for an error message.

    >>> show("x" * 1000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxx'"
    """
    try:
        return _REPR.repr(value)
    except Exception:  # a user's object whose __repr__ fails
        return f"<{type(value).__name__}>"


def flag(value: Any, field: str) -> bool:
    """``value`` if it is ``True`` or ``False``; :class:`InvalidFlagError` otherwise."""
    if value is True or value is False:
        return value
    raise InvalidFlagError(
        f"{field}: expected True or False, not {type(value).__name__} {show(value)}",
        field=field,
        value=value,
    )


def count(value: Any, field: str, *, maximum: int | None = None) -> int:
    """``value`` if it is an ``int`` (not a ``bool``) from 0 to ``maximum``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(
            f"{field}: expected a whole number, not {type(value).__name__} {show(value)}",
            field=field,
            value=value,
        )
    if value < 0 or (maximum is not None and value > maximum):
        limit = "" if maximum is None else f" and <= {maximum}"
        raise InvalidCountError(
            f"{field}: a whole number >= 0{limit}, not {show(value)}", field=field, value=value
        )
    return value


def wrong_type(value: Any, field: str, expected: str) -> ArgumentTypeError:
    """The error for ``value`` of a type ``field`` does not take (``expected`` says which).

    >>> raise wrong_type(5, "expires_at", "a tz-aware datetime or ISO 8601 text")
    Traceback (most recent call last):
    ...
    domainrules.errors.ArgumentTypeError: expires_at: expected a tz-aware datetime or ISO 8601 text, not int 5
    """
    return ArgumentTypeError(
        f"{field}: expected {expected}, not {type(value).__name__} {show(value)}",
        field=field,
        value=value,
    )


def instance(value: Any, kind: type[T], field: str) -> T:
    """``value`` if it is a ``kind``; :class:`ArgumentTypeError` otherwise."""
    if isinstance(value, kind):
        return value
    raise ArgumentTypeError(
        f"{field}: expected a {kind.__name__}, not {type(value).__name__} {show(value)}",
        field=field,
        value=value,
    )


def named(value: Any, kind: type[T], lookup: Callable[[str], T], field: str) -> T:
    """``value`` if it is a ``kind``, else the registered ``kind`` it names (``lookup``
    raises the fitting ``LookupError`` for an unknown name)."""
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        return lookup(value)
    raise ArgumentTypeError(
        f"{field}: expected a {kind.__name__} or its name, not {type(value).__name__} "
        f"{show(value)}",
        field=field,
        value=value,
    )


def lookup(
    name: Any,
    registry: Mapping[str, T],
    *,
    field: str,
    unknown: type[DomainRulesError],
    message: str,
    sort: bool = True,
) -> T:
    """The entry of a registry of shipped values (rule sets, Transfer Policy versions,
    calendars) called ``name``.

    ``name`` must be text (:class:`ArgumentTypeError` otherwise); an unknown one
    raises ``unknown`` with ``message``, whose ``{name}`` is the name as quoted and
    ``{shipped}`` the registered names (sorted, or in the registry's own order).

    >>> lookup("b", {"a": 1}, field="thing", unknown=DomainRulesError,
    ...        message="no thing {name}; shipped: {shipped}")
    Traceback (most recent call last):
    ...
    domainrules.errors.DomainRulesError: no thing 'b'; shipped: a
    """
    try:
        return registry[instance(name, str, field)]
    except KeyError:
        names = sorted(registry) if sort else list(registry)
        raise unknown(
            message.format(name=show(name), shipped=", ".join(names)), field=field, value=name
        ) from None


# --- attrs validators ----------------------------------------------------------


def bool_field(instance: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: the field is a flag."""
    flag(value, attribute.name)


def count_field(instance: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: the field is a count."""
    count(value, attribute.name)


def instance_field(kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
    """An attrs validator: the field is a ``kind`` (or None when ``optional``)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    expected = " or ".join(k.__name__ for k in kinds) + (" or None" if optional else "")

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if (value is None and optional) or isinstance(value, kinds):
            return
        raise ArgumentTypeError(
            f"{attribute.name}: expected {expected}, not {type(value).__name__} {show(value)}",
            field=attribute.name,
            value=value,
        )

    return check


# --- values checked against their annotations ------------------------------------

C = TypeVar("C", bound=type)


def checked(cls: C) -> C:
    """A class decorator, above ``@attrs.frozen``: every field is checked against its
    annotation whenever a value is built, by the constructor or by ``attrs.evolve``.

    The result types the library hands out (plans, verdicts, spans...) are built by
    the library, but also by callers (tests, ``attrs.evolve``): a wrong type is
    refused there, with :class:`ArgumentTypeError`, not later by an
    ``AttributeError`` far away. A ``datetime`` must be tz-aware; a flag is
    ``True`` or ``False``; a ``date`` is not a ``datetime``.

    >>> @checked
    ... @attrs.frozen
    ... class Stamp:
    ...     at: datetime
    ...     final: bool = False
    >>> Stamp(datetime(2026, 1, 1), final=True)
    Traceback (most recent call last):
    ...
    domainrules.errors.NaiveDatetimeError: Stamp: at: 2026-01-01T00:00:00 is a naive datetime; attach a zone
    >>> Stamp("2026-01-01")
    Traceback (most recent call last):
    ...
    domainrules.errors.ArgumentTypeError: Stamp: at: expected datetime, not str '2026-01-01'
    """
    init = vars(cls)["__init__"]  # the attrs-generated one

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        _check_fields(self)

    setattr(cls, "__init__", __init__)  # noqa: B010 (mypy refuses assigning a method)
    return cls


_FIELD_TYPES: dict[type, tuple[tuple[str, str, Any], ...]] = {}


def _field_types(cls: type) -> tuple[tuple[str, str, Any], ...]:
    known = _FIELD_TYPES.get(cls)
    if known is None:
        namespace = vars(sys.modules[cls.__module__])
        found = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            kind = field.type
            if isinstance(kind, str):  # postponed annotations
                try:
                    kind = eval(kind, namespace)  # the library's own annotation
                except Exception:  # a name only imported for type checking
                    kind = Any
            found.append((field.name, field.alias or field.name, kind))
        known = _FIELD_TYPES[cls] = tuple(found)
    return known


def _check_fields(value: Any) -> None:
    owner = type(value).__name__
    for name, alias, kind in _field_types(type(value)):
        given = getattr(value, name)
        members = _enumeration(kind)
        if members is not None and given is not None and not isinstance(given, members):
            # An enumeration takes a member, its value or its name, as everywhere.
            given = choice(given, members, alias)
            object.__setattr__(value, name, given)
        if not _conforms(given, kind):
            described = getattr(kind, "__name__", None) or str(kind).replace("typing.", "")
            raise ArgumentTypeError(
                f"{owner}: {alias}: expected {described}, not {type(given).__name__} {show(given)}",
                field=alias,
                value=given,
            )
        if isinstance(given, int) and not isinstance(given, bool) and abs(given) > _MAX_INT:
            raise InvalidCountError(
                f"{owner}: {alias}: {show(given)} is out of range", field=alias, value=given
            )
        if isinstance(given, datetime):
            try:
                offset = given.utcoffset()
            except ValueError:
                raise InvalidInstantError(
                    f"{owner}: {alias}: its tzinfo reports an offset of 24 hours or more",
                    field=alias,
                    value=given,
                ) from None
            if offset is None:
                raise NaiveDatetimeError(
                    f"{owner}: {alias}: {given.isoformat()} is a naive datetime; attach a zone",
                    field=alias,
                    value=given,
                )


# No count, day number or budget the library computes comes near this.
_MAX_INT = 2**63


def _enumeration(kind: Any) -> type[enum.Enum] | None:
    # The enumeration a field holds (alone or with None), if any.
    options = (
        typing.get_args(kind)
        if typing.get_origin(kind) in (typing.Union, types.UnionType)
        else (kind,)
    )
    found = [k for k in options if isinstance(k, type) and issubclass(k, enum.Enum)]
    rest = [k for k in options if k is not type(None) and k not in found]
    return found[0] if len(found) == 1 and not rest else None


def _conforms(value: Any, kind: Any) -> bool:
    if kind is Any or kind is object:
        return True
    if isinstance(kind, TypeVar):
        return kind.__bound__ is None or _conforms(value, kind.__bound__)
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is typing.Union or origin is types.UnionType:
        return any(_conforms(value, arg) for arg in args)
    if kind is None or kind is type(None):
        return value is None
    if origin is typing.Literal:
        return value in args
    if origin in (tuple, frozenset, list, set):
        if not isinstance(value, origin):
            return False
        if origin is tuple and args and args[-1] is not Ellipsis:
            return len(value) == len(args) and all(map(_conforms, value, args))
        item = args[0] if args else Any
        return all(_conforms(element, item) for element in value)
    if origin is not None:  # Blocker[Reason], Mapping[str, int]...: the class only
        kind = origin
    if kind is bool:
        return value is True or value is False
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if isinstance(kind, type):
        return isinstance(value, kind)
    return True


# --- enumerations --------------------------------------------------------------


class _ChoiceType(enum.EnumMeta):
    # Enum's own lookup formats repr(value) into its ValueError, which itself fails
    # for a 5,000-digit integer or 100,000 nested lists: look up here instead.
    def __call__(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or not cls._member_map_:
            return super().__call__(value, *args, **kwargs)
        if isinstance(value, cls):
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        if isinstance(value, str) and value in cls._member_map_:
            return cls._member_map_[value]
        field = _snake(cls.__name__)
        if not _could_name(cls, value):  # type: ignore[arg-type]
            raise wrong_type(value, field, f"{cls.__name__} (a member, its value or its name)")
        choices = ", ".join(str(member.value) for member in cls)  # type: ignore[var-annotated]
        raise InvalidChoiceError(
            f"{field}: {show(value)} is not one of {choices}", field=field, value=value
        )


class Choice(enum.Enum, metaclass=_ChoiceType):
    """An enumeration that takes a member, its value or its name, and refuses
    anything else with :class:`InvalidChoiceError` (a ``ValueError``).

    >>> class Colour(Choice):
    ...     DARK_RED = "dark-red"
    >>> Colour("dark-red") is Colour("DARK_RED") is Colour(Colour.DARK_RED)
    True
    >>> Colour("red")
    Traceback (most recent call last):
    ...
    domainrules.errors.InvalidChoiceError: colour: 'red' is not one of dark-red
    """


E = TypeVar("E", bound=enum.Enum)


def _could_name(kind: type[enum.Enum], value: Any) -> bool:
    # Text names a member; otherwise only a value of the members' own value types
    # is a wrong value rather than a wrong type (bool is never a count).
    if isinstance(value, str):
        return True
    types = {type(member.value) for member in kind}
    return type(value) in types or (not isinstance(value, bool) and isinstance(value, tuple(types)))


def choice(value: Any, kind: type[E], field: str) -> E:
    """The member of ``kind`` that ``value`` is, names or has as value; the error
    names ``field``: :class:`ArgumentTypeError` for a value of another type,
    :class:`InvalidChoiceError` for one that is no member."""
    if not isinstance(value, kind) and not _could_name(kind, value):
        raise wrong_type(value, field, f"{kind.__name__} (a member, its value or its name)")
    try:
        return kind(value)
    except InvalidChoiceError as error:
        raise InvalidChoiceError(
            f"{field}: {error.message.partition(': ')[2]}", field=field, value=value
        ) from None
    except ValueError:  # a plain Enum
        raise InvalidChoiceError(
            f"{field}: {show(value)} is not one of {', '.join(str(m.value) for m in kind)}",
            field=field,
            value=value,
        ) from None


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
