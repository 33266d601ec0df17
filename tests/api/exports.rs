//! Issue 21, part 3: exports for people — reports and target lists as
//! workbooks with labels in the reader's language, and a person's
//! subject-access export as a page to read or print — each for those
//! allowed only, each audited as the data it shows.

use migrant_desk::auth::Role;
use migrant_desk::import::sheet::{Cell, read};
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    reports_and_target_lists_download_as_workbooks_in_the_readers_language,
    the_subject_access_export_reads_and_prints_as_a_page,
);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn reports_and_target_lists_download_as_workbooks_in_the_readers_language(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let mut ids = Vec::new();
    for g in ["Awa", "Binta", "Coumba"] {
        let body = json!({"given_name": g, "family_name": "Sow", "sex": "female", "vulnerabilities": ["pregnant"],
                          "nationality": "SN", "birth_year": 1990, "consents": [{"purpose": "registration", "given": true}]});
        ids.push(app.register(cw, body).await["id"].as_str().unwrap().to_string());
    }
    app.migrant(cw, "Moussa", "Diop").await;
    let list = app.pregnant_list(cw, "Enceintes: Rabat").await;
    let (sup, _) = app.sign_in(&team.supervisor.email).await;
    let reads_before = app.audit_count("read", Some(&ids[0])).await;
    let path = format!("/target-lists/{list}/people.xlsx");
    let r = app.page(&path, Some(&sup)).await.expect(200);
    assert_eq!(r.header("content-type").as_deref(), Some(XLSX));
    let bytes = {
        // The reply's body as bytes (the harness keeps text).
        let res = awc::Client::new()
            .get(app.srv.url(&path))
            .insert_header(("Cookie", sup.as_str()))
            .send()
            .await
            .unwrap()
            .body()
            .await
            .unwrap();
        res.to_vec()
    };
    let sheet = read(&bytes).unwrap();
    assert_eq!(sheet.columns[0], "Nom");
    assert_eq!(sheet.rows.len(), 3, "the three pregnant women, not Moussa");
    let awa = sheet.rows.iter().find(|r| r.cells[1].text() == "Awa").unwrap();
    assert_eq!(awa.cells[2].text(), "Femme");
    assert_eq!(awa.cells[3], Cell::Number(1990.0));
    assert_eq!(awa.cells[4].text(), "Sénégal");
    assert_eq!(awa.cells[7].text(), "Femme enceinte");
    assert!(
        app.audit_count("read", Some(&ids[0])).await > reads_before,
        "each person is an audited read"
    );
    // Others: another office 404; roles without the office's people 403.
    let other = app.team("DKR").await;
    let (o, _) = app.sign_in(&other.supervisor.email).await;
    app.page(&path, Some(&o)).await.expect(404);
    for (role, user) in app.one_of_each(&team.office).await {
        let (cookie, _) = app.sign_in(&user.email).await;
        let list_status = app.page(&path, Some(&cookie)).await.status.as_u16();
        let report_status = app
            .page("/reports/summary.xlsx", Some(&cookie))
            .await
            .status
            .as_u16();
        match role {
            Role::Caseworker => assert_eq!((list_status, report_status), (200, 403)),
            Role::Supervisor => assert_eq!((list_status, report_status), (200, 200)),
            Role::Manager => assert_eq!((list_status, report_status), (403, 200)),
            _ => assert_eq!((list_status, report_status), (403, 403), "{role:?}"),
        }
    }
    // The report as a workbook: the label column in the reader's language.
    app.move_to_last_month().await;
    let res = awc::Client::new()
        .get(app.srv.url("/reports/summary.xlsx"))
        .insert_header(("Cookie", sup.as_str()))
        .send()
        .await
        .unwrap()
        .body()
        .await
        .unwrap();
    let report = read(&res).unwrap();
    assert_eq!(report.columns, ["dimension", "key", "label", "count"]);
    let female = report
        .rows
        .iter()
        .find(|r| r.cells[1].text() == "female")
        .unwrap_or_else(|| panic!("a line per sex: {:?}", report.rows));
    assert_eq!(female.cells[2].text(), "Femme");
    assert!(matches!(female.cells[3], Cell::Number(_) | Cell::Empty));
}

async fn the_subject_access_export_reads_and_prints_as_a_page(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let id = app.migrant(cw, "Aïssatou", "Diallo").await;
    let case = app.open_case(cw, &id).await["id"].as_str().unwrap().to_string();
    app.post(
        &format!("/api/v1/cases/{case}/notes"),
        cw,
        json!({"text": "Vue à la permanence, orientée vers la PMI."}),
    )
    .await
    .expect(201);
    let (session, _) = app.sign_in(&team.caseworker.email).await;
    let person = app
        .page(&format!("/migrants/{id}"), Some(&session))
        .await
        .expect(200)
        .raw;
    let path = format!("/migrants/{id}/subject-access");
    assert!(person.contains(&format!("href=\"{path}\"")));
    let exports = app.audit_count("export", Some(&id)).await;
    let page = app.page(&path, Some(&session)).await.expect(200).raw;
    assert!(page.contains("Aïssatou Diallo"));
    assert!(page.contains("Enregistrement des données"), "consents by purpose");
    assert!(
        page.contains("Vue à la permanence, orientée vers la PMI."),
        "notes in full"
    );
    assert!(page.contains("id=\"sar-audit\""), "who read or changed the data");
    assert_eq!(
        app.audit_count("export", Some(&id)).await,
        exports + 1,
        "an export of the person"
    );
    let other = app.team("DKR").await;
    let (o, _) = app.sign_in(&other.caseworker.email).await;
    app.page(&path, Some(&o)).await.expect(404);
    for (role, user) in app.one_of_each(&team.office).await {
        if matches!(role, Role::Caseworker | Role::Supervisor) {
            continue;
        }
        let (cookie, _) = app.sign_in(&user.email).await;
        app.page(&path, Some(&cookie)).await.expect(403);
    }
}
