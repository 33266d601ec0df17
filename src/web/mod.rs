//! The web frontend (SPEC §7): server-rendered pages in the same binary,
//! on the same services as the JSON API. Pages accept only the session
//! cookie (the API only Bearer credentials); every state change is a POST
//! from this origin with a form token; every page is sent `no-store`
//! under a strict Content-Security-Policy, in French, Arabic or English.

pub mod account;
pub mod admin;
pub mod assets;
pub mod attention;
pub mod cases;
pub mod chart;
pub mod confirm;
pub mod csrf;
pub mod directory;
pub mod display_names;
pub mod fields;
pub mod follow_ups;
pub mod headers;
pub mod home;
pub mod i18n;
pub mod imports;
pub mod labels;
pub mod locale;
pub mod login;
pub mod messages;
pub mod migrants;
pub mod notice;
pub mod offices;
pub mod organization;
pub mod page;
pub mod referrals;
pub mod reports;
pub mod return_path;
pub mod session;
pub mod target_lists;
pub mod who;

use actix_web::web;

/// Registers the pages and their assets.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").route(web::get().to(home::home)))
        .service(
            web::resource("/login")
                .route(web::get().to(login::form))
                .route(web::post().to(login::submit)),
        )
        .service(web::resource("/login/mfa").route(web::post().to(login::submit_second_step)))
        .service(web::resource("/logout").route(web::post().to(login::logout)))
        .service(
            web::resource(account::MFA_PAGE)
                .route(web::get().to(account::mfa_page))
                .route(web::post().to(account::mfa_begin)),
        )
        .service(web::resource("/account/mfa/confirm").route(web::post().to(account::mfa_confirm)))
        .service(web::resource("/account/sessions/{id}/end").route(web::post().to(account::end_login)))
        .service(
            web::resource(account::PASSWORD_PAGE)
                .route(web::get().to(account::password_form))
                .route(web::post().to(account::change_password)),
        )
        .service(web::resource("/language").route(web::post().to(login::language)))
        .service(web::resource("/migrants").route(web::get().to(migrants::search)))
        .service(
            web::resource("/migrants/new")
                .route(web::get().to(migrants::new))
                .route(web::post().to(migrants::create)),
        )
        .service(web::resource("/migrants/{id}").route(web::get().to(migrants::person)))
        .service(web::resource("/migrants/{id}/cases").route(web::post().to(migrants::open_case)))
        .service(web::resource("/migrants/{id}/export").route(web::get().to(migrants::export)))
        .service(
            web::resource("/migrants/{id}/subject-access").route(web::get().to(migrants::subject_access)),
        )
        .service(web::resource("/migrants/{id}/consents").route(web::post().to(migrants::record_consent)))
        .service(web::resource("/migrants/{id}/merge").route(web::post().to(migrants::merge)))
        .service(web::resource("/migrants/{id}/anonymise").route(web::post().to(migrants::anonymise)))
        .service(web::resource("/attention").route(web::get().to(attention::attention)))
        .service(web::resource("/accounts/{id}/confirm").route(web::post().to(attention::confirm_account)))
        .service(
            web::resource("/organization")
                .route(web::get().to(organization::show))
                .route(web::post().to(organization::update)),
        )
        .service(
            web::resource("/organization/webhook-secret").route(web::post().to(organization::rotate_secret)),
        )
        .service(web::resource("/organization/api-keys").route(web::post().to(organization::create_key)))
        .service(
            web::resource("/organization/api-keys/{key}/revoke")
                .route(web::post().to(organization::revoke_key)),
        )
        .service(web::resource("/admin").route(web::get().to(admin::overview)))
        .service(web::resource("/admin/users").route(web::post().to(admin::create_user)))
        .service(web::resource("/admin/users/{id}/deactivate").route(web::post().to(admin::deactivate)))
        .service(web::resource("/admin/organizations/new").route(web::get().to(directory::new_entry)))
        .service(web::resource("/admin/organizations").route(web::post().to(directory::create)))
        .service(
            web::resource("/admin/organizations/{id}")
                .route(web::get().to(directory::edit))
                .route(web::post().to(directory::update)),
        )
        .service(web::resource("/admin/offices/new").route(web::get().to(offices::new_office)))
        .service(web::resource("/admin/offices").route(web::post().to(offices::create)))
        .service(
            web::resource("/admin/offices/{id}")
                .route(web::get().to(offices::edit))
                .route(web::post().to(offices::update)),
        )
        .service(
            web::resource("/admin/users/{id}")
                .route(web::get().to(admin::edit_user))
                .route(web::post().to(admin::update_user)),
        )
        .service(web::resource("/admin/audit").route(web::get().to(admin::audit_trail)))
        .service(web::resource("/reports").route(web::get().to(reports::reports)))
        .service(web::resource("/reports/summary.csv").route(web::get().to(reports::summary_csv)))
        .service(web::resource("/reports/monthly.csv").route(web::get().to(reports::monthly_csv)))
        .service(web::resource("/reports/summary.xlsx").route(web::get().to(reports::summary_xlsx)))
        .service(web::resource("/reports/monthly.xlsx").route(web::get().to(reports::monthly_xlsx)))
        .service(web::resource("/referrals").route(web::get().to(referrals::list)))
        .service(web::resource("/referrals/distribution").route(web::post().to(referrals::distribution)))
        .service(web::resource("/referrals/{id}").route(web::get().to(referrals::show)))
        .service(web::resource("/referrals/{id}/slip").route(web::get().to(referrals::slip)))
        .service(web::resource("/referrals/{id}/accept").route(web::post().to(referrals::accept)))
        .service(web::resource("/referrals/{id}/decline").route(web::post().to(referrals::decline)))
        .service(web::resource("/referrals/{id}/complete").route(web::post().to(referrals::complete)))
        .service(web::resource("/referrals/{id}/cancel").route(web::post().to(referrals::cancel)))
        .service(web::resource("/referrals/{id}/services").route(web::post().to(referrals::record_service)))
        .service(
            web::resource("/target-lists")
                .route(web::get().to(target_lists::lists))
                .route(web::post().to(target_lists::create)),
        )
        .service(web::resource("/target-lists/{id}").route(web::get().to(target_lists::show)))
        .service(web::resource("/target-lists/{id}/delete").route(web::post().to(target_lists::delete)))
        .service(
            web::resource("/target-lists/{id}/distribute").route(web::post().to(target_lists::distribute)),
        )
        .service(web::resource("/target-lists/{id}/sheet").route(web::get().to(target_lists::sheet)))
        .service(
            web::resource("/target-lists/{id}/people.xlsx").route(web::get().to(target_lists::people_xlsx)),
        )
        .service(
            web::resource("/imports")
                .route(web::get().to(imports::list))
                .route(web::post().to(imports::upload)),
        )
        .service(web::resource("/imports/demo").route(web::post().to(imports::demo)))
        .service(web::resource("/imports/demo.csv").route(web::get().to(imports::demo_file)))
        .service(web::resource("/imports/{id}").route(web::get().to(imports::show)))
        .service(web::resource("/imports/{id}/mapping").route(web::post().to(imports::mapping)))
        .service(web::resource("/imports/{id}/run").route(web::post().to(imports::run)))
        .service(web::resource("/imports/{id}/discard").route(web::post().to(imports::discard)))
        .service(web::resource("/imports/{id}/report.csv").route(web::get().to(imports::report)))
        .service(web::resource("/follow-ups").route(web::get().to(follow_ups::list)))
        .service(web::resource("/follow-ups/{id}/done").route(web::post().to(follow_ups::done)))
        .service(web::resource("/follow-ups/{id}/reschedule").route(web::post().to(follow_ups::reschedule)))
        .service(web::resource("/cases/{id}").route(web::get().to(cases::show)))
        .service(web::resource("/cases/{id}/print").route(web::get().to(cases::print)))
        .service(web::resource("/cases/{id}/notes").route(web::post().to(cases::add_note)))
        .service(web::resource("/cases/{id}/follow-ups").route(web::post().to(cases::add_follow_up)))
        .service(web::resource("/cases/{id}/services").route(web::post().to(cases::add_service)))
        .service(web::resource("/cases/{id}/close").route(web::post().to(cases::close)))
        .service(web::resource("/cases/{id}/assign").route(web::post().to(cases::assign)))
        .service(web::resource("/cases/{id}/transfer").route(web::post().to(cases::transfer)))
        .service(web::resource("/cases/{id}/referrals").route(web::post().to(cases::refer)))
        .service(web::resource("/cases/{id}/reopen").route(web::post().to(cases::reopen)))
        .service(web::resource("/assets/{name}").route(web::get().to(assets::serve)));
}

