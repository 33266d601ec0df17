//! Demo case files: a few hundred migrants across both offices, with
//! consents, cases, services, notes and follow-ups, and a handful of likely
//! duplicates — generated deterministically through the same code paths as
//! the API (validation, duplicate keys, numbering, audit).

use chrono::{Datelike, Duration, NaiveDate};

use crate::auth::capability::{Capability, OfficeStaff, Partner};
use crate::auth::{Caller, Role};
use crate::casefile::case_records::{self, ServiceFields};
use crate::casefile::cases::{self, NewCase};
use crate::casefile::migrants::{self, ConsentStatement};
use crate::db::DbConn;
use crate::domain::migrant::{Document, MigrantFields, ValidMigrant};
use crate::domain::referral::Transition;
use crate::error::AppError;
use crate::referral::workflow::{self, NewReferral};

use super::people::{FAMILY, GIVEN_F, GIVEN_M, Lcg, NATIONALITIES};

/// Migrants registered in each office.
pub const MIGRANTS_PER_OFFICE: usize = 150;

const LANGUAGES: &[&[&str]] = &[
    &["fr"],
    &["fr", "wo"],
    &["fr", "ff"],
    &["en"],
    &["fr", "bm"],
    &["ar"],
    &["en", "ig"],
];
const LEGAL: &[&str] = &[
    "irregular",
    "irregular",
    "irregular",
    "asylum_seeker",
    "refugee_unhcr",
    "regular",
    "ecowas_free_movement",
];
const VULNERABILITIES: &[&str] = &[
    "pregnant",
    "unaccompanied_child",
    "serious_medical_condition",
    "no_documents",
    "woman_at_risk",
    "gbv_survivor",
    "unmet_basic_needs",
    "single_parent",
    "disability",
];
const DISTRICTS_RBA: &[&str] = &[
    "Takaddoum",
    "Yacoub El Mansour",
    "Hay Nahda",
    "Akkari",
    "Douar El Hajja",
];
const DISTRICTS_OUJ: &[&str] = &["Hay Al Qods", "Sidi Maafa", "Lazaret", "Hay Salam"];
const SERVICES: &[&str] = &[
    "health",
    "maternal_health",
    "psychosocial",
    "basic_services",
    "food",
    "shelter",
    "legal_aid",
    "documentation",
    "education",
    "employment",
    "vocational_training",
    "relief_items",
];
const NOTES: &[&str] = &[
    "Première visite au bureau, orientée vers le centre de santé.",
    "Needs an interpreter; follow up with the association.",
    "A besoin d'un hébergement d'urgence pour la semaine.",
    "Documents perdus lors du voyage ; attestation à demander.",
    "تمت مرافقتها إلى المستشفى الإقليمي.",
];

/// Registrations per office that repeat an earlier person under another
/// spelling (upper case, swapped names), as staff meet them.
pub const DUPLICATES_PER_OFFICE: usize = 5;

fn caller(user_id: &str, office_id: &str) -> Result<OfficeStaff, AppError> {
    granted(Caller {
        user_id: user_id.to_string(),
        role: Role::Caseworker,
        office_id: Some(office_id.to_string()),
        organization_id: None,
        session_id: "demo".into(),
        request_id: None,
        must_change_password: false,
        must_enrol_mfa: false,
    })
}

/// The capability `C` of a demo account (its role is chosen here).
fn granted<C: Capability>(caller: Caller) -> Result<C, AppError> {
    C::grant(&caller).ok_or_else(|| AppError::internal("demo account of the wrong role"))
}

