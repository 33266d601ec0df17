//! The load benchmark (docs/performance.md): seeds a database, starts the
//! release server on it, drives it over real HTTP and writes the figures as
//! one JSON object.
//!
//! `cargo build --release --workspace && target/release/bench --quick --out bench.json`
//! (a tool of the workspace, not shipped by `cargo install migrant-desk`)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use migrant_desk::db::json::JsonList;
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};

use clap::Parser;
use diesel::prelude::*;
use migrant_desk::auth::password::hash_blocking;
use migrant_desk::db::schema::{cases, migrant_keys, migrants, services};
use migrant_desk::db::{Db, DbConn, PoolOptions, new_id, now};
use migrant_desk::demo::people::{ARABIC, FAMILY, GIVEN_F, GIVEN_M, Lcg, NATIONALITIES};
use migrant_desk::domain::name_key;
use migrant_desk::store;
use migrant_desk::store::case::CaseRow;
use migrant_desk::store::migrant::MigrantRow;
use migrant_desk::store::service::ServiceRow;
use serde_json::{Value, json};

#[derive(Parser)]
struct Args {
    /// Smaller data sets and shorter runs (under 4 minutes here).
    #[arg(long)]
    quick: bool,
    /// Where to write the JSON figures.
    #[arg(long, default_value = "bench.json")]
    out: String,
    /// sqlite://PATH (default: a fresh file) or postgres://… (a fresh database is created on that server).
    #[arg(long)]
    database: Option<String>,
    /// Keep the seeded database afterwards (its location is printed) to study its query plans.
    #[arg(long)]
    keep: bool,
    /// Seed the database, print where it is and stop (implies --keep): to
    /// study query plans at the benchmark's size without its loads.
    #[arg(long)]
    seed_only: bool,
    /// Rows of the imported spreadsheet (default 100,000; 10,000 with --quick).
    #[arg(long)]
    import_rows: Option<usize>,
}

struct Sizes {
    register_base: usize,
    search_base: usize,
    services: usize,
    seconds: u64,
}

const SERVICE_TYPES: &[&str] = &[
    "health",
    "maternal_health",
    "psychosocial",
    "basic_services",
    "food",
    "shelter",
    "legal_aid",
    "documentation",
];

/// An office's spreadsheet of `rows` people, about 500 bytes a row: the
/// usual columns, in French, and a long remarks column nobody maps.
fn import_file(rows: usize) -> Vec<u8> {
    let mut rng = Lcg(21);
    let mut out = String::from(
        "Nom;Prénom;Sexe;Date de naissance;Nationalité;Téléphone;Quartier;Consentement;Dossier ouvert;Remarques\n",
    );
    let remark = "Vu à la permanence du mardi, orienté vers le centre de santé du quartier; revenir avec les papiers. ".repeat(4);
    for i in 0..rows {
        let female = i.is_multiple_of(2);
        let given = rng.pick(if female { GIVEN_F } else { GIVEN_M });
        out.push_str(&format!(
            "{}{};{given};{};{:02}/{:02}/{};Sénégal;+212 6{:08};Hay Nahda;oui;{};{remark}\n",
            rng.pick(FAMILY),
            i,
            if female { "F" } else { "M" },
            1 + rng.next(28),
            1 + rng.next(12),
            1960 + rng.next(45),
            rng.next(100_000_000),
            if i.is_multiple_of(3) { "oui" } else { "non" },
        ));
    }
    out.into_bytes()
}

/// The process's peak resident memory (VmHWM), in MB.
fn peak_rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        })
        .map_or(0.0, |kb| (kb / 1024.0).round())
}

fn migrant_row(rng: &mut Lcg, office: &str, i: usize) -> (MigrantRow, Vec<String>) {
    let given = rng
        .pick(if i.is_multiple_of(2) { GIVEN_F } else { GIVEN_M })
        .to_string();
    let family = format!("{}{}", rng.pick(FAMILY), i % 1000);
    let name_ar = i.is_multiple_of(5).then(|| rng.pick(ARABIC).to_string());
    // Registrations spread over the last year: reports cover ended months.
    let at = now() - chrono::Duration::days((i % 365) as i64);
    let row = MigrantRow {
        id: new_id(),
        office_id: office.to_string(),
        search_text: name_key::search_document(&given, &family, name_ar.as_deref()),
        given_name: given.clone(),
        family_name: family.clone(),
        name_ar: name_ar.clone(),
        sex: ["female", "male"][rng.next(2)].into(),
        birth_date: None,
        birth_year: Some(1960 + rng.next(60) as i32),
        nationality: Some(rng.pick(NATIONALITIES).into()),
        languages: JsonList(vec!["fr".into()]),
        phone: None,
        district: None,
        legal_status: "irregular".into(),
        vulnerabilities: if i.is_multiple_of(9) {
            JsonList(vec!["pregnant".into()])
        } else {
            JsonList::default()
        },
        arrival_date: None,
        household_id: None,
        relationship_to_head: None,
        documents: JsonList::default(),
        state: "active".into(),
        merged_into: None,
        anonymised_at: None,
        created_at: at,
        updated_at: at,
        version: 1,
    };
    let keys = name_key::name_keys(&given, &family, name_ar.as_deref());
    (row, keys)
}

