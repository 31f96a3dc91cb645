"""The fuller legacy table: the grouped table plus orders, real-name, DNSSEC, ENS, groups.

SOURCE: the grouped table (see ``grouped_2022``) extended with the per-API
"authorization information" of the Domains API reference (api.aliyun.com /
help.aliyun.com, API 2018-01-29): for example SaveSingleTaskForCreatingOrderRenew is
checked as ``domain:CreateOrderRenew`` on the Domain resource,
SaveSingleTaskForCreatingOrderActivate as ``domain:CreateOrderActivate`` on all
resources, CancelDomainVerification as ``domain:RealNameVerificationOperation`` on the
Domain resource. Those three rows were checked against the reference pages; the other
added rows follow the same pattern by action name and are an inference (marked
below), not a copy of a published table. Use the grouped table (the default) when in
doubt: it grants nothing this table would refuse for the APIs both name.

VERSION: legacy-2020.
"""

from __future__ import annotations

from types import MappingProxyType

from domainrules.ram.catalog import grouped_2022
from domainrules.ram.catalog.api_2018_01_29 import API_ALIASES, DOC_ONLY_APIS, SDK_APIS
from domainrules.ram.catalog.model import build_catalog

__all__ = ["ACCOUNT_LEVEL", "CATALOG", "DOMAIN_LEVEL", "SOURCE", "VERSION"]

SOURCE = (
    "grouped-2022 plus the per-API authorization information of the Domains API "
    "reference 2018-01-29 (orders, real-name, DNSSEC, ENS, groups; partly inferred)"
)
VERSION = "legacy-2020"

DOMAIN_LEVEL = MappingProxyType(
    {
        **grouped_2022.DOMAIN_LEVEL,
        # Checked against the API reference page.
        "CreateOrderRenew": (
            "SaveSingleTaskForCreatingOrderRenew",
            "SaveBatchTaskForCreatingOrderRenew",
        ),
        "RealNameVerificationOperation": (
            "CancelDomainVerification",
            # Inferred from the action name.
            "SaveTaskForSubmittingDomainRealNameVerificationByIdentityCredential",
            "SaveTaskForSubmittingDomainRealNameVerificationByRegistrantProfileID",
        ),
        # Inferred from the action names.
        "CreateOrderRedeem": (
            "SaveSingleTaskForCreatingOrderRedeem",
            "SaveBatchTaskForCreatingOrderRedeem",
        ),
        "CreateOrderTransfer": (
            "SaveSingleTaskForCreatingOrderTransfer",
            "SaveBatchTaskForCreatingOrderTransfer",
        ),
        "CreateOrderPendingDelete": ("SaveTaskForSubmittingDomainDelete",),
        "QualificationAuditOperation": (
            "CancelQualificationVerification",
            "ResetQualificationVerification",
        ),
        "EnsSetting": ("SaveSingleTaskForAssociatingEns", "SaveSingleTaskForDisassociatingEns"),
        "DnsSecSetting": (
            "SaveSingleTaskForAddingDSRecord",
            "SaveSingleTaskForModifyingDSRecord",
            "SaveSingleTaskForDeletingDSRecord",
            "SaveSingleTaskForSynchronizingDSRecord",
        ),
        "SaveArtExtension": ("SaveSingleTaskForSaveArtExtension",),
    }
)

ACCOUNT_LEVEL = MappingProxyType(
    {
        **grouped_2022.ACCOUNT_LEVEL,
        # Checked against the API reference page (all resources).
        "CreateOrderActivate": (
            "SaveSingleTaskForCreatingOrderActivate",
            "SaveBatchTaskForCreatingOrderActivate",
        ),
        # Inferred: domain groups live on the account.
        "QueryDomainGroup": ("QueryDomainGroupList",),
        "DomainGroupOperation": (
            "SaveDomainGroup",
            "DeleteDomainGroup",
            "UpdateDomainToDomainGroup",
        ),
    }
)

CATALOG = build_catalog(
    name="legacy-2020",
    version=VERSION,
    source=SOURCE,
    sdk_apis=SDK_APIS,
    extra_apis=DOC_ONLY_APIS,
    domain_level=DOMAIN_LEVEL,
    account_level=ACCOUNT_LEVEL,
    api_aliases=API_ALIASES,
    unbound_actions=grouped_2022.UNBOUND_ACTIONS,
    action_aliases=grouped_2022.ACTION_ALIASES,
)
