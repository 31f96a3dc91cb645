"""The Domains catalog: the API list, the grouped table and its resolutions, the others."""

from __future__ import annotations

import pickle

import pytest

from domainrules.errors import ArgumentTypeError
from domainrules.ram import (
    CATALOGS,
    DEFAULT_CATALOG,
    GROUPED_2022,
    LEGACY,
    PER_API,
    ApiRule,
    UnknownApiError,
)
from domainrules.ram.catalog import api_2018_01_29, grouped_2022, legacy, per_api


def test_the_sdk_lists_133_operations() -> None:
    assert len(api_2018_01_29.SDK_APIS) == 133
    assert len(set(api_2018_01_29.SDK_APIS)) == 133
    for catalog in CATALOGS.values():
        assert catalog.sdk_apis == api_2018_01_29.SDK_APIS
        assert set(catalog.sdk_apis) <= catalog.apis


def test_every_data_module_states_source_and_version() -> None:
    for module in (api_2018_01_29, grouped_2022, legacy, per_api):
        assert module.SOURCE and module.VERSION
        assert "SOURCE" in (module.__doc__ or "") and "VERSION" in (module.__doc__ or "")


def test_default_is_grouped_2022() -> None:
    assert DEFAULT_CATALOG is GROUPED_2022 is CATALOGS["grouped-2022"]


@pytest.mark.parametrize(
    ("api", "action", "scope"),
    [
        ("SaveSingleTaskForUpdatingContactInfo", "domain:DomainInfoModification", "domain"),
        ("SaveBatchTaskForUpdatingContactInfo", "domain:DomainInfoModification", "domain"),
        ("SaveBatchTaskForModifyingDomainDns", "domain:DnsModification", "domain"),  # 6.2 (4)
        ("SaveSingleTaskForDeletingDnsHost", "domain:DnsHostModification", "domain"),  # 6.2 (3)
        ("SaveSingleTaskForCreatingDnsHost", "domain:DnsHostModification", "domain"),  # 6.2 (6)
        ("SaveSingleTaskForModifyingDnsHost", "domain:DnsHostModification", "domain"),  # 6.2 (6)
        ("CheckTransferInFeasibility", "domain:QueryDomainTransferIn", "account"),  # 6.2 (5)
        ("QueryDnsHost", "domain:QueryDnsHost", "account"),  # 6.2 (1)
        ("TransferInRefetchWhoisEmail", "domain:DomainTransferInOperation", "domain"),
        ("TransferInRefreshWhoisEmail", "domain:DomainTransferInOperation", "domain"),  # 6.2 (2)
        ("QueryDomainList", "domain:QueryCommonInfo", "account"),
        ("PollTaskResult", "domain:QueryDomainTask", "account"),
        ("ListEmailVerification", "domain:QueryEmailVerification", "account"),
        ("SubmitEmailVerification", "domain:EmailVerificationOperation", "account"),
        ("SaveBatchTaskForUpdateProhibitionLock", "domain:SecuritySetting", "domain"),
        ("CheckDomain", "domain:*", "service"),
        ("SaveSingleTaskForCreatingOrderRenew", "domain:*", "service"),
    ],
)
def test_grouped_rules(api: str, action: str, scope: str) -> None:
    rule = GROUPED_2022.rule_for(api)
    assert (rule.action, rule.scope) == (action, scope)


def test_every_table_api_is_known_and_table_sizes() -> None:
    assert sum(len(v) for v in grouped_2022.DOMAIN_LEVEL.values()) == 18
    assert sum(len(v) for v in grouped_2022.ACCOUNT_LEVEL.values()) == 25
    assert len(GROUPED_2022.rules) == 43


def test_unknown_api_suggests_close_names() -> None:
    with pytest.raises(UnknownApiError) as raised:
        GROUPED_2022.rule_for("QueryDomainLst")
    error = raised.value
    assert isinstance(error, LookupError)
    assert error.suggestions[0] == "QueryDomainList"
    assert "QueryDomainList" in str(error)
    again = pickle.loads(pickle.dumps(error))
    assert again.suggestions == error.suggestions
    with pytest.raises(UnknownApiError) as case:
        GROUPED_2022.rule_for("querydomainlist")
    assert case.value.suggestions == ("QueryDomainList",)
    with pytest.raises(ArgumentTypeError):
        GROUPED_2022.rule_for(None)  # type: ignore[arg-type]


def test_action_vocabulary() -> None:
    assert "domain:CreateOrderActivate" in GROUPED_2022.unbound_actions
    assert "domain:CreateOrderActivate" in GROUPED_2022.known_actions
    assert GROUPED_2022.action_aliases == {"domain:DnsHostQuery": "domain:QueryDnsHost"}
    assert "domain:DnsHostQuery" not in GROUPED_2022.known_actions
    assert "domain:CreateOrderRenew" not in LEGACY.unbound_actions


def test_legacy_extends_grouped_without_changing_it() -> None:
    for api, rule in GROUPED_2022.rules.items():
        assert LEGACY.rules[api] == rule
    assert LEGACY.rule_for("SaveSingleTaskForCreatingOrderRenew") == ApiRule(
        "SaveSingleTaskForCreatingOrderRenew", "domain:CreateOrderRenew", "domain"
    )
    assert LEGACY.rule_for("SaveSingleTaskForCreatingOrderActivate").scope == "account"
    assert LEGACY.rule_for("CancelDomainVerification").action == (
        "domain:RealNameVerificationOperation"
    )


def test_per_api_names_each_api() -> None:
    for api in PER_API.apis:
        rule = PER_API.rule_for(api)
        assert rule.action == f"domain:{api}"
        assert rule.scope == LEGACY.rule_for(api).scope or (
            rule.scope == "account" and LEGACY.rule_for(api).scope == "service"
        )
    assert len(PER_API.rules) == 134
