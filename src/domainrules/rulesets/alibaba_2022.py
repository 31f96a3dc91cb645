"""The registrar's published rules, document version 2022-04-09: the default rule set.

Source: Alibaba Cloud Domains help, "Domain name management" (2022-04-09): the
lifecycle table, and that ownership of .gov.cn cannot change online; suffix facts
from CNNIC, HKIRC and the Public Suffix List. In every family the registrar may put
a domain in redemption on its pre-release (auction) list from the first day of
redemption (the guide says it of every domain in redemption, whatever the suffix).

>>> from domainrules.rulesets import ALIBABA_2022
>>> [(f.name, f.lifecycle.renewal_grace_days, f.lifecycle.redemption_days,
...   f.lifecycle.pending_delete_days) for f in ALIBABA_2022.families]
[('cnnic', 30, 14, 0), ('cnnic-gtld', 30, 14, 0), ('hk', 28, 59, 0), ('gtld', 30, 29, 5)]
"""

from __future__ import annotations

from datetime import date

from domainrules.rulesets.model import (
    Disposition,
    LifecycleRules,
    PreRelease,
    RuleSet,
    SuffixFamily,
)

__all__ = ["ALIBABA_2022", "CNNIC_LIFECYCLE", "GTLD_LIFECYCLE", "HK_LIFECYCLE"]

#: .cn family at the registrar: 30 days grace, 14 days redemption, then released.
CNNIC_LIFECYCLE = LifecycleRules(
    renewal_grace_days=30,
    redemption_days=14,
    pending_delete_days=0,
    then=Disposition.RELEASED,
    zone="Asia/Shanghai",
    pre_release=PreRelease(),
)

#: .hk at the registrar (2022 text): 28 days grace, 59 days redemption, then deleted.
HK_LIFECYCLE = LifecycleRules(
    renewal_grace_days=28,
    redemption_days=59,
    pending_delete_days=0,
    then=Disposition.DELETED,
    zone="Asia/Hong_Kong",
    pre_release=PreRelease(),
)

#: gTLDs and the ccTLDs sold alike: 30 + 29 + 5 days waiting for deletion, then deleted.
GTLD_LIFECYCLE = LifecycleRules(
    renewal_grace_days=30,
    redemption_days=29,
    pending_delete_days=5,
    then=Disposition.DELETED,
    zone="UTC",
    pre_release=PreRelease(),
)

ALIBABA_2022 = RuleSet(
    name="alibaba-2022",
    source='Alibaba Cloud Domains help, "Domain name management", 2022-04-09',
    effective=date(2022, 4, 9),
    families=(
        SuffixFamily(
            name="cnnic",
            # .cn with every level under it, and the IDN ccTLD .中国.
            tlds=frozenset({"cn", "中国"}),
            lifecycle=CNNIC_LIFECYCLE,
            icann_transfer_policy=False,
            requires_cnnic_profile=True,
            description="CNNIC ccTLDs: .cn (and .com.cn, .gov.cn, ...), .中国",
        ),
        SuffixFamily(
            name="cnnic-gtld",
            # gTLDs run by CNNIC: the .cn lifecycle, but ICANN's Transfer Policy.
            tlds=frozenset({"公司", "网络"}),
            lifecycle=CNNIC_LIFECYCLE,
            icann_transfer_policy=True,
            requires_cnnic_profile=True,
            description="CNNIC's ICANN gTLDs .公司 and .网络",
        ),
        SuffixFamily(
            name="hk",
            # .香港 is bundled with .hk under one shared expiry (HKIRC).
            tlds=frozenset({"hk", "香港"}),
            lifecycle=HK_LIFECYCLE,
            icann_transfer_policy=False,
            description=".hk and .香港 (HKIRC)",
        ),
        SuffixFamily(
            name="gtld",
            tlds=frozenset(
                {
                    "com",
                    "net",
                    "org",
                    "biz",
                    "info",
                    "name",
                    "mobi",
                    "asia",
                    "tel",
                    # ccTLDs the registrar sells with gTLD rules.
                    "cc",
                    "tv",
                    "me",
                    "so",
                }
            ),
            lifecycle=GTLD_LIFECYCLE,
            icann_transfer_policy=True,
            description="gTLDs (and any gTLD not listed) and the ccTLDs .cc .tv .me .so",
        ),
    ),
    gtld_family="gtld",
    manual_ownership_review=frozenset({"gov.cn"}),
    description="The registrar's 2022 published numbers: .cn 30+14, .hk 28+59, gTLD 30+29+5.",
)
