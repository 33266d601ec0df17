//! `TestApp`: the real application on a real database (a fresh SQLite file
//! or a fresh PostgreSQL database per test) behind a real HTTP server, with
//! helpers to create offices, organisations and users of each role.

use migrant_desk::db::json::JsonList;
use std::io::Write as _;
use std::sync::OnceLock;

use actix_web::http::{Method, StatusCode, header::HeaderMap};
use diesel::Connection;
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use migrant_desk::auth::Role;
use migrant_desk::config::Settings;
use migrant_desk::db::{DbConn, new_id, now};
use migrant_desk::state::AppState;
use migrant_desk::store;
use serde_json::{Value, json};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A response as a test sees it.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub raw: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Asserts the status, printing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.raw
        );
        self
    }

    /// Asserts a problem document with this status, and returns it.
    #[track_caller]
    pub fn problem(self, status: u16) -> Self {
        let r = self.expect(status);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/problem+json"),
            "not a problem document: {}",
            r.raw
        );
        assert_eq!(r.body["status"], status);
        assert!(
            r.body["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("urn:migrant-desk:problem:"))
        );
        assert!(r.body["title"].is_string() && r.body["detail"].is_string());
        r
    }

    /// The fields named by a 422 problem.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A user created for a test, with a signed-in access token.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub password: String,
    pub token: String,
    pub refresh_token: String,
}

struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
                .execute(&mut c);
        }
    }
}

/// The running application.
pub struct TestApp {
    pub srv: actix_test::TestServer,
    pub state: AppState,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// The audit key of every test app.
pub const AUDIT_KEY: &str = "test-audit-key-test-audit-key-test-audit";

pub const TEST_PASSWORD: &str = "a test passphrase 2026";

fn pg_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn postgres_required() -> bool {
    std::env::var("TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1" || v == "true")
}

/// What the PostgreSQL runs can do here.
#[derive(Debug, Clone)]
enum PgStatus {
    Available,
    /// Required but unreachable (the error).
    Missing(String),
    /// Unreachable and not required: reported as ignored.
    Skipped,
}

fn postgres_status() -> PgStatus {
    static STATUS: OnceLock<PgStatus> = OnceLock::new();
    STATUS
        .get_or_init(|| match PgConnection::establish(&pg_admin_url()) {
            Ok(_) => PgStatus::Available,
            Err(e) if postgres_required() => PgStatus::Missing(e.to_string()),
            Err(e) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** PostgreSQL unreachable at TEST_DATABASE_URL ({e}); the PostgreSQL runs are IGNORED ***\n"
                );
                PgStatus::Skipped
            }
        })
        .clone()
}

fn postgres_available() -> bool {
    matches!(postgres_status(), PgStatus::Available)
}

/// A migrated database that every PostgreSQL test database is copied from
/// (`CREATE DATABASE … TEMPLATE`, much faster than migrating each one). Its
/// name carries a digest of the migrations, so a changed schema gets a new
/// template; an advisory lock keeps concurrent test processes from building
/// it twice.
fn pg_template() -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            use sha2::{Digest, Sha256};
            let mut digest = Sha256::new();
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres");
            let mut files: Vec<_> = walk(std::path::Path::new(dir));
            files.sort();
            for f in files {
                let relative = f.strip_prefix(dir).unwrap_or(&f);
                digest.update(relative.to_string_lossy().as_bytes());
                digest.update(std::fs::read(&f).expect("read migration"));
            }
            let name = format!("md_tpl_{}", &hex::encode(digest.finalize())[..16]);
            let admin_url = pg_admin_url();
            let mut c = PgConnection::establish(&admin_url).expect("postgres admin connection");
            diesel::sql_query("SELECT pg_advisory_lock(724601)")
                .execute(&mut c)
                .expect("lock");
            #[derive(diesel::QueryableByName)]
            struct Name {
                #[diesel(sql_type = diesel::sql_types::Text)]
                datname: String,
            }
            let existing: Vec<Name> =
                diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'md_tpl_%'")
                    .load(&mut c)
                    .expect("list templates");
            // Templates of other migration sets are left alone: another
            // checkout's tests may be copying them right now.
            if !existing.iter().any(|n| n.datname == name) {
                let building = format!("{name}_build");
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                    .execute(&mut c);
                diesel::sql_query(format!("CREATE DATABASE {building}"))
                    .execute(&mut c)
                    .expect("create template");
                {
                    let t = PgConnection::establish(&pg_database_url(&admin_url, &building))
                        .expect("template connection");
                    migrant_desk::db::run_migrations(&mut DbConn::Pg(t)).expect("migrate template");
                }
                diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .execute(&mut c)
                    .expect("name template");
                diesel::sql_query(format!("ALTER DATABASE {name} IS_TEMPLATE true"))
                    .execute(&mut c)
                    .expect("mark template");
            }
            diesel::sql_query("SELECT pg_advisory_unlock(724601)")
                .execute(&mut c)
                .expect("unlock");
            name
        })
        .clone()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("migrations directory").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn pg_database_url(admin: &str, name: &str) -> String {
    let base = admin.split('?').next().unwrap_or(admin);
    let cut = base
        .rfind('/')
        .filter(|i| *i > "postgres://".len())
        .unwrap_or(base.len());
    format!("{}/{}", &base[..cut], name)
}

