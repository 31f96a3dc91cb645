"""The Domains service: every example of the RAM documentation and the registrar tables, and more."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules.errors import ArgumentTypeError
from domainrules.ram import (
    ALIYUN_DOMAIN_FULL_ACCESS,
    ALIYUN_DOMAIN_READONLY_ACCESS,
    DOCUMENTED_ONE_DOMAIN_POLICY,
    DOCUMENTED_READ_ONLY_POLICY,
    GROUPED_2022,
    LEGACY,
    PER_API,
    InvalidPolicyError,
    InvalidRequestError,
    Outcome,
    Policy,
    PolicySet,
    UnknownApiError,
    authorize,
    least_privilege_policy,
    one_domain_manager_policy,
    permitted_apis,
    service_level_apis,
)

ACCOUNT = "1234567890"


def test_read_only_user() -> None:
    policies = [DOCUMENTED_READ_ONLY_POLICY]
    assert authorize(policies, "QueryDomainList", ACCOUNT).allowed
    assert authorize(policies, "QueryTaskList", ACCOUNT).allowed
    result = authorize(policies, "SaveBatchTaskForModifyingDomainDns", ACCOUNT, ["example.com"])
    assert not result.allowed
    assert result.decision.outcome is Outcome.IMPLICIT_DENY
    # TransferInCheckMailToken is not a Query* action.
    assert not authorize(policies, "TransferInCheckMailToken", ACCOUNT).allowed


def test_one_domain_manager() -> None:
    policies = [DOCUMENTED_ONE_DOMAIN_POLICY]
    dns = "SaveBatchTaskForModifyingDomainDns"
    assert authorize(policies, dns, ACCOUNT, ["example.com"]).allowed
    assert not authorize(policies, dns, ACCOUNT, ["example.net"]).allowed
    contact = authorize(policies, "SaveSingleTaskForUpdatingContactInfo", ACCOUNT, ["example.com"])
    assert not contact.allowed  # DomainInfoModification is not in that policy
    batch = authorize(policies, dns, ACCOUNT, ["example.com", "example.net"])
    assert not batch.allowed
    assert [d for d, x in batch.decisions if x.allowed] == ["example.com"]
    assert "1 of 2 domains refused" in batch.detail
    # Such a user sees every domain.
    assert authorize(policies, "QueryDomainList", ACCOUNT).allowed
    for api in (
        "SaveSingleTaskForCreatingDnsHost",
        "SaveSingleTaskForTransferProhibitionLock",
        "SaveSingleTaskForCancelingTransferOut",
        "TransferInResendMailToken",
    ):
        assert authorize(policies, api, ACCOUNT, ["example.com"]).allowed, api
        assert not authorize(policies, api, ACCOUNT, ["example.org"]).allowed, api
    # Service-level APIs need domain:* on the account.
    assert not authorize(policies, "CheckDomain", ACCOUNT).allowed


def test_system_policies() -> None:
    full = [ALIYUN_DOMAIN_FULL_ACCESS]
    for api in sorted(GROUPED_2022.apis):
        assert authorize(full, api, ACCOUNT, ["example.com"]).allowed, api
    ro = [ALIYUN_DOMAIN_READONLY_ACCESS]
    assert authorize(ro, "QueryDomainList", ACCOUNT).allowed
    assert authorize(ro, "QueryDnsHost", ACCOUNT).allowed
    assert not authorize(ro, "SaveBatchTaskForModifyingDomainDns", ACCOUNT, ["a.com"]).allowed
    assert not authorize(ro, "CheckDomain", ACCOUNT).allowed  # service level: domain:*
    assert ALIYUN_DOMAIN_FULL_ACCESS.name == "AliyunDomainFullAccess"
    assert ALIYUN_DOMAIN_READONLY_ACCESS.name == "AliyunDomainReadonlyAccess"


def test_explicit_deny_on_one_domain_in_a_batch() -> None:
    deny = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {"Effect": "Deny", "Action": "domain:*", "Resource": "acs:domain:*:*:domain/b.com"}
            ],
        },
        name="deny-b",
    )
    result = authorize(
        [ALIYUN_DOMAIN_FULL_ACCESS, deny],
        "SaveBatchTaskForModifyingDomainDns",
        ACCOUNT,
        ["a.com", "B.COM", "c.com"],
    )
    assert not result.allowed
    assert result.decision.outcome is Outcome.EXPLICIT_DENY
    assert [d for d, _ in result.decisions] == ["a.com", "b.com", "c.com"]
    assert "deny-b" in result.detail


def test_account_resource_binds_the_account() -> None:
    mine = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": "domain:*", "Resource": "acs:domain:*:111:*"}
            ],
        }
    )
    assert authorize([mine], "QueryDomainList", "111").allowed
    assert not authorize([mine], "QueryDomainList", "222").allowed
    # The final "*" is a wildcard: it also covers the account's domains.
    assert authorize([mine], "SaveBatchTaskForModifyingDomainDns", "111", ["a.com"]).allowed
    assert not authorize([mine], "SaveBatchTaskForModifyingDomainDns", "222", ["a.com"]).allowed


def test_context_is_passed() -> None:
    mfa = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "domain:*",
                    "Resource": "*",
                    "Condition": {"Bool": {"acs:MFAPresent": "true"}},
                }
            ],
        }
    )
    assert authorize([mfa], "QueryDomainList", ACCOUNT, context={"acs:MFAPresent": True}).allowed
    assert not authorize([mfa], "QueryDomainList", ACCOUNT).allowed


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("NoSuchApi", ACCOUNT), UnknownApiError),
        (("QueryDomainList", "*"), InvalidRequestError),
        (("QueryDomainList", "1:2"), InvalidRequestError),
        (("SaveBatchTaskForModifyingDomainDns", ACCOUNT, []), InvalidRequestError),
        (("SaveBatchTaskForModifyingDomainDns", ACCOUNT, ["bad_label.com"]), InvalidRequestError),
        (("SaveBatchTaskForModifyingDomainDns", ACCOUNT, [5]), ArgumentTypeError),
        (("QueryDomainList", ACCOUNT, (), {"acs:SourceIp": 5}), InvalidRequestError),
    ],
)
def test_bad_calls(args: tuple[Any, ...], error: type[Exception]) -> None:
    # A trailing mapping is the (keyword-only) request context.
    context = args[-1] if isinstance(args[-1], dict) else None
    positional = args[:-1] if context is not None else args
    with pytest.raises(error):
        authorize([DOCUMENTED_READ_ONLY_POLICY], *positional, context=context)


def test_batch_cap() -> None:
    with pytest.raises(InvalidRequestError, match="at most"):
        authorize(
            [], "SaveBatchTaskForModifyingDomainDns", ACCOUNT, (f"d{i}.com" for i in range(10_001))
        )


def test_a_single_domain_string_is_one_domain() -> None:
    result = authorize(
        [DOCUMENTED_ONE_DOMAIN_POLICY], "SaveBatchTaskForModifyingDomainDns", ACCOUNT, "example.com"
    )
    assert result.allowed and len(result.decisions) == 1


def test_permitted_apis() -> None:
    view = permitted_apis([DOCUMENTED_ONE_DOMAIN_POLICY], ACCOUNT, "EXAMPLE.com")
    assert view.domain == "example.com"
    assert set(view.on_domain) == {
        api
        for api, rule in GROUPED_2022.rules.items()
        if rule.scope == "domain" and rule.action != "domain:DomainInfoModification"
    }
    assert "QueryDomainList" in view.on_account and "SaveRegistrantProfile" not in view.on_account
    other = permitted_apis([DOCUMENTED_ONE_DOMAIN_POLICY], ACCOUNT, "example.net")
    assert other.on_domain == () and other.on_account == view.on_account
    full = permitted_apis([ALIYUN_DOMAIN_FULL_ACCESS], ACCOUNT, "a.com")
    assert len(full.on_domain) + len(full.on_account) == len(GROUPED_2022.apis)
    assert permitted_apis([ALIYUN_DOMAIN_FULL_ACCESS], ACCOUNT).on_domain == ()


def test_one_domain_manager_policy_for_any_domain() -> None:
    policy = one_domain_manager_policy("例子.中国")
    assert authorize([policy], "SaveBatchTaskForModifyingDomainDns", ACCOUNT, ["例子.中国"]).allowed
    with pytest.raises(InvalidRequestError):
        one_domain_manager_policy("bad_label.com")


_APIS = sorted(PER_API.apis)


@given(
    st.lists(st.sampled_from(_APIS), min_size=1, max_size=6, unique=True),
    st.lists(st.sampled_from(["a.com", "b.com", "例子.中国", "c.net"]), min_size=1, max_size=3),
    st.sampled_from([GROUPED_2022, LEGACY, PER_API]),
)
@settings(max_examples=60, deadline=None)
def test_least_privilege_round_trips(apis: list[str], domains: list[str], catalog: Any) -> None:
    policy = least_privilege_policy(apis, ACCOUNT, domains, catalog=catalog, allow_widening=True)
    policies = PolicySet([policy])
    # Widened or not, the policy never holds a statement that changes nothing.
    assert len(policy.statements) <= 2
    for api in apis:
        assert authorize(policies, api, ACCOUNT, domains, catalog=catalog).allowed, api
    # Nothing on a domain that was not named (unless a service-level API needed domain:*
    # on the account, whose final "*" covers every domain), nothing for another account.
    service_level = any(catalog.rule_for(api).scope == "service" for api in apis)
    for api in apis:
        if catalog.rule_for(api).scope == "domain" and not service_level:
            assert not authorize(policies, api, ACCOUNT, ["other.org"], catalog=catalog).allowed
        assert not authorize(policies, api, "999", domains, catalog=catalog).allowed
    if catalog is PER_API and not service_level:
        # Per API, it is exact: no other API is allowed.
        for api in _APIS:
            if api not in apis:
                assert not authorize(policies, api, ACCOUNT, domains, catalog=catalog).allowed


def test_least_privilege_errors() -> None:
    with pytest.raises(InvalidRequestError):
        least_privilege_policy([], ACCOUNT)
    with pytest.raises(InvalidRequestError):
        least_privilege_policy(["SaveBatchTaskForModifyingDomainDns"], ACCOUNT)
    with pytest.raises(UnknownApiError):
        least_privilege_policy(["Nope"], ACCOUNT)
    many = [f"d{i}.com" for i in range(400)]
    with pytest.raises(InvalidPolicyError, match="over the 6144"):
        least_privilege_policy(["SaveBatchTaskForModifyingDomainDns"], ACCOUNT, many)
    assert least_privilege_policy(
        ["SaveBatchTaskForModifyingDomainDns"], ACCOUNT, many, max_length=None
    )
    with pytest.raises(InvalidRequestError, match="CheckDomain: no action finer"):
        least_privilege_policy(["CheckDomain", "QueryDomainList"], ACCOUNT)
    service = least_privilege_policy(
        ["CheckDomain", "QueryDomainList", "SaveBatchTaskForModifyingDomainDns"],
        ACCOUNT,
        ["example.com"],
        allow_widening=True,
    )
    # domain:* on the account covers the rest: one statement, nothing redundant.
    assert [s.actions for s in service.statements] == [("domain:*",)]
    assert service_level_apis(["CheckDomain", "QueryDomainList", "CheckDomain"]) == ("CheckDomain",)


@pytest.mark.parametrize(
    "call",
    [
        lambda: authorize([], "SaveBatchTaskForModifyingDomainDns", ACCOUNT, 5),  # type: ignore[arg-type]
        lambda: authorize(5, "QueryDomainList", ACCOUNT),  # type: ignore[arg-type]
        lambda: authorize([], "QueryDomainList", ACCOUNT, catalog="grouped-2022"),  # type: ignore[arg-type]
        lambda: least_privilege_policy(None, ACCOUNT),  # type: ignore[arg-type]
        lambda: permitted_apis([], ACCOUNT, 5),  # type: ignore[arg-type]
    ],
)
def test_wrong_argument_types_are_clear_errors(call: Any) -> None:
    with pytest.raises(ArgumentTypeError):
        call()


def test_a_single_policy_is_accepted() -> None:
    assert authorize(DOCUMENTED_READ_ONLY_POLICY, "QueryDomainList", ACCOUNT).allowed  # type: ignore[arg-type]


_SPELLINGS = [
    lambda n: n.upper(),
    lambda n: n + ".",
    lambda n: n.replace(".", "。"),
    lambda n: n.replace(".", "．"),
    lambda n: n.title(),
]


@given(
    st.sampled_from(["example.com", "bücher.de", "例子.中国", "xn--bcher-kva.de"]),
    st.lists(st.sampled_from(range(len(_SPELLINGS))), max_size=3, unique=True),
)
def test_deny_holds_for_any_spelling(name: str, transforms: list[int]) -> None:
    deny = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Action": "domain:*",
                    "Resource": f"acs:domain:*:*:domain/{name}",
                }
            ],
        }
    )
    spelled = name
    for index in transforms:
        spelled = _SPELLINGS[index](spelled)
    result = authorize(
        [ALIYUN_DOMAIN_FULL_ACCESS, deny], "SaveBatchTaskForModifyingDomainDns", ACCOUNT, [spelled]
    )
    assert result.decision.outcome is Outcome.EXPLICIT_DENY, spelled


# --- the account owner needs no policy (RAM documentation) -------------------------


@pytest.mark.parametrize("catalog", [GROUPED_2022, LEGACY, PER_API], ids=lambda c: c.name)
def test_the_account_owner_may_call_everything_on_its_own_account(catalog: Any) -> None:
    for api in sorted(catalog.apis):
        domains = ["example.com", "EXAMPLE.net."] if catalog.rule_for(api).scope == "domain" else []
        result = authorize((), api, ACCOUNT, domains, catalog=catalog, account_owner=ACCOUNT)
        assert result.allowed, api
        assert all(d.matched == () for _, d in result.decisions)
        assert "needs no policy" in result.detail


@pytest.mark.parametrize("api", ["QueryDomainList", "SaveSingleTaskForCreatingOrderRenew"])
def test_the_account_owner_may_call_nothing_on_another_account(api: str) -> None:
    result = authorize((), api, ACCOUNT, account_owner="42")
    assert not result.allowed
    assert result.decision.outcome is Outcome.IMPLICIT_DENY
    assert "no access to another account" in result.detail
    batch = authorize(
        (), "SaveBatchTaskForModifyingDomainDns", ACCOUNT, ["a.com", "b.com"], account_owner=42
    )
    assert [x.outcome for _, x in batch.decisions] == [Outcome.IMPLICIT_DENY] * 2


def test_two_spellings_of_the_owner_decide_the_same() -> None:
    as_text = authorize((), "QueryDomainList", 1234567890, account_owner="1234567890")
    as_number = authorize((), "QueryDomainList", "1234567890", account_owner=1234567890)
    assert as_text == as_number and as_text.allowed


@pytest.mark.parametrize("owner", ["*", "12a", True, 1.5, "", -1])
def test_a_bad_account_owner_is_refused(owner: Any) -> None:
    kind = InvalidRequestError if type(owner) in (str, int) else ArgumentTypeError
    with pytest.raises(kind) as caught:
        authorize((), "QueryDomainList", ACCOUNT, account_owner=owner)
    assert caught.value.field == "account_owner"


def test_the_account_owner_holds_no_policies() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        authorize([DOCUMENTED_READ_ONLY_POLICY], "QueryDomainList", ACCOUNT, account_owner=ACCOUNT)
    assert caught.value.field == "policies"
    with pytest.raises(InvalidRequestError):
        permitted_apis([DOCUMENTED_READ_ONLY_POLICY], ACCOUNT, account_owner=ACCOUNT)


def test_permitted_apis_for_the_account_owner() -> None:
    own = permitted_apis((), ACCOUNT, "example.com", account_owner=ACCOUNT)
    assert set(own.on_domain) | set(own.on_account) == set(GROUPED_2022.apis)
    other = permitted_apis((), ACCOUNT, "example.com", account_owner="42")
    assert other.on_domain == () and other.on_account == ()
