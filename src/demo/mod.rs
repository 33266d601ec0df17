//! The demo data set (`--demo`): two offices, partner organisations from the
//! kind of local actors' mapping the cities keep, and one account of each
//! role with documented passwords (README, "Demo"), and case files
//! (`case_files`). Loading is idempotent.

mod case_files;
pub mod people;

use crate::audit::{Action, AuditEvent, EntityType};
use crate::auth::Role;
use crate::auth::password::hash_blocking;
use crate::db::json::JsonList;
use crate::db::{Db, new_id, now, write_tx};
use crate::error::AppError;
use crate::store;
use crate::store::office::OfficeRow;
use crate::store::organization::OrganizationRow;
use crate::store::user::UserRow;

/// A demo account.
pub struct DemoUser {
    /// Login email.
    pub email: &'static str,
    /// Full name (several scripts).
    pub full_name: &'static str,
    /// Role.
    pub role: Role,
    /// Office code, for office roles.
    pub office: Option<&'static str>,
    /// Index into the demo organisations, for partners.
    pub organization: Option<usize>,
    /// Documented demo password.
    pub password: &'static str,
}

/// Demo accounts, one or more per role (documented in README, "Demo").
pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        email: "admin@demo.migrant-desk.org",
        full_name: "Youssef Alaoui",
        role: Role::Admin,
        office: None,
        organization: None,
        password: "demo-admin-pass",
    },
    DemoUser {
        email: "supervisor.rba@demo.migrant-desk.org",
        full_name: "Fatima Zahra El Idrissi — فاطمة الزهراء الإدريسي",
        role: Role::Supervisor,
        office: Some("RBA"),
        organization: None,
        password: "demo-supervisor-pass",
    },
    DemoUser {
        email: "caseworker.rba@demo.migrant-desk.org",
        full_name: "Aminata Diallo",
        role: Role::Caseworker,
        office: Some("RBA"),
        organization: None,
        password: "demo-caseworker-pass",
    },
    DemoUser {
        email: "supervisor.ouj@demo.migrant-desk.org",
        full_name: "Karim Benali — كريم بنعلي",
        role: Role::Supervisor,
        office: Some("OUJ"),
        organization: None,
        password: "demo-supervisor-pass",
    },
    DemoUser {
        email: "caseworker.ouj@demo.migrant-desk.org",
        full_name: "Béatrice Ndiaye",
        role: Role::Caseworker,
        office: Some("OUJ"),
        organization: None,
        password: "demo-caseworker-pass",
    },
    DemoUser {
        email: "manager.rba@demo.migrant-desk.org",
        full_name: "Nadia Tazi",
        role: Role::Manager,
        office: Some("RBA"),
        organization: None,
        password: "demo-manager-pass",
    },
    DemoUser {
        email: "manager@demo.migrant-desk.org",
        full_name: "Ousmane Sow",
        role: Role::Manager,
        office: None,
        organization: None,
        password: "demo-manager-pass",
    },
    DemoUser {
        email: "partner@demo.migrant-desk.org",
        full_name: "Mariam Coulibaly",
        role: Role::Partner,
        office: None,
        organization: Some(0),
        password: "demo-partner-pass",
    },
];

struct DemoOrg {
    name: &'static str,
    acronym: &'static str,
    kind: &'static str,
    description: &'static str,
    services: &'static [&'static str],
    offices: &'static [&'static str],
    languages: &'static [&'static str],
    email: &'static str,
}

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        name: "Association Santé et Solidarité Migrants",
        acronym: "ASSM",
        kind: "association",
        description: "Accompagnement médico-social et psychologique des personnes migrantes.",
        services: &["health", "maternal_health", "psychosocial"],
        offices: &["RBA", "OUJ"],
        languages: &["fr", "ar", "en", "wo"],
        email: "contact@assm.demo",
    },
    DemoOrg {
        name: "Conseil des Migrants Subsahariens",
        acronym: "CMS",
        kind: "association",
        description: "Association de migrants: orientation, médiation communautaire, intégration sociale.",
        services: &["basic_services", "social_integration", "family_tracing"],
        offices: &["RBA"],
        languages: &["fr", "en", "bm", "ff"],
        email: "contact@cms.demo",
    },
    DemoOrg {
        name: "Clinique Juridique Hijra",
        acronym: "CJH",
        kind: "legal_service",
        description: "Aide juridique: régularisation, asile, documents d'état civil.",
        services: &["legal_aid", "documentation"],
        offices: &["RBA", "OUJ"],
        languages: &["fr", "ar", "en"],
        email: "accueil@cjh.demo",
    },
    DemoOrg {
        name: "Espace Emploi Migrants Oujda",
        acronym: "EEMO",
        kind: "local_government",
        description: "Orientation vers l'emploi, formation professionnelle et activités génératrices de revenus.",
        services: &["employment", "vocational_training", "livelihoods"],
        offices: &["OUJ"],
        languages: &["fr", "ar"],
        email: "emploi@eemo.demo",
    },
];

