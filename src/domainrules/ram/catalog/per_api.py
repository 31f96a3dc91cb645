"""The per-API vocabulary: every operation is its own action, ``domain:<ApiName>``.

SOURCE: the Domains RAM reference "操作(Action)" table (help.aliyun.com doc 85777 /
442079), which names one action per API (``domain:AcknowledgeTaskResult`` for
AcknowledgeTaskResult, and so on). The resource of each API is taken from the legacy
table: domain level where that table checks the call on each domain, account level
otherwise (an inference for the APIs neither table names).

VERSION: per-api-2024.
"""

from __future__ import annotations

from types import MappingProxyType

from domainrules.ram.catalog import legacy
from domainrules.ram.catalog.api_2018_01_29 import API_ALIASES, DOC_ONLY_APIS, SDK_APIS
from domainrules.ram.catalog.model import build_catalog

__all__ = ["CATALOG", "SOURCE", "VERSION"]

SOURCE = (
    "Domains RAM reference, one action per API (domain:<ApiName>); resource level "
    "from the legacy table"
)
VERSION = "per-api-2024"

_DOMAIN_APIS = frozenset(api for apis in legacy.DOMAIN_LEVEL.values() for api in apis)
_ALL = (*SDK_APIS, *DOC_ONLY_APIS)

CATALOG = build_catalog(
    name="per-api-2024",
    version=VERSION,
    source=SOURCE,
    sdk_apis=SDK_APIS,
    extra_apis=DOC_ONLY_APIS,
    domain_level=MappingProxyType({api: (api,) for api in _ALL if api in _DOMAIN_APIS}),
    account_level=MappingProxyType({api: (api,) for api in _ALL if api not in _DOMAIN_APIS}),
    api_aliases=API_ALIASES,
    unbound_actions=(),
    action_aliases={},
)
