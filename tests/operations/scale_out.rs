//! Scale-out: two `migrant-desk` processes on one PostgreSQL database, as
//! behind a load balancer. One winner among concurrent referral transitions,
//! no duplicate case numbers, one record for a retried request whichever
//! instance gets the retry, tokens and web sessions of one accepted by the
//! other, revocation seen by both at once, and the retention and webhook
//! workers of both processing each item once. Needs `TEST_DATABASE_URL` (skipped without
//! it unless `TEST_REQUIRE_POSTGRES` is set, as in CI).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::json;

use crate::demo::{Staff, call, pending_referral, person};
use crate::process::{Reply, Server, send, start_with};

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Anonymised {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// A database of its own on the test server, dropped at the end.
struct Database {
    admin_url: String,
    name: String,
}

impl Database {
    fn create() -> Option<Self> {
        let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
            assert!(
                std::env::var("TEST_REQUIRE_POSTGRES").is_err(),
                "TEST_DATABASE_URL is required here"
            );
            return None;
        };
        let name = format!("md_scale_{}", std::process::id());
        let mut c = PgConnection::establish(&admin_url).unwrap();
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        Some(Self { admin_url, name })
    }

    fn url(&self) -> String {
        let base = self.admin_url.rsplit_once('/').unwrap().0;
        format!("{base}/{}", self.name)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut c) = PgConnection::establish(&self.admin_url) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

fn instance(dir: &std::path::Path, url: &str, retention_days: &str) -> (Server, u16) {
    let (server, _, port) = start_with(
        dir,
        &["--demo", "--database", url],
        &[
            ("MIGRANT_DESK_RETENTION_DAYS", retention_days),
            (
                "MIGRANT_DESK_JWT_SECRET",
                "scale-out-secret-scale-out-secret-0123",
            ),
            (
                "MIGRANT_DESK_AUDIT_KEY",
                "scale-out-audit-key-scale-out-audit-key",
            ),
            ("MIGRANT_DESK_WEBHOOK_ALLOW_PRIVATE", "true"),
            ("MIGRANT_DESK_WEBHOOK_POLL_MS", "50"),
            ("MIGRANT_DESK_WEBHOOK_RETRY_BASE_MS", "100"),
        ],
    );
    (server, port)
}

/// Runs `f` for every item on its own thread, all released at once.
fn at_once<T: Send + 'static, R: Send + 'static>(
    items: Vec<T>,
    f: impl Fn(T) -> R + Send + Sync + 'static,
) -> Vec<R> {
    let f = Arc::new(f);
    let gate = Arc::new(std::sync::Barrier::new(items.len()));
    let handles: Vec<_> = items
        .into_iter()
        .map(|item| {
            let (f, gate) = (f.clone(), gate.clone());
            std::thread::spawn(move || {
                gate.wait();
                f(item)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

/// A webhook receiver: records each event id it is sent, answers 200.
fn receiver() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_ok()
                && let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body)
            {
                log.lock()
                    .unwrap()
                    .push(event["id"].as_str().unwrap_or("").to_string());
            }
            let mut stream = reader.into_inner();
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (port, seen)
}

fn cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .filter_map(|(_, v)| v.split(';').next())
        .find(|c| c.starts_with(&format!("{name}=")) && c.len() > name.len() + 1)
        .map(str::to_string)
}

fn form_token(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("a form token") + 20;
    html[at..].split('"').next().unwrap().to_string()
}

/// Signs in through the web form of the instance on `port`: the session cookie.
fn web_sign_in(port: u16, email: &str, password: &str) -> String {
    let page = send(port, "GET", "/login", &[], None).unwrap();
    let form_cookie = cookie(&page, "md_form").expect("the form cookie");
    let body = format!(
        "_csrf={}&email={}&password={}",
        form_token(&page.body),
        email.replace('@', "%40"),
        password
    );
    let r = send(
        port,
        "POST",
        "/login",
        &[
            ("Cookie", &form_cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        Some(&body),
    )
    .unwrap();
    assert_eq!(r.status, 303, "{}", r.body);
    cookie(&r, "md_session").expect("a session cookie")
}

pub fn two_instances_share_one_postgresql_database() {
    // Reported as ignored without PostgreSQL (tests/operations/main.rs).
    let db = Database::create().expect("TEST_DATABASE_URL names a PostgreSQL server");
    let url = db.url();
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());

    // The demo's closed cases, closed long ago: both instances start their
    // retention job at once, and each person is anonymised once.
    drop(instance(dir_a.path(), &url, "0"));
    let due = {
        let mut c = PgConnection::establish(&url).unwrap();
        c.batch_execute("UPDATE cases SET closed_at = now() - interval '400 days' WHERE status = 'closed'")
            .unwrap();
        diesel::sql_query(
            "SELECT COUNT(*) AS n FROM migrants m WHERE m.state = 'active' AND EXISTS (SELECT 1 FROM cases c WHERE c.migrant_id = m.id) \
             AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.migrant_id = m.id \
             AND (c.status = 'open' OR c.closed_at IS NULL))",
        )
        .get_result::<N>(&mut c)
        .unwrap()
        .n
    };
    assert!(due > 0, "the demo has people whose cases are all closed");
    let (dir_a_path, dir_b_path, url_a, url_b) = (
        dir_a.path().to_path_buf(),
        dir_b.path().to_path_buf(),
        url.clone(),
        url.clone(),
    );
    let both = at_once(vec![(dir_a_path, url_a), (dir_b_path, url_b)], |(dir, url)| {
        instance(&dir, &url, "30")
    });
    let mut both = both.into_iter();
    let (_a, a) = both.next().unwrap();
    let (_b, b) = both.next().unwrap();
    let anonymised = || -> Vec<(String, i64)> {
        let mut c = PgConnection::establish(&url).unwrap();
        diesel::sql_query(
            "SELECT entity_id AS id, COUNT(*) AS n FROM audit_log WHERE action = 'anonymise' GROUP BY entity_id",
        )
        .load::<Anonymised>(&mut c)
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.n))
        .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while (anonymised().len() as i64) < due && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(500));
    let done = anonymised();
    assert_eq!(done.len() as i64, due, "every person due was anonymised");
    assert!(
        done.iter().all(|(_, n)| *n == 1),
        "someone anonymised twice: {done:?}"
    );

    let staff = Staff::sign_in(a);

    // A token signed in on A is accepted by B.
    let me = call(b, "GET", "/api/v1/me", &staff.caseworker, None).unwrap();
    assert_eq!(me.status, 200, "{}", me.body);

    // Concurrent transitions of one referral through both: one winner.
    let referrals: Vec<String> = (0..6).map(|i| pending_referral(a, &staff, i)).collect();
    for id in referrals {
        let partner = staff.partner.clone();
        let answers = at_once(vec![(a, "accept"), (b, "decline")], move |(port, verb)| {
            let body = (verb == "decline").then(|| json!({"reason": "No capacity this week"}));
            call(
                port,
                "POST",
                &format!("/api/v1/referrals/{id}/{verb}"),
                &partner,
                body,
            )
            .unwrap()
            .status
        });
        let mut sorted = answers.clone();
        sorted.sort();
        assert_eq!(sorted, [200, 409], "one winner: {answers:?}");
    }

    // Case numbers allocated on both at once: no duplicates.
    let migrants: Vec<String> = (0..16)
        .map(|n| {
            let r = call(
                a,
                "POST",
                "/api/v1/migrants",
                &staff.caseworker,
                Some(person(100 + n)),
            )
            .unwrap();
            r.json()["id"].as_str().unwrap().to_string()
        })
        .collect();
    let token = staff.caseworker.clone();
    let numbers = at_once(migrants.into_iter().enumerate().collect(), move |(i, m)| {
        let port = if i % 2 == 0 { a } else { b };
        let r = call(
            port,
            "POST",
            "/api/v1/cases",
            &token,
            Some(json!({"migrant_id": m})),
        )
        .unwrap();
        assert_eq!(r.status, 201, "{}", r.body);
        r.json()["case_number"].as_str().unwrap().to_string()
    });
    assert_eq!(
        numbers.iter().collect::<HashSet<_>>().len(),
        numbers.len(),
        "{numbers:?}"
    );

    // A retry reaching the other instance returns the first answer.
    let auth = format!("Bearer {}", staff.caseworker);
    let headers = [
        ("Authorization", auth.as_str()),
        ("Idempotency-Key", "scale-out-retry-1"),
    ];
    let mut body = person(9999);
    body["given_name"] = json!("Retried");
    let first = send(a, "POST", "/api/v1/migrants", &headers, Some(&body.to_string())).unwrap();
    let again = send(b, "POST", "/api/v1/migrants", &headers, Some(&body.to_string())).unwrap();
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(again.status, first.status);
    assert_eq!(again.json()["id"], first.json()["id"]);
    let found = call(b, "GET", "/api/v1/migrants?q=Retried", &staff.caseworker, None).unwrap();
    assert_eq!(
        found.json()["items"].as_array().unwrap().len(),
        1,
        "{}",
        found.body
    );

    // A web session opened on A works on B; signing out on A ends it on B.
    let session = web_sign_in(a, crate::demo::CASEWORKER.0, crate::demo::CASEWORKER.1);
    let home = send(b, "GET", "/", &[("Cookie", &session)], None).unwrap();
    assert_eq!(home.status, 200, "{}", home.body);
    let out = send(
        a,
        "POST",
        "/logout",
        &[
            ("Cookie", &session),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        Some(&format!("_csrf={}", form_token(&home.body))),
    )
    .unwrap();
    assert_eq!(out.status, 303, "{}", out.body);
    let after = send(b, "GET", "/", &[("Cookie", &session)], None).unwrap();
    assert_eq!(after.status, 303, "the session ended on B too");

    // Signing out on A ends the sign-in on B at once (its refresh token and
    // its access token); an account deactivated on A loses its access on B
    // at once.
    let manager_login = || {
        send(
            a,
            "POST",
            "/api/v1/auth/login",
            &[],
            Some(
                &json!({"email": "manager.rba@demo.migrant-desk.org", "password": "demo-manager-pass"})
                    .to_string(),
            ),
        )
        .unwrap()
        .json()
    };
    let login = manager_login();
    let access = login["access_token"].as_str().unwrap().to_string();
    assert_eq!(call(b, "GET", "/api/v1/me", &access, None).unwrap().status, 200);
    let refresh = json!({"refresh_token": login["refresh_token"]}).to_string();
    assert_eq!(
        send(a, "POST", "/api/v1/auth/logout", &[], Some(&refresh))
            .unwrap()
            .status,
        204
    );
    assert_eq!(
        send(b, "POST", "/api/v1/auth/refresh", &[], Some(&refresh))
            .unwrap()
            .status,
        401
    );
    assert_eq!(call(b, "GET", "/api/v1/me", &access, None).unwrap().status, 401);
    let manager = manager_login()["access_token"].as_str().unwrap().to_string();
    let manager_id = call(b, "GET", "/api/v1/me", &manager, None).unwrap().json()["id"].clone();
    let off = call(
        a,
        "PATCH",
        &format!("/api/v1/users/{}", manager_id.as_str().unwrap()),
        &staff.admin,
        Some(json!({"active": false})),
    )
    .unwrap();
    assert_eq!(off.status, 200, "{}", off.body);
    assert_eq!(call(b, "GET", "/api/v1/me", &manager, None).unwrap().status, 401);

    // Webhook workers run on both instances: each event arrives once.
    let (hook, seen) = receiver();
    let set = call(
        a,
        "PATCH",
        &format!("/api/v1/organizations/{}", staff.organization_id),
        &staff.partner,
        Some(json!({"webhook_url": format!("http://127.0.0.1:{hook}/hook")})),
    )
    .unwrap();
    assert_eq!(set.status, 200, "{}", set.body);
    let events = 12;
    for i in 0..events {
        pending_referral(if i % 2 == 0 { a } else { b }, &staff, 200 + i);
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while seen.lock().unwrap().len() < events && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    // Time for a second delivery, were there one.
    std::thread::sleep(Duration::from_millis(1000));
    let seen = seen.lock().unwrap().clone();
    let mut times: HashMap<&String, usize> = HashMap::new();
    for id in &seen {
        *times.entry(id).or_default() += 1;
    }
    assert_eq!(times.len(), events, "every event delivered: {seen:?}");
    assert!(
        times.values().all(|n| *n == 1),
        "an event delivered twice: {seen:?}"
    );
}
