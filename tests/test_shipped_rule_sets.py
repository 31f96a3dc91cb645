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
from pathlib import Path
from typing import Any

import pytest

import domainrules.rulesets

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
    ("pir", "org", "registry.auto_renew_grace", 45 * D, "icann-argp-advisory-2002", "45 calendar days"),
    ("pir", "org", "registry.redemption", 30 * D, "pir-rgp-faq", "30-day period"),
    ("pir", "org", "registry.pending_delete", 5 * D, "pir-rgp-faq", "RHP lasts for five days"),
    # Identity Digital gTLDs
    ("identity-digital", "guru", "renewal_grace_days", 45, "icann-eddp", "within 45 days"),
    ("identity-digital", "email", "redemption_days", 30, "identity-digital-grace-periods", "30-calendar days"),
    ("identity-digital", "bio", "pending_delete_days", 5, "identity-digital-grace-periods", "5-calendar day Pending Delete"),
    ("identity-digital", "guru", "max_term_years", 10, "identity-digital-grace-periods", "ten (10) years"),
    ("identity-digital", "guru", "registry.add_grace", 5 * D, "identity-digital-grace-periods", "five (5) calendar days following the initial registration"),
    ("identity-digital", "guru", "registry.renew_grace", 5 * D, "identity-digital-grace-periods", "five (5) calendar days following the renewal"),
    ("identity-digital", "guru", "registry.redemption", 30 * D, "identity-digital-grace-periods", "30-calendar days"),
    ("identity-digital", "guru", "registry.restore_report", 5 * D, "identity-digital-restore", "five (5) calendar days to submit a formal Restore Report"),
    ("identity-digital", "guru", "registry.pending_delete", 5 * D, "identity-digital-grace-periods", "5-calendar day Pending Delete"),
    # Google Registry gTLDs (the rest inherited from nomulus-defaults)
    ("google-registry", "app", "renewal_grace_days", 45, "google-pricing-policy", "For 45 days after a domain expires"),
    ("google-registry", "dev", "redemption_days", 30, "google-pricing-policy", "For 30 days after a domain is deleted"),
    ("google-registry", "google", "registry.auto_renew", True, "google-pricing-policy", "automatically renewed for 1 year"),
    ("google-registry", "google", "registry.add_grace", 5 * D, "google-pricing-policy", "For 5 days after registering"),
    ("google-registry", "google", "registry.auto_renew_grace", 45 * D, "google-pricing-policy", "For 45 days after a domain expires"),
    ("google-registry", "google", "registry.redemption", 30 * D, "google-pricing-policy", "For 30 days after a domain is deleted"),
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
    ("cnnic", "cn", "registry.redemption", 15 * D, "nicenic-cn-2017", "15 天的贖回期"),
    ("cnnic", "cn", "registry.pending_delete", timedelta(0), "nicenic-cn-2017", "直接開放給公眾重新注冊"),
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

#: Numbers a registry does not publish in the sources read: left out, never guessed.
NOT_PUBLISHED = [
    ("pir", "org", "restore_report"),
    ("pir", "org", "add_grace"),
    ("identity-digital", "guru", "auto_renew_grace"),
    ("identity-digital", "guru", "transfer_grace"),
    ("cnnic", "cn", "add_grace"),
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


@pytest.mark.parametrize("name", REGISTRY_SETS)
def test_every_registry_set_ships_as_a_data_file(name: str) -> None:
    data = _file(name)
    assert data["id"] == name
    assert data["kind"] == "registry"
    assert data["sources"], name
    for source in data["sources"]:
        assert source["url"].startswith(("http://", "https://")), source
        assert source["retrieved"]


@pytest.mark.parametrize(("name", "tld", "field", "expected", "source", "words"), PUBLISHED)
def test_the_source_states_the_figure(
    name: str, tld: str, field: str, expected: Any, source: str, words: str | None
) -> None:
    sources = _sources(name)
    assert source in sources, f"{name}: no source {source!r}"
    if words is not None:
        assert words in sources[source]["quote"], (name, field, source)
