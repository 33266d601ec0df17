//! The HTTP layer: routes, extractors and problem responses. Handlers stay
//! thin: parse, call the domain/administration code, render.

pub mod attention;
pub mod audit;
pub mod auth;
pub mod body_deadline;
pub mod caller;
pub mod case_records;
pub mod cases;
pub mod client_address;
pub mod distributions;
pub mod health;
pub mod idempotency;
pub mod imports;
pub mod json_body;
pub mod me;
pub mod migrants;
pub mod offices;
pub mod openapi;
pub mod organizations;
pub mod peer;
pub mod precondition;
pub mod problem;
pub mod query;
pub mod reference;
pub mod referrals;
pub mod reports;
pub mod request_context;
pub mod routes;
pub mod target_lists;
pub mod users;

use actix_web::web;

use routes::Endpoint;

/// Every documented endpoint, module by module.
pub fn endpoints() -> Vec<Endpoint> {
    [
        auth::endpoints(),
        me::endpoints(),
        offices::endpoints(),
        users::endpoints(),
        audit::endpoints(),
        reference::endpoints(),
        migrants::endpoints(),
        cases::endpoints(),
        case_records::endpoints(),
        organizations::endpoints(),
        referrals::endpoints(),
        attention::endpoints(),
        reports::endpoints(),
        target_lists::endpoints(),
        distributions::endpoints(),
        imports::endpoints(),
        health::endpoints(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Registers the API and the operational endpoints (also served under
/// `/api/v1/health/*` and `/api/v1/metrics`, undocumented aliases kept for
/// load balancers configured against the API prefix).
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::register(cfg, endpoints());
    cfg.service(web::resource("/api/v1/health/live").route(web::get().to(health::live)))
        .service(web::resource("/api/v1/health/ready").route(web::get().to(health::ready)))
        .service(web::resource("/api/v1/metrics").route(web::get().to(health::metrics)));
}

#[cfg(test)]
mod tests {
    /// Handlers parse, call a service with the `Caller`, and render: no
    /// database access and no audit entry is written in `src/http` (the
    /// extractor's `denied` entry for a 403 aside).
    #[test]
    fn the_http_layer_reaches_no_store_and_writes_no_audit_entry() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/http");
        // Built so that this test does not match itself.
        let (store, audit) = (["store", "::"].concat(), [".audit", "."].concat());
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            assert!(!text.contains(&store), "{name} uses the store directly");
            if name != "caller.rs" {
                assert!(!text.contains(&audit), "{name} writes audit entries");
            }
        }
    }
}