fn bulk<T>(
    c: &mut DbConn,
    rows: &[T],
    insert: impl Fn(&mut DbConn, &[T]) -> QueryResult<usize>,
    chunk: usize,
) {
    for part in rows.chunks(chunk) {
        insert(c, part).unwrap();
    }
}

macro_rules! insert_all {
    ($c:expr, $table:expr, $rows:expr) => {
        match $c {
            DbConn::Sqlite(s) => diesel::insert_into($table).values($rows).execute(s),
            DbConn::Pg(p) => diesel::insert_into($table).values($rows).execute(p),
        }
    };
}

/// Seeds `n` migrants (half with a case) and `services` services; returns (migrant ids, case ids) samples.
fn seed(db: &Db, office: &str, n: usize, services_n: usize, start: usize) -> (Vec<String>, Vec<String>) {
    let mut c = db.get().unwrap();
    let mut rng = Lcg(7 + start as u64);
    let mut sample_m = Vec::new();
    let mut sample_c = Vec::new();
    let mut case_ids = Vec::new();
    let batch = 2000;
    let mut done = 0;
    while done < n {
        let count = batch.min(n - done);
        let mut rows = Vec::with_capacity(count);
        let mut keys = Vec::new();
        let mut case_rows = Vec::new();
        for i in 0..count {
            let (row, k) = migrant_row(&mut rng, office, start + done + i);
            for key in k {
                keys.push((
                    migrant_keys::migrant_id.eq(row.id.clone()),
                    migrant_keys::office_id.eq(office.to_string()),
                    migrant_keys::key.eq(key),
                ));
            }
            if (done + i) % 2 == 0 {
                let at = row.created_at;
                case_rows.push(CaseRow {
                    id: new_id(),
                    office_id: office.into(),
                    migrant_id: row.id.clone(),
                    case_number: format!("BENCH-{}-{}", start, done + i),
                    status: "open".into(),
                    priority: "normal".into(),
                    assigned_to: None,
                    summary: String::new(),
                    opened_at: at,
                    closed_at: None,
                    closure_reason: None,
                    created_at: at,
                    updated_at: at,
                    version: 1,
                });
            }
            rows.push(row);
        }
        c.transaction::<_, diesel::result::Error, _>(|c| {
            bulk(c, &rows, |c, p| insert_all!(c, migrants::table, p), 500);
            bulk(c, &keys, |c, p| insert_all!(c, migrant_keys::table, p), 1000);
            bulk(c, &case_rows, |c, p| insert_all!(c, cases::table, p), 1000);
            Ok(())
        })
        .unwrap();
        if sample_m.len() < 5000 {
            sample_m.extend(rows.iter().take(200).map(|r| r.id.clone()));
            sample_c.extend(case_rows.iter().take(100).map(|r| r.id.clone()));
        }
        case_ids.extend(case_rows.iter().map(|r| r.id.clone()));
        done += count;
    }
    let mut made = 0;
    while made < services_n && !case_ids.is_empty() {
        let count = 5000.min(services_n - made);
        let at = now();
        let today = at.date();
        let rows: Vec<ServiceRow> = (0..count)
            .map(|_| ServiceRow {
                id: new_id(),
                case_id: case_ids[rng.next(case_ids.len())].clone(),
                service_type: SERVICE_TYPES[rng.next(SERVICE_TYPES.len())].into(),
                status: "delivered".into(),
                service_date: today - chrono::Duration::days(rng.next(360) as i64),
                provider: "office".into(),
                notes: None,
                recorded_by: None,
                created_at: at,
                updated_at: at,
                version: 1,
                office_id: office.into(),
            })
            .collect();
        c.transaction::<_, diesel::result::Error, _>(|c| {
            bulk(c, &rows, |c, p| insert_all!(c, services::table, p), 1000);
            Ok(())
        })
        .unwrap();
        made += count;
    }
    (sample_m, sample_c)
}

