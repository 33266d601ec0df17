//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::audit::view::AuditEntryView;
use crate::casefile::views::{CaseView, ConsentView, FollowUpView, MigrantView, NoteView, ServiceView};
use crate::referral::read::OverdueCount;
use crate::referral::view::ReferralView;

use super::problem;
use crate::admin::views::{OfficeView, UserView};
use crate::directory::views::{ApiKeyView, DeliveryView, OrganizationView};
use crate::listing::ListResponse;

/// The API description served at `/api/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "migrant-desk API",
        description = "Case management for municipal migration offices. Errors are RFC 9457 \
            problem documents (application/problem+json). Lists are keyset-paginated: \
            {items, next_cursor}. Records carry a version, returned as ETag; send If-Match \
            on PATCH (412 when stale).",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(
        problem::Problem, crate::error::FieldError, crate::audit::EntityType, crate::audit::Action,
        ListResponse<OfficeView>, ListResponse<UserView>, ListResponse<AuditEntryView>,
        ListResponse<MigrantView>, ListResponse<ConsentView>, ListResponse<CaseView>,
        ListResponse<ServiceView>, ListResponse<NoteView>,
        ListResponse<FollowUpView>, ListResponse<OrganizationView>,
        ListResponse<ApiKeyView>, ListResponse<DeliveryView>,
        ListResponse<ReferralView>, ListResponse<OverdueCount>,
        ListResponse<crate::casefile::attention::AttentionItem>,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign in, tokens, own account"),
        (name = "administration", description = "Offices and user accounts"),
        (name = "audit", description = "The hash-chained audit trail"),
        (name = "reference", description = "Code lists with French, Arabic and English labels"),
        (name = "migrants", description = "Registration, duplicates, search, consent, households, export, anonymisation"),
        (name = "cases", description = "Cases: open, assign, close, reopen, transfer"),
        (name = "services", description = "Support services, notes and follow-ups"),
        (name = "directory", description = "Partner directory, HSDS export/import, API keys, webhooks"),
        (name = "referrals", description = "Referrals from the office to partner associations"),
        (name = "reports", description = "Protected aggregates for managers and supervisors"),
        (name = "target lists", description = "Who a response should reach: criteria, counts, saved lists and their people (office staff)"),
        (name = "imports", description = "Bringing an office's existing spreadsheet in: upload, column mapping, dry run, error report, import (office staff)"),
        (name = "operations", description = "Health and metrics"),
    )
)]
pub struct ApiDoc;

/// The whole document: the declarations above, every endpoint registered
/// by the modules' lists (`http::endpoints`), and the shared problem
/// responses.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    super::routes::document(&mut doc, super::endpoints());
    problem_responses(&mut doc);
    doc
}

fn reason(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "204" => "No content",
        "400" => "Unreadable body or query",
        "401" => "Missing, invalid or expired credentials",
        "403" => "The caller's role lacks this function",
        "404" => "Absent, or outside the caller's scope",
        "409" => "Invalid state transition or unique clash",
        "412" => "Stale version (If-Match)",
        "413" => "Body over 1 MiB",
        "415" => "Body is not JSON",
        "422" => "Invalid, unknown or read-only field",
        "429" => "Throttled; see Retry-After",
        "500" => "Internal error",
        "503" => "Temporarily unavailable; retry",
        _ => "Error (RFC 9457 problem document)",
    }
}

/// Every error answer is an RFC 9457 document sent as
/// `application/problem+json`: each documented 4xx/5xx says so, secured
/// operations document 401, every operation has a `default` problem
/// response, and every response has a description.
fn problem_responses(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
    let problem = || {
        ResponseBuilder::new().content(
            super::problem::PROBLEM_JSON,
            Content::new(Some(Ref::from_schema_name("Problem"))),
        )
    };
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let responses = &mut op.responses.responses;
            if secured {
                responses
                    .entry("401".into())
                    .or_insert_with(|| RefOr::T(problem().build()));
            }
            responses.insert("default".into(), RefOr::T(problem().build()));
            for (status, response) in responses.iter_mut() {
                let RefOr::T(r) = response else { continue };
                let is_error = status == "default" || status.starts_with('4') || status.starts_with('5');
                if is_error {
                    let description = if r.description.is_empty() {
                        reason(status).to_string()
                    } else {
                        r.description.clone()
                    };
                    *r = problem().description(description).build();
                } else if r.description.is_empty() {
                    r.description = reason(status).to_string();
                }
            }
        }
    }
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| refs(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }

    /// Every `$ref` names a defined schema, every error answer is documented
    /// as problem JSON, and every response has a description.
    #[test]
    fn the_document_is_honest_about_shapes_and_media_types() {
        let doc = serde_json::to_value(document()).unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let mut all = Vec::new();
        refs(&doc, &mut all);
        for r in &all {
            let name = r.trim_start_matches("#/components/schemas/");
            assert!(schemas.contains_key(name), "undefined $ref {r}");
        }
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for (status, response) in op["responses"].as_object().unwrap() {
                    assert!(
                        response["description"].as_str().is_some_and(|d| !d.is_empty()),
                        "{method} {path} {status}: no description"
                    );
                    if status == "default" || status.starts_with('4') || status.starts_with('5') {
                        let types: Vec<&String> = response["content"].as_object().unwrap().keys().collect();
                        assert_eq!(types, ["application/problem+json"], "{method} {path} {status}");
                    }
                }
            }
        }
        assert!(
            doc["paths"]["/api/v1/reference"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
                ["additionalProperties"]
                .is_object(),
            "/reference answers a map of code lists"
        );
    }

    /// The committed `docs/openapi.json` is the API contract clients read; a
    /// change to the API must show up in review as a change to that file.
    /// `UPDATE_SNAPSHOTS=1 cargo test openapi` rewrites it.
    #[test]
    fn openapi_document_matches_the_committed_snapshot() {
        let doc = document().to_pretty_json().unwrap() + "\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/openapi.json");
        if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
            std::fs::write(path, &doc).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == doc,
            "docs/openapi.json is out of date: run UPDATE_SNAPSHOTS=1 cargo test openapi and review the diff"
        );
    }
}
