//! Issue 21, part 3: bringing an office's spreadsheet in — upload (CSV in
//! UTF-8 with a BOM or Windows-1252, XLSX), mapping kept per office, a dry
//! run that creates nothing, an error report naming row and column, all or
//! nothing or row by row, the same rows never imported twice, office
//! scope, and bad files refused with nothing changed.

use actix_web::http::Method;
use migrant_desk::auth::Role;
use serde_json::{Value, json};

use crate::harness::TestApp;
use crate::on_both_backends;
use crate::pages::{encode, token};

on_both_backends!(
    a_spreadsheet_is_mapped_checked_and_imported_once,
    all_or_nothing_imports_nothing_when_a_row_is_wrong,
    a_workbook_imports_with_its_dates_and_arabic_names,
    imports_keep_to_office_staff_and_their_office,
    bad_files_and_mappings_are_refused_and_change_nothing,
    the_demo_spreadsheet_is_checked_and_imported_from_the_pages,
    generated_files_never_fail_the_service_nor_import_in_part,
);

const CSV: &str = "\u{FEFF}Nom;Prénom;Sexe;Date de naissance;Nationalité;Vulnérabilités;Consentement;Date du consentement;Dossier ouvert\r\n\
    Diallo;Aïssatou;F;31/03/1990;Guinée;Femme enceinte;oui;02/11/2026;oui\r\n\
    Ndiaye;Moussa;homme;1985-07-14;Sénégal;;oui;;non\r\n\
    ;;;;;;;;\r\n\
    Camara;Fatou;femme;31/02/1990;Mali;;oui;;\r\n\
    Traoré;Ibrahim;M;01/01/1980;Mali;;oui;;\r\n";

/// The people registered in every office (the API's list pages by 200).
async fn people(app: &TestApp, _token: &str) -> usize {
    use diesel::prelude::*;
    use migrant_desk::db::schema::migrants;
    app.db(|c| migrants::table.count().get_result::<i64>(c).unwrap())
        .await as usize
}

async fn upload(app: &TestApp, token: &str, name: &str, bytes: Vec<u8>) -> Value {
    app.upload(
        &format!("/api/v1/imports?{}", crate::pages::encode(&[("file_name", name)])),
        token,
        "text/csv",
        bytes,
    )
    .await
    .expect(201)
    .body
}