fn user(db: &Db, role: &str, office: Option<&str>, email: &str) {
    let mut c = db.get().unwrap();
    store::user::insert(
        &mut c,
        &store::user::UserRow {
            id: new_id(),
            email: email.into(),
            full_name: "Bench".into(),
            role: role.into(),
            office_id: office.map(str::to_string),
            organization_id: None,
            active: true,
            password_hash: hash_blocking("a bench passphrase").unwrap(),
            last_login_at: None,
            created_at: now(),
            updated_at: now(),
            version: 1,
            language: None,
            password_change_required: false,
            awaiting_confirmation_by: None,
        },
    )
    .unwrap();
}

fn office(db: &Db, code: &str) -> String {
    let mut c = db.get().unwrap();
    let row = store::office::OfficeRow {
        id: new_id(),
        code: code.into(),
        name: code.into(),
        city: code.into(),
        country: "MA".into(),
        created_at: now(),
        updated_at: now(),
        version: 1,
        time_zone: None,
    };
    store::office::insert(&mut c, &row).unwrap();
    row.id
}

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The release `migrant-desk` binary beside this one, on the bench's
/// database, keys and data directory.
fn migrant_desk(url: &str, dir: &std::path::Path) -> Command {
    let exe = std::env::current_exe().unwrap().with_file_name("migrant-desk");
    let mut cmd = Command::new(exe);
    cmd.args(["--database", url])
        .current_dir(dir)
        .env(
            "MIGRANT_DESK_JWT_SECRET",
            "bench-secret-bench-secret-bench-secret-00",
        )
        .env(
            "MIGRANT_DESK_AUDIT_KEY",
            "bench-audit-key-bench-audit-key-bench-00",
        )
        .env("MIGRANT_DESK_LOG_LEVEL", "warn")
        .env("MIGRANT_DESK_RETENTION_DAYS", "0");
    cmd
}

/// Runs a `migrant-desk` command to its end; its wall time in seconds.
fn timed(mut cmd: Command) -> f64 {
    let started = Instant::now();
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (started.elapsed().as_secs_f64() * 10.0).round() / 10.0
}

/// The database's size on disk, MB (SQLite: the file and its WAL).
fn database_mb(url: &str) -> f64 {
    let bytes = match url.strip_prefix("sqlite://") {
        Some(path) => ["", "-wal"]
            .iter()
            .filter_map(|ext| std::fs::metadata(format!("{path}{ext}")).ok())
            .map(|m| m.len() as f64)
            .sum(),
        None => {
            #[derive(QueryableByName)]
            struct Size {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                size: i64,
            }
            let mut c = diesel::pg::PgConnection::establish(url).unwrap();
            diesel::sql_query("SELECT pg_database_size(current_database()) AS size")
                .get_result::<Size>(&mut c)
                .unwrap()
                .size as f64
        }
    };
    (bytes / 1e6).round()
}

fn start_server(url: &str, dir: &std::path::Path) -> (Server, Duration) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let child = migrant_desk(url, dir)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start migrant-desk: {e} (run cargo build --release --workspace first)")
        });
    loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            let _ = write!(
                s,
                "GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            );
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            if out.starts_with("HTTP/1.1 200") {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "server did not become ready"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = started.elapsed();
    (Server { child, port }, elapsed)
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| (kb / 1024.0 * 10.0).round() / 10.0)
}

#[derive(Default)]
struct Stats {
    latencies: Vec<f64>,
    errors: usize,
    elapsed: f64,
}

impl Stats {
    fn pct(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let mut v = self.latencies.clone();
        v.sort_by(f64::total_cmp);
        let i = ((v.len() as f64 - 1.0) * p).round() as usize;
        (v[i] * 100.0).round() / 100.0
    }
    fn rps(&self) -> f64 {
        (self.latencies.len() as f64 / self.elapsed).round()
    }
    fn requests(&self) -> usize {
        self.latencies.len() + self.errors
    }
}

/// CPU time (user + system) the processes have used so far, in µs, from
/// /proc (the server runs as a child process: `getrusage` would see it
/// only once it has exited).
fn cpu_us(pids: &[u32]) -> f64 {
    // USER_HZ: 100 on every Linux the service targets.
    const TICK_US: f64 = 10_000.0;
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/stat")).ok())
        .map(|stat| {
            // Fields after the command name (which may hold spaces): utime
            // and stime are the 12th and 13th.
            let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            (ticks(11) + ticks(12)) * TICK_US
        })
        .sum()
}

/// Runs a load and measures the CPU the server processes spent on it, per
/// request (µs): what a request costs, whatever the client and the machine's
/// other work leave to the server.
async fn measured(pids: &[u32], load: impl std::future::Future<Output = Stats>) -> (Stats, f64) {
    let before = cpu_us(pids);
    let stats = load.await;
    let spent = cpu_us(pids) - before;
    let per = (spent / stats.requests().max(1) as f64).round();
    (stats, per)
}

