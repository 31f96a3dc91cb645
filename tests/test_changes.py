"""classify_change and plan_change: the registrar's guide's scenario table and every blocker."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from domainrules import (
    POLICY_2016,
    POLICY_2024,
    POLICY_REVISED,
    ArgumentTypeError,
    ChangeNotApplicableError,
    ChangeOfRegistrant,
    ChinaMainlandCalendar,
    Contact,
    Domain,
    InvalidPartyError,
    MondayToFridayCalendar,
    PlanBlockReason,
    PlanStepKind,
    Procedure,
    Registrant,
    RegistrantProfile,
    Registration,
    ReviewTimes,
    TypoTolerance,
    apply_change,
    classify_change,
    plan_change,
    transfer_out_check,
)

UTC = timezone.utc
P = Procedure
B = PlanBlockReason
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing

ENTERPRISE = Registrant(
    "organization",
    name="DocExample",
    organization="DocExample",
    certificate_type="business-licence",
    certificate_number="91330100MA27XXXX1X",
    email="it@docexample.com",
    phone="+86.57100000000",
    address="1 Wensan Road, Hangzhou",
    country="CN",
)
PERSON = Registrant(
    "individual",
    name="Zhang San",
    certificate_type="id-card",
    certificate_number="110105194912310021",
    email="zs@example.com",
    phone="+86.13800138000",
    address="2 Chang'an Avenue, Beijing",
    country="CN",
)
ADMIN = Contact(name="Li Lei", email="lilei@docexample.com", phone="+86.13900000000")


def reg(
    holder: Registrant = ENTERPRISE, account: str = "1001", **contacts: Contact
) -> Registration:
    return Registration(holder, account=account, **contacts)


def holder(base: Registrant = ENTERPRISE, **changes: object) -> Registrant:
    import attrs

    return attrs.evolve(base, **changes)


def classify(before: Registration, after: Registration, **kw: object):  # type: ignore[no-untyped-def]
    kw.setdefault("at", AT)
    return classify_change(before, after, **kw)  # type: ignore[arg-type]


# --- the scenario table (the registrar's guide) ------------------------------


def test_enterprise_rename() -> None:
    after = holder(name="DocExample02", organization="DocExample02")
    change = classify(reg(), reg(after))
    assert change.procedures == {P.OWNERSHIP_TRANSFER}
    assert change.change_of_registrant
    assert change.material_fields == ("registrant.name", "registrant.organization")
    assert [(c.path, c.old, c.new) for c in change.changes] == [
        ("registrant.name", "DocExample", "DocExample02"),
        ("registrant.organization", "DocExample", "DocExample02"),
    ]


def test_sale_to_another_entity() -> None:
    buyer = Registrant(
        "organization",
        name="Buyer Ltd",
        organization="Buyer Ltd",
        certificate_type="business-licence",
        certificate_number="91110000XXXX",
        email="dns@buyer.example",
        phone="+86.1000000000",
        address="Beijing",
        country="CN",
    )
    change = classify(reg(), reg(buyer))
    assert change.procedures == {P.OWNERSHIP_TRANSFER}
    assert change.change_of_registrant
    assert set(change.material_fields) == {
        "registrant.name",
        "registrant.organization",
        "registrant.email",
    }


def test_individual_id_number_change() -> None:
    change = classify(reg(PERSON), reg(holder(PERSON, certificate_number="110105194912310039")))
    assert change.procedures == {P.OWNERSHIP_TRANSFER}
    # ICANN's Change of Registrant knows names, organizations and emails only.
    assert not change.change_of_registrant
    assert change.changed_paths == ("registrant.certificate_number",)


def test_individual_name_change() -> None:
    change = classify(reg(PERSON), reg(holder(PERSON, name="Zhang Sanfeng")))
    assert change.procedures == {P.OWNERSHIP_TRANSFER}
    assert change.change_of_registrant


def test_kind_change_is_ownership() -> None:
    change = classify(reg(PERSON), reg(holder(PERSON, kind="organization")))
    assert change.procedures == {P.OWNERSHIP_TRANSFER}


@pytest.mark.parametrize(
    ("field", "value", "material"),
    [
        ("phone", "+86.57199999999", False),
        ("email", "ops@docexample.com", True),
        ("address", "9 Other Road, Hangzhou", False),
        ("country", "HK", False),
    ],
)
def test_registrant_contact_edits(field: str, value: str, material: bool) -> None:
    change = classify(reg(), reg(holder(**{field: value})))  # type: ignore[arg-type]
    assert change.procedures == {P.INFORMATION_MODIFICATION}
    assert change.change_of_registrant is material
    assert change.changed_paths == (f"registrant.{field}",)


@pytest.mark.parametrize("role", ["administrative", "billing", "technical"])
def test_other_contact_edits(role: str) -> None:
    change = classify(reg(**{role: ADMIN}), reg(**{role: Contact(name="Han Meimei")}))  # type: ignore[arg-type]
    assert change.procedures == {P.INFORMATION_MODIFICATION}
    assert not change.change_of_registrant
    assert {c.role.value for c in change.changes if c.role} == {role}


def test_account_move() -> None:
    change = classify(reg(account="1001"), reg(account="2002"))
    assert change.procedures == {P.ACCOUNT_TRANSFER}
    assert not change.change_of_registrant
    assert [(c.path, c.old, c.new) for c in change.changes] == [("account", "1001", "2002")]


def test_account_move_with_new_holder() -> None:
    after = reg(holder(name="DocExample02", organization="DocExample02"), account="2002")
    change = classify(reg(), after)
    assert change.procedures == {P.ACCOUNT_TRANSFER, P.OWNERSHIP_TRANSFER}


def test_nothing_changed() -> None:
    resaved = holder(email="IT@DocExample.com ", phone="+86 571 0000 0000", name=" DocExample")
    change = classify(reg(), reg(resaved))
    assert change.no_change
    assert change.procedures == frozenset()
    assert not change.change_of_registrant


def test_ownership_with_admin_edit_needs_both() -> None:
    after = reg(holder(name="New Co"), administrative=Contact(name="New Admin"))
    change = classify(reg(administrative=ADMIN), after)
    assert change.procedures == {P.OWNERSHIP_TRANSFER, P.INFORMATION_MODIFICATION}


# --- ICANN materiality --------------------------------------------------------


def test_admin_email_counts_in_2016_when_registrant_has_none() -> None:
    no_email = holder(email=None)
    before = reg(no_email, administrative=ADMIN)
    after = reg(no_email, administrative=Contact(name="Li Lei", email="new@docexample.com"))
    old = classify(before, after, at="2025-01-01T00:00:00Z")
    assert old.policy is POLICY_2016
    assert old.change_of_registrant
    assert old.material_fields == ("administrative.email",)
    new = classify(before, after, at="2025-09-01T00:00:00Z")
    assert new.policy is POLICY_2024
    assert not new.change_of_registrant
    # With a registrant email the admin email never counts.
    assert not classify(
        reg(administrative=ADMIN),
        reg(administrative=Contact(email="new@docexample.com")),
        policy=POLICY_2016,
    ).change_of_registrant


def test_typo_tolerance_is_a_parameter_default_conservative() -> None:
    before, after = reg(holder(name="DocExampel")), reg(holder(name="DocExample"))
    assert classify(before, after).change_of_registrant
    assert not classify(before, after, typo_tolerance=TypoTolerance(2)).change_of_registrant
    # Still an ownership transfer at the registrar.
    assert classify(before, after, typo_tolerance=TypoTolerance(2)).procedures == {
        P.OWNERSHIP_TRANSFER
    }


def test_name_with_address_change_is_material_even_if_small() -> None:
    before = reg(holder(name="DocExampel"))
    after = reg(holder(name="DocExample", address="elsewhere"))
    change = classify(before, after, typo_tolerance=TypoTolerance(5))
    assert change.change_of_registrant
    assert change.material_fields == ("registrant.name",)


def test_email_case_only_is_no_change_but_any_real_email_change_is_material() -> None:
    assert classify(reg(), reg(holder(email="IT@DOCEXAMPLE.COM"))).no_change
    change = classify(
        reg(), reg(holder(email="it2@docexample.com")), typo_tolerance=TypoTolerance(9)
    )
    assert change.change_of_registrant


def test_procedures_need_no_instant_nor_policy() -> None:
    # Only the procedures wanted: no instant, no policy, nothing judged material.
    change = classify_change(reg(), reg(holder(email="new@docexample.com")))
    assert change.procedures == {P.INFORMATION_MODIFICATION}
    assert change.policy is None and not change.change_of_registrant
    assert classify_change(reg(), reg(), policy=POLICY_REVISED).policy is POLICY_REVISED


def test_no_policy_in_force_means_no_change_of_registrant() -> None:
    # Before 2016-12-01 ICANN had no Change of Registrant rules: not an error, no lock.
    before_2016 = datetime(2016, 6, 1, tzinfo=timezone.utc)
    change = classify_change(reg(), reg(holder(email="new@docexample.com")), before_2016)
    assert change.policy is None and not change.change_of_registrant
    assert change.material_fields == ()


def test_bad_arguments() -> None:
    with pytest.raises(ArgumentTypeError) as caught:  # a Registrant for a Registration
        classify_change(ENTERPRISE, reg(), at=AT)  # type: ignore[arg-type]
    assert caught.value.field == "before" and caught.value.value is ENTERPRISE
    with pytest.raises(InvalidPartyError):
        TypoTolerance(-1)


# --- planning -------------------------------------------------------------------

COMMON_OK = RegistrantProfile("common", email_verified=True)
CNNIC_OK = RegistrantProfile("cnnic", email_verified=True, real_name_verified=True)
RENAME = (reg(), reg(holder(name="DocExample02", organization="DocExample02")))


def dom(name: str = "example.com", **facts: object) -> Domain:
    profile = facts.pop(
        "profile", CNNIC_OK if name.endswith(("cn", "中国", "公司", "网络")) else COMMON_OK
    )
    return Domain(name, facts.pop("expires_at", "2028-01-01T00:00:00Z"), profile=profile, **facts)  # type: ignore[arg-type]


def plan(domain: Domain, change: tuple[Registration, Registration] = RENAME, **kw: object):  # type: ignore[no-untyped-def]
    at = kw.pop("at", AT)
    return plan_change(domain, classify(*change, at=at), at, **kw)  # type: ignore[arg-type]


def test_single_ownership_transfer_plan() -> None:
    p = plan(dom())
    assert p.allowed
    assert p.procedures == {P.OWNERSHIP_TRANSFER}
    kinds = [step.kind for step in p.steps]
    assert kinds == [
        PlanStepKind.SUBMIT_NEW_REGISTRANT_MATERIALS,
        PlanStepKind.NOTIFY_PRIOR_REGISTRANT,
        PlanStepKind.NOTIFY_NEW_REGISTRANT,
    ]
    # Submitted Monday 2026-03-02: 3-5 business days.
    assert (p.review.earliest, p.review.latest) == (date(2026, 3, 5), date(2026, 3, 9))
    assert (p.review.min_business_days, p.review.max_business_days) == (3, 5)
    assert p.review.zone == "Asia/Shanghai"
    # ICP filing 3 business days after approval.
    assert (p.icp_filing_from.earliest, p.icp_filing_from.latest) == (
        date(2026, 3, 10),
        date(2026, 3, 12),
    )
    assert p.transfer_lock == timedelta(days=60)
    assert p.transfer_lock_ends_at("2026-03-06T00:00:00Z") == datetime(2026, 5, 5, tzinfo=UTC)


def test_review_counts_make_up_days_and_holidays() -> None:
    # Friday 2026-09-25: Oct 1-7 are off, Saturday Oct 10 is worked.
    p = plan(dom(), at=datetime(2026, 9, 25, 2, tzinfo=UTC))
    assert (p.review.earliest, p.review.latest) == (date(2026, 9, 30), date(2026, 10, 9))
    assert p.icp_filing_from.latest == date(2026, 10, 13)  # Oct 10 (Sat), 12, 13


def test_submission_date_is_taken_in_beijing() -> None:
    # 2026-03-01T20:00Z is Monday 04:00 in Beijing, not Sunday.
    p = plan(dom(), at=datetime(2026, 3, 1, 20, tzinfo=UTC))
    assert p.review.earliest == date(2026, 3, 5)


def test_calendar_is_a_parameter() -> None:
    p = plan(dom(), at=datetime(2026, 9, 25, 2, tzinfo=UTC), calendar=MondayToFridayCalendar())
    assert (p.review.earliest, p.review.latest) == (date(2026, 9, 30), date(2026, 10, 2))
    assert p.review.calendar == "monday-to-friday"


def test_unpublished_calendar_year_is_an_error_when_strict() -> None:
    from domainrules import CalendarRangeError

    with pytest.raises(CalendarRangeError):
        plan(
            dom(),
            at=datetime(2026, 12, 28, 2, tzinfo=UTC),
            calendar=ChinaMainlandCalendar(last_year=2026, strict=True),
        )


def test_unpublished_calendar_year_is_a_flagged_estimate() -> None:
    p = plan(
        dom(),
        at=datetime(2026, 12, 28, 2, tzinfo=UTC),
        calendar=ChinaMainlandCalendar(last_year=2026),
    )
    assert p.review is not None and p.review.estimated
    assert p.estimated_from == date(2027, 1, 1)
    assert any("estimate" in note and "2027" in note for note in p.notes)
    on_time = plan(dom(), at=datetime(2026, 9, 25, 2, tzinfo=UTC))
    assert on_time.review is not None and not on_time.review.estimated
    assert on_time.notes == () and on_time.estimated_from is None


def test_bulk_review_windows() -> None:
    bulk_com = plan(dom(), bulk=True)
    assert (bulk_com.review.min_business_days, bulk_com.review.max_business_days) == (0, 1)
    assert PlanStepKind.EMAIL_VERIFICATION_CODE in {s.kind for s in bulk_com.steps}
    bulk_cn = plan(dom("example.cn"), bulk=True)
    assert (bulk_cn.review.min_business_days, bulk_cn.review.max_business_days) == (3, 5)
    bulk_gongsi = plan(dom("example.公司"), bulk=True)
    assert bulk_gongsi.review.max_business_days == 5
    custom = plan(dom(), bulk=True, review_times=ReviewTimes(short=(1, 2)))
    assert custom.review.max_business_days == 2
    with pytest.raises(InvalidPartyError):
        ReviewTimes(short=(2, 1))


@pytest.mark.parametrize(
    ("name", "lock"),
    [
        ("example.com", timedelta(days=60)),
        ("example.公司", timedelta(days=60)),
        ("example.网络", timedelta(days=60)),
        ("example.cn", None),
        ("example.com.cn", None),
        ("例子.中国", None),
        ("example.hk", None),
    ],
)
def test_transfer_lock_by_suffix(name: str, lock: timedelta | None) -> None:
    assert plan(dom(name)).transfer_lock == lock


def test_opt_out_and_revised_policy_set_no_lock() -> None:
    assert plan(dom(), opted_out_of_transfer_lock=True).transfer_lock is None
    assert plan(dom(), opted_out_of_transfer_lock=True).transfer_lock_ends_at(AT) is None
    change = classify_change(*RENAME, policy=POLICY_REVISED)
    revised = plan_change(dom(), change, AT)
    assert revised.transfer_lock is None
    notices = [s for s in revised.steps if s.kind is PlanStepKind.NOTIFY_NEW_REGISTRANT]
    assert notices[0].within == timedelta(hours=24)


def test_email_edit_is_a_change_of_registrant_with_lock() -> None:
    p = plan(dom(), (reg(), reg(holder(email="new@docexample.com"))))
    assert p.procedures == {P.INFORMATION_MODIFICATION}
    assert p.change_of_registrant and p.transfer_lock == timedelta(days=60)
    assert p.review is None and p.icp_filing_from is None
    assert PlanStepKind.NOTIFY_PRIOR_REGISTRANT in {s.kind for s in p.steps}


def test_phone_edit_plan_notifies_and_verifies_within_15_days() -> None:
    # 2013 RAA, Whois Accuracy Program Specification, section 2 (gTLDs).
    p = plan(dom(), (reg(), reg(holder(phone="+86.57111111111"))))
    assert p.allowed and p.transfer_lock is None and p.review is None
    assert [(s.kind, s.within) for s in p.steps] == [
        (PlanStepKind.NOTIFY_REGISTRANT, timedelta(days=15))
    ]
    assert "verify the new phone number" in p.steps[0].detail


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("example.com", (reg(), reg(holder(address="9 Other Road, Hangzhou")))),
        ("example.com", (reg(), reg(administrative=ADMIN))),
        ("example.cn", (reg(), reg(holder(phone="+86.57111111111")))),  # ICANN: gTLDs only
    ],
)
def test_every_information_modification_notifies_the_registrant(
    name: str, change: tuple[Registration, Registration]
) -> None:
    p = plan(dom(name), change)
    assert p.procedures == {P.INFORMATION_MODIFICATION} and not p.change_of_registrant
    assert [(s.kind, s.within) for s in p.steps] == [(PlanStepKind.NOTIFY_REGISTRANT, None)]


def test_a_change_of_registrant_notifies_both_registrants_not_once_more() -> None:
    p = plan(dom(), (reg(), reg(holder(email="new@docexample.com"))))
    kinds = {s.kind for s in p.steps}
    assert PlanStepKind.NOTIFY_NEW_REGISTRANT in kinds
    assert PlanStepKind.NOTIFY_REGISTRANT not in kinds
    assert PlanStepKind.NOTIFY_REGISTRANT not in {s.kind for s in plan(dom()).steps}


def test_an_account_transfer_alone_notifies_nobody() -> None:
    p = plan(dom(), (reg(), reg(account="2002")))
    assert p.procedures == {P.ACCOUNT_TRANSFER} and p.steps == ()


# --- blockers ----------------------------------------------------------------------


def test_expired_blocks_ownership_transfer() -> None:
    expired = dom(expires_at="2026-02-20T00:00:00Z")  # in the renewal grace at AT
    p = plan(expired)
    assert p.reasons == {B.EXPIRED}
    assert "renew" in p.blockers[0].remedy
    # Contact edits are still possible in the grace, not in redemption.
    assert plan(expired, (reg(), reg(holder(phone="+86.57111111111")))).allowed
    redemption = dom(expires_at="2026-01-15T00:00:00Z")
    assert plan(redemption, (reg(), reg(holder(phone="+86.57111111111")))).reasons == {B.EXPIRED}
    gone = dom(expires_at="2025-06-01T00:00:00Z")
    assert plan(gone).reasons == {B.NOT_REGISTERED}


def test_account_move_is_allowed_in_redemption() -> None:
    redemption = dom(expires_at="2026-01-15T00:00:00Z")
    assert plan(redemption, (reg(account="1"), reg(account="2"))).allowed


def test_gov_cn_needs_manual_review() -> None:
    p = plan(dom("example.gov.cn"))
    assert p.reasons == {B.MANUAL_REVIEW_SUFFIX}
    assert p.review is None
    # Contact edits are fine online.
    assert plan(dom("example.gov.cn"), (reg(), reg(holder(phone="+86.57111111111")))).allowed


@pytest.mark.parametrize(
    ("name", "profile", "reasons"),
    [
        ("example.cn", COMMON_OK, {B.CNNIC_PROFILE_REQUIRED, B.NOT_REAL_NAME_VERIFIED}),
        (
            "example.网络",
            RegistrantProfile("cnnic", email_verified=True),
            {B.NOT_REAL_NAME_VERIFIED},
        ),
        ("example.com", RegistrantProfile("common"), {B.EMAIL_NOT_VERIFIED}),
        ("example.com", CNNIC_OK, {B.COMMON_PROFILE_REQUIRED}),
    ],
)
def test_profile_blockers(name: str, profile: RegistrantProfile, reasons: set[B]) -> None:
    assert plan(dom(name), profile=profile).reasons == reasons


def test_bulk_without_profile() -> None:
    assert plan(dom(profile=None), bulk=True).reasons == {B.PROFILE_REQUIRED}
    single = plan(dom(profile=None))
    assert single.allowed and single.review.max_business_days == 5


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("clientUpdateProhibited", B.CLIENT_UPDATE_PROHIBITED),
        ("serverUpdateProhibited", B.SERVER_UPDATE_PROHIBITED),
        ("pendingTransfer", B.STATUS_BLOCKS_UPDATE),
    ],
)
def test_update_prohibition(status: str, reason: B) -> None:
    p = plan(dom(statuses=[status]))
    assert p.reasons == {reason}
    assert plan(dom(statuses=[status]), (reg(account="1"), reg(account="2"))).allowed


def test_plan_arguments_checked() -> None:
    from domainrules import InvalidDomainRecordError

    with pytest.raises(ArgumentTypeError) as caught:
        plan_change(dom(), "ownership-transfer", AT)  # type: ignore[arg-type]
    assert caught.value.field == "change"
    with pytest.raises(ArgumentTypeError):
        plan_change("example.com", classify(*RENAME), AT)  # type: ignore[arg-type]
    assert not issubclass(ArgumentTypeError, InvalidDomainRecordError)


# --- from the domain's own registration, and back to a Domain ------------------------

NEW_EMAIL = reg(holder(email="new@docexample.com"))
NEW_ID = reg(holder(certificate_number="91330100MA27YYYY2Y"))


def test_plan_starts_from_the_domains_registration() -> None:
    domain = dom(registration=reg())
    p = plan_change(domain, NEW_EMAIL, AT)
    assert p.procedures == {P.INFORMATION_MODIFICATION}
    assert p.change_of_registrant and p.transfer_lock == timedelta(days=60)
    assert (p.before, p.after) == (reg(), NEW_EMAIL)
    # The same plan from an assessment of the same edit.
    assert plan_change(domain, classify_change(reg(), NEW_EMAIL, AT), AT) == p


def test_plan_needs_a_registration_to_start_from() -> None:
    from domainrules import InvalidDomainRecordError

    with pytest.raises(InvalidDomainRecordError) as caught:
        plan_change(dom(), NEW_EMAIL, AT)
    assert caught.value.field == "registration"
    elsewhere = classify_change(reg(holder(name="Other")), NEW_EMAIL, AT)
    with pytest.raises(InvalidPartyError) as refused:
        plan_change(dom(registration=reg()), elsewhere, AT)
    assert refused.value.field == "change"


def test_an_unjudged_assessment_is_judged_at_the_plan_instant() -> None:
    procedures_only = classify_change(reg(), NEW_EMAIL)
    assert procedures_only.policy is None
    p = plan_change(dom(registration=reg()), procedures_only, AT)
    assert p.policy is POLICY_2024 and p.change_of_registrant


def test_apply_records_a_change_of_registrant_with_its_opt_out() -> None:
    domain = dom(registration=reg())
    p = plan_change(domain, NEW_EMAIL, AT, opted_out_of_transfer_lock=True)
    done = apply_change(domain, p, AT + timedelta(days=1))
    assert done.registration == NEW_EMAIL
    assert done.last_change_of_registrant == ChangeOfRegistrant(
        AT + timedelta(days=1), opted_out_of_transfer_lock=True
    )
    assert transfer_out_check(done, AT + timedelta(days=2)).allowed


def test_apply_does_not_record_an_id_number_only_ownership_transfer() -> None:
    earlier = ChangeOfRegistrant("2025-01-01T00:00:00Z")
    domain = dom(registration=reg(), last_change_of_registrant=earlier)
    p = plan_change(domain, NEW_ID, AT)
    assert p.procedures == {P.OWNERSHIP_TRANSFER} and not p.change_of_registrant
    done = apply_change(domain, p, AT + timedelta(days=4))
    assert done.registration == NEW_ID
    assert done.last_change_of_registrant == earlier
    assert transfer_out_check(done, AT + timedelta(days=5)).allowed


def test_apply_refuses_what_cannot_complete() -> None:
    domain = dom(registration=reg())
    p = plan_change(domain, NEW_EMAIL, AT)
    blocked_domain = dom(registration=reg(), statuses=["clientUpdateProhibited"])
    blocked = plan_change(blocked_domain, NEW_EMAIL, AT)
    cases = [
        (blocked_domain, blocked, AT, "plan"),
        (dom("example.net", registration=reg()), p, AT, "plan"),
        (domain.evolve(registration=NEW_EMAIL), p, AT, "plan"),
        (domain, p, AT - timedelta(seconds=1), "at"),
    ]
    for target, what, at, field in cases:
        with pytest.raises(ChangeNotApplicableError) as caught:
            apply_change(target, what, at)
        assert caught.value.field == field
        assert isinstance(caught.value, ValueError)
    with pytest.raises(ArgumentTypeError) as wrong:  # not a plan at all
        apply_change(domain, "done", AT)  # type: ignore[arg-type]
    assert wrong.value.field == "plan"
