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
from datetime import date, datetime, timezone
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
        check = _CHECKS.get(type(self))
        if check is None:
            check = _CHECKS[type(self)] = _compile_check(type(self))
        check(self)

    setattr(cls, "__init__", __init__)  # noqa: B010 (mypy refuses assigning a method)
    return cls


# Per class: for each field its name, alias, annotation, the enumeration it holds
# (or None), the exact types whose values conform with nothing more to check, and
# whether it takes a datetime and an int (checked for their zone and range), and for
# a collection of plain items, its type and theirs.
_Field = tuple[
    str, str, Any, type[enum.Enum] | None, frozenset[type], bool, bool, tuple[type, frozenset[type]]
]
_FIELD_TYPES: dict[type, tuple[_Field, ...]] = {}


def _field_types(cls: type) -> tuple[_Field, ...]:
    known = _FIELD_TYPES.get(cls)
    if known is None:
        found = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            kind = _resolve(cls, field.name, field.type)
            found.append(
                (
                    field.name,
                    field.alias or field.name,
                    kind,
                    _enumeration(kind),
                    _plain_types(kind),
                    _conforms(_AWARE, kind),
                    _conforms(0, kind),
                    _plain_collection(kind),
                )
            )
        known = _FIELD_TYPES[cls] = tuple(found)
    return known


def _resolve(cls: type, name: str, kind: Any) -> Any:
    # The annotation as the class that declares the field wrote it: evaluated in that
    # class's module (an inherited field's names are not the subclass's), with a
    # type variable replaced by the argument a generic base gives it
    # (``RegistryRefusal(Blocker[RefusalReason])``: ``reason`` is a RefusalReason).
    owner = next((c for c in cls.__mro__ if name in vars(c).get("__annotations__", {})), cls)
    if isinstance(kind, str):  # postponed annotations
        try:
            kind = eval(kind, vars(sys.modules[owner.__module__]))  # the library's own
        except Exception:  # a name only imported for type checking
            return Any
    if isinstance(kind, TypeVar):
        for base in cls.__mro__:
            for generic in getattr(base, "__orig_bases__", ()):
                origin = typing.get_origin(generic)
                parameters = getattr(origin, "__parameters__", ())
                if kind in parameters:
                    given = typing.get_args(generic)[parameters.index(kind)]
                    if not isinstance(given, TypeVar):
                        return given
    return kind


_AWARE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _plain_types(kind: Any) -> frozenset[type]:
    # The exact types whose every value conforms to ``kind`` and needs no further
    # check (not an int: its range; not a datetime: its zone; not a collection: its
    # items). The one test a field of a value built in a hot loop usually needs.
    options = (
        typing.get_args(kind)
        if typing.get_origin(kind) in (typing.Union, types.UnionType)
        else (kind,)
    )
    plain: set[type] = set()
    for option in options:
        if option is None or option is type(None):
            plain.add(type(None))
        elif (
            isinstance(option, type)
            and typing.get_origin(option) is None
            and option not in (int, datetime, object)
            and not (issubclass(option, (tuple, list, set, frozenset, dict)))
        ):
            plain.add(option)  # bool, float, str, date, an enumeration, a value class
    return frozenset(plain)