type Req = Rc<dyn Fn(&awc::Client, usize) -> awc::ClientRequest>;

async fn drive(
    base: &str,
    conns: usize,
    dur: Duration,
    make: Req,
    body: Option<Rc<dyn Fn(usize) -> String>>,
) -> Stats {
    let client = Rc::new(
        awc::Client::builder()
            .timeout(Duration::from_secs(30))
            .connector(awc::Connector::new().limit(conns * 2))
            .finish(),
    );
    let deadline = Instant::now() + dur;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..conns {
        let client = client.clone();
        let make = make.clone();
        let body = body.clone();
        let _ = base;
        tasks.push(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            let mut i = w;
            while Instant::now() < deadline {
                let t = Instant::now();
                let req = make(&client, i);
                let res = match &body {
                    Some(b) => {
                        req.insert_header(("Content-Type", "application/json"))
                            .send_body(b(i))
                            .await
                    }
                    None => req.send().await,
                };
                match res {
                    Ok(mut r) if r.status().is_success() => {
                        let _ = r.body().limit(16 << 20).await;
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    Ok(mut r) => {
                        let _ = r.body().await;
                        errors += 1;
                    }
                    Err(_) => errors += 1,
                }
                i += conns;
            }
            (lat, errors)
        });
    }
    let mut stats = Stats::default();
    for (lat, errors) in futures_util::future::join_all(tasks).await {
        stats.latencies.extend(lat);
        stats.errors += errors;
    }
    stats.elapsed = started.elapsed().as_secs_f64();
    stats
}

