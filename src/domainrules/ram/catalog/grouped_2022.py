"""The grouped Domains authorization table (2019-2022): the default catalog.

SOURCE: Alibaba Cloud Domains documentation, "Authentication rules for the Domains
API" (help/en/dws, doc 85778) and "RAM authorization" (doc 85779), with these
resolutions where the two tables disagree (docs: "Where the sources disagree"):

1. the DNS-host read action is ``QueryDnsHost`` (``DnsHostQuery`` is a known alias
   that never matches a request);
2. ``TransferInRefetchWhoisEmail`` and ``TransferInRefreshWhoisEmail`` are one API;
3. ``SaveSingleTaskForDeletingDnsHost`` is under DnsHostModification;
4. ``SaveBatchTaskForModifyingDomainDns`` is under DnsModification;
5. ``CheckTransferInFeasibility`` is under QueryDomainTransferIn;
6. ``SaveSingleTaskForModifyingDnsHost`` / ``...CreatingDnsHost`` are DnsHostModification;
7. the account resource is ``acs:domain:*:<account-id>:*`` (the published
   ``acs:domain:*$accountid:*`` lacks a colon).

Every other operation of the API is checked as ``domain:*`` on the account resource.

VERSION: grouped-2022.
"""

from __future__ import annotations

from types import MappingProxyType

from domainrules.ram.catalog.api_2018_01_29 import API_ALIASES, DOC_ONLY_APIS, SDK_APIS
from domainrules.ram.catalog.model import build_catalog

__all__ = [
    "ACCOUNT_LEVEL",
    "ACTION_ALIASES",
    "CATALOG",
    "DOMAIN_LEVEL",
    "SOURCE",
    "UNBOUND_ACTIONS",
    "VERSION",
]

SOURCE = (
    "Alibaba Cloud Domains: 'Authentication rules for the Domains API' and 'RAM "
    "authorization' (2019-2022), with the resolutions of the domainrules docs"
)
VERSION = "grouped-2022"

#: Checked on ``acs:domain:*:<account-id>:domain/<domain>``, one resource per domain.
DOMAIN_LEVEL = MappingProxyType(
    {
        "DomainInfoModification": (
            "SaveSingleTaskForUpdatingContactInfo",
            "SaveBatchTaskForUpdatingContactInfo",
            "SaveBatchTaskForUpdatingContactInfoByNewContact",
        ),
        "DomainTransferInOperation": (
            "TransferInReenterTransferAuthorizationCode",
            "TransferInRefetchWhoisEmail",
            "TransferInResendMailToken",
            "SaveSingleTaskForCancelingTransferIn",
        ),
        "DomainTransferOutOperation": (
            "SaveSingleTaskForCancelingTransferOut",
            "SaveSingleTaskForQueryingTransferAuthorizationCode",
        ),
        "DnsHostModification": (
            "SaveSingleTaskForCreatingDnsHost",
            "SaveSingleTaskForModifyingDnsHost",
            "SaveSingleTaskForSynchronizingDnsHost",
            "SaveSingleTaskForDeletingDnsHost",
        ),
        "DnsModification": ("SaveBatchTaskForModifyingDomainDns",),
        "SecuritySetting": (
            "SaveSingleTaskForTransferProhibitionLock",
            "SaveBatchTaskForTransferProhibitionLock",
            "SaveSingleTaskForUpdateProhibitionLock",
            "SaveBatchTaskForUpdateProhibitionLock",
        ),
    }
)

#: Checked on ``acs:domain:*:<account-id>:*``.
ACCOUNT_LEVEL = MappingProxyType(
    {
        "QueryCommonInfo": (
            "QueryDomainList",
            "QueryDomainByInstanceId",
            "QueryContactInfo",
            "VerifyContactField",
        ),
        "QueryDomainTask": (
            "QueryTaskList",
            "QueryTaskInfoHistory",
            "QueryTaskDetailList",
            "QueryTaskDetailHistory",
            "PollTaskResult",
        ),
        "QueryChangeLog": ("QueryChangeLogList",),
        "QueryDomainTransferIn": (
            "QueryTransferInByInstanceId",
            "QueryTransferInList",
            "CheckTransferInFeasibility",
        ),
        "TransferInCheckMailToken": ("TransferInCheckMailToken",),
        "QueryDomainTransferOut": ("QueryTransferOutInfo",),
        "QueryDnsHost": ("QueryDnsHost",),
        "QueryRegistrantProfile": ("QueryRegistrantProfiles",),
        "QueryEmailVerification": ("ListEmailVerification",),
        "AcknowledgeTaskResult": ("AcknowledgeTaskResult",),
        "RegistrantProfileOperation": ("SaveRegistrantProfile", "DeleteRegistrantProfile"),
        "EmailVerificationOperation": (
            "DeleteEmailVerification",
            "VerifyEmail",
            "ResendEmailVerification",
            "SubmitEmailVerification",
        ),
    }
)

#: Valid actions (console and order operations) that no API of this table is bound to.
UNBOUND_ACTIONS = (
    "CreateOrderActivate",
    "CreateOrderRenew",
    "CreateOrderRedeem",
    "CreateOrderTransfer",
    "CreateOrderPendingDelete",
    "RealNameVerificationOperation",
    "QualificationAuditOperation",
    "EnsSetting",
    "DnsSecSetting",
    "SaveArtExtension",
)

#: The action list and the authentication table disagree (docs: disagreements, 1).
ACTION_ALIASES = MappingProxyType({"DnsHostQuery": "QueryDnsHost"})

CATALOG = build_catalog(
    name="grouped-2022",
    version=VERSION,
    source=SOURCE,
    sdk_apis=SDK_APIS,
    extra_apis=DOC_ONLY_APIS,
    domain_level=DOMAIN_LEVEL,
    account_level=ACCOUNT_LEVEL,
    api_aliases=API_ALIASES,
    unbound_actions=UNBOUND_ACTIONS,
    action_aliases=ACTION_ALIASES,
)
