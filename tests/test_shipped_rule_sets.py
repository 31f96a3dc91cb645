"""The shipped registry rule sets: every number against its source's published figure.

Each row of ``PUBLISHED`` is one number a registry publishes: the rule set, a TLD it
covers, the field, the value, the id of the ``[[sources]]`` entry it comes from, and
the words of that source's quote that state it (``None`` where no verbatim figure was
retrieved; docs/disagreements.md says why such a number ships). The test checks the
loaded value, that the source exists in the file, and that its quote says the figure.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import domainrules.rulesets
from domainrules import Disposition, RuleSet, UnknownSuffixError, get_rule_set
from domainrules.errors import UnpublishedRegistryNumberError
from domainrules.registry import (
    Create,
    DomainHistory,
    Event,
    Renew,
    delete_outcome,
    registry_state,
    side_by_side,
)
from domainrules.rulesets import load_rule_set

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

DATA = Path(domainrules.rulesets.__file__).parent / "data"

#: The registry sets this file covers (the registrar sets have their own tests).
REGISTRY_SETS = (
    "verisign",
    "pir",
    "identity-digital",
    "google-registry",
    "nomulus-defaults",
    "cnnic",
    "hkirc",
    "nominet",
    "denic",
    "eurid",
)

D = timedelta(days=1)

#: (rule set, TLD, field, expected value, source id, the quote's words for it).
# fmt: off
PUBLISHED: list[tuple[str, str, str, Any, str, str | None]] = [
    # Verisign .com / .net
    ("verisign", "com", "renewal_grace_days", 45, "icann-argp-advisory-2002", "45 calendar days"),
    ("verisign", "net", "redemption_days", 30, "verisign-10k-2007-rgp", "30 calendar days"),
    ("verisign", "com", "pending_delete_days", 5, "verisign-pending-delete", "five calendar days"),
    ("verisign", "com", "then", "deleted", "verisign-pending-delete", "purged"),
    ("verisign", "com", "max_term_years", 10, "verisign-argp-transfer", "total maximum of ten"),
    ("verisign", "com", "registry.auto_renew", True, "icann-argp-advisory-2002", "automatically renewed"),
    ("verisign", "com", "registry.add_grace", 5 * D, "verisign-grace-policy", "five calendar days"),
    ("verisign", "com", "registry.renew_grace", 5 * D, "verisign-grace-policy", None),
    ("verisign", "com", "registry.auto_renew_grace", 45 * D, "icann-argp-advisory-2002", "45 calendar days"),
    ("verisign", "com", "registry.transfer_grace", 5 * D, "osir-transfer-grace", "5 calendar days"),
    ("verisign", "com", "registry.automatic_transfer", 5 * D, "osir-transfer-grace", "5 days"),
    ("verisign", "com", "registry.redemption", 30 * D, "verisign-10k-2007-rgp", "30 calendar days"),
    ("verisign", "net", "registry.restore_report", 7 * D, "verisign-pending-restore", "seven calendar days"),
    ("verisign", "com", "registry.pending_delete", 5 * D, "verisign-pending-delete", "five calendar days"),
    ("verisign", "com", "registry.max_term_years", 10, "verisign-argp-transfer", "total maximum of ten"),
    # PIR .org
    ("pir", "org", "renewal_grace_days", 45, "icann-argp-advisory-2002", "45 calendar days"),
    ("pir", "org", "redemption_days", 30, "pir-rgp-faq", "30-day period"),
    ("pir", "org", "pending_delete_days", 5, "pir-rgp-faq", "RHP lasts for five days"),
    # Identity Digital gTLDs
    ("identity-digital", "guru", "renewal_grace_days", 45, "icann-eddp", "within 45 days"),
    ("identity-digital", "email", "redemption_days", 30, "identity-digital-grace-periods", "30-calendar days"),
    ("identity-digital", "bio", "pending_delete_days", 5, "identity-digital-grace-periods", "5-calendar day Pending Delete"),
    ("identity-digital", "guru", "max_term_years", 10, "identity-digital-grace-periods", "ten (10) years"),
    # Google Registry gTLDs (the rest inherited from nomulus-defaults)
    ("google-registry", "app", "renewal_grace_days", 45, "google-pricing-policy", "For 45 days after a domain expires"),
    ("google-registry", "dev", "redemption_days", 30, "google-pricing-policy", "For 30 days after a domain is deleted"),
    ("google-registry", "google", "registry.auto_renew", True, "google-pricing-policy", "automatically renewed for 1 year"),
    ("google-registry", "google", "registry.add_grace", 5 * D, "google-pricing-policy", "For 5 days after registering"),
    ("google-registry", "google", "registry.auto_renew_grace", 45 * D, "google-pricing-policy", "For 45 days after a domain expires"),
    ("google-registry", "google", "registry.redemption", 30 * D, "google-pricing-policy", "For 30 days after a domain is deleted"),
    ("google-registry", "page", "pending_delete_days", 5, "nomulus-tld-java", "DEFAULT_PENDING_DELETE_LENGTH = Duration.ofDays(5)"),
    ("google-registry", "google", "registry.renew_grace", 5 * D, "nomulus-tld-java", "DEFAULT_RENEW_GRACE_PERIOD = Duration.ofDays(5)"),
    ("google-registry", "google", "registry.transfer_grace", 5 * D, "nomulus-tld-java", "DEFAULT_TRANSFER_GRACE_PERIOD = Duration.ofDays(5)"),
    ("google-registry", "google", "registry.restore_report", timedelta(0), "nomulus-restore-flow", "does the restore immediately"),
    ("google-registry", "google", "registry.pending_delete", 5 * D, "nomulus-tld-java", "DEFAULT_PENDING_DELETE_LENGTH = Duration.ofDays(5)"),
    # Nomulus defaults (Tld.java), for any unlisted gTLD
    ("nomulus-defaults", "example", "renewal_grace_days", 45, "nomulus-tld-java", "DEFAULT_AUTO_RENEW_GRACE_PERIOD = Duration.ofDays(45)"),
    ("nomulus-defaults", "example", "redemption_days", 30, "nomulus-tld-java", "DEFAULT_REDEMPTION_GRACE_PERIOD = Duration.ofDays(30)"),
    ("nomulus-defaults", "example", "pending_delete_days", 5, "nomulus-tld-java", "DEFAULT_PENDING_DELETE_LENGTH = Duration.ofDays(5)"),
    ("nomulus-defaults", "example", "max_term_years", 10, "nomulus-max-years", "MAX_REGISTRATION_YEARS = 10"),
    ("nomulus-defaults", "example", "registry.add_grace", 5 * D, "nomulus-tld-java", "DEFAULT_ADD_GRACE_PERIOD = Duration.ofDays(5)"),
    ("nomulus-defaults", "example", "registry.anchor_tenant_add_grace", 30 * D, "nomulus-tld-java", "DEFAULT_ANCHOR_TENANT_ADD_GRACE_PERIOD = Duration.ofDays(30)"),
    ("nomulus-defaults", "example", "registry.renew_grace", 5 * D, "nomulus-tld-java", "DEFAULT_RENEW_GRACE_PERIOD = Duration.ofDays(5)"),
    ("nomulus-defaults", "example", "registry.auto_renew_grace", 45 * D, "nomulus-tld-java", "DEFAULT_AUTO_RENEW_GRACE_PERIOD = Duration.ofDays(45)"),
    ("nomulus-defaults", "example", "registry.transfer_grace", 5 * D, "nomulus-tld-java", "DEFAULT_TRANSFER_GRACE_PERIOD = Duration.ofDays(5)"),
    ("nomulus-defaults", "example", "registry.automatic_transfer", 5 * D, "nomulus-tld-java", "DEFAULT_AUTOMATIC_TRANSFER_LENGTH = Duration.ofDays(5)"),
    ("nomulus-defaults", "example", "registry.redemption", 30 * D, "nomulus-tld-java", "DEFAULT_REDEMPTION_GRACE_PERIOD = Duration.ofDays(30)"),
    ("nomulus-defaults", "example", "registry.restore_report", timedelta(0), "nomulus-restore-flow", "does the restore immediately"),
    ("nomulus-defaults", "example", "registry.pending_delete", 5 * D, "nomulus-tld-java", "DEFAULT_PENDING_DELETE_LENGTH = Duration.ofDays(5)"),
    ("nomulus-defaults", "example", "registry.max_term_years", 10, "nomulus-max-years", "MAX_REGISTRATION_YEARS = 10"),
    # CNNIC (.cn registry side)
    ("cnnic", "cn", "renewal_grace_days", 30, "cnnic-rules-2007", None),
    ("cnnic", "cn", "redemption_days", 15, "nicenic-cn-2017", "15 天的贖回期"),
    ("cnnic", "xn--fiqs8s", "pending_delete_days", 0, "nicenic-cn-2017", "直接開放給公眾重新注冊"),
    ("cnnic", "cn", "then", "released", "nicenic-cn-2017", "直接開放給公眾重新注冊"),
    ("cnnic", "cn", "zone", "Asia/Shanghai", "cnnic-rules-2007", None),
    ("cnnic", "cn", "max_term_years", 10, "cnnic-notice-2007-12-20", "最长可注册10年"),
    ("cnnic", "xn--io0a7i", "redemption_days", 15, "nicenic-cn-2017", "15 天的贖回期"),
    # PIR (.org) registry side
    ("pir", "org", "registry.auto_renew", True, "icann-argp-advisory-2002", "Auto-Renew Grace Period"),
    ("pir", "org", "registry.add_grace", 5 * D, "icann-pir-agp-2007", "5-day add-grace period"),
    ("pir", "org", "registry.auto_renew_grace", 45 * D, "icann-argp-advisory-2002", "45 calendar days"),
    ("pir", "org", "registry.redemption", 30 * D, "pir-rgp-faq", "30-day period"),
    ("pir", "org", "registry.pending_delete", 5 * D, "pir-rgp-faq", "RHP lasts for five days"),
    # Identity Digital registry side
    ("identity-digital", "guru", "registry.auto_renew", True, "identity-digital-grace-periods", "to support the auto-renew functionality"),
    ("identity-digital", "guru", "registry.add_grace", 5 * D, "identity-digital-grace-periods", "five (5) calendar days following the initial registration"),
    ("identity-digital", "guru", "registry.renew_grace", 5 * D, "identity-digital-grace-periods", "five (5) calendar days following the renewal"),
    ("identity-digital", "guru", "registry.redemption", 30 * D, "identity-digital-grace-periods", "30-calendar days"),
    ("identity-digital", "guru", "registry.restore_report", 5 * D, "identity-digital-restore", "five (5) calendar days to submit a formal Restore Report"),
    ("identity-digital", "guru", "registry.pending_delete", 5 * D, "identity-digital-grace-periods", "5-calendar day Pending Delete"),
    ("identity-digital", "guru", "registry.max_term_years", 10, "identity-digital-grace-periods", "maximum registration period of ten (10) years"),
    # CNNIC (.cn) registry side
    ("cnnic", "cn", "registry.auto_renew", True, "cnnic-rules-2007", None),
    ("cnnic", "cn", "registry.auto_renew_grace", 30 * D, "cnnic-rules-2007", None),
    ("cnnic", "xn--fiqs8s", "registry.redemption", 15 * D, "nicenic-cn-2017", "15 天的贖回期"),
    ("cnnic", "cn", "registry.pending_delete", timedelta(0), "nicenic-cn-2017", "直接開放給公眾重新注冊"),
    ("cnnic", "cn", "registry.max_term_years", 10, "cnnic-notice-2007-12-20", "最长可注册10年"),
    # HKIRC (.hk, .香港)
    ("hkirc", "hk", "renewal_grace_days", 0, "hkdnr-faq-renewal", "before the expiry date"),
    ("hkirc", "xn--j6w193g", "redemption_days", 60, "hkdnr-faq-deletion", "60-day Blackout Period"),
    ("hkirc", "hk", "pending_delete_days", 0, "hexonet-hk", "Deletion Hold Period 0 days"),
    ("hkirc", "hk", "then", "released", "hkdnr-faq-deletion", "open for registration again right after"),
    ("hkirc", "hk", "zone", "Asia/Hong_Kong", "hkdnr-faq-deletion", None),
    # Nominet (.uk)
    ("nominet", "uk", "renewal_grace_days", 90, "2020media-uk-drop", "90 day period in which it can still be renewed"),
    ("nominet", "uk", "redemption_days", 0, "2020media-uk-drop", None),
    ("nominet", "uk", "pending_delete_days", 5, "2020media-uk-drop", "5 day period in which is still registered, but cannot be renewed"),
    ("nominet", "uk", "zone", "Europe/London", "2020media-uk-drop", None),
    # DENIC (.de): counted from the end of the registration
    ("denic", "de", "renewal_grace_days", 0, "denic-rgp", "If the registration of a .de domain is terminated, the deletion"),
    ("denic", "de", "redemption_days", 30, "denic-rgp", "30-day cooling-off phase"),
    ("denic", "de", "pending_delete_days", 0, "denic-rgp", None),
    ("denic", "de", "then", "released", "denic-rgp", None),
    # EURid (.eu, .ею, .ευ)
    ("eurid", "eu", "renewal_grace_days", 0, "calzada-eu-no-grace", "There is no grace period with .EU domains"),
    ("eurid", "xn--e1a4c", "redemption_days", 40, "eurid-quarantine", "quarantine for 40 days"),
    ("eurid", "xn--qxa6a", "pending_delete_days", 0, "eurid-quarantine", None),
    ("eurid", "eu", "then", "released", "eurid-quarantine", "re-released for registration"),
]
# fmt: on

#: The registry numbers these registries do not publish (in the sources read): left
#: out of their tables, None in the model, refused when a question needs them.
UNPUBLISHED: list[tuple[str, str, tuple[str, ...]]] = [
    ("pir", "org", ("renew_grace", "transfer_grace", "automatic_transfer", "restore_report")),
    ("identity-digital", "guru", ("auto_renew_grace", "transfer_grace", "automatic_transfer")),
    (
        "cnnic",
        "cn",
        ("add_grace", "renew_grace", "transfer_grace", "automatic_transfer", "restore_report"),
    ),
]


def _file(name: str) -> dict[str, Any]:
    with (DATA / f"{name}.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    return data


def _sources(name: str) -> dict[str, dict[str, Any]]:
    """A set's sources by id, those of the set it extends included."""
    data = _file(name)
    found = _sources(data["extends"]) if "extends" in data else {}
    found.update({source["id"]: source for source in data.get("sources", [])})
    return found