impl TestApp {
    /// Starts the app on `backend`; None when PostgreSQL is unavailable and not required.
    pub async fn start(backend: Backend) -> Option<TestApp> {
        Self::start_with(backend, |_| {}).await
    }

    /// Like `start`, with adjusted settings.
    pub async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut pg = None;
        let database_url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("test.sqlite").display()),
            Backend::Postgres => {
                if !postgres_available() {
                    return None;
                }
                let admin_url = pg_admin_url();
                let template = pg_template();
                let name = format!("md_test_{}", uuid::Uuid::now_v7().simple());
                let mut c = PgConnection::establish(&admin_url).expect("postgres admin connection");
                diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .execute(&mut c)
                    .expect("create database");
                let url = pg_database_url(&admin_url, &name);
                pg = Some(PgDatabase { admin_url, name });
                url
            }
        };
        let mut settings = Settings {
            database_url,
            data_dir: dir.path().display().to_string(),
            jwt_secret: Some("test-secret-test-secret-test-secret-0123".into()),
            // One process, one audit key (`audit::key`): every test app shares it.
            audit_key: Some(AUDIT_KEY.into()),
            db_pool_size: 6,
            password_hash_concurrency: 2,
            // The test client is the proxy: `X-Forwarded-For` plays client addresses.
            trusted_proxies: "127.0.0.1, ::1".into(),
            // Webhook receivers of the tests listen on this machine.
            webhook_allow_private: true,
            ..Settings::default()
        };
        adjust(&mut settings);
        let state = tokio::task::spawn_blocking(move || migrant_desk::server::prepare(settings))
            .await
            .expect("join")
            .expect("prepare the application");
        let factory_state = state.clone();
        let srv = actix_test::start(move || migrant_desk::app::build(factory_state.clone()));
        Some(TestApp {
            srv,
            state,
            _dir: dir,
            _pg: pg,
        })
    }

    /// Runs synchronous database work (setup and inspection behind the API).
    pub async fn db<T: Send + 'static>(&self, f: impl FnOnce(&mut DbConn) -> T + Send + 'static) -> T {
        let db = self.state.db.clone();
        tokio::task::spawn_blocking(move || {
            let mut c = db.get().expect("connection");
            f(&mut c)
        })
        .await
        .expect("join")
    }

    /// Moves every record written so far (registrations, cases, services,
    /// referrals and their answers) back into last month, which reports may
    /// cover; returns that month as `YYYY-MM`. Reports never publish the
    /// month still open (docs/privacy.md).
    pub async fn move_to_last_month(&self) -> String {
        let today = chrono::Utc::now().date_naive();
        let days = chrono::Datelike::day(&today) as i64 + 14;
        self.db(move |c| {
            let sqlite = matches!(c, DbConn::Sqlite(_));
            let shift_time = |col: &str| {
                if sqlite {
                    format!("{col} = strftime('%Y-%m-%d %H:%M:%f', {col}, '-{days} days')")
                } else {
                    format!("{col} = {col} - interval '{days} days'")
                }
            };
            let shift_date = |col: &str| {
                if sqlite {
                    format!("{col} = date({col}, '-{days} days')")
                } else {
                    format!("{col} = {col} - {days}")
                }
            };
            for sql in [
                format!("UPDATE migrants SET {}", shift_time("created_at")),
                format!(
                    "UPDATE cases SET {}, {}",
                    shift_time("opened_at"),
                    shift_time("closed_at")
                ),
                format!("UPDATE services SET {}", shift_date("service_date")),
                format!(
                    "UPDATE referrals SET {}, {}, {}",
                    shift_time("created_at"),
                    shift_time("responded_at"),
                    shift_time("accepted_at")
                ),
            ] {
                diesel::RunQueryDsl::execute(diesel::sql_query(sql), c).expect("move records to last month");
            }
        })
        .await;
        (today - chrono::Duration::days(days)).format("%Y-%m").to_string()
    }

    /// Creates an office directly in the database; returns its id.
    pub async fn office(&self, code: &str) -> String {
        let code = code.to_string();
        self.db(move |c| {
            let at = now();
            let row = store::office::OfficeRow {
                id: new_id(),
                code: code.clone(),
                name: format!("Office {code}"),
                city: "Rabat".into(),
                country: "MA".into(),
                created_at: at,
                updated_at: at,
                version: 1,
                time_zone: None,
            };
            store::office::insert(c, &row).expect("insert office");
            row.id
        })
        .await
    }

    /// Creates a partner organisation directly in the database; returns its id.
    pub async fn organization(&self, name: &str) -> String {
        let name = name.to_string();
        self.db(move |c| {
            let at = now();
            let row = store::organization::OrganizationRow {
                id: new_id(),
                name,
                acronym: None,
                kind: "association".into(),
                description: "test organisation".into(),
                services: JsonList(vec!["other".into()]),
                offices_served: JsonList::default(),
                languages: JsonList(vec!["fr".into()]),
                contact_email: None,
                contact_phone: None,
                address: None,
                active: true,
                created_at: at,
                updated_at: at,
                version: 1,
                has_capacity: true,
                website: None,
                webhook_url: None,
                webhook_secret: None,
            };
            store::organization::insert(c, &row).expect("insert organisation");
            row.id
        })
        .await
    }

    /// Creates an active user of `role` (bound to `office` / `organization`)
    /// and signs them in through the API.
    pub async fn user(&self, role: Role, office: Option<&str>, organization: Option<&str>) -> TestUser {
        let id = new_id();
        let email = format!("{}.{}@test.example", role.as_str(), &id[24..]);
        let hash = migrant_desk::auth::password::hash_blocking(TEST_PASSWORD).expect("hash");
        let row = store::user::UserRow {
            id: id.clone(),
            email: email.clone(),
            full_name: format!("Test {}", role.as_str()),
            role: role.as_str().into(),
            office_id: office.map(str::to_string),
            organization_id: organization.map(str::to_string),
            active: true,
            password_hash: hash,
            last_login_at: None,
            created_at: now(),
            updated_at: now(),
            version: 1,
            language: None,
            password_change_required: false,
            awaiting_confirmation_by: None,
        };
        self.db(move |c| store::user::insert(c, &row).expect("insert user"))
            .await;
        let r = self.login(&email, TEST_PASSWORD).await.expect(200);
        TestUser {
            id,
            email,
            password: TEST_PASSWORD.into(),
            token: r.body["access_token"].as_str().expect("token").into(),
            refresh_token: r.body["refresh_token"].as_str().expect("refresh").into(),
        }
    }

    /// An administrator.
    pub async fn admin(&self) -> TestUser {
        self.user(Role::Admin, None, None).await
    }

    /// One signed-in user of every role (office roles in `office`).
    pub async fn one_of_each(&self, office: &str) -> Vec<(Role, TestUser)> {
        let org = self.organization("Each Role Partner").await;
        let mut all = Vec::new();
        for role in Role::ALL {
            let (o, g) = match role {
                Role::Supervisor | Role::Caseworker | Role::Manager => (Some(office), None),
                Role::Partner => (None, Some(org.as_str())),
                Role::Admin => (None, None),
            };
            all.push((role, self.user(role, o, g).await));
        }
        all
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await
    }

    /// Signs in as a client at `address` (behind the trusted test proxy).
    pub async fn login_from(&self, email: &str, password: &str, address: &str) -> Reply {
        self.raw(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &[("X-Forwarded-For", address)],
            Some((
                "application/json",
                json!({"email": email, "password": password}).to_string(),
            )),
        )
        .await
    }

    /// The same app on another database of the same backend, with adjusted settings.
    pub async fn another(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let backend = match self.state.db.backend() {
            migrant_desk::db::Backend::Sqlite => Backend::Sqlite,
            migrant_desk::db::Backend::Postgres => Backend::Postgres,
        };
        Self::start_with(backend, adjust)
            .await
            .expect("the backend is available")
    }

    /// Sends a request; `body` is sent as JSON.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let body = body.map(|b| b.to_string());
        self.raw(method, path, token, &[], body.map(|b| ("application/json", b)))
            .await
    }

    /// Sends a request with extra headers and an optional (content type, body).
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<(&str, String)>,
    ) -> Reply {
        // Redirects are answers the tests look at, never followed.
        let client = awc::Client::builder().disable_redirects().finish();
        let mut req = client.request(method, self.srv.url(path));
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let mut res = match body {
            Some((ct, b)) => req.insert_header(("Content-Type", ct)).send_body(b).await,
            None => req.send().await,
        }
        .expect("request sent");
        let bytes = res.body().limit(64 * 1024 * 1024).await.expect("body");
        let raw = String::from_utf8_lossy(&bytes).to_string();
        Reply {
            status: res.status(),
            headers: res.headers().clone(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            raw,
        }
    }

    /// Sends a file as the body of a POST (bytes as they are).
    pub async fn upload(&self, path: &str, token: &str, content_type: &str, bytes: Vec<u8>) -> Reply {
        let client = awc::Client::builder().disable_redirects().finish();
        let mut res = client
            .post(self.srv.url(path))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header(("Content-Type", content_type))
            .send_body(bytes)
            .await
            .expect("request sent");
        let bytes = res.body().limit(64 * 1024 * 1024).await.expect("body");
        Reply {
            status: res.status(),
            headers: res.headers().clone(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            raw: String::from_utf8_lossy(&bytes).to_string(),
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(token), Some(body)).await
    }

    /// Audit entries matching `action` (and entity id, if given), read from the database.
    pub async fn audit_count(&self, action: &str, entity_id: Option<&str>) -> usize {
        let action = action.to_string();
        let entity = entity_id.map(str::to_string);
        self.db(move |c| {
            let filter = store::audit::AuditFilter {
                entity_id: entity,
                ..Default::default()
            };
            let page = store::page::PageRequest {
                after: None,
                limit: 100_000,
            };
            store::audit::list(c, &filter, &page)
                .expect("audit")
                .items
                .into_iter()
                .filter(|r| r.action == action)
                .count()
        })
        .await
    }
}

/// A test body: `async fn NAME(app: TestApp)`.
pub type TestBody = fn(TestApp) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

fn run_on(backend: Backend, body: TestBody) -> Result<(), libtest_mimic::Failed> {
    actix_web::rt::System::new().block_on(async move {
        match TestApp::start(backend).await {
            Some(app) => body(app).await,
            None => eprintln!("PostgreSQL unreachable: not run"),
        }
    });
    Ok(())
}

/// The two runs of one test: `module::name::sqlite` and
/// `module::name::postgres` (ignored when PostgreSQL is unreachable and not
/// required; failing when it is required).
pub fn both(module: &str, name: &str, body: TestBody) -> Vec<libtest_mimic::Trial> {
    let module = module.split("::").skip(1).collect::<Vec<_>>().join("::");
    let full = |backend: &str| format!("{module}::{name}::{backend}");
    let sqlite = libtest_mimic::Trial::test(full("sqlite"), move || run_on(Backend::Sqlite, body));
    let postgres = match postgres_status() {
        PgStatus::Available => {
            libtest_mimic::Trial::test(full("postgres"), move || run_on(Backend::Postgres, body))
        }
        PgStatus::Missing(e) => libtest_mimic::Trial::test(full("postgres"), move || {
            Err(format!("PostgreSQL is required (TEST_REQUIRE_POSTGRES) but unreachable: {e}").into())
        }),
        PgStatus::Skipped => {
            libtest_mimic::Trial::test(full("postgres"), move || run_on(Backend::Postgres, body))
                .with_ignored_flag(true)
        }
    };
    vec![sqlite, postgres]
}

/// Lists a test file's tests, each on SQLite and on PostgreSQL, as that
/// file's `trials()`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        /// This file's tests, each on SQLite and on PostgreSQL.
        pub fn trials() -> Vec<libtest_mimic::Trial> {
            let mut out = Vec::new();
            $(
                out.extend($crate::harness::both(module_path!(), stringify!($name), |app| Box::pin($name(app))));
            )+
            out
        }
    };
}

