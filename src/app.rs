//! The actix application: state, extractor configuration, middleware,
//! routes, API docs and the problem-JSON fallback for everything else.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, Error, HttpResponse, web};
use utoipa_swagger_ui::SwaggerUi;

use crate::error::AppError;
use crate::http;
use crate::state::AppState;
use crate::web::page::unrouted;

/// Builds the application for one worker.
pub fn build(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(state))
        .app_data(web::PayloadConfig::new(http::json_body::MAX_BODY_BYTES))
        .app_data(web::PathConfig::default().error_handler(|_, req| unrouted(req, AppError::NotFound)))
        .app_data(
            web::QueryConfig::default()
                .error_handler(|e, req| unrouted(req, AppError::field("query", e.to_string()))),
        )
        .app_data(
            web::JsonConfig::default()
                .limit(http::json_body::MAX_BODY_BYTES)
                .error_handler(|e, _| AppError::BadRequest(e.to_string()).into()),
        )
        .wrap(from_fn(http::body_deadline::deadline))
        .wrap(ErrorHandlers::new().default_handler(http::problem::ensure_problem))
        .wrap(from_fn(crate::web::headers::secure))
        .wrap(from_fn(http::request_context::request_context))
        .configure(http::configure)
        .configure(crate::web::configure)
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", http::openapi::document()))
        .service(web::redirect("/api/docs", "/api/docs/"))
        .default_service(web::to(|req: actix_web::HttpRequest| async move {
            HttpResponse::from_error(unrouted(&req, AppError::NotFound))
        }))
}