def _plain_collection(kind: Any) -> tuple[type, frozenset[type]]:
    # ``tuple[X, ...]`` or ``frozenset[X]`` (alone or with None) of plain items:
    # (tuple, X's plain types); else (a type no value has, nothing).
    options = (
        typing.get_args(kind)
        if typing.get_origin(kind) in (typing.Union, types.UnionType)
        else (kind,)
    )
    for option in options:
        origin, args = typing.get_origin(option), typing.get_args(option)
        homogeneous = (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or (
            origin is frozenset and len(args) == 1
        )
        if homogeneous and _plain_types(args[0]):
            return origin, _plain_types(args[0])
    return _NoCollection, frozenset()


class _NoCollection:
    """The collection type of a field that takes no collection of plain items."""


_CHECKS: dict[type, Callable[[Any], None]] = {}


def _compile_check(cls: type) -> Callable[[Any], None]:
    """One function checking every field of ``cls`` (built once per class): a value of
    a plain type, a UTC datetime, an int in range and a collection of plain items pass
    with one test each, inline, so that a result built in a hot loop pays little; anything else
    goes through :func:`_check_field`, the whole reading of one field.
    """
    fields = _field_types(cls)
    namespace: dict[str, Any] = {
        "_slow": _check_field,
        "_datetime": datetime,
        "_UTC": timezone.utc,
        "_MAX_INT": _MAX_INT,
    }
    lines = ["def check(self):"]
    for index, (name, _, _, _, plain, takes_datetime, takes_int, items) in enumerate(fields):
        namespace[f"_field{index}"] = fields[index]
        namespace[f"_plain{index}"] = plain
        passes = [f"c in _plain{index}"]
        if takes_datetime:
            passes.append("(c is _datetime and v.tzinfo is _UTC)")
        if takes_int:
            passes.append("(c is int and -_MAX_INT <= v <= _MAX_INT)")
        if items[0] is not _NoCollection:
            namespace[f"_kind{index}"], namespace[f"_items{index}"] = items
            passes.append(f"(c is _kind{index} and all(type(i) in _items{index} for i in v))")
        lines += [
            f"    v = self.{name}",
            "    c = type(v)",
            f"    if not ({' or '.join(passes)}):",
            f"        _slow(self, _field{index})",
        ]
    lines.append("    return None")
    # The source names only the class's own fields (identifiers, as attrs requires).
    exec("\n".join(lines), namespace)
    check: Callable[[Any], None] = namespace["check"]
    return check


def _check_field(value: Any, field: _Field) -> None:
    owner = type(value).__name__
    name, alias, kind, members, plain, takes_datetime, takes_int, items = field
    given = getattr(value, name)
    exact = type(given)
    if exact in plain:
        return
    if exact is items[0] and all(type(item) in items[1] for item in given):
        return
    if exact is datetime and takes_datetime:
        _check_aware(given, owner, alias)
        return
    if exact is int and takes_int:
        _check_range(given, owner, alias)
        return
    if members is not None and given is not None and not isinstance(given, members):
        # An enumeration takes a member, its value or its name, as everywhere.
        given = choice(given, members, alias)
        object.__setattr__(value, name, given)
    if not _conforms(given, kind):
        choices = _literal(kind)
        if choices and type(given) in {type(c) for c in choices}:
            # Text that is none of a Literal's strings: a wrong value, as for an enum.
            raise InvalidChoiceError(
                f"{owner}: {alias}: {show(given)} is not one of "
                f"{', '.join(str(c) for c in choices)}",
                field=alias,
                value=given,
            )
        described = getattr(kind, "__name__", None) or str(kind).replace("typing.", "")
        raise ArgumentTypeError(
            f"{owner}: {alias}: expected {described}, not {type(given).__name__} {show(given)}",
            field=alias,
            value=given,
        )
    if isinstance(given, int) and not isinstance(given, bool):
        _check_range(given, owner, alias)
    if isinstance(given, datetime):
        _check_aware(given, owner, alias)


def _check_range(given: int, owner: str, alias: str) -> None:
    if abs(given) > _MAX_INT:
        raise InvalidCountError(
            f"{owner}: {alias}: {show(given)} is out of range", field=alias, value=given
        )


def _check_aware(given: datetime, owner: str, alias: str) -> None:
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


def _literal(kind: Any) -> tuple[Any, ...]:
    # The choices of a Literal field (alone or with None), else ().
    options = (
        typing.get_args(kind)
        if typing.get_origin(kind) in (typing.Union, types.UnionType)
        else (kind,)
    )
    return tuple(
        choice
        for option in options
        if typing.get_origin(option) is typing.Literal
        for choice in typing.get_args(option)
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
