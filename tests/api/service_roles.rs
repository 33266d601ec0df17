//! Issue 19, "rules decided in the services": the services take
//! capabilities only a caller of the right role is granted, not a bare
//! `Caller` — so a page or an endpoint that forgets its guard cannot open a
//! case file to a manager, a report to a caseworker, or a partner's answer
//! to an office.

use migrant_desk::auth::capability::{
    Administrator, AuditReader, Capability, OfficeStaff, Partner, ReferralParty, ReportReader, Supervisor,
};
use migrant_desk::auth::{Caller, Role};
use migrant_desk::error::AppError;
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(services_refuse_the_roles_they_do_not_serve);

fn as_role(role: Role, office: Option<&str>, organization: Option<&str>) -> Caller {
    Caller {
        user_id: uuid::Uuid::now_v7().to_string(),
        role,
        office_id: office.map(str::to_string),
        organization_id: organization.map(str::to_string),
        session_id: "test".into(),
        request_id: None,
        must_change_password: false,
        must_enrol_mfa: false,
    }
}

fn forbidden<T: std::fmt::Debug>(what: &str, r: Result<T, AppError>) {
    assert!(matches!(r, Err(AppError::Forbidden(_))), "{what}: {r:?}");
}

async fn services_refuse_the_roles_they_do_not_serve(app: TestApp) {
    let t = app.team("RBA").await;
    let org = app
        .partner_org("Association Accueil", &[&t.office], &["legal_aid"])
        .await;
    let body = json!({"given_name": "Awa", "family_name": "Ba", "sex": "female",
        "consents": [{"purpose": "registration", "given": true}, {"purpose": "referral", "given": true}]});
    let m = app.register(&t.caseworker.token, body).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case = app.open_case(&t.caseworker.token, &m).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let referral = app
        .post(
            &format!("/api/v1/cases/{case}/referrals"),
            &t.caseworker.token,
            json!({"organization_id": org.id, "service_type": "legal_aid", "reason": "papers", "urgency": "normal"}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let office = Some(t.office.as_str());
    let partner = as_role(Role::Partner, None, Some(&org.id));
    let caseworker = as_role(Role::Caseworker, office, None);

    // The services take capabilities (`auth::capability`), which only a
    // caller of the right role is granted: a manager or an administrator
    // bound to the office gets no case files, a caseworker no report, audit
    // trail, accounts or supervisor's acts, an office no partner's answer.
    // (That a bare `Caller` cannot be handed to those services at all is
    // shown by the `compile_fail` examples of `auth::capability`.)
    for role in [Role::Manager, Role::Admin, Role::Partner] {
        assert!(
            OfficeStaff::grant(&as_role(role, office, Some(&org.id))).is_none(),
            "{role:?}"
        );
    }
    assert!(ReportReader::grant(&caseworker).is_none());
    assert!(AuditReader::grant(&as_role(Role::Manager, office, None)).is_none());
    assert!(AuditReader::grant(&caseworker).is_none());
    assert!(Supervisor::grant(&caseworker).is_none());
    assert!(Partner::grant(&caseworker).is_none());
    assert!(Administrator::grant(&as_role(Role::Supervisor, office, None)).is_none());

    // A transition sent by route to the wrong party is refused by the
    // workflow itself, and changes nothing.
    let staff = OfficeStaff::grant(&caseworker).unwrap();
    let partner = Partner::grant(&partner).unwrap();
    let r2 = referral.clone();
    let results = app
        .db(move |c| {
            use migrant_desk::domain::referral::Transition;
            use migrant_desk::referral::workflow;
            let office: ReferralParty = staff.into();
            let partner: ReferralParty = partner.into();
            vec![
                (
                    "office accepts a referral",
                    workflow::by_route(c, &office, &r2, Transition::Accept, None).map(|_| ()),
                ),
                (
                    "office completes a referral",
                    workflow::by_route(c, &office, &r2, Transition::Complete, Some("done".into()))
                        .map(|_| ()),
                ),
                (
                    "partner cancels a referral",
                    workflow::by_route(c, &partner, &r2, Transition::Cancel, Some("no".into())).map(|_| ()),
                ),
            ]
        })
        .await;
    for (what, r) in results {
        forbidden(what, r);
    }
    // Nothing changed: the referral still waits, the person is active.
    let r = app
        .get(&format!("/api/v1/referrals/{referral}"), &t.caseworker.token)
        .await
        .expect(200);
    assert_eq!(r.body["status"], "pending");
    let person = app
        .get(&format!("/api/v1/migrants/{m}"), &t.caseworker.token)
        .await
        .expect(200);
    assert_eq!(person.body["state"], "active");
}
