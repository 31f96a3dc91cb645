"""The types of the Domains authorization catalog: :class:`ApiRule` and :class:`Catalog`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs

from domainrules.errors import ArgumentTypeError
from domainrules.ram.errors import UnknownApiError

__all__ = ["ApiRule", "Catalog", "Scope", "build_catalog"]

#: ``domain``: checked on each domain's resource; ``account``: on the account resource;
#: ``service``: as ``domain:*`` on the account resource (no finer rule is published).
Scope = Literal["domain", "account", "service"]


@attrs.frozen
class ApiRule:
    """The action and the kind of resource one API call is checked against.

    >>> from domainrules.ram import DEFAULT_CATALOG
    >>> DEFAULT_CATALOG.rule_for("SaveBatchTaskForModifyingDomainDns")
    ApiRule(api='SaveBatchTaskForModifyingDomainDns', action='domain:DnsModification', scope='domain')
    """

    api: str
    action: str
    scope: Scope


@attrs.frozen(eq=False)
class Catalog:
    """One version of the API -> (action, resource) table, with its source.

    >>> from domainrules.ram import DEFAULT_CATALOG
    >>> DEFAULT_CATALOG.name, len(DEFAULT_CATALOG.sdk_apis)
    ('grouped-2022', 133)
    >>> DEFAULT_CATALOG.rule_for("CheckDomain")
    ApiRule(api='CheckDomain', action='domain:*', scope='service')
    """

    name: str
    version: str
    source: str
    #: The API operations of Domains 2018-01-29 as the official Python SDK lists them.
    sdk_apis: tuple[str, ...] = attrs.field(repr=False)
    #: Every API name known (the SDK's plus those only the documentation tables name).
    apis: frozenset[str] = attrs.field(repr=False)
    rules: Mapping[str, ApiRule] = attrs.field(repr=False)
    #: Other spellings of an API name, mapped to the name used here.
    api_aliases: Mapping[str, str] = attrs.field(repr=False)
    #: Actions that exist but that no API in this table is checked against.
    unbound_actions: frozenset[str] = attrs.field(repr=False)
    #: Action names found in the documentation that no request is ever checked against,
    #: mapped to the action to use instead (a linter warns about them).
    action_aliases: Mapping[str, str] = attrs.field(repr=False)
    # Every known name (aliases too) -> its rule, service level included: one lookup.
    _resolved: Mapping[str, ApiRule] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        resolved = {
            api: self.rules.get(api) or ApiRule(api, "domain:*", "service") for api in self.apis
        }
        for alias, target in self.api_aliases.items():
            resolved[alias] = resolved[target]
        object.__setattr__(self, "_resolved", MappingProxyType(resolved))

    def __reduce__(self) -> tuple[Any, ...]:
        # Its tables are read-only mapping proxies, which do not pickle: rebuild them.
        return (
            _rebuild_catalog,
            (
                self.name,
                self.version,
                self.source,
                self.sdk_apis,
                self.apis,
                dict(self.rules),
                dict(self.api_aliases),
                self.unbound_actions,
                dict(self.action_aliases),
            ),
        )

    def __repr__(self) -> str:
        # Short, for signatures, help() and hovers: the full catalog is hundreds of rules.
        version = "" if self.version == self.name else f" version {self.version}"
        return f"<Catalog {self.name}{version}>"

    def __copy__(self) -> Catalog:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> Catalog:
        return self  # immutable

    def canonical_api(self, api: str) -> str:
        """The API name as used in this catalog; an unknown name is an error.

        >>> from domainrules.ram import DEFAULT_CATALOG
        >>> DEFAULT_CATALOG.canonical_api("TransferInRefreshWhoisEmail")
        'TransferInRefetchWhoisEmail'
        """
        if not isinstance(api, str):
            raise ArgumentTypeError(
                f"an API name must be text, not {type(api).__name__}", field="api", value=api
            )
        if api in self.apis:
            return api
        alias = self.api_aliases.get(api)
        if alias is not None:
            return alias
        by_case = [name for name in self.apis if name.lower() == api.lower()]
        close = by_case or difflib.get_close_matches(api, sorted(self.apis), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownApiError(
            f"{api[:80]!r} is not an operation of the Domains API 2018-01-29{hint}",
            suggestions=close,
            field="api",
            value=api,
        )

    def rule_for(self, api: str) -> ApiRule:
        """The rule an API call is checked by; a known API without one is service level."""
        rule = self._resolved.get(api) if isinstance(api, str) else None
        if rule is None:
            self.canonical_api(api)  # raises UnknownApiError with suggestions
            raise AssertionError(api)  # pragma: no cover - canonical_api raised
        return rule

    @property
    def bound_actions(self) -> frozenset[str]:
        """The actions some API is checked against."""
        return frozenset(rule.action for rule in self.rules.values())

    @property
    def known_actions(self) -> frozenset[str]:
        """Every valid action name: bound, unbound and ``domain:*``."""
        return self.bound_actions | self.unbound_actions | {"domain:*"}


def _rebuild_catalog(
    name: str,
    version: str,
    source: str,
    sdk_apis: tuple[str, ...],
    apis: frozenset[str],
    rules: dict[str, ApiRule],
    api_aliases: dict[str, str],
    unbound_actions: frozenset[str],
    action_aliases: dict[str, str],
) -> Catalog:
    return Catalog(
        name,
        version,
        source,
        sdk_apis,
        apis,
        MappingProxyType(rules),
        MappingProxyType(api_aliases),
        unbound_actions,
        MappingProxyType(action_aliases),
    )


def build_catalog(
    *,
    name: str,
    version: str,
    source: str,
    sdk_apis: Iterable[str],
    extra_apis: Iterable[str],
    domain_level: Mapping[str, Iterable[str]],
    account_level: Mapping[str, Iterable[str]],
    api_aliases: Mapping[str, str],
    unbound_actions: Iterable[str],
    action_aliases: Mapping[str, str],
) -> Catalog:
    """Assemble a catalog from tables (action -> APIs) and check them for consistency."""
    sdk = tuple(sdk_apis)
    apis = frozenset(sdk) | frozenset(extra_apis)
    rules: dict[str, ApiRule] = {}
    for scope, table in (("domain", domain_level), ("account", account_level)):
        for action, names in table.items():
            for api in names:
                if api not in apis:
                    raise ValueError(f"{name}: {api} is not a known API")
                if api in rules:
                    raise ValueError(f"{name}: {api} is listed twice")
                rules[api] = ApiRule(api, f"domain:{action}", scope)  # type: ignore[arg-type]
    for alias, target in api_aliases.items():
        if target not in apis or alias in apis:
            raise ValueError(f"{name}: bad alias {alias} -> {target}")
    return Catalog(
        name=name,
        version=version,
        source=source,
        sdk_apis=sdk,
        apis=apis,
        rules=MappingProxyType(rules),
        api_aliases=MappingProxyType(dict(api_aliases)),
        unbound_actions=frozenset(f"domain:{a}" for a in unbound_actions)
        - {rule.action for rule in rules.values()},
        action_aliases=MappingProxyType(
            {f"domain:{a}": f"domain:{b}" for a, b in action_aliases.items()}
        ),
    )