async fn a_spreadsheet_is_mapped_checked_and_imported_once(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    // Already registered: the file's Ibrahim Traoré is the same person.
    let known = app.migrant(cw, "Ibrahim", "Traoré").await;
    app.patch(
        &format!("/api/v1/migrants/{known}"),
        cw,
        json!({"birth_date": "1980-01-01"}),
    )
    .await;
    let first_case = app.open_case(cw, &known).await;
    let before = people(&app, cw).await;

    let imp = upload(&app, cw, "registre.csv", CSV.as_bytes().to_vec()).await;
    assert_eq!(imp["state"], "uploaded");
    assert_eq!(imp["rows"], 4, "the empty row is left out");
    assert_eq!(imp["columns"][1], "Prénom");
    assert_eq!(imp["mapping"]["family_name"], "Nom");
    assert_eq!(imp["mapping"]["birth_date"], "Date de naissance");
    assert_eq!(imp["mapping"]["open_case"], "Dossier ouvert");
    let id = imp["id"].as_str().unwrap().to_string();

    // The dry run reads every row and creates nothing.
    let dry = app
        .post(&format!("/api/v1/imports/{id}/dry-run"), cw, json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(dry["dry_run"], true);
    assert_eq!((dry["rows"].as_u64(), dry["valid"].as_u64()), (Some(4), Some(3)));
    assert_eq!(dry["problem_count"], 1);
    let p = &dry["problems"][0];
    assert_eq!(
        (p["row"].as_u64(), p["column"].as_str()),
        (Some(5), Some("Date de naissance")),
        "{p}"
    );
    assert_eq!(p["message"], "must be a date (dd/mm/yyyy)");
    let dup = &dry["duplicates"][0];
    assert_eq!(
        (dup["row"].as_u64(), dup["migrant_id"].as_str()),
        (Some(6), Some(known.as_str())),
        "{dry}"
    );
    assert_eq!(dry["created"], 0);
    assert_eq!(people(&app, cw).await, before, "a dry run creates no one");

    let csv = app
        .get(&format!("/api/v1/imports/{id}/report"), cw)
        .await
        .expect(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.raw.lines().collect();
    assert_eq!(lines[0], "row,column,field,message");
    assert_eq!(
        lines[1],
        "5,Date de naissance,birth_date,must be a date (dd/mm/yyyy)"
    );
    assert!(
        lines[2].starts_with("6,,,looks like the registered person"),
        "{lines:?}"
    );

    // Row by row: the good rows, not the one with a problem nor the duplicate.
    let audit_before = app.audit_count("create", Some(&id)).await;
    let done = app
        .post(
            &format!("/api/v1/imports/{id}/run"),
            cw,
            json!({"mode": "row_by_row"}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        (done["created"].as_u64(), done["dry_run"].as_bool()),
        (Some(2), Some(false)),
        "{done}"
    );
    assert_eq!(people(&app, cw).await, before + 2);
    assert_eq!(
        app.audit_count("create", Some(&id)).await,
        audit_before + 1,
        "one entry for the import"
    );
    let got = app
        .get(&format!("/api/v1/imports/{id}"), cw)
        .await
        .expect(200)
        .body;
    assert_eq!(got["state"], "imported");
    assert!(got["imported_at"].is_string());

    // The person as a registration would have made them, with the paper
    // consent, an open case, and an audit entry of their own.
    let found = app.get("/api/v1/migrants?q=Diallo", cw).await.expect(200).body;
    let aissatou = found["items"][0]["id"].as_str().unwrap().to_string();
    let a = app
        .get(&format!("/api/v1/migrants/{aissatou}"), cw)
        .await
        .expect(200)
        .body;
    assert_eq!(
        (a["sex"].as_str(), a["nationality"].as_str()),
        (Some("female"), Some("GN"))
    );
    assert_eq!(a["birth_date"], "1990-03-31");
    assert_eq!(a["vulnerabilities"], json!(["pregnant"]));
    let consents = app
        .get(&format!("/api/v1/migrants/{aissatou}/consents"), cw)
        .await
        .expect(200)
        .body;
    let c = consents["items"]
        .as_array()
        .unwrap_or_else(|| consents.as_array().unwrap())
        .clone();
    assert!(
        c.iter().any(|c| c["purpose"] == "registration"
            && c["given"] == true
            && c["note"].as_str().unwrap_or("").contains("2026-11-02")),
        "{consents}"
    );
    let cases = app
        .get(&format!("/api/v1/cases?migrant_id={aissatou}"), cw)
        .await
        .expect(200)
        .body;
    assert_eq!(cases["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.audit_count("create", Some(&aissatou)).await, 1);
    // The import numbers its cases from one reservation: the next after
    // the office's last, and a case opened afterwards follows them; the
    // audit chain, appended once for the whole import, still verifies.
    let number = |case: &Value| -> u32 {
        let n = case["case_number"].as_str().unwrap();
        n.rsplit('-').next().unwrap().parse().unwrap()
    };
    let imported_case = number(&cases["items"][0]);
    assert_eq!(imported_case, number(&first_case) + 1, "{cases}");
    let after = app.open_case(cw, &aissatou).await;
    assert_eq!(number(&after), imported_case + 1, "{after}");
    let verified = app
        .get("/api/v1/audit/verify", &team.supervisor.token)
        .await
        .expect(200)
        .body;
    assert_eq!(verified["ok"], true, "{verified}");

    // The import cannot run twice; the same file again creates nothing new.
    app.post(
        &format!("/api/v1/imports/{id}/run"),
        cw,
        json!({"mode": "row_by_row"}),
    )
    .await
    .expect(409);
    let again = upload(&app, cw, "registre (copie).csv", CSV.as_bytes().to_vec()).await;
    let again_id = again["id"].as_str().unwrap();
    let second = app
        .post(
            &format!("/api/v1/imports/{again_id}/run"),
            cw,
            json!({"mode": "row_by_row"}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        (second["created"].as_u64(), second["already_imported"].as_u64()),
        (Some(0), Some(2)),
        "{second}"
    );
    assert_eq!(people(&app, cw).await, before + 2);

    // The corrected row alone comes in; the mapping was remembered.
    let fixed = "Nom;Prénom;Sexe;Date de naissance;Nationalité\nCamara;Fatou;femme;28/02/1990;Mali\n";
    let third = upload(&app, cw, "corrections.csv", fixed.as_bytes().to_vec()).await;
    assert_eq!(third["mapping"]["nationality"], "Nationalité");
    let third_id = third["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/imports/{third_id}/run"),
        cw,
        json!({"mode": "all_or_nothing"}),
    )
    .await
    .expect(200);
    assert_eq!(people(&app, cw).await, before + 3);

    let list = app.get("/api/v1/imports", cw).await.expect(200).body;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
}

async fn all_or_nothing_imports_nothing_when_a_row_is_wrong(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.supervisor.token;
    let before = people(&app, cw).await;
    let imp = upload(&app, cw, "r.csv", CSV.as_bytes().to_vec()).await;
    let id = imp["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/imports/{id}/run"),
            cw,
            json!({"mode": "all_or_nothing"}),
        )
        .await
        .expect(422);
    assert_eq!(r.body["errors"][0]["field"], "rows[5].birth_date", "{}", r.body);
    assert_eq!(people(&app, cw).await, before);
    let got = app
        .get(&format!("/api/v1/imports/{id}"), cw)
        .await
        .expect(200)
        .body;
    assert_eq!(got["state"], "uploaded", "it can be fixed and tried again");
    // Unknown fields and modes are refused.
    app.post(&format!("/api/v1/imports/{id}/run"), cw, json!({"mode": "some"}))
        .await
        .expect(422);
    app.post(
        &format!("/api/v1/imports/{id}/run"),
        cw,
        json!({"mode": "row_by_row", "force": true}),
    )
    .await
    .expect(422);
    // Duplicates imported on purpose.
    let r = app
        .post(
            &format!("/api/v1/imports/{id}/run"),
            cw,
            json!({"mode": "row_by_row", "import_duplicates": true}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["created"], 3);
    assert_eq!(people(&app, cw).await, before + 3);
}

async fn a_workbook_imports_with_its_dates_and_arabic_names(app: TestApp) {
    let team = app.team("OUJ").await;
    let cw = &team.caseworker.token;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (col, h) in [
        "Nom",
        "Prénom",
        "Nom en arabe",
        "Sexe",
        "Né le",
        "Service",
        "Date du service",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    let rows = [
        ("بن علي", "فاطمة", "فاطمة بن علي", "أنثى", (1992, 5, 17)),
        ("Sow", "Oumar", "", "M", (1979, 12, 1)),
    ];
    for (i, (fam, giv, ar, sex, (y, m, d))) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *fam).unwrap();
        sheet.write_string(r, 1, *giv).unwrap();
        if !ar.is_empty() {
            sheet.write_string(r, 2, *ar).unwrap();
        }
        sheet.write_string(r, 3, *sex).unwrap();
        let when = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
        sheet.write_datetime_with_format(r, 4, &when, &date).unwrap();
        sheet.write_string(r, 5, "Santé").unwrap();
        sheet
            .write_datetime_with_format(
                r,
                6,
                rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 10, 1).unwrap(),
                &date,
            )
            .unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let imp = app
        .upload(
            "/api/v1/imports?file_name=registre.xlsx",
            cw,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        )
        .await
        .expect(201)
        .body;
    assert_eq!(imp["mapping"]["birth_date"], "Né le");
    assert_eq!(imp["mapping"]["service_type"], "Service");
    let id = imp["id"].as_str().unwrap();
    let done = app
        .post(
            &format!("/api/v1/imports/{id}/run"),
            cw,
            json!({"mode": "all_or_nothing"}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(done["created"], 2, "{done}");
    let found = app.get("/api/v1/migrants?q=Sow", cw).await.expect(200).body;
    let sow = found["items"][0]["id"].as_str().unwrap();
    let p = app
        .get(&format!("/api/v1/migrants/{sow}"), cw)
        .await
        .expect(200)
        .body;
    assert_eq!(
        (p["birth_date"].as_str(), p["sex"].as_str()),
        (Some("1979-12-01"), Some("male"))
    );
    let cases = app
        .get(&format!("/api/v1/cases?migrant_id={sow}"), cw)
        .await
        .expect(200)
        .body;
    let case = cases["items"][0]["id"].as_str().unwrap();
    let services = app
        .get(&format!("/api/v1/cases/{case}/services"), cw)
        .await
        .expect(200)
        .body;
    assert_eq!(services["items"][0]["service_type"], "health");
    assert_eq!(services["items"][0]["status"], "delivered");
    let all = app.get("/api/v1/migrants?limit=200", cw).await.expect(200).body;
    assert!(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["family_name"] == "بن علي" && m["name_ar"] == "فاطمة بن علي")
    );
}

async fn imports_keep_to_office_staff_and_their_office(app: TestApp) {
    let team = app.team("RBA").await;
    let other = app.team("DKR").await;
    let imp = upload(&app, &team.caseworker.token, "r.csv", CSV.as_bytes().to_vec()).await;
    let id = imp["id"].as_str().unwrap().to_string();
    for (role, user) in app.one_of_each(&team.office).await {
        let status = app
            .upload(
                "/api/v1/imports",
                &user.token,
                "text/csv",
                CSV.as_bytes().to_vec(),
            )
            .await
            .status
            .as_u16();
        let expected = match role {
            Role::Caseworker | Role::Supervisor => 201,
            _ => 403,
        };
        assert_eq!(status, expected, "{role:?}");
        if expected == 403 {
            app.get(&format!("/api/v1/imports/{id}"), &user.token)
                .await
                .expect(403);
            app.get("/api/v1/imports", &user.token).await.expect(403);
        }
    }
    let o = &other.supervisor.token;
    let before = people(&app, o).await;
    app.get(&format!("/api/v1/imports/{id}"), o).await.expect(404);
    app.get(&format!("/api/v1/imports/{id}/report"), o)
        .await
        .expect(404);
    app.post(&format!("/api/v1/imports/{id}/dry-run"), o, json!({}))
        .await
        .expect(404);
    app.post(
        &format!("/api/v1/imports/{id}/run"),
        o,
        json!({"mode": "row_by_row"}),
    )
    .await
    .expect(404);
    app.call(
        Method::PUT,
        &format!("/api/v1/imports/{id}/mapping"),
        Some(o),
        Some(json!({"family_name": "Nom", "given_name": "Prénom", "sex": "Sexe"})),
    )
    .await
    .expect(404);
    app.call(Method::DELETE, &format!("/api/v1/imports/{id}"), Some(o), None)
        .await
        .expect(404);
    assert!(
        app.get("/api/v1/imports", o).await.expect(200).body["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(people(&app, o).await, before);
    // Discarding deletes the file; it cannot run then.
    let cw = &team.caseworker.token;
    app.call(Method::DELETE, &format!("/api/v1/imports/{id}"), Some(cw), None)
        .await
        .expect(204);
    app.post(
        &format!("/api/v1/imports/{id}/run"),
        cw,
        json!({"mode": "row_by_row"}),
    )
    .await
    .expect(409);
}

async fn bad_files_and_mappings_are_refused_and_change_nothing(app: TestApp) {
    let team = app.team("KLK").await;
    let cw = &team.caseworker.token;
    for (bytes, what) in [
        (b"".to_vec(), "the file is empty"),
        (b"PK\x03\x04not a workbook".to_vec(), "neither CSV nor"),
        (b"Nom,Nom\nA,B\n".to_vec(), "two columns"),
    ] {
        let r = app
            .upload("/api/v1/imports", cw, "text/csv", bytes)
            .await
            .expect(422);
        assert!(
            r.body["errors"][0]["message"].as_str().unwrap().contains(what),
            "{}",
            r.body
        );
    }
    assert!(
        app.get("/api/v1/imports", cw).await.expect(200).body["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Windows-1252, as older Excel saves CSV.
    let latin = b"Nom,Pr\xe9nom,Sexe\nN'Diaye,Ma\xefmouna,F\n".to_vec();
    let imp = upload(&app, cw, "ancien.csv", latin).await;
    assert_eq!(imp["columns"][1], "Prénom");
    let id = imp["id"].as_str().unwrap();
    let path = format!("/api/v1/imports/{id}/mapping");
    for (body, field) in [
        (json!({"family_name": "Nom", "given_name": "Prénom"}), "sex"),
        (
            json!({"family_name": "Nom", "given_name": "Prénom", "sex": "Genre"}),
            "sex",
        ),
        (
            json!({"family_name": "Nom", "given_name": "Nom", "sex": "Sexe"}),
            "family_name",
        ),
    ] {
        let r = app
            .call(Method::PUT, &path, Some(cw), Some(body))
            .await
            .expect(422);
        assert_eq!(r.body["errors"][0]["field"], field, "{}", r.body);
    }
    app.call(
        Method::PUT,
        &path,
        Some(cw),
        Some(json!({"family_name": "Nom", "nickname": "Prénom"})),
    )
    .await
    .expect(422);
    let ok = app
        .call(
            Method::PUT,
            &path,
            Some(cw),
            Some(json!({"family_name": "Prénom", "given_name": "Nom", "sex": "Sexe"})),
        )
        .await
        .expect(200);
    assert_eq!(ok.body["mapping"]["family_name"], "Prénom");
    let done = app
        .post(
            &format!("/api/v1/imports/{id}/run"),
            cw,
            json!({"mode": "all_or_nothing"}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(done["created"], 1);
    let found = app.get("/api/v1/migrants?limit=10", cw).await.expect(200).body;
    assert_eq!(found["items"][0]["family_name"], "Maïmouna");
}

fn multipart(csrf: &str, name: &str, content: &str) -> (String, String) {
    let boundary = "----md-test-boundary-7MA4YWxkTrZu0gW";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n{content}\r\n\
         --{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn the_demo_spreadsheet_is_checked_and_imported_from_the_pages(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let (sup, home) = app.sign_in(&team.supervisor.email).await;
    assert!(
        home.raw.contains("href=\"/imports\""),
        "the menu offers the import"
    );
    let page = app.page("/imports", Some(&sup)).await.expect(200).raw;
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let demo = app.page("/imports/demo.csv", Some(&sup)).await.expect(200);
    assert_eq!(
        demo.raw.lines().count(),
        303,
        "300 people, a header and two empty rows"
    );

    let r = app
        .form(
            "/imports/demo",
            Some(&sup),
            &[],
            encode(&[("_csrf", &token(&page))]),
        )
        .await
        .expect(303);
    let to = r.header("location").unwrap();
    let id = to.trim_start_matches("/imports/").to_string();
    let page = app.page(&to, Some(&sup)).await.expect(200).raw;
    assert!(page.contains("300 lignes"), "the rows are counted");
    assert!(
        page.contains("<option value=\"Nom\" selected>"),
        "the usual names are mapped"
    );
    assert!(page.contains("<option value=\"Date de naissance\" selected>"));

    // Check: the problems in French, with their rows and columns.
    let mut fields: Vec<(String, String)> = vec![("_csrf".into(), token(&page))];
    for (field, column) in [
        ("family_name", "Nom"),
        ("given_name", "Prénom"),
        ("name_ar", "Nom en arabe"),
        ("sex", "Sexe"),
        ("birth_date", "Date de naissance"),
        ("nationality", "Nationalité"),
        ("phone", "Téléphone"),
        ("district", "Quartier"),
        ("vulnerabilities", "Vulnérabilités"),
        ("data_consent", "Consentement"),
        ("consent_date", "Date du consentement"),
        ("open_case", "Dossier ouvert"),
    ] {
        fields.push((field.into(), column.into()));
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let before = people(&app, cw).await;
    app.form(&format!("/imports/{id}/mapping"), Some(&sup), &[], encode(&pairs))
        .await
        .expect(303);
    assert_eq!(people(&app, cw).await, before, "checking creates no one");
    let page = app.page(&to, Some(&sup)).await.expect(200).raw;
    assert!(page.contains("id=\"import-problems\""), "{page}");
    assert!(
        page.contains("Indiquez une date (JJ/MM/AAAA)."),
        "messages in the page's language"
    );
    assert!(page.contains("Une formule, pas une valeur."));
    assert!(page.contains("Pays inconnu."));
    let api = app
        .get(&format!("/api/v1/imports/{id}"), cw)
        .await
        .expect(200)
        .body;
    let report = &api["report"];
    let (valid, problems) = (
        report["valid"].as_u64().unwrap(),
        report["problem_count"].as_u64().unwrap(),
    );
    let duplicates = report["duplicates"].as_array().unwrap().len() as u64;
    assert!(page.contains(&format!("{problems} problèmes")));
    let csv = app
        .page(&format!("/imports/{id}/report.csv"), Some(&sup))
        .await
        .expect(200);
    assert!(csv.raw.starts_with("\u{FEFF}row,column,field,message"));
    assert!(
        csv.raw
            .contains(",Date de naissance,birth_date,Indiquez une date (JJ/MM/AAAA)."),
        "{}",
        csv.raw
    );

    // All or nothing refuses; row by row brings the good rows in.
    let page = app.page(&to, Some(&sup)).await.expect(200).raw;
    let run = format!("/imports/{id}/run");
    let r = app
        .form(
            &run,
            Some(&sup),
            &[],
            encode(&[("_csrf", &token(&page)), ("mode", "all_or_nothing")]),
        )
        .await
        .expect(422);
    assert!(
        r.raw.contains("id=\"import-error\"") && r.raw.contains("des lignes ont un problème"),
        "{}",
        r.raw
    );
    assert_eq!(people(&app, cw).await, before);
    app.form(
        &run,
        Some(&sup),
        &[],
        encode(&[("_csrf", &token(&page)), ("mode", "row_by_row")]),
    )
    .await
    .expect(303);
    assert_eq!(people(&app, cw).await as u64, before as u64 + valid - duplicates);
    let page = app.page(&to, Some(&sup)).await.expect(200).raw;
    assert!(
        page.contains(&format!("{} personnes créées", valid - duplicates)),
        "{page}"
    );

    // The corrected rows, sent through the upload form.
    let page = app.page("/imports", Some(&sup)).await.expect(200).raw;
    let (ct, body) = multipart(
        &token(&page),
        "corrections.csv",
        "Nom;Prénom;Sexe;Date de naissance\nCamara;Fatou;F;28/02/1991\n",
    );
    let r = app
        .raw(
            Method::POST,
            "/imports",
            None,
            &[("Cookie", &sup), ("Sec-Fetch-Site", "same-origin")],
            Some((&ct, body)),
        )
        .await
        .expect(303);
    assert!(r.header("location").unwrap().starts_with("/imports/"));
    let (ct, body) = multipart("forged", "x.csv", "Nom;Prénom;Sexe\nA;B;F\n");
    app.raw(
        Method::POST,
        "/imports",
        None,
        &[("Cookie", &sup), ("Sec-Fetch-Site", "same-origin")],
        Some((&ct, body)),
    )
    .await
    .expect(403);
    let (ct, body) = multipart(&token(&page), "x.csv", "Nom,Nom\n1,2\n");
    let r = app
        .raw(
            Method::POST,
            "/imports",
            None,
            &[("Cookie", &sup), ("Sec-Fetch-Site", "same-origin")],
            Some((&ct, body)),
        )
        .await
        .expect(422);
    assert!(r.raw.contains("id=\"import-error\""));

    // Other roles are refused; another office sees nothing.
    for (role, user) in app.one_of_each(&team.office).await {
        let (cookie, _) = app.sign_in(&user.email).await;
        let expected = match role {
            Role::Caseworker | Role::Supervisor => 200,
            _ => 403,
        };
        assert_eq!(
            app.page("/imports", Some(&cookie)).await.status.as_u16(),
            expected,
            "{role:?}"
        );
        assert_eq!(
            app.page(&to, Some(&cookie)).await.status.as_u16(),
            expected,
            "{role:?}"
        );
    }
    let other = app.team("DKR").await;
    let (o, _) = app.sign_in(&other.supervisor.email).await;
    app.page(&to, Some(&o)).await.expect(404);
    app.page(&format!("/imports/{id}/report.csv"), Some(&o))
        .await
        .expect(404);
}

/// A cell of a generated file: good values, the usual mistakes, and
/// anything at all (separators, quotes, line breaks, formulas, controls).
fn cell() -> proptest::strategy::BoxedStrategy<String> {
    use proptest::prelude::*;
    prop_oneof![
        3 => prop::sample::select(vec![
            "Diallo", "Aïssatou", "F", "M", "femme", "ذكر", "31/03/1990", "1990-03-31", "Guinée", "SN",
            "oui", "non", "بن علي", "Femme enceinte", "",
        ])
        .prop_map(str::to_string),
        1 => prop::sample::select(vec!["31/02/1990", "=A1", "?", "Atlantis", "12/05/2090", "\"", "a;b", "x\ny"])
            .prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(30).collect()),
    ]
    .boxed()
}

async fn generated_files_never_fail_the_service_nor_import_in_part(app: TestApp) {
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let rows = prop::collection::vec(prop::collection::vec(cell(), 0..6), 0..12);
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);
    for case in 0..cases * 2 {
        let rows = rows.new_tree(&mut runner).unwrap().current();
        let sep = if case % 2 == 0 { ";" } else { "," };
        let mut file = ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité"].join(sep);
        for r in &rows {
            file.push('\n');
            file.push_str(&r.join(sep));
        }
        let mut bytes = file.clone().into_bytes();
        if case % 3 == 0 {
            bytes.splice(0..0, [0xEF, 0xBB, 0xBF]);
        }
        if case % 5 == 0 {
            bytes.push(0xE9); // a stray Windows-1252 byte
        }
        let before = people(&app, cw).await;
        let up = app.upload("/api/v1/imports", cw, "text/csv", bytes).await;
        assert!(
            [201, 422].contains(&up.status.as_u16()),
            "upload {}: {}\n{file:?}",
            up.status,
            up.raw
        );
        if up.status.as_u16() != 201 {
            assert!(
                up.body["type"]
                    .as_str()
                    .unwrap()
                    .starts_with("urn:migrant-desk:problem:")
            );
            continue;
        }
        let id = up.body["id"].as_str().unwrap();
        let dry = app
            .post(&format!("/api/v1/imports/{id}/dry-run"), cw, json!({}))
            .await;
        assert!(
            [200, 422].contains(&dry.status.as_u16()),
            "dry run {}: {}\n{file:?}",
            dry.status,
            dry.raw
        );
        assert_eq!(people(&app, cw).await, before, "a dry run creates no one");
        let run = app
            .post(
                &format!("/api/v1/imports/{id}/run"),
                cw,
                json!({"mode": "all_or_nothing"}),
            )
            .await;
        match run.status.as_u16() {
            200 => {
                let r = &run.body;
                assert_eq!(r["problem_count"], 0, "{file:?}");
                assert_eq!(
                    people(&app, cw).await,
                    before + r["created"].as_u64().unwrap() as usize
                );
            }
            422 => assert_eq!(
                people(&app, cw).await,
                before,
                "all or nothing: nothing at all\n{file:?}"
            ),
            s => panic!("run {s}: {}\n{file:?}", run.raw),
        }
    }
}
