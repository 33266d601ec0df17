//! Duplicate detection on registration: a table of the name variants staff
//! really meet, in Latin and Arabic script, and of unrelated people who must
//! not be flagged.

use migrant_desk::auth::Role;
use serde_json::{Value, json};

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    the_name_variant_table_flags_the_same_person_and_only_them,
    records_keyed_under_an_older_scheme_are_rekeyed_at_start_up,
);

fn person(given: &str, family: &str) -> Value {
    json!({"given_name": given, "family_name": family, "sex": "unknown"})
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

/// (first registration, second registration, flagged as a possible duplicate?)
fn table() -> Vec<(&'static str, Value, Value, bool)> {
    vec![
        (
            "case",
            person("AMINATA", "DIALLO"),
            person("Aminata", "Diallo"),
            true,
        ),
        (
            "accents",
            person("Béatrice", "Ndiaye"),
            person("Beatrice", "NDIAYE"),
            true,
        ),
        (
            "Mohammed/Muhammad",
            person("Mohammed", "Benali"),
            person("Muhammad", "Benali"),
            true,
        ),
        (
            "Mohamed/Mohammed",
            person("Mohamed", "Alaoui"),
            person("Mohammed", "Alaoui"),
            true,
        ),
        (
            "Ben Ali/Benali",
            person("Youssef", "Ben Ali"),
            person("Youssef", "Benali"),
            true,
        ),
        (
            "Abd El Kader",
            person("Abdelkader", "Mansouri"),
            person("Abd El Kader", "Mansouri"),
            true,
        ),
        (
            "short names (no two-letter skeleton), found by the property tests",
            person("Awa", "Ba"),
            person("AWA", "Bâ"),
            true,
        ),
        (
            "swapped names",
            person("Diallo", "Mamadou"),
            person("Mamadou", "Diallo"),
            true,
        ),
        (
            "swapped with accents",
            person("Ndiaye", "Béatrice"),
            person("Beatrice", "Ndiaye"),
            true,
        ),
        (
            "Arabic script names",
            person("Mohammed", "Benali"),
            person("محمد", "بنعلي"),
            true,
        ),
        (
            "Arabic given name",
            person("Khadija", "Ouazzani"),
            person("خديجة", "Ouazzani"),
            true,
        ),
        (
            "Aïcha / عائشة",
            person("Aïcha", "Benali"),
            person("عائشة", "بنعلي"),
            true,
        ),
        (
            "Ibrahim / إبراهيم",
            person("Ibrahim", "Koné"),
            person("إبراهيم", "Kone"),
            true,
        ),
        (
            "Omar Haddad / عمر حداد",
            person("Omar", "Haddad"),
            person("عمر", "حداد"),
            true,
        ),
        (
            "article El",
            person("Fatima", "El Idrissi"),
            person("Fatima", "Idrissi"),
            true,
        ),
        (
            "name_ar against Latin",
            with(person("Youssef", "Tazi"), "name_ar", json!("يوسف التازي")),
            person("Yusuf", "Tazi"),
            true,
        ),
        (
            "Ousmane/Usman, date vs year",
            with(person("Ousmane", "Traoré"), "birth_date", json!("1990-05-05")),
            with(person("Usman", "Traore"), "birth_year", json!(1990)),
            true,
        ),
        (
            "same document number",
            with(
                person("Ibrahima", "Sow"),
                "documents",
                json!([{"type": "passport", "number": "SN 123 4567"}]),
            ),
            with(
                person("Ibrahim", "Sow"),
                "documents",
                json!([{"type": "passport", "number": "sn1234567"}]),
            ),
            true,
        ),
        (
            "phone and year, given spelt apart",
            with(
                with(person("Hawa", "Ba"), "phone", json!("+221 77 123 45 67")),
                "birth_year",
                json!(1992),
            ),
            with(
                with(person("Awa", "Ba"), "phone", json!("77 123 45 67")),
                "birth_year",
                json!(1992),
            ),
            true,
        ),
        (
            "different given name",
            person("Aminata", "Diallo"),
            person("Amina", "Diallo"),
            false,
        ),
        (
            "different family name",
            person("Mohammed", "Benali"),
            person("Mohammed", "Alaoui"),
            false,
        ),
        (
            "same name, other birth date",
            with(person("Mamadou", "Diallo"), "birth_date", json!("1990-01-01")),
            with(person("Mamadou", "Diallo"), "birth_date", json!("1975-06-06")),
            false,
        ),
        (
            "unrelated",
            person("Fatou", "Sarr"),
            person("Awa", "Ndiaye"),
            false,
        ),
        (
            "household sharing a phone",
            with(
                with(person("Kadiatou", "Bah"), "phone", json!("0612345678")),
                "birth_year",
                json!(1985),
            ),
            with(
                with(person("Ibrahima", "Bah"), "phone", json!("+212 612345678")),
                "birth_year",
                json!(2010),
            ),
            false,
        ),
        (
            "Arabic given name only",
            with(person("Youssef", "Amrani"), "name_ar", json!("يوسف العمراني")),
            person("Youssef", "Tazi"),
            false,
        ),
        (
            "siblings",
            person("Ousmane", "Sow"),
            person("Ibrahima", "Sow"),
            false,
        ),
        (
            "Khadija/Khalid",
            person("Khadija", "Ouazzani"),
            person("Khalid", "Ouazzani"),
            false,
        ),
    ]
}

async fn the_name_variant_table_flags_the_same_person_and_only_them(app: TestApp) {
    let cases = table();
    assert!(cases.len() >= 20);
    let mut wrong = Vec::new();
    for (i, (label, first, second, flagged)) in cases.into_iter().enumerate() {
        // One office per pair, so pairs do not see each other.
        let code: String = [
            'D',
            (b'A' + (i / 26) as u8) as char,
            (b'A' + (i % 26) as u8) as char,
        ]
        .iter()
        .collect();
        let office = app.office(&code).await;
        let cw = app.user(Role::Caseworker, Some(&office), None).await;
        let a = app.register(&cw.token, first).await;
        assert_eq!(a["possible_duplicates"], json!([]), "{label}: first registration");
        let b = app.register(&cw.token, second).await;
        let dups = b["possible_duplicates"].as_array().unwrap();
        let found = dups.iter().any(|d| d["id"] == a["id"]);
        if found != flagged {
            wrong.push(format!("{label}: expected flagged={flagged}, got {dups:?}"));
        }
        if found {
            let score = dups[0]["score"].as_f64().unwrap();
            assert!((0.6..=1.0).contains(&score), "{label}: score {score}");
        }
    }
    assert!(wrong.is_empty(), "misjudged pairs:\n{}", wrong.join("\n"));
}

async fn records_keyed_under_an_older_scheme_are_rekeyed_at_start_up(app: TestApp) {
    let office = app.office("RKY").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let first = app.register(&cw.token, person("Aminata", "Diallo")).await;
    let id = first["id"].as_str().unwrap().to_string();
    // As a database of the previous scheme: single-part keys, scheme 1.
    let old = id.clone();
    app.db(move |c| {
        use diesel::RunQueryDsl;
        diesel::sql_query("UPDATE migrant_key_scheme SET version = 1")
            .execute(c)
            .unwrap();
        diesel::sql_query(format!(
            "UPDATE migrant_keys SET key = 'n:old-' || key WHERE migrant_id = '{old}'"
        ))
        .execute(c)
        .unwrap();
    })
    .await;
    let db = app.state.db.clone();
    let applied = tokio::task::spawn_blocking(move || migrant_desk::server::migrate(&db))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(applied, ["duplicate-key scheme 3 (1 records re-keyed)"]);
    let again = app.register(&cw.token, person("DIALLO", "Aminata")).await;
    let dups = again["possible_duplicates"].as_array().unwrap();
    assert!(dups.iter().any(|d| d["id"] == id.as_str()), "{dups:?}");
    // Once current, start-up leaves the keys alone.
    let db = app.state.db.clone();
    let applied = tokio::task::spawn_blocking(move || migrant_desk::server::migrate(&db))
        .await
        .unwrap()
        .unwrap();
    assert!(applied.is_empty());
}
