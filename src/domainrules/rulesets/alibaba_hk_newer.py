"""The registrar's newer .hk text: 28 days of grace, then deletion, no redemption.

Source: Alibaba Cloud Domains help, "Domain name management", revised text ("28
days, then deletion with no redemption"). Its date is not given there, so ``effective``
repeats the 2022 document's date; every other family is as in alibaba-2022.

>>> from domainrules.rulesets import ALIBABA_HK_NEWER
>>> hk = ALIBABA_HK_NEWER.rules_for("example.hk")
>>> hk.renewal_grace_days, hk.redemption_days, hk.then.value
(28, 0, 'deleted')
"""

from __future__ import annotations

import attrs

from domainrules.rulesets.alibaba_2022 import ALIBABA_2022, HK_LIFECYCLE

__all__ = ["ALIBABA_HK_NEWER"]

ALIBABA_HK_NEWER = attrs.evolve(
    ALIBABA_2022.with_family(
        attrs.evolve(
            ALIBABA_2022.family("hk"),
            lifecycle=attrs.evolve(HK_LIFECYCLE, redemption_days=0, pre_release=None),
        )
    ),
    name="alibaba-hk-newer",
    source="Alibaba Cloud Domains help, 'Domain name management', newer .hk text; "
    "other families as alibaba-2022",
    description="As alibaba-2022, but .hk is deleted 28 days after expiry with no redemption.",
)