/// Loads the case files. `staff` holds one caseworker (id, office) per
/// office; `partner` the demo partner user and its organisation, which
/// receives referrals in every state.
pub fn load(
    c: &mut DbConn,
    staff: &[(String, Option<String>)],
    organizations: &[String],
    partner: Option<&(String, String)>,
) -> Result<(), AppError> {
    let mut rng = Lcg(2026);
    let today = migrants::today();
    for (office_index, (user_id, office_id)) in staff.iter().enumerate() {
        let Some(office_id) = office_id else { continue };
        let me = caller(user_id, office_id)?;
        let districts = if office_index == 0 {
            DISTRICTS_RBA
        } else {
            DISTRICTS_OUJ
        };
        let mut registered = Vec::new();
        let mut referred = 0usize;
        for i in 0..MIGRANTS_PER_OFFICE {
            let female = rng.next(2) == 0;
            let given = rng.pick(if female { GIVEN_F } else { GIVEN_M });
            let family = rng.pick(FAMILY);
            let fields = person(&mut rng, given, family, female, districts, today);
            let consents = consents(&mut rng);
            let may_refer = consents.iter().any(|s| s.purpose == "referral" && s.given);
            let r = migrants::register(c, &me, checked(fields, today)?, consents)?;
            registered.push((given, family, r.row.id.clone()));
            if i % 5 != 4 {
                let case_id = open_case(c, &me, &mut rng, &r.row.id, organizations, today)?;
                if let (true, Some(p), Some(case_id)) = (may_refer && i % 4 == 0, partner, case_id) {
                    refer(c, &me, p, &case_id, referred)?;
                    referred += 1;
                }
            }
        }
        for (i, (given, family, _)) in registered.iter().take(DUPLICATES_PER_OFFICE).enumerate() {
            let (g, f) = if i % 2 == 0 {
                (given.to_uppercase(), family.to_uppercase())
            } else {
                (family.to_string(), given.to_string())
            };
            let mut fields = person(&mut rng, &g, &f, true, districts, today);
            fields.sex = "unknown".into();
            fields.birth_date = None;
            fields.birth_year = None;
            fields.phone = None;
            migrants::register(c, &me, checked(fields, today)?, Vec::new())?;
        }
    }
    Ok(())
}

fn person(
    rng: &mut Lcg,
    given: &str,
    family: &str,
    female: bool,
    districts: &[&str],
    today: NaiveDate,
) -> MigrantFields {
    let age = 1 + rng.next(60) as i32;
    let exact = rng.next(3) == 0;
    let year = today.year() - age;
    let birth_date = exact
        .then(|| NaiveDate::from_ymd_opt(year, 1 + rng.next(12) as u32, 1 + rng.next(28) as u32))
        .flatten();
    let mut vulnerabilities: Vec<String> = Vec::new();
    if rng.next(3) == 0 {
        let v = rng.pick(VULNERABILITIES);
        let impossible = (v == "pregnant" && !female) || (v == "unaccompanied_child" && age >= 18);
        if !impossible {
            vulnerabilities.push(v.into());
        }
    }
    let documents = if rng.next(3) == 0 {
        vec![Document {
            doc_type: "passport".into(),
            number: format!("P{:07}", rng.next(9_999_999)),
            issuer: None,
            issued_on: None,
            expires_on: Some(today + Duration::days(rng.next(900) as i64)),
        }]
    } else {
        Vec::new()
    };
    let fields = MigrantFields {
        given_name: given.into(),
        family_name: family.into(),
        name_ar: None,
        sex: if female { "female".into() } else { "male".into() },
        birth_date,
        birth_year: if exact { None } else { Some(year) },
        nationality: Some(rng.pick(NATIONALITIES).into()),
        languages: rng.pick_list(),
        phone: (rng.next(2) == 0).then(|| {
            format!(
                "+212 6{:02} {:02} {:02} {:02}",
                rng.next(100),
                rng.next(100),
                rng.next(100),
                rng.next(100)
            )
        }),
        district: Some(rng.pick(districts).into()),
        legal_status: rng.pick(LEGAL).into(),
        vulnerabilities,
        arrival_date: Some(today - Duration::days(30 + rng.next(1500) as i64)),
        household_id: None,
        relationship_to_head: None,
        documents,
    };
    fields
        .clone()
        .validate(today)
        .map(ValidMigrant::into_fields)
        .unwrap_or(fields)
}

/// Demo people are registered as anyone is: validated first.
fn checked(fields: MigrantFields, today: NaiveDate) -> Result<ValidMigrant, AppError> {
    fields.validate(today).map_err(AppError::Unprocessable)
}

impl Lcg {
    fn pick_list(&mut self) -> Vec<String> {
        LANGUAGES[self.next(LANGUAGES.len())]
            .iter()
            .map(|l| l.to_string())
            .collect()
    }
}

