"""Policy documents: :class:`Policy` and :class:`Statement` values, parsed and checked.

A document is read from JSON text or a mapping. The checks run in this order: the
length limit (6,144 characters by default, a parameter), the JSON itself (duplicated
keys are refused: a JSON parser would silently keep the last), the shipped JSON Schema
(Draft 2020-12, ``policy.schema.json`` in this package), then the semantic rules
(action and resource syntax, operators, value types). Every refusal is an
:class:`InvalidPolicyError` naming the JSON path and the rule; :func:`iter_errors`
lists them all.

>>> policy = Policy.parse('''{"Version": "1", "Statement": [
...     {"Effect": "Allow", "Action": "domain:Query*", "Resource": "acs:domain:*:*:*"}]}''',
...     name="read-only")
>>> policy.statements[0].actions
('domain:Query*',)
>>> sorted((e.path, e.rule) for e in iter_errors('{"Version": "1", "Statement": [{"Effect": "allow"}]}'))
[('$.Statement[0]', 'action-or-not-action'), ('$.Statement[0]', 'required'), ('$.Statement[0].Effect', 'enum')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import attrs
import jsonschema

from domainrules._validate import wrong_type
from domainrules.errors import ArgumentTypeError
from domainrules.ram._paths import child
from domainrules.ram._text import is_text, short_repr
from domainrules.ram.arn import canonical_resource_pattern
from domainrules.ram.conditions import ConditionClause, compile_clause
from domainrules.ram.errors import InvalidArnError, InvalidPolicyError
from domainrules.ram.patterns import Pattern, compile_pattern

__all__ = [
    "MAX_POLICY_LENGTH",
    "Effect",
    "Policy",
    "Statement",
    "iter_errors",
    "policy_schema",
]

#: A custom policy document is at most this many characters, as submitted.
MAX_POLICY_LENGTH = 6144
_MAX_DEPTH = 32
Effect = Literal["Allow", "Deny"]

_ACTION = re.compile(r"\*|[A-Za-z0-9*?-]{1,64}:[A-Za-z0-9*?_-]{1,128}")


@lru_cache(maxsize=1)
def policy_schema() -> Mapping[str, Any]:
    """The JSON Schema (Draft 2020-12) of a policy document, as shipped in the package.

    >>> policy_schema()["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    """
    text = resources.files("domainrules.ram").joinpath("policy.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = policy_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(schema)
    return validator


# --- statements ------------------------------------------------------------


def _check_sid(sid: Any, path: str) -> None:
    if sid is None:
        return
    if not isinstance(sid, str) or not is_text(sid):
        raise InvalidPolicyError(
            f"Sid must be text (no lone surrogates), not {short_repr(sid)}",
            rule="text",
            path=path,
            field="Sid",
            value=sid if isinstance(sid, str) else short_repr(sid),
        )


def _check_action(action: str, path: str) -> InvalidPolicyError | None:
    if _ACTION.fullmatch(action):
        return None
    return InvalidPolicyError(
        f"action {action[:80]!r} is not '<service>:<action>' or '*' "
        "(ASCII letters, digits, '-', '_', wildcards)",
        rule="action-syntax",
        path=path,
        field="Action",
        value=action,
    )


def _check_resource(resource: str, path: str) -> tuple[str | None, InvalidPolicyError | None]:
    if resource != "*" and not resource.startswith("acs:"):
        return None, InvalidPolicyError(
            f"resource {resource[:80]!r} must start with 'acs:' or be '*'",
            rule="resource-syntax",
            path=path,
            field="Resource",
            value=resource,
        )
    if not resource.isprintable() or any(c.isspace() for c in resource):
        return None, InvalidPolicyError(
            f"resource {resource[:80]!r} holds spaces or control characters",
            rule="resource-syntax",
            path=path,
            field="Resource",
            value=resource,
        )
    try:
        return canonical_resource_pattern(resource), None
    except InvalidArnError as error:
        # A field no request can match (CN-Hangzhou, account 0123): refused, not dead.
        return None, InvalidPolicyError(
            str(error), rule="resource-syntax", path=path, field="Resource", value=resource
        )


def _item_path(path: str, field: str, index: int, as_list: bool) -> str:
    return child(child(path, field), index) if as_list else child(path, field)


def _check_parts(
    effect: Any,
    actions: tuple[str, ...] | None,
    not_actions: tuple[str, ...] | None,
    resources: tuple[str, ...],
    path: str,
    lists: frozenset[str],
) -> tuple[tuple[str, ...], list[InvalidPolicyError]]:
    errors: list[InvalidPolicyError] = []
    if effect not in ("Allow", "Deny"):
        errors.append(
            InvalidPolicyError(
                f"Effect must be 'Allow' or 'Deny', not {short_repr(effect)}",
                rule="enum",
                path=child(path, "Effect"),
                field="Effect",
                value=effect,
            )
        )
    if (actions is None) == (not_actions is None):
        errors.append(
            InvalidPolicyError(
                "a statement needs exactly one of Action or NotAction",
                rule="action-or-not-action",
                path=path,
                field="Action",
            )
        )
    for field, items in (("Action", actions), ("NotAction", not_actions)):
        if items is not None and not items:
            errors.append(
                InvalidPolicyError(
                    f"{field} is empty", rule="minItems", path=child(path, field), field=field
                )
            )
        for index, action in enumerate(items or ()):
            error = _check_action(action, _item_path(path, field, index, field in lists))
            if error is not None:
                errors.append(error)
    if not resources:
        errors.append(
            InvalidPolicyError(
                "Resource is empty", rule="minItems", path=child(path, "Resource"), field="Resource"
            )
        )
    canonical: list[str] = []
    for index, resource in enumerate(resources):
        item_path = _item_path(path, "Resource", index, "Resource" in lists)
        fixed, error = _check_resource(resource, item_path)
        if error is not None:
            errors.append(error)
        canonical.append(fixed if fixed is not None else resource)
    return tuple(canonical), errors


@attrs.frozen
class Statement:
    """One statement: an effect, actions (or not-actions), resources and conditions.

    Resources are kept in canonical form (domain names as lower-case A-labels);
    ``written_resources`` keeps them as written. Patterns are compiled on creation: a
    resource whose canonical form differs matches in either form.

    >>> statement = Statement("Deny", ("domain:*",), None, ("acs:domain:*:*:domain/EXAMPLE.com",))
    >>> statement.resources
    ('acs:domain:*:*:domain/example.com',)
    >>> Statement("Allow", ("domain",), None, ("*",))
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidPolicyError: action 'domain' is not '<service>:<action>' or '*' (ASCII letters, digits, '-', '_', wildcards)
    """

    effect: Effect
    actions: tuple[str, ...] | None
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...]
    conditions: tuple[ConditionClause, ...] = ()
    sid: str | None = None
    written_resources: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)
    #: Which of Action / NotAction / Resource were written as lists (for JSON paths).
    list_fields: frozenset[str] = attrs.field(
        default=frozenset({"Action", "NotAction", "Resource"}), eq=False, repr=False
    )
    action_patterns: tuple[Pattern, ...] = attrs.field(init=False, eq=False, repr=False)
    resource_patterns: tuple[Pattern, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        actions = _items(self.actions, "Action")
        not_actions = _items(self.not_actions, "NotAction")
        written = _items(self.resources, "Resource") or ()
        _check_sid(self.sid, "$.Sid")
        conditions = self.conditions
        if not isinstance(conditions, (tuple, list)) or not all(
            isinstance(c, ConditionClause) for c in conditions
        ):
            raise InvalidPolicyError(
                "conditions must be ConditionClause values (see compile_clause)",
                rule="type",
                path="$.Condition",
                field="Condition",
            )
        if not isinstance(self.list_fields, frozenset):
            raise InvalidPolicyError(
                "list_fields must be a frozenset", rule="type", field="list_fields"
            )
        canonical, errors = _check_parts(
            self.effect, actions, not_actions, written, "$", self.list_fields
        )
        if errors:
            raise errors[0]
        # Frozen: the derived fields are set once, here.
        set_field = object.__setattr__
        set_field(self, "actions", actions)
        set_field(self, "not_actions", not_actions)
        set_field(self, "resources", canonical)
        set_field(self, "conditions", tuple(self.conditions))
        if not self.written_resources:
            set_field(self, "written_resources", written)
        else:
            set_field(self, "written_resources", _items(self.written_resources, "Resource"))
        patterns = tuple(
            compile_pattern(a, ignore_case=True) for a in (actions or not_actions or ())
        )
        set_field(self, "action_patterns", patterns)
        # A pattern whose domain part was put in canonical form also keeps its literal
        # meaning for the resources of other services (``acs:*:*:*:*/Example.com`` still
        # matches an OSS object named Example.com): both forms are tried.
        literal = (w for w, c in zip(written, canonical, strict=True) if w != c)
        resource_texts = dict.fromkeys((*canonical, *literal))
        set_field(self, "resource_patterns", tuple(compile_pattern(r) for r in resource_texts))

    @property
    def is_not_action(self) -> bool:
        """Whether the statement is written with NotAction."""
        return self.not_actions is not None

    def to_mapping(self) -> dict[str, Any]:
        """The statement as a JSON-ready mapping (canonical resources).

        >>> Statement("Allow", ("domain:Query*",), None, ("*",)).to_mapping()
        {'Effect': 'Allow', 'Action': ['domain:Query*'], 'Resource': ['*']}
        """
        mapping: dict[str, Any] = {}
        if self.sid is not None:
            mapping["Sid"] = self.sid
        mapping["Effect"] = self.effect
        if self.actions is not None:
            mapping["Action"] = _form(self.actions, "Action" in self.list_fields)
        else:
            mapping["NotAction"] = _form(self.not_actions or (), "NotAction" in self.list_fields)
        mapping["Resource"] = _form(self.resources, "Resource" in self.list_fields)
        if self.conditions:
            block: dict[str, dict[str, Any]] = {}
            for clause in self.conditions:
                written = clause.written
                block.setdefault(clause.operator, {})[clause.key] = (
                    list(written) if isinstance(written, (list, tuple)) else written
                )
            mapping["Condition"] = block
        return mapping


def _items(value: Any, field: str) -> tuple[str, ...] | None:
    # A lone string is one item, not a sequence of characters.
    if value is None:
        return None
    items = (value,) if isinstance(value, str) else value
    if not isinstance(items, (tuple, list)) or not all(isinstance(i, str) for i in items):
        raise InvalidPolicyError(
            f"{field} must be text or a list of texts, not {type(value).__name__}",
            rule="type",
            path=child("$", field),
            field=field,
            value=short_repr(value),
        )
    return tuple(items)


def _form(items: tuple[str, ...], as_list: bool) -> str | list[str]:
    return list(items) if as_list or len(items) != 1 else items[0]


@attrs.frozen
class Policy:
    """A named policy document (Version "1") of one or more statements.

    >>> policy = Policy.parse({"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "domain:*", "Resource": "*"}]}, name="full")
    >>> policy.name, len(policy.statements), policy.to_json()
    ('full', 1, '{"Version":"1","Statement":[{"Effect":"Allow","Action":"domain:*","Resource":"*"}]}')
    """

    name: str
    version: str
    statements: tuple[Statement, ...]

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or not is_text(self.name):
            raise InvalidPolicyError(
                f"a policy name must be non-empty text, not {short_repr(self.name)}",
                rule="name",
                field="name",
                value=self.name,
            )
        if self.version != "1":
            raise InvalidPolicyError(
                f"Version must be '1', not {short_repr(self.version)}",
                rule="const",
                path="$.Version",
                field="Version",
                value=self.version,
            )
        statements = self.statements
        if not isinstance(statements, (tuple, list)) or not all(
            isinstance(s, Statement) for s in statements
        ):
            raise InvalidPolicyError(
                "a policy's statements must be a tuple of Statement values",
                rule="type",
                path="$.Statement",
                field="Statement",
            )
        object.__setattr__(self, "statements", tuple(statements))
        if not self.statements:
            raise InvalidPolicyError(
                "a policy needs at least one statement",
                rule="minItems",
                path="$.Statement",
                field="Statement",
            )

    @classmethod
    def parse(
        cls,
        document: str | Mapping[str, Any],
        *,
        name: str = "inline",
        max_length: int | None = MAX_POLICY_LENGTH,
    ) -> Policy:
        """Parse and check a document given as JSON text or a mapping.

        The first fault found raises :class:`InvalidPolicyError`; use
        :func:`iter_errors` for all of them.

        >>> Policy.parse('{"Version": "1", "Version": "1", "Statement": []}')
        Traceback (most recent call last):
        ...
        domainrules.ram.errors.InvalidPolicyError: duplicated key 'Version' (a JSON parser would keep only the last)
        """
        _check_argument_types(document, name, max_length)
        policy, errors = _build(document, name, max_length)
        if errors:
            raise errors[0]
        assert policy is not None
        return policy

    @classmethod
    def from_json(
        cls, text: str, *, name: str = "inline", max_length: int | None = MAX_POLICY_LENGTH
    ) -> Policy:
        """Parse a document from JSON text (see :meth:`parse`).

        >>> Policy.from_json("[]")
        Traceback (most recent call last):
        ...
        domainrules.ram.errors.InvalidPolicyError: a policy document must be a JSON object, not array
        """
        if not isinstance(text, str):
            raise ArgumentTypeError(
                f"JSON text expected, not {type(text).__name__}", field="text", value=text
            )
        return cls.parse(text, name=name, max_length=max_length)

    @classmethod
    def from_mapping(
        cls,
        mapping: Mapping[str, Any],
        *,
        name: str = "inline",
        max_length: int | None = MAX_POLICY_LENGTH,
    ) -> Policy:
        """Parse a document from a mapping (see :meth:`parse`).

        >>> Policy.from_mapping({"Version": "1"})
        Traceback (most recent call last):
        ...
        domainrules.ram.errors.InvalidPolicyError: 'Statement' is a required property
        """
        if not isinstance(mapping, Mapping):
            raise ArgumentTypeError(
                f"a mapping expected, not {type(mapping).__name__}", field="mapping", value=mapping
            )
        return cls.parse(mapping, name=name, max_length=max_length)

    def to_mapping(self) -> dict[str, Any]:
        """The document as a JSON-ready mapping."""
        return {"Version": self.version, "Statement": [s.to_mapping() for s in self.statements]}

    def to_json(self, *, indent: int | None = None) -> str:
        """The document as JSON text (compact unless ``indent`` is given)."""
        separators = (",", ":") if indent is None else (",", ": ")
        return json.dumps(
            self.to_mapping(), ensure_ascii=False, indent=indent, separators=separators
        )


def iter_errors(
    document: str | Mapping[str, Any], *, max_length: int | None = MAX_POLICY_LENGTH
) -> Iterator[InvalidPolicyError]:
    """Every fault of a document, in document order within each stage (none: it is valid).

    Faults of a later stage are only looked for when the earlier stages pass (a
    document that fails the schema is not checked semantically).

    >>> [e.rule for e in iter_errors({"Version": "1", "Statement": [{"Effect": "Allow",
    ...     "Action": ["domain:*", "nope"], "Resource": ["http://x", "*"]}]})]
    ['action-syntax', 'resource-syntax']
    """
    _check_argument_types(document, "inline", max_length)
    _, errors = _build(document, "inline", max_length)
    yield from errors


def _check_argument_types(document: Any, name: Any, max_length: Any) -> None:
    # The arguments' types (the input contract): a document's own faults are
    # InvalidPolicyError findings, a Python value of the wrong type is not one.
    if not isinstance(document, (str, Mapping)):
        raise wrong_type(document, "document", "JSON text or a mapping")
    if not isinstance(name, str):
        raise wrong_type(name, "name", "text")
    if max_length is not None and type(max_length) is not int:
        raise wrong_type(max_length, "max_length", "a number of characters or None")


# --- the stages ------------------------------------------------------------


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it saw twice."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        result.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _too_long(length: int | str, max_length: int) -> InvalidPolicyError:
    return InvalidPolicyError(
        f"the document is {length} characters, over the {max_length} allowed",
        rule="max-length",
        path="$",
        value=length,
    )


def _load(document: Any, max_length: int | None) -> tuple[Any, list[InvalidPolicyError]]:
    if isinstance(document, str):
        if max_length is not None and len(document) > max_length:
            return None, [_too_long(len(document), max_length)]
        try:
            data = json.loads(document, object_pairs_hook=_pairs, parse_constant=_no_constant)
        except (ValueError, RecursionError) as error:
            message = str(error) if isinstance(error, ValueError) else "nested too deeply"
            return None, [InvalidPolicyError(f"not valid JSON: {message}", rule="json", path="$")]
    elif isinstance(document, Mapping):
        budget = [max_length if max_length is not None else 1_000_000]
        errors: list[InvalidPolicyError] = []
        data = _plain(document, "$", 0, budget, errors)
        if errors:
            return None, errors[:1]
        if max_length is not None:
            length = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            if length > max_length:
                return None, [_too_long(length, max_length)]
    else:
        return None, [
            InvalidPolicyError(
                f"a policy document must be JSON text or a mapping, not {type(document).__name__}",
                rule="type",
                path="$",
                value=short_repr(document),
            )
        ]
    if not isinstance(data, dict):
        kind = {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
            type(data), "number"
        )
        return None, [
            InvalidPolicyError(
                f"a policy document must be a JSON object, not {kind}", rule="type", path="$"
            )
        ]
    duplicates = list(_duplicates(data, "$", 0))
    return data, duplicates


def _plain(value: Any, path: str, depth: int, budget: list[int], errors: list[Any]) -> Any:
    """A copy of a mapping document made of JSON types only, within the size budget."""
    budget[0] -= 1
    if budget[0] < 0 or depth > _MAX_DEPTH:
        if not errors:
            errors.append(
                InvalidPolicyError(
                    "the document is too large or nested too deeply", rule="max-length", path=path
                )
            )
        return None
    if isinstance(value, Mapping):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                errors.append(
                    InvalidPolicyError(
                        f"object keys must be text, not {type(key).__name__}",
                        rule="type",
                        path=path,
                        value=short_repr(key),
                    )
                )
                return None
            result[key] = _plain(item, child(path, key), depth + 1, budget, errors)
        return result
    if isinstance(value, (list, tuple)):
        return [
            _plain(item, child(path, i), depth + 1, budget, errors) for i, item in enumerate(value)
        ]
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    errors.append(
        InvalidPolicyError(
            f"{type(value).__name__} is not a JSON value",
            rule="type",
            path=path,
            value=short_repr(value),
        )
    )
    return None


def _duplicates(value: Any, path: str, depth: int) -> Iterator[InvalidPolicyError]:
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            yield InvalidPolicyError(
                f"duplicated key {key!r} (a JSON parser would keep only the last)",
                rule="duplicate-key",
                path=child(path, key),
                field=key,
            )
        for key, item in value.items():
            yield from _duplicates(item, child(path, key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicates(item, child(path, index), depth + 1)


_SPECIAL_KEYS = {
    "Principal": (
        "principal-in-identity-policy",
        "Principal makes this a trust policy (who may assume a RAM role); only identity "
        "policies (what a user, group or role may do) are evaluated here",
    ),
    "NotResource": (
        "not-resource",
        "NotResource is not part of the documented RAM policy language",
    ),
}


def _trust_policy_errors(data: Mapping[str, Any]) -> list[InvalidPolicyError]:
    """A trust policy (statements with Principal) is named as such, before any other fault."""
    statements = data.get("Statement")
    if not isinstance(statements, list):
        return []
    rule, message = _SPECIAL_KEYS["Principal"]
    return [
        InvalidPolicyError(
            message, rule=rule, path=child(child("$.Statement", i), "Principal"), field="Principal"
        )
        for i, statement in enumerate(statements)
        if isinstance(statement, dict) and "Principal" in statement
    ]


def _schema_errors(data: Any) -> list[InvalidPolicyError]:
    found: list[InvalidPolicyError] = []
    for error in _validator().iter_errors(data):
        path = "$"
        for part in error.absolute_path:
            path = child(path, part)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}) or {})  # type: ignore[union-attr]
            for key in error.instance:
                if key in allowed:
                    continue
                rule, message = _SPECIAL_KEYS.get(
                    key, ("additionalProperties", f"unknown key {key!r}")
                )
                found.append(
                    InvalidPolicyError(message, rule=rule, path=child(path, key), field=key)
                )
            continue
        if error.validator == "oneOf" and len(error.absolute_path) == 2:
            message = "a statement needs exactly one of Action or NotAction"
            rule = "action-or-not-action"
        elif error.validator == "oneOf":
            last = str(error.absolute_path[-1]) if error.absolute_path else ""
            if len(error.absolute_path) > 3 and error.absolute_path[2] == "Condition":
                message = (
                    "condition values must be a string, number or boolean, "
                    "or a non-empty list of them"
                )
            else:
                message = (
                    f"{last or 'value'} must be a non-empty string or a non-empty list of them"
                )
            rule = "type"
        else:
            message = error.message
            rule = str(error.validator)
        found.append(
            InvalidPolicyError(
                message,
                rule=rule,
                path=path,
                field=_field(error.absolute_path),
                value=_short(error.instance),
            )
        )
    return found