@cache
def _load(name: str) -> RuleSet:
    return load_rule_set(DATA / f"{name}.toml")


def _value(rules: RuleSet, tld: str, field: str) -> Any:
    family = rules.family_for_tld(tld)
    if field.startswith("registry."):
        assert family.registry is not None, (rules.name, tld)
        return getattr(family.registry, field.removeprefix("registry."))
    value = getattr(family.lifecycle, field)
    return value.value if isinstance(value, Disposition) else value


@pytest.mark.parametrize("name", REGISTRY_SETS)
def test_every_registry_set_loads_without_warnings(name: str) -> None:
    rules = _load(name)
    assert rules.name == name
    assert rules.warnings == ()
    data = _file(name)
    assert data["sources"], name
    for source in data["sources"]:
        assert source["url"].startswith(("http://", "https://")), source
        assert source["retrieved"]
        assert source.get("quote") or source["id"] == "cnnic-rules-2007", source


#: A lifecycle attribute's key in the file's registrar table.
_KEY = {
    "renewal_grace_days": "renewal_grace",
    "redemption_days": "redemption",
    "pending_delete_days": "pending_delete",
}


@pytest.mark.parametrize("name", REGISTRY_SETS)
def test_the_shipped_set_is_its_file_checked_by_the_schema(name: str) -> None:
    """``RULE_SETS`` loads the shipped files without the schema; the file passes it too."""
    assert get_rule_set(name) == _load(name)