/// A caseworker and a supervisor of one office, signed in.
pub struct OfficeTeam {
    pub office: String,
    pub caseworker: TestUser,
    pub supervisor: TestUser,
}

impl TestApp {
    /// An office with a signed-in caseworker and supervisor.
    pub async fn team(&self, code: &str) -> OfficeTeam {
        let office = self.office(code).await;
        let caseworker = self.user(Role::Caseworker, Some(&office), None).await;
        let supervisor = self.user(Role::Supervisor, Some(&office), None).await;
        OfficeTeam {
            office,
            caseworker,
            supervisor,
        }
    }

    /// Registers a migrant through the API; returns the 201 body.
    pub async fn register(&self, token: &str, body: Value) -> Value {
        self.post("/api/v1/migrants", token, body).await.expect(201).body
    }

    /// Saves a target list `name` of the office's pregnant women; its id.
    pub async fn pregnant_list(&self, token: &str, name: &str) -> String {
        self.post(
            "/api/v1/target-lists",
            token,
            json!({"name": name, "definition": {"match": "all", "criteria": [{"field": "vulnerability", "value": "pregnant"}]}}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .expect("id")
        .to_string()
    }

    /// Puts `migrant` in `household` as `role` (`head`, `child` …).
    pub async fn join_household(&self, token: &str, migrant: &str, household: &str, role: &str) {
        let current = self
            .get(&format!("/api/v1/migrants/{migrant}"), token)
            .await
            .expect(200);
        let etag = current.header("etag").expect("etag");
        self.raw(
            Method::PATCH,
            &format!("/api/v1/migrants/{migrant}"),
            Some(token),
            &[("If-Match", &etag)],
            Some((
                "application/json",
                json!({"household_id": household, "relationship_to_head": role}).to_string(),
            )),
        )
        .await
        .expect(200);
    }

    /// Registers a minimal migrant; returns its id.
    pub async fn migrant(&self, token: &str, given: &str, family: &str) -> String {
        let body = json!({"given_name": given, "family_name": family, "sex": "female",
                          "consents": [{"purpose": "registration", "given": true}]});
        self.register(token, body).await["id"]
            .as_str()
            .expect("id")
            .to_string()
    }

    /// Opens a case on a migrant; returns the 201 body.
    pub async fn open_case(&self, token: &str, migrant_id: &str) -> Value {
        self.post("/api/v1/cases", token, json!({"migrant_id": migrant_id}))
            .await
            .expect(201)
            .body
    }
}

/// An organisation with a signed-in partner user.
pub struct PartnerOrg {
    pub id: String,
    pub user: TestUser,
}

impl PartnerOrg {
    /// A new API key of the organisation, created by its partner user.
    pub async fn api_key(&self, app: &TestApp) -> String {
        app.post(
            &format!("/api/v1/organizations/{}/api-keys", self.id),
            &self.user.token,
            json!({"name": "system"}),
        )
        .await
        .expect(201)
        .body["key"]
            .as_str()
            .expect("key")
            .to_string()
    }
}

impl TestApp {
    /// An active organisation serving `offices` and offering `services`, with a partner user.
    pub async fn partner_org(&self, name: &str, offices: &[&str], services: &[&str]) -> PartnerOrg {
        let id = self.organization(name).await;
        let offices: Vec<String> = offices.iter().map(|s| s.to_string()).collect();
        let services: Vec<String> = services.iter().map(|s| s.to_string()).collect();
        let oid = id.clone();
        self.db(move |c| {
            let mut row = store::organization::find(c, &oid).expect("find").expect("org");
            row.offices_served = JsonList(offices);
            row.services = JsonList(services);
            let v = row.version;
            store::organization::update(c, &row, v).expect("update org");
        })
        .await;
        let user = self.user(Role::Partner, None, Some(&id)).await;
        PartnerOrg { id, user }
    }
}
