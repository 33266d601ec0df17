//! The HTTP layer: routes, extractors and problem responses. Handlers stay
//! thin: parse, call the domain/administration code, render.

pub mod attention;
pub mod audit;
pub mod auth;
pub mod caller;
pub mod case_records;
pub mod cases;
pub mod health;
pub mod idempotency;
pub mod json_body;
pub mod me;
pub mod migrants;
pub mod offices;
pub mod openapi;
pub mod organizations;
pub mod precondition;
pub mod problem;
pub mod query;
pub mod reference;
pub mod referrals;
pub mod reports;
pub mod request_context;
pub mod users;

use actix_web::web;

/// Registers the API under `/api/v1` and the operational endpoints.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .service(web::resource("/auth/login").route(web::post().to(auth::login)))
            .service(web::resource("/auth/refresh").route(web::post().to(auth::refresh)))
            .service(web::resource("/auth/logout").route(web::post().to(auth::logout)))
            .service(web::resource("/me").route(web::get().to(me::me)))
            .service(web::resource("/me/password").route(web::post().to(me::change_password)))
            .service(
                web::resource("/offices")
                    .route(web::get().to(offices::list))
                    .route(web::post().to(offices::create)),
            )
            .service(
                web::resource("/offices/{id}")
                    .route(web::get().to(offices::get))
                    .route(web::patch().to(offices::update)),
            )
            .service(
                web::resource("/users")
                    .route(web::get().to(users::list))
                    .route(web::post().to(users::create)),
            )
            .service(
                web::resource("/users/{id}")
                    .route(web::get().to(users::get))
                    .route(web::patch().to(users::update)),
            )
            .service(web::resource("/reference").route(web::get().to(reference::reference)))
            .service(
                web::resource("/migrants")
                    .route(web::get().to(migrants::list))
                    .route(web::post().to(migrants::create)),
            )
            .service(
                web::resource("/migrants/{id}")
                    .route(web::get().to(migrants::get))
                    .route(web::patch().to(migrants::update)),
            )
            .service(web::resource("/migrants/{id}/export").route(web::get().to(migrants::export)))
            .service(web::resource("/migrants/{id}/anonymise").route(web::post().to(migrants::anonymise)))
            .service(web::resource("/migrants/{id}/merge").route(web::post().to(migrants::merge)))
            .service(
                web::resource("/migrants/{id}/consents")
                    .route(web::get().to(migrants::consents))
                    .route(web::post().to(migrants::add_consent)),
            )
            .service(web::resource("/households").route(web::post().to(migrants::create_household)))
            .service(web::resource("/households/{id}").route(web::get().to(migrants::household)))
            .service(
                web::resource("/cases")
                    .route(web::get().to(cases::list))
                    .route(web::post().to(cases::create)),
            )
            .service(
                web::resource("/cases/{id}")
                    .route(web::get().to(cases::get))
                    .route(web::patch().to(cases::update)),
            )
            .service(web::resource("/cases/{id}/assign").route(web::post().to(cases::assign)))
            .service(web::resource("/cases/{id}/close").route(web::post().to(cases::close)))
            .service(web::resource("/cases/{id}/reopen").route(web::post().to(cases::reopen)))
            .service(web::resource("/cases/{id}/transfer").route(web::post().to(cases::transfer)))
            .service(
                web::resource("/cases/{id}/services")
                    .route(web::get().to(case_records::services))
                    .route(web::post().to(case_records::add_service)),
            )
            .service(web::resource("/services/{id}").route(web::patch().to(case_records::update_service)))
            .service(
                web::resource("/cases/{id}/notes")
                    .route(web::get().to(case_records::notes))
                    .route(web::post().to(case_records::add_note)),
            )
            .service(
                web::resource("/cases/{id}/follow-ups")
                    .route(web::get().to(case_records::follow_ups))
                    .route(web::post().to(case_records::add_follow_up)),
            )
            .service(web::resource("/follow-ups").route(web::get().to(case_records::to_do)))
            .service(
                web::resource("/follow-ups/{id}/done").route(web::post().to(case_records::follow_up_done)),
            )
            .service(
                web::resource("/organizations/hsds")
                    .route(web::get().to(organizations::export_hsds))
                    .route(web::post().to(organizations::import_hsds)),
            )
            .service(
                web::resource("/organizations")
                    .route(web::get().to(organizations::list))
                    .route(web::post().to(organizations::create)),
            )
            .service(
                web::resource("/organizations/{id}")
                    .route(web::get().to(organizations::get))
                    .route(web::patch().to(organizations::update)),
            )
            .service(
                web::resource("/organizations/{id}/api-keys")
                    .route(web::get().to(organizations::api_keys_list))
                    .route(web::post().to(organizations::create_api_key)),
            )
            .service(
                web::resource("/organizations/{id}/api-keys/{key_id}/revoke")
                    .route(web::post().to(organizations::revoke_api_key)),
            )
            .service(
                web::resource("/organizations/{id}/webhook-secret")
                    .route(web::post().to(organizations::rotate_webhook_secret)),
            )
            .service(
                web::resource("/organizations/{id}/webhook-deliveries")
                    .route(web::get().to(organizations::deliveries)),
            )
            .service(
                web::resource("/cases/{id}/referrals")
                    .route(web::get().to(referrals::of_case))
                    .route(web::post().to(referrals::create)),
            )
            .service(web::resource("/referrals").route(web::get().to(referrals::list)))
            .service(
                web::resource("/referrals/overdue-by-organization")
                    .route(web::get().to(referrals::overdue_by_organization)),
            )
            .service(web::resource("/referrals/{id}").route(web::get().to(referrals::get)))
            .service(web::resource("/referrals/{id}/accept").route(web::post().to(referrals::accept)))
            .service(web::resource("/referrals/{id}/decline").route(web::post().to(referrals::decline)))
            .service(web::resource("/referrals/{id}/complete").route(web::post().to(referrals::complete)))
            .service(web::resource("/referrals/{id}/cancel").route(web::post().to(referrals::cancel)))
            .service(
                web::resource("/referrals/{id}/services").route(web::post().to(referrals::record_service)),
            )
            .service(web::resource("/attention").route(web::get().to(attention::attention)))
            .service(web::resource("/reports/summary").route(web::get().to(reports::summary)))
            .service(web::resource("/reports/summary.csv").route(web::get().to(reports::summary_csv)))
            .service(web::resource("/reports/monthly").route(web::get().to(reports::monthly)))
            .service(web::resource("/reports/monthly.csv").route(web::get().to(reports::monthly_csv)))
            .service(web::resource("/audit").route(web::get().to(audit::list)))
            .service(web::resource("/audit/verify").route(web::get().to(audit::verify)))
            .service(web::resource("/health/live").route(web::get().to(health::live)))
            .service(web::resource("/health/ready").route(web::get().to(health::ready)))
            .service(web::resource("/metrics").route(web::get().to(health::metrics))),
    )
    .service(web::resource("/health/live").route(web::get().to(health::live)))
    .service(web::resource("/health/ready").route(web::get().to(health::ready)))
    .service(web::resource("/metrics").route(web::get().to(health::metrics)));
}
