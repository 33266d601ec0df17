//! Creating and changing directory entries. Administrators change
//! everything; a partner changes its own organisation's profile, never its
//! `active` flag.

use crate::audit::{Action, EntityType};
use crate::auth::capability::{Administrator, DirectoryEditor};
use crate::db::json::JsonList;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::domain::organization::{OrganizationFields, ValidOrganization};
use crate::error::{AppError, FieldError};
use crate::store;
use crate::store::organization::OrganizationRow;

/// The fields of a stored entry.
pub fn fields_of(row: &OrganizationRow) -> Result<OrganizationFields, AppError> {
    Ok(OrganizationFields {
        name: row.name.clone(),
        acronym: row.acronym.clone(),
        kind: row.kind.clone(),
        description: row.description.clone(),
        services: row.services.to_vec(),
        offices_served: row.offices_served.to_vec(),
        languages: row.languages.to_vec(),
        contact_email: row.contact_email.clone(),
        contact_phone: row.contact_phone.clone(),
        address: row.address.clone(),
        website: row.website.clone(),
        active: row.active,
        has_capacity: row.has_capacity,
        webhook_url: row.webhook_url.clone(),
    })
}

fn check_offices(c: &mut DbConn, f: &OrganizationFields) -> Result<(), AppError> {
    let mut e = Vec::new();
    for (i, o) in f.offices_served.iter().enumerate() {
        if store::office::find(c, o)?.is_none() {
            e.push(FieldError::new(format!("offices_served[{i}]"), "names no office"));
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(AppError::Unprocessable(e))
    }
}

fn apply(row: &mut OrganizationRow, f: OrganizationFields) -> Result<(), AppError> {
    row.name = f.name;
    row.acronym = f.acronym;
    row.kind = f.kind;
    row.description = f.description;
    row.services = JsonList(f.services.clone());
    row.offices_served = JsonList(f.offices_served.clone());
    row.languages = JsonList(f.languages.clone());
    row.contact_email = f.contact_email;
    row.contact_phone = f.contact_phone;
    row.address = f.address;
    row.website = f.website;
    row.active = f.active;
    row.has_capacity = f.has_capacity;
    if row.webhook_url != f.webhook_url && f.webhook_url.is_some() && row.webhook_secret.is_none() {
        row.webhook_secret = Some(crate::auth::token::random_hex(32)?);
    }
    row.webhook_url = f.webhook_url;
    Ok(())
}

/// Creates an entry (administrators), with an explicit id when importing.
pub fn create(
    c: &mut DbConn,
    caller: &Administrator,
    fields: ValidOrganization,
    id: Option<String>,
) -> Result<OrganizationRow, AppError> {
    let fields = fields.into_fields();
    write_tx(c, |c| {
        check_offices(c, &fields)?;
        check_name_unique(c, &fields.name, None)?;
        let at = now();
        let mut row = OrganizationRow {
            id: id.unwrap_or_else(new_id),
            name: String::new(),
            acronym: None,
            kind: String::new(),
            description: String::new(),
            services: JsonList::default(),
            offices_served: JsonList::default(),
            languages: JsonList::default(),
            contact_email: None,
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
        apply(&mut row, fields)?;
        store::organization::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller.event(Action::Create, EntityType::Organization, &row.id)],
        )?;
        Ok(row)
    })
}

/// The entry a caller may edit: any for administrators, their own for partners.
pub fn load_editable(
    c: &mut DbConn,
    editor: &DirectoryEditor,
    id: &str,
) -> Result<OrganizationRow, AppError> {
    if let DirectoryEditor::Partner(p) = editor
        && p.organization() != id
    {
        return Err(AppError::NotFound);
    }
    store::organization::find(c, id)?.ok_or(AppError::NotFound)
}

/// Refuses a name another entry already has (names are compared trimmed
/// and case-folded: "Caritas" and " caritas" are one organisation).
fn check_name_unique(c: &mut DbConn, name: &str, except: Option<&str>) -> Result<(), AppError> {
    if store::organization::name_taken(c, name, except)? {
        return Err(AppError::Conflict(
            "another organisation of the directory has this name".into(),
        ));
    }
    Ok(())
}

/// Changes an entry: `change` receives the current fields and returns them
/// changed, which are then checked here (`allow_private`: the
/// `webhook_allow_private` setting). An API key cannot: keys do referral
/// work only (SPEC §5). Deactivating an organisation ends its partner
/// users' sessions at once.
pub fn update(
    c: &mut DbConn,
    caller: &DirectoryEditor,
    id: &str,
    if_match: Option<i32>,
    allow_private: bool,
    change: impl FnOnce(OrganizationFields) -> OrganizationFields,
) -> Result<OrganizationRow, AppError> {
    caller.person_only()?;
    crate::change::update(
        c,
        caller,
        if_match,
        Action::Update,
        |c| load_editable(c, caller, id),
        |c, row| {
            let before_active = row.active;
            let fields = change(fields_of(row)?)
                .validate_with(allow_private)
                .map_err(AppError::Unprocessable)?
                .into_fields();
            if matches!(caller, DirectoryEditor::Partner(_)) && fields.active != before_active {
                return Err(AppError::Forbidden(
                    "only an administrator changes whether an organisation is active".into(),
                ));
            }
            check_offices(c, &fields)?;
            check_name_unique(c, &fields.name, Some(&row.id))?;
            if before_active && !fields.active {
                for user in store::user::of_organization(c, &row.id)? {
                    store::session::revoke_all_of_user(c, &user, "organisation deactivated", now())?;
                }
            }
            apply(row, fields)
        },
    )
}

/// Issues a new webhook signing secret (shown once).
pub fn rotate_webhook_secret(c: &mut DbConn, caller: &DirectoryEditor, id: &str) -> Result<String, AppError> {
    caller.person_only()?;
    write_tx(c, |c| {
        let mut row = load_editable(c, caller, id)?;
        let secret = crate::auth::token::random_hex(32)?;
        row.webhook_secret = Some(secret.clone());
        let version = row.version;
        row.version += 1;
        row.updated_at = now();
        store::organization::update(c, &row, version)?;
        crate::audit::trail::append(
            c,
            &[caller.event(Action::Update, EntityType::Organization, &row.id)],
        )?;
        Ok(secret)
    })
}
