//! Issue 20, point 5: `/follow-ups` lists the caseworker's (a supervisor:
//! the office's) follow-ups due, overdue and done, a page at a time with a
//! true count; each open one is marked done or moved from the list and
//! from the case page, and a follow-up done leaves the attention list.

use migrant_desk::auth::Role;
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;
use crate::pages::{encode, token};
use crate::referrals::setup;

on_both_backends!(follow_ups_are_listed_done_and_rescheduled_from_the_pages);

async fn follow_ups_are_listed_done_and_rescheduled_from_the_pages(app: TestApp) {
    let s = setup(&app).await;
    let day = |d: i64| (chrono::Utc::now().date_naive() + chrono::Duration::days(d)).to_string();
    let add = |due: String, what: &'static str| {
        let (app, s) = (&app, &s);
        async move {
            app.post(
                &format!("/api/v1/cases/{}/follow-ups", s.case),
                &s.team.caseworker.token,
                json!({"due_on": due, "description": what}),
            )
            .await
            .expect(201)
            .body["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let late = add(day(-3), "Rappeler la clinique").await;
    let soon = add(day(2), "Apporter le passeport").await;
    for _ in 0..24 {
        add(day(1), "Appel de suivi").await;
    }

    // The home counts all 25 due this week (not the 20 it shows) and links
    // to the list.
    let (cw, home) = app.sign_in(&s.team.caseworker.email).await;
    assert!(home.raw.contains("26 éléments"), "{}", home.raw);
    assert!(home.raw.contains("href=\"/follow-ups\""));
    let overdue = app.page("/follow-ups?show=overdue", Some(&cw)).await.expect(200);
    assert!(overdue.raw.contains("Rappeler la clinique") && overdue.raw.contains("Aminata Diallo"));
    assert!(overdue.raw.contains("1 élément"), "{}", overdue.raw);
    let due = app.page("/follow-ups", Some(&cw)).await.expect(200);
    assert!(due.raw.contains("25 éléments"), "{}", due.raw);

    // Overdue: on the attention list until it is done.
    let (sup, _) = app.sign_in(&s.team.supervisor.email).await;
    let attention = app.page("/attention", Some(&sup)).await.expect(200);
    assert!(attention.raw.contains("data-kind=\"overdue_follow_up\""));
    let done = app
        .form(
            &format!("/follow-ups/{late}/done"),
            Some(&cw),
            &[],
            encode(&[
                ("_csrf", &token(&overdue.raw)),
                ("back", "/follow-ups?show=overdue"),
            ]),
        )
        .await
        .expect(303);
    assert_eq!(
        done.header("location").as_deref(),
        Some("/follow-ups?show=overdue")
    );
    let attention = app.page("/attention", Some(&sup)).await.expect(200);
    assert!(
        !attention.raw.contains("data-kind=\"overdue_follow_up\""),
        "{}",
        attention.raw
    );
    let listed = app.page("/follow-ups?show=done", Some(&cw)).await.expect(200);
    assert!(listed.raw.contains("Rappeler la clinique"));
    // Done twice: refused, nothing changes.
    app.form(
        &format!("/follow-ups/{late}/done"),
        Some(&cw),
        &[],
        encode(&[("_csrf", &token(&overdue.raw))]),
    )
    .await
    .expect(409);

    // Rescheduled from the case page, back to the case.
    let case = app
        .page(&format!("/cases/{}", s.case), Some(&cw))
        .await
        .expect(200);
    assert!(case.raw.contains(&format!("/follow-ups/{soon}/reschedule")));
    let moved = app
        .form(
            &format!("/follow-ups/{soon}/reschedule"),
            Some(&cw),
            &[],
            encode(&[
                ("_csrf", &token(&case.raw)),
                ("due_on", &day(30)),
                ("back", &format!("/cases/{}", s.case)),
            ]),
        )
        .await
        .expect(303);
    assert_eq!(moved.header("location"), Some(format!("/cases/{}", s.case)));
    let api = app
        .get(
            &format!("/api/v1/cases/{}/follow-ups", s.case),
            &s.team.caseworker.token,
        )
        .await
        .expect(200);
    let item = api.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == soon.as_str())
        .unwrap()
        .clone();
    assert_eq!(item["due_on"], day(30));

    // The office's list is for supervisors; other roles and offices get
    // 403 and 404.
    app.page("/follow-ups?whose=office", Some(&cw)).await.expect(403);
    let office = app.page("/follow-ups?whose=office", Some(&sup)).await.expect(200);
    assert!(office.raw.contains("25 éléments"), "{}", office.raw);
    let manager = app.user(Role::Manager, Some(&s.team.office), None).await;
    let (m, _) = app.sign_in(&manager.email).await;
    app.page("/follow-ups", Some(&m)).await.expect(403);
    let other = app.team("OUJ").await;
    let (o, other_home) = app.sign_in(&other.caseworker.email).await;
    app.form(
        &format!("/follow-ups/{soon}/done"),
        Some(&o),
        &[],
        encode(&[("_csrf", &token(&other_home.raw))]),
    )
    .await
    .expect(404);
    // Rescheduling: another office 404, a manager 403, a bad date 422 —
    // each leaves the day unchanged.
    let moved_to = day(30);
    app.form(
        &format!("/follow-ups/{soon}/reschedule"),
        Some(&o),
        &[],
        encode(&[("_csrf", &token(&other_home.raw)), ("due_on", &day(9))]),
    )
    .await
    .expect(404);
    let manager_home = app.page("/", Some(&m)).await.expect(200);
    app.form(
        &format!("/follow-ups/{soon}/reschedule"),
        Some(&m),
        &[],
        encode(&[("_csrf", &token(&manager_home.raw)), ("due_on", &day(9))]),
    )
    .await
    .expect(403);
    app.form(
        &format!("/follow-ups/{soon}/reschedule"),
        Some(&cw),
        &[],
        encode(&[("_csrf", &token(&case.raw)), ("due_on", "31/12/2030")]),
    )
    .await
    .expect(422);
    let api = app
        .get(
            &format!("/api/v1/cases/{}/follow-ups", s.case),
            &s.team.caseworker.token,
        )
        .await
        .expect(200);
    let due = api.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == soon.as_str())
        .unwrap()["due_on"]
        .clone();
    assert_eq!(due, moved_to.as_str(), "nothing changed");
}