/// A target list counted over an office's people (issue 21): the pregnant
/// women with no health service in the last 30 days, 21 times in a row, in
/// the office under test (`token`) and in the larger office (`large`:
/// 900,000 people in the full data set, the issue's "list over 1M
/// people"); (median ms, people found) for each.
async fn target_counts(base: &str, token: &str, large: &str) -> [(f64, i64); 2] {
    let client = awc::Client::builder().timeout(Duration::from_secs(120)).finish();
    let since = (chrono::Utc::now().date_naive() - chrono::Duration::days(30)).to_string();
    let definition = json!({"match": "all", "criteria": [
        {"field": "vulnerability", "value": "pregnant"},
        {"field": "service", "service_type": "health", "since": since, "received": false},
    ]})
    .to_string();
    let mut out = [(0.0, 0); 2];
    for (slot, who) in out.iter_mut().zip([token, large]) {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..21 {
            let t0 = Instant::now();
            let mut r = client
                .post(format!("{base}/api/v1/target-lists/count"))
                .insert_header(("Authorization", format!("Bearer {who}")))
                .insert_header(("Content-Type", "application/json"))
                .send_body(definition.clone())
                .await
                .unwrap();
            let body = r.body().limit(1 << 20).await.unwrap_or_default();
            assert!(
                r.status().is_success(),
                "target count failed: {}",
                String::from_utf8_lossy(&body)
            );
            found = serde_json::from_slice::<Value>(&body)
                .map(|v| v["count"].as_i64().unwrap_or(0))
                .unwrap_or(0);
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        *slot = ((times[10] * 10.0).round() / 10.0, found);
    }
    out
}

async fn login(base: &str, email: &str) -> String {
    let client = awc::Client::default();
    let mut r = client
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&json!({"email": email, "password": "a bench passphrase"}))
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

/// Signs in through the web form (form token and its cookie, then the
/// session cookie); answers the `Cookie` header the pages want.
async fn web_login(base: &str, email: &str) -> String {
    // The session cookie comes with the 303 after sign-in: do not follow it.
    let client = awc::Client::builder().disable_redirects().finish();
    let mut form = client.get(format!("{base}/login")).send().await.unwrap();
    let pre = form
        .cookie("md_form")
        .map(|c| format!("md_form={}", c.value()))
        .unwrap_or_default();
    let html = String::from_utf8_lossy(&form.body().await.unwrap()).to_string();
    let at = html.find("name=\"_csrf\" value=\"").unwrap() + "name=\"_csrf\" value=\"".len();
    let csrf = html[at..].split('"').next().unwrap().to_string();
    let mut r = client
        .post(format!("{base}/login"))
        .insert_header(("Cookie", pre))
        .insert_header(("Sec-Fetch-Site", "same-origin"))
        .send_form(&[
            ("_csrf", csrf.as_str()),
            ("email", email),
            ("password", "a bench passphrase"),
        ])
        .await
        .unwrap();
    let Some(session) = r.cookie("md_session") else {
        let body = r.body().await.unwrap_or_default();
        panic!(
            "no session cookie: {} {}",
            r.status(),
            String::from_utf8_lossy(&body)
                .split("<main")
                .nth(1)
                .unwrap_or_default()
                .chars()
                .take(800)
                .collect::<String>()
        );
    };
    format!("md_session={}", session.value())
}

fn main() {
    let args = Args::parse();
    let sizes = if args.quick {
        Sizes {
            register_base: 20_000,
            search_base: 60_000,
            services: 100_000,
            seconds: 5,
        }
    } else {
        Sizes {
            register_base: 100_000,
            search_base: 1_000_000,
            services: 1_000_000,
            seconds: 15,
        }
    };
    let dir = std::env::temp_dir().join(format!("migrant-desk-bench-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = match &args.database {
        None => format!("sqlite://{}", dir.join("bench.sqlite").display()),
        Some(u) if u.starts_with("postgres") => {
            let name = format!("md_bench_{}", uuid::Uuid::now_v7().simple());
            let mut c = diesel::pg::PgConnection::establish(u).unwrap();
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut c)
                .unwrap();
            let base = u.split('?').next().unwrap();
            format!("{}/{}", &base[..base.rfind('/').unwrap()], name)
        }
        Some(u) => u.clone(),
    };
    eprintln!("seeding {url} …");
    let seed_started = Instant::now();
    let db = Db::connect(
        &url,
        &PoolOptions {
            max_size: 2,
            acquire_timeout: Duration::from_secs(30),
            sqlite_synchronous: "NORMAL".into(),
        },
    )
    .unwrap();
    migrant_desk::server::migrate(&db).unwrap();
    let rba = office(&db, "RBA");
    let ouj = office(&db, "OUJ");
    user(&db, "caseworker", Some(&rba), "cw@bench.example");
    user(&db, "manager", None, "manager@bench.example");
    for i in 0..50 {
        user(&db, "caseworker", Some(&ouj), &format!("storm{i}@bench.example"));
    }
    let (migrant_ids, case_ids) = seed(&db, &rba, sizes.register_base, sizes.services, 0);
    seed(
        &db,
        &ouj,
        sizes.search_base.saturating_sub(sizes.register_base),
        0,
        1,
    );
    if let Ok(mut c) = db.get()
        && let DbConn::Pg(pg) = &mut *c
    {
        // A bulk load leaves PostgreSQL without statistics (and its pages
        // not yet marked all-visible, which index-only scans need) until
        // autovacuum gets to it; a deployment that grew over months has both.
        diesel::sql_query("VACUUM ANALYZE").execute(pg).unwrap();
    }
    drop(db);
    let seed_s = seed_started.elapsed().as_secs_f64();
    // The scale figures of a deployment (issue 22): the database's size
    // with its year of cases and services, and a backup of it as
    // docs/operations.md takes one.
    let db_mb = database_mb(&url);
    let backup_file = dir.join("backup");
    let backup_s = if url.starts_with("postgres") {
        let mut cmd = Command::new("pg_dump");
        cmd.args(["-Fc", "-f"]).arg(&backup_file).arg(&url);
        timed(cmd)
    } else {
        let mut cmd = migrant_desk(&url, &dir);
        cmd.arg("backup").arg("--to").arg(&backup_file);
        timed(cmd)
    };
    let backup_mb = (std::fs::metadata(&backup_file).map_or(0, |m| m.len()) as f64 / 1e6).round();
    let _ = std::fs::remove_file(&backup_file);
    if args.seed_only {
        eprintln!("seeded in {seed_s:.0} s ({db_mb} MB); kept {url}");
        return;
    }
    eprintln!("seeded in {seed_s:.0} s ({db_mb} MB, backup {backup_s} s); starting the server");
    let (server, _) = start_server(&url, &dir);
    drop(server);
    let (server, cold) = start_server(&url, &dir);
    let pid = server.child.id();
    std::thread::sleep(Duration::from_millis(500));
    let idle_rss = rss_mb(pid);
    let base = format!("http://127.0.0.1:{}", server.port);
    let dur = Duration::from_secs(sizes.seconds);
    let (quick, import_rows) = (args.quick, args.import_rows);
    let (url2, dir2) = (url.clone(), dir.clone());
    let system = actix_web::rt::System::new();
    let figures = system.block_on(async move {
        let mut f: BTreeMap<&str, Value> = BTreeMap::new();
        let pids = [pid];
        let b = base.clone();
        let (ceiling, cpu) = measured(&pids, drive(&base, 32, dur, Rc::new(move |c, _| c.get(format!("{b}/health/live"))), None)).await;
        f.insert("ceiling_rps", json!(ceiling.rps()));
        f.insert("ceiling_cpu_us", json!(cpu));
        let token = login(&base, "cw@bench.example").await;
        // Target lists counted before any write load (a supervisor's
        // morning); again after them below.
        let large = login(&base, "storm0@bench.example").await;
        let before = target_counts(&base, &token, &large).await;
        f.insert("target_count_quiet_p50_ms", json!(before[0].0));
        f.insert("target_count_large_quiet_p50_ms", json!(before[1].0));
        let (m_all, cs_all) = (Rc::new(migrant_ids), Rc::new(case_ids));
        let (b, t, m, cs) = (base.clone(), token.clone(), m_all.clone(), cs_all.clone());
        let api_read: Req = Rc::new(move |c, i| {
            let path = if i % 2 == 0 { format!("/api/v1/migrants/{}", m[i % m.len()]) } else { format!("/api/v1/cases/{}", cs[i % cs.len()]) };
            c.get(format!("{b}{path}")).insert_header(("Authorization", format!("Bearer {t}")))
        });
        let (quiet, cpu) = measured(&pids, drive(&base, 32, dur, api_read.clone(), None)).await;
        f.insert("read_rps", json!(quiet.rps()));
        f.insert("read_cpu_us", json!(cpu));
        f.insert("read_share_of_ceiling", json!(((quiet.rps() / ceiling.rps()) * 1000.0).round() / 1000.0));
        f.insert("read_p50_ms", json!(quiet.pct(0.5)));
        f.insert("read_p99_ms", json!(quiet.pct(0.99)));
        f.insert("read_errors", json!(quiet.errors));
        // The same reads as pages (a person's page, a case page): session
        // cookie, the same services, plus template rendering.
        let cookie = web_login(&base, "cw@bench.example").await;
        let (b, m, cs) = (base.clone(), m_all.clone(), cs_all.clone());
        let (pages, cpu) = measured(
            &pids,
            drive(
                &base,
                32,
                dur,
                Rc::new(move |c, i| {
                    let path = if i % 2 == 0 { format!("/migrants/{}", m[i % m.len()]) } else { format!("/cases/{}", cs[i % cs.len()]) };
                    c.get(format!("{b}{path}")).insert_header(("Cookie", cookie.clone()))
                }),
                None,
            ),
        )
        .await;
        f.insert("page_rps", json!(pages.rps()));
        f.insert("page_cpu_us", json!(cpu));
        f.insert("page_share_of_read", json!(((pages.rps() / quiet.rps()) * 1000.0).round() / 1000.0));
        f.insert("page_p50_ms", json!(pages.pct(0.5)));
        f.insert("page_p99_ms", json!(pages.pct(0.99)));
        f.insert("page_errors", json!(pages.errors));
        let load_rss = rss_mb(pid);
        let (b, t) = (base.clone(), token.clone());
        let register_request: Req = Rc::new(move |c, _| c.post(format!("{b}/api/v1/migrants")).insert_header(("Authorization", format!("Bearer {t}"))));
        let register_body: Rc<dyn Fn(usize) -> String> = Rc::new(|i| {
            json!({"given_name": GIVEN_F[i % GIVEN_F.len()], "family_name": format!("{}{}", FAMILY[(i / 7) % FAMILY.len()], i % 1000), "sex": "female"}).to_string()
        });
        let (register, cpu) = measured(&pids, drive(&base, 16, dur, register_request, Some(register_body.clone()))).await;
        f.insert("register_rps", json!(register.rps()));
        f.insert("register_cpu_us", json!(cpu));
        f.insert("register_errors", json!(register.errors));
        // Scale-out (PostgreSQL): a second instance on the same database,
        // the same loads spread over both.
        if url2.starts_with("postgres") {
            let (second, _) = start_server(&url2, &dir2);
            let bases = Rc::new([base.clone(), format!("http://127.0.0.1:{}", second.port)]);
            let both = [pid, second.child.id()];
            let (bs, t, m, cs) = (bases.clone(), token.clone(), m_all.clone(), cs_all.clone());
            let (reads2, cpu) = measured(
                &both,
                drive(
                    &base,
                    32,
                    dur,
                    Rc::new(move |c, i| {
                        let path = if i % 2 == 0 { format!("/api/v1/migrants/{}", m[i % m.len()]) } else { format!("/api/v1/cases/{}", cs[i % cs.len()]) };
                        c.get(format!("{}{path}", bs[(i / 2) % 2])).insert_header(("Authorization", format!("Bearer {t}")))
                    }),
                    None,
                ),
            )
            .await;
            f.insert("two_instances_read_rps", json!(reads2.rps()));
            f.insert("two_instances_read_p99_ms", json!(reads2.pct(0.99)));
            f.insert("two_instances_read_cpu_us", json!(cpu));
            f.insert("two_instances_read_ratio", json!(((reads2.rps() / quiet.rps()) * 100.0).round() / 100.0));
            let (bs, t) = (bases.clone(), token.clone());
            let (register2, _) = measured(
                &both,
                drive(
                    &base,
                    16,
                    dur,
                    Rc::new(move |c, i| c.post(format!("{}/api/v1/migrants", bs[i % 2])).insert_header(("Authorization", format!("Bearer {t}")))),
                    Some(Rc::new(move |i| register_body(i + 1_000_000))),
                ),
            )
            .await;
            f.insert("two_instances_register_rps", json!(register2.rps()));
            f.insert("two_instances_register_ratio", json!(((register2.rps() / register.rps()) * 100.0).round() / 100.0));
            drop(second);
        }
        let (b, t) = (base.clone(), token.clone());
        let queries = ["aminata", "mohamed", "diallo1", "محمد", "benali2", "ndiaye", "youssef", "فاطمة"];
        let (search, cpu) = measured(
            &pids,
            drive(
                &base,
                4,
                dur,
                Rc::new(move |c, i| {
                    let q: String = queries[i % queries.len()].bytes().map(|b| format!("%{b:02X}")).collect();
                    c.get(format!("{b}/api/v1/migrants?limit=20&q={q}")).insert_header(("Authorization", format!("Bearer {t}")))
                }),
                None,
            ),
        )
        .await;
        f.insert("search_cpu_us", json!(cpu));
        f.insert("search_p50_ms", json!(search.pct(0.5)));
        f.insert("search_p99_ms", json!(search.pct(0.99)));
        let mtoken = login(&base, "manager@bench.example").await;
        let client = awc::Client::builder().timeout(Duration::from_secs(120)).finish();
        let mut times = Vec::new();
        let from = (chrono::Utc::now().date_naive() - chrono::Duration::days(365)).to_string();
        for _ in 0..5 {
            let t0 = Instant::now();
            let mut r = client
                .get(format!("{base}/api/v1/reports/summary?from={from}"))
                .insert_header(("Authorization", format!("Bearer {mtoken}")))
                .send()
                .await
                .unwrap();
            let body = r.body().limit(16 << 20).await.unwrap_or_default();
            assert!(r.status().is_success(), "summary failed: {}", String::from_utf8_lossy(&body));
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        // The first request freezes the year's months (once per month and
        // deployment); the others read the frozen counts.
        f.insert("summary_first_ms", json!((times[0] * 10.0).round() / 10.0));
        times.sort_by(f64::total_cmp);
        f.insert("summary_ms", json!((times[2] * 10.0).round() / 10.0));
        // The same report under load (4 connections): its CPU per request.
        let (b, t) = (base.clone(), mtoken.clone());
        let (reports, cpu) = measured(
            &pids,
            drive(
                &base,
                4,
                dur,
                Rc::new(move |c, _| c.get(format!("{b}/api/v1/reports/summary?from={from}")).insert_header(("Authorization", format!("Bearer {t}")))),
                None,
            ),
        )
        .await;
        f.insert("report_rps", json!(reports.rps()));
        f.insert("report_cpu_us", json!(cpu));
        // The same counts after the write loads (the WAL then holds their
        // pages until a checkpoint).
        let after = target_counts(&base, &token, &large).await;
        f.insert("target_count_p50_ms", json!(after[0].0));
        f.insert("target_count_found", json!(after[0].1));
        f.insert("target_count_large_p50_ms", json!(after[1].0));
        f.insert("target_count_large_found", json!(after[1].1));
        // Import (issue 21): a spreadsheet of 100,000 rows and about 50 MB
        // (10,000 rows in --quick), uploaded, checked (dry run) and
        // imported row by row over the API; the server's peak RSS after.
        let rows = import_rows.unwrap_or(if quick { 10_000 } else { 100_000 });
        let file = import_file(rows);
        f.insert("import_rows", json!(rows));
        f.insert("import_file_mb", json!(((file.len() as f64 / 1e6) * 10.0).round() / 10.0));
        let slow = awc::Client::builder().timeout(Duration::from_secs(3600)).finish();
        let t0 = Instant::now();
        let mut r = slow
            .post(format!("{base}/api/v1/imports?file_name=bench.csv"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header(("Content-Type", "text/csv"))
            .send_body(file)
            .await
            .unwrap();
        let body = r.body().limit(1 << 20).await.unwrap_or_default();
        assert!(r.status().is_success(), "import upload failed: {}", String::from_utf8_lossy(&body));
        f.insert("import_upload_s", json!((t0.elapsed().as_secs_f64() * 10.0).round() / 10.0));
        let id = serde_json::from_slice::<Value>(&body).unwrap()["id"].as_str().unwrap().to_string();
        for (step, body, name) in [("dry-run", "{}", "import_dry_run_s"), ("run", r#"{"mode":"row_by_row"}"#, "import_run_s")] {
            let t0 = Instant::now();
            let mut r = slow
                .post(format!("{base}/api/v1/imports/{id}/{step}"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("Content-Type", "application/json"))
                .send_body(body)
                .await
                .unwrap();
            let out = r.body().limit(64 << 20).await.unwrap_or_default();
            assert!(r.status().is_success(), "import {step} failed: {}", String::from_utf8_lossy(&out));
            f.insert(name, json!((t0.elapsed().as_secs_f64() * 10.0).round() / 10.0));
            if step == "run" {
                let v: Value = serde_json::from_slice(&out).unwrap();
                f.insert("import_created", v["created"].clone());
            }
        }
        f.insert("import_peak_rss_mb", json!(peak_rss_mb(pid)));
        // Read p99 while 50 clients log in continuously.
        let (b, t, m, cs) = (base.clone(), token.clone(), m_all.clone(), cs_all.clone());
        let reads = drive(
            &base,
            32,
            dur,
            Rc::new(move |c, i| {
                let path = if i % 2 == 0 { format!("/api/v1/migrants/{}", m[i % m.len()]) } else { format!("/api/v1/cases/{}", cs[i % cs.len()]) };
                c.get(format!("{b}{path}")).insert_header(("Authorization", format!("Bearer {t}")))
            }),
            None,
        );
        let b = base.clone();
        let logins = drive(
            &base,
            50,
            dur,
            Rc::new(move |c, _| c.post(format!("{b}/api/v1/auth/login"))),
            Some(Rc::new(|i| json!({"email": format!("storm{}@bench.example", i % 50), "password": "a bench passphrase"}).to_string())),
        );
        let (storm, logins) = futures_util::future::join(reads, logins).await;
        f.insert("storm_read_p99_ms", json!(storm.pct(0.99)));
        f.insert("storm_logins_per_s", json!(logins.rps()));
        f.insert("storm_read_p99_ratio", json!(((storm.pct(0.99) / quiet.pct(0.99)) * 100.0).round() / 100.0));
        f.insert("load_rss_mb", json!(load_rss.max(rss_mb(pid))));
        f
    });
    let mut out: BTreeMap<&str, Value> = figures;
    drop(server);
    // Re-keying every active record's duplicate keys, as an upgrade that
    // changes the key scheme does (`migrate`, docs/operations.md).
    let rekeyed = {
        let db = Db::connect(
            &url,
            &PoolOptions {
                max_size: 1,
                acquire_timeout: Duration::from_secs(30),
                sqlite_synchronous: "NORMAL".into(),
            },
        )
        .unwrap();
        let mut c = db.get().unwrap();
        let scheme = store::migrant::key_scheme(&mut c).unwrap();
        store::migrant::set_key_scheme(&mut c, scheme - 1).unwrap();
        migrants::table
            .filter(migrants::state.eq("active"))
            .count()
            .get_result::<i64>(&mut *c)
            .unwrap()
    };
    let mut cmd = migrant_desk(&url, &dir);
    cmd.arg("migrate");
    out.insert("rekey_s", json!(timed(cmd)));
    out.insert("rekey_records", json!(rekeyed));
    out.insert("database_mb", json!(db_mb));
    out.insert("backup_s", json!(backup_s));
    out.insert("backup_mb", json!(backup_mb));
    out.insert("cold_start_ms", json!((cold.as_secs_f64() * 1000.0).round()));
    out.insert("idle_rss_mb", json!(idle_rss));
    out.insert("mode", json!(if args.quick { "quick" } else { "full" }));
    out.insert(
        "backend",
        json!(if url.starts_with("postgres") {
            "postgres"
        } else {
            "sqlite"
        }),
    );
    out.insert("seed_seconds", json!(seed_s.round()));
    out.insert("migrants", json!(sizes.search_base.max(sizes.register_base)));
    out.insert("services", json!(sizes.services));
    if args.keep {
        eprintln!("kept {url}");
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let (false, Some(admin), Some(name)) = (
        args.keep,
        args.database.as_deref().filter(|u| u.starts_with("postgres")),
        url.rsplit('/').next(),
    ) && let Ok(mut c) = diesel::pg::PgConnection::establish(admin)
    {
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut c);
    }
    let text = serde_json::to_string_pretty(&out).unwrap();
    std::fs::write(&args.out, &text).unwrap();
    println!("{:<24} {:>12}", "figure", "value");
    for (k, v) in &out {
        println!("{k:<24} {:>12}", v.to_string());
    }
    println!("written to {}", args.out);
}
