"""The Domains authorization catalog: which action and resource each API call is checked on.

Three versions ship, each a data module with its SOURCE and VERSION:
``grouped_2022`` (the default), ``legacy`` (fuller: orders, real-name, DNSSEC...) and
``per_api`` (``domain:<ApiName>``). ``api_2018_01_29`` lists the API's operations.

>>> from domainrules.ram.catalog import CATALOGS, DEFAULT_CATALOG
>>> sorted(CATALOGS), DEFAULT_CATALOG.version
(['grouped-2022', 'legacy-2020', 'per-api-2024'], 'grouped-2022')
"""

from __future__ import annotations

from types import MappingProxyType

from domainrules.ram.catalog.grouped_2022 import CATALOG as GROUPED_2022
from domainrules.ram.catalog.legacy import CATALOG as LEGACY
from domainrules.ram.catalog.model import ApiRule, Catalog, Scope
from domainrules.ram.catalog.per_api import CATALOG as PER_API

__all__ = [
    "CATALOGS",
    "DEFAULT_CATALOG",
    "GROUPED_2022",
    "LEGACY",
    "PER_API",
    "ApiRule",
    "Catalog",
    "Scope",
]

DEFAULT_CATALOG = GROUPED_2022
CATALOGS = MappingProxyType({c.name: c for c in (GROUPED_2022, LEGACY, PER_API)})
