//! Issue 19, "rules decided in the services": every service a role may not
//! use refuses it by itself, called directly with that role's `Caller` —
//! not only through the actix extractor or the web guard that usually stand
//! in front of it. A page or an endpoint that forgets its guard cannot open
//! a case file to a manager, a report to a caseworker, or a partner's
//! answer to an office.

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
    let dup = app.migrant(&t.caseworker.token, "Awa", "Bah").await;
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
    let manager = as_role(Role::Manager, office, None);
    let admin = as_role(Role::Admin, office, None);
    let caseworker = as_role(Role::Caseworker, office, None);
    let partner = as_role(Role::Partner, None, Some(&org.id));
    let state = &app.state;
    let mid = uuid::Uuid::parse_str(&m).unwrap();

    // Case files: office staff only, whatever office the caller is bound to.
    forbidden(
        "manager reads a person",
        migrant_desk::casefile::read::migrant(state, &manager, mid).await,
    );
    forbidden(
        "admin reads a person",
        migrant_desk::casefile::read::migrant(state, &admin, mid).await,
    );
    // Reports: managers and supervisors only.
    let request = || migrant_desk::report::read::ReportRequest {
        from: None,
        to: None,
        office_id: None,
    };
    forbidden(
        "caseworker pulls a report",
        migrant_desk::report::read::report(
            state,
            &caseworker,
            request(),
            migrant_desk::report::read::Kind::Summary,
        )
        .await
        .map(|_| ()),
    );
    // Audit: administrators and supervisors only.
    forbidden(
        "manager verifies the trail",
        migrant_desk::audit::read::verify(state, &manager, None).await,
    );
    forbidden(
        "caseworker takes a checkpoint",
        migrant_desk::audit::read::checkpoint(state, &caseworker).await,
    );
    forbidden(
        "caseworker lists accounts",
        migrant_desk::admin::read::users(state, &caseworker, Default::default(), first()).await,
    );
    forbidden(
        "supervisor reads an account's form",
        migrant_desk::admin::read::user(
            state,
            &as_role(Role::Supervisor, office, None),
            uuid::Uuid::parse_str(&t.caseworker.id).unwrap(),
        )
        .await,
    );

    // Writes, run as the services are run.
    let (cw, p, c2, r2) = (
        caseworker.clone(),
        partner.clone(),
        case.clone(),
        referral.clone(),
    );
    let (m2, d2, office_id) = (m.clone(), dup.clone(), t.office.clone());
    let cw_id = t.caseworker.id.clone();
    let results = app
        .db(move |c| {
            use migrant_desk::casefile::{cases, migrants};
            use migrant_desk::referral::workflow;
            vec![
                (
                    "caseworker assigns",
                    cases::assign(c, &cw, &c2, &cw_id).map(|_| ()),
                ),
                (
                    "caseworker transfers",
                    cases::transfer(c, &cw, &c2, &office_id).map(|_| ()),
                ),
                ("caseworker merges", migrants::merge(c, &cw, &m2, &d2).map(|_| ())),
                (
                    "caseworker anonymises",
                    migrants::anonymise(c, &cw, &m2).map(|_| ()),
                ),
                (
                    "office accepts a referral",
                    workflow::answer(c, &cw, &r2, workflow::Answer::Accept, None).map(|_| ()),
                ),
                (
                    "partner cancels a referral",
                    workflow::cancel(c, &p, &r2, Some("no".into())).map(|_| ()),
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

fn first() -> migrant_desk::store::page::PageRequest {
    migrant_desk::store::page::PageRequest {
        after: None,
        limit: 10,
    }
}