@pytest.mark.parametrize(("name", "tld", "field", "expected", "source", "words"), PUBLISHED)
def test_each_shipped_number_is_the_published_figure(
    name: str, tld: str, field: str, expected: Any, source: str, words: str | None
) -> None:
    rules = _load(name)
    assert _value(rules, tld, field) == expected
    family = rules.family_for_tld(tld).name
    cited = rules.source_of(family, _KEY.get(field, field))
    assert cited, (name, field)
    assert cited[0].id == source, (name, field, [c.id for c in cited])
    if words is not None:
        assert words in cited[0].quote, (name, field, source)


@pytest.mark.parametrize(("name", "tld", "unpublished"), UNPUBLISHED)
def test_what_a_registry_does_not_publish_is_none_and_refused(
    name: str, tld: str, unpublished: tuple[str, ...]
) -> None:
    registry = _load(name).family_for_tld(tld).registry
    assert registry is not None and registry.unpublished == unpublished
    # A question that needs the first of them is refused, naming it and the rule set.
    create = Create("2025-01-01T00:00:00Z", registrar="alpha")
    events: list[Event] = [create]
    first = unpublished[0]
    if first in ("renew_grace",):
        events.append(Renew("2025-03-01T00:00:00Z", registrar="alpha"))
    elif first == "auto_renew_grace":
        pass  # the expiry below opens it
    history = DomainHistory(f"example.{tld}", events)
    at = "2026-01-02T00:00:00Z" if first == "auto_renew_grace" else "2025-03-02T00:00:00Z"
    with pytest.raises(UnpublishedRegistryNumberError, match=first) as error:
        registry_state(history, at, rules=name)
    assert error.value.field == first and name in str(error.value)
    assert isinstance(error.value, LookupError)