def _field(parts: Any) -> str | None:
    names = [p for p in parts if isinstance(p, str)]
    return names[-1] if names else None


def _short(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return None
    return value


def _as_tuple(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(value) if isinstance(value, list) else (value,)


def _check_options(name: Any, max_length: Any) -> list[InvalidPolicyError]:
    if not is_text(name) or not name:
        return [
            InvalidPolicyError(
                f"a policy name must be non-empty text, not {short_repr(name)}",
                rule="name",
                field="name",
                value=short_repr(name),
            )
        ]
    if max_length is not None and (type(max_length) is not int or max_length < 0):
        return [
            InvalidPolicyError(
                f"max_length must be a number of characters or None, not {short_repr(max_length)}",
                rule="type",
                field="max_length",
                value=short_repr(max_length),
            )
        ]
    return []


def _build(
    document: Any, name: str, max_length: int | None
) -> tuple[Policy | None, list[InvalidPolicyError]]:
    errors = _check_options(name, max_length)
    if errors:
        return None, errors
    data, errors = _load(document, max_length)
    if errors or data is None:
        return None, errors
    errors = _trust_policy_errors(data) or _schema_errors(data)
    if errors:
        return None, errors
    statements: list[Statement] = []
    for index, raw in enumerate(data["Statement"]):
        path = child("$.Statement", index)
        lists = frozenset(
            key for key in ("Action", "NotAction", "Resource") if isinstance(raw.get(key), list)
        )
        actions = _as_tuple(raw.get("Action"))
        not_actions = _as_tuple(raw.get("NotAction"))
        resources = _as_tuple(raw["Resource"]) or ()
        _, part_errors = _check_parts(raw["Effect"], actions, not_actions, resources, path, lists)
        clauses, condition_errors = _conditions(raw.get("Condition"), child(path, "Condition"))
        try:
            _check_sid(raw.get("Sid"), child(path, "Sid"))
        except InvalidPolicyError as error:
            part_errors.append(error)
        errors.extend(part_errors)
        errors.extend(condition_errors)
        if part_errors or condition_errors:
            continue
        statements.append(
            Statement(
                raw["Effect"],
                actions,
                not_actions,
                resources,
                clauses,
                raw.get("Sid"),
                list_fields=lists,
            )
        )
    if errors:
        return None, errors
    return Policy(name, "1", tuple(statements)), []


def _conditions(
    block: Mapping[str, Any] | None, path: str
) -> tuple[tuple[ConditionClause, ...], list[InvalidPolicyError]]:
    if not block:
        return (), []
    clauses: list[ConditionClause] = []
    errors: list[InvalidPolicyError] = []
    for operator, keys in block.items():
        seen: dict[str, str] = {}
        for key, values in keys.items():
            lowered = key.lower()
            if lowered in seen:
                errors.append(
                    InvalidPolicyError(
                        f"condition key {key!r} repeats {seen[lowered]!r} (key names ignore case)",
                        rule="duplicate-condition-key",
                        path=child(child(path, operator), key),
                        field="Condition",
                        value=key,
                    )
                )
                continue
            seen[lowered] = key
            try:
                clauses.append(compile_clause(operator, key, values, path=path))
            except InvalidPolicyError as error:
                errors.append(error)
    return tuple(clauses), errors
