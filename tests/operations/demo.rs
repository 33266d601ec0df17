//! The demo office's staff at work over HTTP: a caseworker of Rabat and the
//! partner of the health association (`--demo` accounts, README "Demo").

use serde_json::{Value, json};

use crate::process::{Reply, send, sign_in};

pub const CASEWORKER: (&str, &str) = ("caseworker.rba@demo.migrant-desk.org", "demo-caseworker-pass");
pub const PARTNER: (&str, &str) = ("partner@demo.migrant-desk.org", "demo-partner-pass");
pub const ADMIN: (&str, &str) = ("admin@demo.migrant-desk.org", "demo-admin-pass");

/// Tokens of the people at work, and the partner's organisation.
#[derive(Debug, Clone)]
pub struct Staff {
    pub caseworker: String,
    pub partner: String,
    pub admin: String,
    pub organization_id: String,
}

impl Staff {
    pub fn sign_in(port: u16) -> Self {
        let partner = sign_in(port, PARTNER.0, PARTNER.1);
        let me = call(port, "GET", "/api/v1/me", &partner, None).unwrap();
        Self {
            caseworker: sign_in(port, CASEWORKER.0, CASEWORKER.1),
            admin: sign_in(port, ADMIN.0, ADMIN.1),
            organization_id: me.json()["organization_id"].as_str().unwrap().to_string(),
            partner,
        }
    }
}

/// An authenticated JSON call; Err when the server is gone.
pub fn call(port: u16, method: &str, path: &str, token: &str, body: Option<Value>) -> std::io::Result<Reply> {
    let auth = format!("Bearer {token}");
    send(
        port,
        method,
        path,
        &[("Authorization", &auth)],
        body.map(|b| b.to_string()).as_deref(),
    )
}

/// The body of a registration with referral consent given.
pub fn person(n: usize) -> Value {
    json!({
        "given_name": format!("Aminata{n}"),
        "family_name": "Diallo",
        "sex": "female",
        "consents": [
            {"purpose": "registration", "given": true},
            {"purpose": "referral", "given": true}
        ]
    })
}

/// Registers a person: the migrant's id (panics if the server refuses).
pub fn register(port: u16, caseworker: &str, n: usize) -> String {
    let m = call(port, "POST", "/api/v1/migrants", caseworker, Some(person(n))).unwrap();
    assert_eq!(m.status, 201, "{}", m.body);
    m.json()["id"].as_str().unwrap().to_string()
}

/// Registers a person and opens a case: the case's id.
pub fn open_case(port: u16, staff: &Staff, n: usize) -> String {
    let m = register(port, &staff.caseworker, n);
    let case = call(
        port,
        "POST",
        "/api/v1/cases",
        &staff.caseworker,
        Some(json!({"migrant_id": m})),
    )
    .unwrap();
    assert_eq!(case.status, 201, "{}", case.body);
    case.json()["id"].as_str().unwrap().to_string()
}

/// Registers a person, opens a case and refers it to the partner: the
/// referral's id (panics if the server refuses).
pub fn pending_referral(port: u16, staff: &Staff, n: usize) -> String {
    let case = open_case(port, staff, n);
    let r = call(
        port,
        "POST",
        &format!("/api/v1/cases/{case}/referrals"),
        &staff.caseworker,
        Some(
            json!({"organization_id": staff.organization_id, "service_type": "health",
                    "reason": "Needs a medical check-up", "urgency": "normal"}),
        ),
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_string()
}