fn consents(rng: &mut Lcg) -> Vec<ConsentStatement> {
    let mut out = vec![ConsentStatement {
        purpose: "registration".into(),
        given: true,
        note: None,
    }];
    if rng.next(10) < 7 {
        out.push(ConsentStatement {
            purpose: "referral".into(),
            given: true,
            note: None,
        });
    }
    if rng.next(10) < 4 {
        out.push(ConsentStatement {
            purpose: "share_contact".into(),
            given: true,
            note: None,
        });
    }
    out
}

/// Refers an open case to the demo partner and moves the referral to a
/// state chosen by `i`: pending, accepted (with a service), declined,
/// completed or cancelled.
fn refer(
    c: &mut DbConn,
    office: &OfficeStaff,
    partner: &(String, String),
    case_id: &str,
    i: usize,
) -> Result<(), AppError> {
    let (partner_id, org) = partner;
    let by_partner: Partner = granted(Caller {
        user_id: partner_id.clone(),
        role: Role::Partner,
        office_id: None,
        organization_id: Some(org.clone()),
        session_id: "demo".into(),
        request_id: None,
        must_change_password: false,
        must_enrol_mfa: false,
    })?;
    let r = workflow::create(
        c,
        office,
        case_id,
        NewReferral {
            organization_id: org.clone(),
            service_type: ["health", "psychosocial", "maternal_health"][i % 3].into(),
            reason: "Orientation pour une prise en charge médico-sociale.".into(),
            urgency: ["normal", "urgent", "emergency"][i % 3].into(),
            respond_by: None,
            share: vec!["family_name".into(), "nationality".into()],
        },
    )?;
    let t = |c: &mut DbConn, t: Transition, text: Option<&str>, who: &Partner| {
        workflow::by_route(c, &who.clone().into(), &r.id, t, text.map(str::to_string))
    };
    match i % 5 {
        0 => {}
        1 => {
            t(c, Transition::Accept, None, &by_partner)?;
            workflow::record_service(
                c,
                &by_partner,
                &r.id,
                "health".into(),
                "delivered".into(),
                migrants::today(),
                None,
            )?;
        }
        2 => {
            t(
                c,
                Transition::Decline,
                Some("Plus de places ce mois-ci."),
                &by_partner,
            )?;
        }
        3 => {
            t(c, Transition::Accept, None, &by_partner)?;
            t(
                c,
                Transition::Complete,
                Some("Suivi médical assuré, dossier clôturé."),
                &by_partner,
            )?;
        }
        _ => {
            workflow::cancel(c, office, &r.id, Some("La personne a quitté la ville.".into()))?;
        }
    }
    Ok(())
}

fn open_case(
    c: &mut DbConn,
    me: &OfficeStaff,
    rng: &mut Lcg,
    migrant_id: &str,
    organizations: &[String],
    today: NaiveDate,
) -> Result<Option<String>, AppError> {
    let priority = ["low", "normal", "normal", "high", "urgent"][rng.next(5)];
    let case = cases::open(
        c,
        me,
        NewCase {
            migrant_id: migrant_id.into(),
            priority: Some(priority.into()),
            summary: Some("Accueil, écoute et orientation.".into()),
            assigned_to: None,
        },
    )?;
    for _ in 0..1 + rng.next(3) {
        let delivered = rng.next(4) != 0;
        let provider = if rng.next(3) == 0 && !organizations.is_empty() {
            organizations[rng.next(organizations.len())].clone()
        } else {
            "office".into()
        };
        let date = if delivered {
            today - Duration::days(rng.next(400) as i64)
        } else {
            today + Duration::days(rng.next(60) as i64)
        };
        case_records::add_service(
            c,
            me,
            &case.id,
            ServiceFields {
                service_type: rng.pick(SERVICES).into(),
                status: if delivered {
                    "delivered".into()
                } else {
                    "planned".into()
                },
                date,
                provider,
                notes: None,
            },
        )?;
    }
    if rng.next(2) == 0 {
        case_records::add_note(c, me, &case.id, rng.pick(NOTES))?;
    }
    if rng.next(2) == 0 {
        let due = today + Duration::days(rng.next(40) as i64 - 15);
        case_records::add_follow_up(c, me, &case.id, due, "Rappeler pour le suivi / follow-up call")?;
    }
    if rng.next(6) == 0 {
        cases::close(
            c,
            me,
            &case.id,
            ["resolved", "moved_away", "lost_contact", "referred_elsewhere"][rng.next(4)],
        )?;
        return Ok(None);
    }
    Ok(Some(case.id))
}
