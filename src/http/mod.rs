//! The HTTP layer: routes, extractors and problem responses. Handlers stay
//! thin: parse, call the domain/administration code, render.

pub mod audit;
pub mod auth;
pub mod caller;
pub mod cursor;
pub mod health;
pub mod json_body;
pub mod me;
pub mod offices;
pub mod openapi;
pub mod precondition;
pub mod problem;
pub mod query;
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