def test_the_published_registry_numbers_answer_where_they_suffice() -> None:
    """PIR publishes all a never-renewed .org needs: the side-by-side timeline works."""
    both = side_by_side("example.org", "2025-01-01T00:00:00Z", rules="pir")
    assert both.mismatches == ()
    assert [s.label for s in both.registry_spans] == [
        "ok",
        "autoRenewPeriod",
        "redemptionPeriod",
        "pendingDelete",
        "purged",
    ]
    assert both.purged_at.isoformat() == "2025-03-22T00:00:00+00:00"  # 45 + 30 + 5 days
    # Identity Digital: the auto-renew grace at the expiry is not published.
    with pytest.raises(UnpublishedRegistryNumberError, match="auto_renew_grace"):
        side_by_side("example.guru", "2025-01-01T00:00:00Z", rules="identity-digital")
    # ... but a delete inside its add grace is answered.
    history = DomainHistory("example.guru", [Create("2025-01-01T00:00:00Z", registrar="alpha")])
    outcome = delete_outcome(
        history, "2025-01-03T00:00:00Z", registrar="alpha", rules="identity-digital"
    )
    assert outcome.purged_at_once


@pytest.mark.parametrize("name", REGISTRY_SETS)
def test_every_number_cites_a_source_of_its_file(name: str) -> None:
    sources = _sources(name)
    for version in _file(name)["versions"]:
        assert version.get("source", next(iter(sources))) in sources
        for family in version["families"]:
            for table in ("registrar", "registry"):
                cited = family.get(table, {}).get("sources", {})
                assert set(cited.values()) <= set(sources), (name, family["name"], table)


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("verisign", "example.org"),
        ("pir", "example.com"),
        ("nomulus-defaults", "example.de"),
        ("nomulus-defaults", "example.co.uk"),
        ("google-registry", "example.com"),
        ("identity-digital", "example.cn"),
        ("cnnic", "example.hk"),
        ("hkirc", "example.cn"),
        ("nominet", "example.de"),
        ("denic", "example.eu"),
        ("eurid", "example.de"),
    ],
)
def test_what_a_registry_does_not_run_is_refused(name: str, domain: str) -> None:
    with pytest.raises(UnknownSuffixError):
        _load(name).family_for(domain)


