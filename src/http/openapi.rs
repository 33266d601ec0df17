//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::audit::view::AuditEntryView;
use crate::casefile::views::{CaseView, ConsentView, FollowUpView, MigrantView, NoteView, ServiceView};
use crate::referral::read::OverdueCount;
use crate::referral::view::ReferralView;

use super::{
    attention, audit, auth, case_records, cases, health, me, migrants, offices, organizations, problem,
    reference, referrals, reports, users,
};
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
    paths(
        auth::login, auth::refresh, auth::logout,
        me::me, me::change_password,
        offices::create, offices::list, offices::get, offices::update,
        users::create, users::list, users::get, users::update,
        audit::list, audit::verify,
        reference::reference,
        migrants::create, migrants::list, migrants::get, migrants::update, migrants::export,
        migrants::anonymise, migrants::merge, migrants::add_consent, migrants::consents,
        migrants::create_household, migrants::household,
        cases::create, cases::list, cases::get, cases::update, cases::assign, cases::close,
        cases::reopen, cases::transfer,
        case_records::add_service, case_records::services, case_records::update_service,
        case_records::add_note, case_records::notes, case_records::add_follow_up,
        case_records::follow_ups, case_records::follow_up_done, case_records::to_do,
        organizations::create, organizations::list, organizations::get, organizations::update,
        organizations::export_hsds, organizations::import_hsds, organizations::create_api_key,
        organizations::api_keys_list, organizations::revoke_api_key, organizations::rotate_webhook_secret,
        organizations::deliveries,
        referrals::create, referrals::of_case, referrals::list, referrals::get, referrals::accept,
        referrals::decline, referrals::complete, referrals::cancel, referrals::record_service,
        referrals::overdue_by_organization,
        attention::attention,
        reports::summary, reports::summary_csv, reports::monthly, reports::monthly_csv,
        health::live, health::ready, health::metrics,
    ),
    components(schemas(
        problem::Problem, crate::error::FieldError,
        ListResponse<offices::OfficeView>, ListResponse<users::UserView>, ListResponse<AuditEntryView>,
        ListResponse<MigrantView>, ListResponse<ConsentView>, ListResponse<CaseView>,
        ListResponse<ServiceView>, ListResponse<NoteView>,
        ListResponse<FollowUpView>, ListResponse<organizations::OrganizationView>,
        ListResponse<organizations::ApiKeyView>, ListResponse<organizations::DeliveryView>,
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
        (name = "operations", description = "Health and metrics"),
    )
)]
pub struct ApiDoc;

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

    /// The committed `docs/openapi.json` is the API contract clients read; a
    /// change to the API must show up in review as a change to that file.
    /// `UPDATE_SNAPSHOTS=1 cargo test openapi` rewrites it.
    #[test]
    fn openapi_document_matches_the_committed_snapshot() {
        let doc = ApiDoc::openapi().to_pretty_json().unwrap() + "\n";
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
