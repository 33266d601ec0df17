//! Crash safety: concurrent writers (registrations, case changes, referral
//! transitions) over HTTP, the server killed with SIGKILL at a random moment,
//! restarted; every change that was answered 2xx is there with its audit
//! entry, the database passes `PRAGMA integrity_check`, and the trail
//! verifies. `CRASH_ROUNDS` sets the rounds (10 by default; docs/operations.md
//! gives a longer run).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde_json::json;

use crate::demo::{Staff, call, open_case, pending_referral, person};
use crate::process::{Server, start};

/// What the clients were told was done in one round.
#[derive(Debug, Default)]
struct Acknowledged {
    migrants: Vec<String>,
    /// (case, the last summary step answered 200).
    case: Option<(String, u32)>,
    accepted: Vec<String>,
}

fn random_below(n: u64) -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    u64::from_le_bytes(b) % n
}

/// Starts the writers, kills the server at a random moment, and returns what
/// the writers were answered.
fn one_round(server: Server, port: u16, staff: &Staff, round: usize) -> Acknowledged {
    // What the round's writers work on.
    let pending: Vec<String> = (0..6)
        .map(|i| pending_referral(port, staff, round * 1000 + i))
        .collect();
    let case = open_case(port, staff, round);

    let gone = Arc::new(AtomicBool::new(false));
    let registrar = {
        let (token, gone) = (staff.caseworker.clone(), gone.clone());
        std::thread::spawn(move || {
            let mut acked = Vec::new();
            for n in 0.. {
                match call(
                    port,
                    "POST",
                    "/api/v1/migrants",
                    &token,
                    Some(person(round * 1000 + 100 + n)),
                ) {
                    Ok(r) if r.status == 201 => acked.push(r.json()["id"].as_str().unwrap().to_string()),
                    Ok(_) => {}
                    Err(_) if gone.load(Ordering::SeqCst) => break,
                    Err(_) => {}
                }
            }
            acked
        })
    };
    let changer = {
        let (token, gone, case) = (staff.caseworker.clone(), gone.clone(), case.clone());
        std::thread::spawn(move || {
            let mut last = 0;
            for step in 1.. {
                let body = json!({"summary": format!("step {step}")});
                match call(
                    port,
                    "PATCH",
                    &format!("/api/v1/cases/{case}"),
                    &token,
                    Some(body),
                ) {
                    Ok(r) if r.status == 200 => last = step,
                    Ok(_) => {}
                    Err(_) if gone.load(Ordering::SeqCst) => break,
                    Err(_) => {}
                }
            }
            (case, last)
        })
    };
    let partner = {
        let (token, gone) = (staff.partner.clone(), gone.clone());
        std::thread::spawn(move || {
            let mut acked = Vec::new();
            for id in pending {
                if gone.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(r) = call(
                    port,
                    "POST",
                    &format!("/api/v1/referrals/{id}/accept"),
                    &token,
                    None,
                ) && r.status == 200
                {
                    acked.push(id);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            acked
        })
    };
    std::thread::sleep(Duration::from_millis(50 + random_below(600)));
    gone.store(true, Ordering::SeqCst);
    // SIGKILL: no shutdown, no flush.
    drop(server);
    Acknowledged {
        migrants: registrar.join().unwrap(),
        case: Some(changer.join().unwrap()),
        accepted: partner.join().unwrap(),
    }
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn entries(c: &mut SqliteConnection, entity: &str, action: &str) -> i64 {
    diesel::sql_query("SELECT COUNT(*) AS n FROM audit_log WHERE entity_id = ? AND action = ?")
        .bind::<Text, _>(entity)
        .bind::<Text, _>(action)
        .get_result::<Count>(c)
        .unwrap()
        .n
}

/// The killed process's database, as the next start will find it.
fn check_the_file(db: &std::path::Path, acked: &Acknowledged) {
    let mut c = SqliteConnection::establish(&db.display().to_string()).unwrap();
    c.batch_execute("PRAGMA busy_timeout = 10000").unwrap();
    let report: Vec<Line> = diesel::sql_query("PRAGMA integrity_check").load(&mut c).unwrap();
    assert_eq!(
        report
            .iter()
            .map(|l| l.integrity_check.as_str())
            .collect::<Vec<_>>(),
        ["ok"]
    );
    for id in &acked.migrants {
        assert_eq!(
            entries(&mut c, id, "create"),
            1,
            "registration {id} has its entry"
        );
    }
    if let Some((case, step)) = &acked.case {
        assert!(
            entries(&mut c, case, "update") >= i64::from(*step),
            "each answered case change has its entry"
        );
    }
    for id in &acked.accepted {
        assert!(
            entries(&mut c, id, "transition") >= 1,
            "acceptance of {id} has its entry"
        );
    }
}

/// The restarted service still answers what it acknowledged.
fn check_the_service(port: u16, staff: &Staff, acked: &Acknowledged) {
    for id in &acked.migrants {
        let r = call(
            port,
            "GET",
            &format!("/api/v1/migrants/{id}"),
            &staff.caseworker,
            None,
        )
        .unwrap();
        assert_eq!(r.status, 200, "acknowledged registration {id} is there");
    }
    if let Some((case, step)) = &acked.case {
        let r = call(
            port,
            "GET",
            &format!("/api/v1/cases/{case}"),
            &staff.caseworker,
            None,
        )
        .unwrap();
        // The case is opened without a summary: empty is step 0 (the
        // process may be killed before the first change is answered).
        let summary = r.json()["summary"].as_str().unwrap_or_default().to_string();
        let stored: u32 = match summary.as_str() {
            "" => 0,
            s => s.trim_start_matches("step ").parse().unwrap(),
        };
        assert!(
            stored >= *step,
            "case change {step} was acknowledged, {stored} is stored"
        );
    }
    for id in &acked.accepted {
        let r = call(
            port,
            "GET",
            &format!("/api/v1/referrals/{id}"),
            &staff.caseworker,
            None,
        )
        .unwrap();
        assert_eq!(r.json()["status"], "accepted", "{}", r.body);
    }
    let v = call(port, "GET", "/api/v1/audit/verify", &staff.admin, None).unwrap();
    assert_eq!(v.json()["ok"], true, "{}", v.body);
}

pub fn acknowledged_changes_survive_sigkill_at_random_moments() {
    let rounds: usize = std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/migrant-desk.sqlite");
    let mut previous: Option<Acknowledged> = None;
    let (mut registrations, mut changes, mut transitions) = (0, 0, 0);
    for round in 0..=rounds {
        let (server, _, port) = start(dir.path(), &["--demo"]);
        let staff = Staff::sign_in(port);
        if let Some(acked) = previous.take() {
            check_the_service(port, &staff, &acked);
        }
        if round == rounds {
            break;
        }
        let acked = one_round(server, port, &staff, round);
        check_the_file(&db, &acked);
        registrations += acked.migrants.len();
        changes += acked.case.as_ref().map_or(0, |c| c.1 as usize);
        transitions += acked.accepted.len();
        previous = Some(acked);
    }
    eprintln!(
        "{rounds} kills: {registrations} registrations, {changes} case changes and \
         {transitions} referral transitions acknowledged, all found after restart"
    );
    assert!(registrations > 0 && changes > 0, "the writers got work done");
}