fn json_list(items: &[&str]) -> JsonList<String> {
    JsonList(items.iter().map(|s| s.to_string()).collect())
}

/// Loads the demo data unless it is already there.
pub fn load(db: &Db) -> Result<(), AppError> {
    let mut conn = db.get()?;
    if store::office::find_by_code(&mut conn, "RBA")?.is_some() {
        tracing::info!("demo data already present");
        return Ok(());
    }
    let hashes: Vec<String> = DEMO_USERS
        .iter()
        .map(|u| hash_blocking(u.password))
        .collect::<Result<_, _>>()?;
    write_tx(&mut conn, |c| {
        let at = now();
        let mut events = Vec::new();
        let mut office_ids = std::collections::HashMap::new();
        for (code, name, city) in [
            ("RBA", "Bureau d'accueil des migrants de Rabat", "Rabat"),
            ("OUJ", "Bureau d'accueil des migrants d'Oujda", "Oujda"),
        ] {
            let row = OfficeRow {
                id: new_id(),
                code: code.into(),
                name: name.into(),
                city: city.into(),
                country: "MA".into(),
                created_at: at,
                updated_at: at,
                version: 1,
                time_zone: None,
            };
            store::office::insert(c, &row)?;
            events.push(AuditEvent::new(
                Action::Create,
                EntityType::Office,
                row.id.clone(),
            ));
            office_ids.insert(code, row.id);
        }
        let mut org_ids = Vec::new();
        for o in ORGS {
            let served: Vec<&str> = o
                .offices
                .iter()
                .filter_map(|c| office_ids.get(c).map(String::as_str))
                .collect();
            let row = OrganizationRow {
                id: new_id(),
                name: o.name.into(),
                acronym: Some(o.acronym.into()),
                kind: o.kind.into(),
                description: o.description.into(),
                services: json_list(o.services),
                offices_served: json_list(&served),
                languages: json_list(o.languages),
                contact_email: Some(o.email.into()),
                contact_phone: None,
                address: None,
                active: true,
                created_at: at,
                updated_at: at,
                version: 1,
                has_capacity: true,
                website: None,
                webhook_url: None,
                webhook_secret: None,
            };
            store::organization::insert(c, &row)?;
            events.push(AuditEvent::new(
                Action::Create,
                EntityType::Organization,
                row.id.clone(),
            ));
            org_ids.push(row.id);
        }
        let mut staff = Vec::new();
        let mut partner = None;
        for (u, hash) in DEMO_USERS.iter().zip(hashes) {
            let row = UserRow {
                id: new_id(),
                email: u.email.into(),
                full_name: u.full_name.into(),
                role: u.role.as_str().into(),
                office_id: u.office.and_then(|code| office_ids.get(code).cloned()),
                organization_id: u.organization.and_then(|i| org_ids.get(i).cloned()),
                active: true,
                password_hash: hash,
                last_login_at: None,
                created_at: at,
                updated_at: at,
                version: 1,
                language: None,
                password_change_required: false,
                awaiting_confirmation_by: None,
            };
            store::user::insert(c, &row)?;
            if u.role == Role::Caseworker {
                staff.push((row.id.clone(), row.office_id.clone()));
            }
            if u.role == Role::Partner {
                partner = row.organization_id.clone().map(|org| (row.id.clone(), org));
            }
            events.push(
                AuditEvent::new(Action::Create, EntityType::User, row.id.clone())
                    .in_office(row.office_id.clone()),
            );
        }
        crate::audit::trail::append(c, &events)?;
        case_files::load(c, &staff, &org_ids, partner.as_ref())
    })?;
    println!(
        "Demo data loaded: offices RBA and OUJ, {} partner organisations, {} accounts, {} migrants \
         with cases, services, notes and follow-ups (see README, \"Demo\").",
        ORGS.len(),
        DEMO_USERS.len(),
        (case_files::MIGRANTS_PER_OFFICE + case_files::DUPLICATES_PER_OFFICE) * 2
    );
    Ok(())
}