#[cfg(test)]
mod tests {
    /// The page policy allows no inline script or style and no `eval`: a
    /// template that gains an inline script, a `style=` attribute, an
    /// `hx-on` or other event-handler attribute, a `javascript:` URL or an
    /// unescaped value fails here; so does CSS with a physical direction
    /// (the Arabic pages mirror through logical properties only).
    #[test]
    fn templates_keep_to_the_content_security_policy() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap().to_lowercase();
            let name = path.display().to_string();
            for forbidden in [
                " style=",
                "hx-on",
                "javascript:",
                "js:",
                "|safe",
                "| safe",
                "<style",
            ] {
                assert!(!text.contains(forbidden), "{name} contains {forbidden}");
            }
            for (i, _) in text.match_indices("<script") {
                let tag = &text[i..text[i..].find('>').map_or(text.len(), |e| i + e)];
                assert!(tag.contains(" src="), "{name} has an inline script");
            }
            let bytes = text.as_bytes();
            for (i, _) in text.match_indices(" on") {
                let rest = &bytes[i + 3..];
                let word: String = rest
                    .iter()
                    .take_while(|b| b.is_ascii_lowercase())
                    .map(|b| *b as char)
                    .collect();
                let handler = !word.is_empty() && rest.get(word.len()) == Some(&b'=');
                assert!(!handler, "{name} has an event-handler attribute on{word}=");
            }
        }
        let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/app.css")).unwrap();
        // Also: a fixed id appears once per page (a label's `for` must
        // name one field).
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut seen = std::collections::HashSet::new();
            for (i, _) in text.match_indices(" id=\"") {
                let id: String = text[i + 5..].chars().take_while(|c| *c != '"').collect();
                if !id.contains("{{") && !id.contains("{%") {
                    assert!(seen.insert(id.clone()), "{} repeats id {id}", path.display());
                }
            }
        }
        for physical in [
            "margin-left",
            "margin-right",
            "padding-left",
            "padding-right",
            "text-align: left",
            "text-align: right",
            "float: left",
            "float: right",
            " left:",
            " right:",
            "border-left",
            "border-right",
        ] {
            assert!(!css.contains(physical), "app.css uses {physical}");
        }
    }
}