def test_the_cctld_families_cover_every_level_under_them() -> None:
    assert _load("nominet").family_for("example.co.uk").name == "uk"
    assert _load("cnnic").family_for("example.com.cn").name == "cnnic"
    assert _load("cnnic").family_for("example.中国").name == "cnnic"
    assert _load("cnnic").family_for("example.公司").icann_transfer_policy
    assert _load("hkirc").family_for("example.香港").name == "hk"
    assert _load("eurid").family_for("example.ευ").name == "eu"
    assert _load("nomulus-defaults").family_for("example.newgtld").name == "nomulus"


@pytest.mark.parametrize(
    ("registrar_family", "tld", "registry"),
    [
        ("gtld", "com", "verisign"),
        ("gtld", "net", "verisign"),
        ("gtld", "org", "pir"),
        ("cnnic", "cn", "cnnic"),
        ("cnnic-gtld", "xn--io0a7i", "cnnic"),
    ],
)
def test_the_registrars_numbers_fit_inside_its_registrys(
    registrar_family: str, tld: str, registry: str
) -> None:
    """alibaba-2022 deletes no later than the registry lets it, and is done no later."""
    mine = get_rule_set("alibaba-2022").family_for_tld(tld)
    theirs = _load(registry).family_for_tld(tld)
    assert mine.name == registrar_family
    assert mine.lifecycle.renewal_grace_days <= theirs.lifecycle.renewal_grace_days
    assert mine.lifecycle.redemption_days <= theirs.lifecycle.redemption_days
    assert mine.lifecycle.total_days <= theirs.lifecycle.total_days
    numbers = theirs.registry
    if numbers is not None and numbers.auto_renew and numbers.auto_renew_grace is not None:
        assert timedelta(days=mine.lifecycle.renewal_grace_days) <= numbers.auto_renew_grace


def test_hk_the_registrars_split_outlasts_the_registrys_blackout() -> None:
    """The one known exception (docs/disagreements.md): 28 + 59 days against HKDNR's 60."""
    mine = get_rule_set("alibaba-2022").family_for_tld("hk").lifecycle
    theirs = _load("hkirc").family_for_tld("hk").lifecycle
    assert (mine.total_days, theirs.total_days) == (87, 60)
