"""CNNIC's own registry numbers for the .cn family: a 15-day redemption.

Source: CNNIC's domain rules (since 2007-12-20, on cnnic.cn): a 30-day
renewal-confirmation period and a 15-day high-price redemption period, then deletion and release. The
registrar publishes 14 days; both are real, so both ship.

>>> from domainrules.rulesets import CNNIC_REGISTRY
>>> CNNIC_REGISTRY.rules_for("example.cn").redemption_days
15
"""

from __future__ import annotations

from datetime import date

import attrs

from domainrules.rulesets.alibaba_2022 import ALIBABA_2022, CNNIC_LIFECYCLE

__all__ = ["CNNIC_REGISTRY"]

_REGISTRY_LIFECYCLE = attrs.evolve(CNNIC_LIFECYCLE, redemption_days=15)

CNNIC_REGISTRY = attrs.evolve(
    ALIBABA_2022.with_family(
        attrs.evolve(ALIBABA_2022.family("cnnic"), lifecycle=_REGISTRY_LIFECYCLE)
    ).with_family(attrs.evolve(ALIBABA_2022.family("cnnic-gtld"), lifecycle=_REGISTRY_LIFECYCLE)),
    name="cnnic-registry",
    source="CNNIC domain rules since 2007-12-20 (cnnic.cn); other families as alibaba-2022",
    effective=date(2007, 12, 20),
    description="As alibaba-2022, with CNNIC's registry redemption of 15 days for the .cn family.",
)
