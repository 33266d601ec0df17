//! Creating and changing user accounts (administrators). A change of role,
//! binding, password or a deactivation ends the user's logins at once.

use crate::audit::{Action, EntityType};
use crate::auth::Role;
use crate::auth::capability::{AccountOverseer, Administrator, Overseer};
use crate::db::{DbConn, new_id, now, write_tx};
use crate::domain::user::check_binding;
use crate::error::{AppError, FieldError};
use crate::store;
use crate::store::user::UserRow;

/// An account as an administrator asks for it (API or page).
#[derive(Debug, Clone)]
pub struct AccountRequest {
    /// Login email.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office.
    pub office_id: Option<String>,
    /// Organisation.
    pub organization_id: Option<String>,
    /// Active flag.
    pub active: bool,
    /// The initial password.
    pub password: String,
}

/// Creates an account: the fields and the password policy checked (422
/// naming each), the password hashed off the request threads, then the
/// row and its audit entry.
pub async fn open_account(
    app: &crate::state::AppState,
    caller: &Administrator,
    r: AccountRequest,
) -> Result<crate::admin::views::UserView, AppError> {
    use crate::domain::name::{clean_email, clean_name};
    let mut errors: Vec<FieldError> = Vec::new();
    let email = clean_email("email", &r.email, &mut errors);
    let full_name = clean_name("full_name", &r.full_name, &mut errors);
    if let Err(m) = crate::auth::password::check_policy(&r.password, &[&r.email, &r.full_name]) {
        errors.push(FieldError::new("password", m));
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let password_hash = app.passwords.hash(r.password).await?;
    // Four eyes: an office account waits for its office's confirmation.
    let awaiting_confirmation_by =
        (app.settings.account_confirmation && r.office_id.is_some()).then(|| caller.user_id.clone());
    let new = NewUser {
        email,
        full_name,
        role: r.role,
        office_id: r.office_id,
        organization_id: r.organization_id,
        active: r.active,
        password_hash,
        awaiting_confirmation_by,
    };
    let by = caller.clone();
    let row = app.db.run(move |c| create(c, &by, new)).await?;
    crate::admin::views::UserView::from_row(row)
}

/// Changes to an account as an administrator asks for them (None keeps;
/// `Some(None)` clears a binding; a password is a new temporary one).
#[derive(Debug, Clone, Default)]
pub struct AccountChange {
    /// Email.
    pub email: Option<String>,
    /// Full name.
    pub full_name: Option<String>,
    /// Role.
    pub role: Option<Role>,
    /// Office.
    pub office_id: Option<Option<String>>,
    /// Organisation.
    pub organization_id: Option<Option<String>>,
    /// Active flag.
    pub active: Option<bool>,
    /// A new password.
    pub password: Option<String>,
}

/// Changes an account: the given fields and the password policy checked
/// (422 naming each), a new password hashed off the request threads, then
/// the update pipeline (412 on a stale version; a change of role, binding
/// or password, or a deactivation, ends the account's logins).
pub async fn change_account(
    app: &crate::state::AppState,
    caller: &Administrator,
    id: String,
    if_match: Option<i32>,
    ch: AccountChange,
) -> Result<crate::admin::views::UserView, AppError> {
    use crate::domain::name::{clean_email, clean_name};
    let mut errors: Vec<FieldError> = Vec::new();
    let email = ch.email.as_deref().map(|e| clean_email("email", e, &mut errors));
    let full_name = ch
        .full_name
        .as_deref()
        .map(|n| clean_name("full_name", n, &mut errors));
    if let Some(password) = ch.password.as_deref() {
        // The person's name and email are what a guesser tries first.
        let key = id.clone();
        let stored = app.db.run(move |c| store::user::find(c, &key)).await?;
        let mut context: Vec<String> = stored.map(|u| vec![u.email, u.full_name]).unwrap_or_default();
        context.extend(ch.email.iter().chain(ch.full_name.iter()).cloned());
        let context: Vec<&str> = context.iter().map(String::as_str).collect();
        if let Err(m) = crate::auth::password::check_policy(password, &context) {
            errors.push(FieldError::new("password", m));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let password_hash = match ch.password {
        Some(p) => Some(app.passwords.hash(p).await?),
        None => None,
    };
    let patch = UserPatch {
        email,
        full_name,
        role: ch.role,
        office_id: ch.office_id,
        organization_id: ch.organization_id,
        active: ch.active,
        password_hash,
        confirm_rebinding: app.settings.account_confirmation,
    };
    let by = caller.clone();
    let row = app.db.run(move |c| update(c, &by, &id, if_match, patch)).await?;
    crate::admin::views::UserView::from_row(row)
}

/// A validated new account (password already hashed).
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Email (normalised).
    pub email: String,
    /// Full name (trimmed).
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office.
    pub office_id: Option<String>,
    /// Organisation.
    pub organization_id: Option<String>,
    /// Active flag.
    pub active: bool,
    /// argon2id hash of the initial password.
    pub password_hash: String,
    /// Four eyes: the administrator who asks for the account, when it must
    /// be confirmed before it can sign in.
    pub awaiting_confirmation_by: Option<String>,
}

/// Requested changes (None keeps; `Some(None)` clears a binding).
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    /// Email (normalised).
    pub email: Option<String>,
    /// Full name (trimmed).
    pub full_name: Option<String>,
    /// Role.
    pub role: Option<Role>,
    /// Office.
    pub office_id: Option<Option<String>>,
    /// Organisation.
    pub organization_id: Option<Option<String>>,
    /// Active flag.
    pub active: Option<bool>,
    /// New password hash.
    pub password_hash: Option<String>,
    /// Four eyes: a new office binding, or a new password of an office
    /// account, waits for a confirmation.
    pub confirm_rebinding: bool,
}

fn check_references(
    c: &mut DbConn,
    office_id: Option<&str>,
    organization_id: Option<&str>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if let Some(o) = office_id
        && store::office::find(c, o)?.is_none()
    {
        errors.push(FieldError::new("office_id", "names no existing office"));
    }
    if let Some(o) = organization_id
        && !store::organization::exists(c, o)?
    {
        errors.push(FieldError::new(
            "organization_id",
            "names no existing organisation",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Unprocessable(errors))
    }
}

/// Creates an account; 409 if the email is taken.
pub fn create(conn: &mut DbConn, caller: &Administrator, new: NewUser) -> Result<UserRow, AppError> {
    let errors = check_binding(new.role, new.office_id.as_deref(), new.organization_id.as_deref());
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    write_tx(conn, |c| {
        check_references(c, new.office_id.as_deref(), new.organization_id.as_deref())?;
        if store::user::find_by_email(c, &new.email)?.is_some() {
            return Err(AppError::AlreadyExists(
                "an account with this email already exists".into(),
            ));
        }
        let at = now();
        let row = UserRow {
            id: new_id(),
            email: new.email,
            full_name: new.full_name,
            role: new.role.as_str().to_string(),
            office_id: new.office_id,
            organization_id: new.organization_id,
            active: new.active,
            password_hash: new.password_hash,
            last_login_at: None,
            created_at: at,
            updated_at: at,
            version: 1,
            language: None,
            // Set by an administrator: temporary (SPEC §5).
            password_change_required: true,
            awaiting_confirmation_by: new.awaiting_confirmation_by,
        };
        store::user::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::User, row.id.clone())
                .in_office(row.office_id.clone())],
        )?;
        Ok(row)
    })
}

/// Changes an account; 412 on a stale version; 409 when it would leave no
/// active administrator or take an email already used.
pub fn update(
    conn: &mut DbConn,
    caller: &Administrator,
    id: &str,
    if_match: Option<i32>,
    patch: UserPatch,
) -> Result<UserRow, AppError> {
    crate::change::update(
        conn,
        caller,
        if_match,
        Action::Update,
        |c| store::user::find(c, id)?.ok_or(AppError::NotFound),
        |c, current| {
            let current_role =
                Role::parse(&current.role).ok_or_else(|| AppError::internal("unknown stored role"))?;
            let role = patch.role.unwrap_or(current_role);
            let office_id = patch.office_id.clone().unwrap_or(current.office_id.clone());
            let organization_id = patch
                .organization_id
                .clone()
                .unwrap_or(current.organization_id.clone());
            let active = patch.active.unwrap_or(current.active);
            let errors = check_binding(role, office_id.as_deref(), organization_id.as_deref());
            if !errors.is_empty() {
                return Err(AppError::Unprocessable(errors));
            }
            check_references(c, office_id.as_deref(), organization_id.as_deref())?;
            if let Some(email) = &patch.email
                && email != &current.email
                && store::user::find_by_email(c, email)?.is_some()
            {
                return Err(AppError::AlreadyExists(
                    "an account with this email already exists".into(),
                ));
            }
            let loses_admin =
                current_role == Role::Admin && current.active && (role != Role::Admin || !active);
            if loses_admin && store::user::count_active_admins(c)? <= 1 {
                return Err(AppError::Conflict(
                    "this would leave no active administrator".into(),
                ));
            }
            let ends_logins = role != current_role
                || !active
                || office_id != current.office_id
                || organization_id != current.organization_id
                || patch.password_hash.is_some();
            // Four eyes: a new office binding waits for that office, and so
            // does a password an administrator sets on an office account (or
            // the administrator could sign in as that person and read the
            // office's case files).
            let rebound = patch.confirm_rebinding
                && office_id.is_some()
                && (office_id != current.office_id || patch.password_hash.is_some());
            if let Some(email) = patch.email {
                current.email = email;
            }
            if let Some(name) = patch.full_name {
                current.full_name = name;
            }
            current.role = role.as_str().to_string();
            current.office_id = office_id;
            current.organization_id = organization_id;
            current.active = active;
            if rebound {
                current.awaiting_confirmation_by = Some(caller.user_id.clone());
            }
            if let Some(hash) = patch.password_hash {
                current.password_hash = hash;
                // Set by an administrator: temporary (SPEC §5).
                current.password_change_required = true;
            }
            if ends_logins {
                store::session::revoke_all_of_user(c, id, "account_changed", now())?;
            }
            Ok(())
        },
    )
}

/// Four eyes: confirms an office account (see [`confirm`]) and answers it.
pub async fn confirm_account(
    app: &crate::state::AppState,
    caller: &AccountOverseer,
    id: String,
) -> Result<crate::admin::views::UserView, AppError> {
    let by = caller.clone();
    let row = app.db.run(move |c| confirm(c, &by, &id)).await?;
    crate::admin::views::UserView::from_row(row)
}

/// Four eyes: confirms an office account that waits for it. A supervisor of
/// the account's office may (not for their own account), or an
/// administrator other than the one who asked; anyone else gets 403, and
/// an account outside the supervisor's office or not waiting 404.
pub fn confirm(conn: &mut DbConn, caller: &AccountOverseer, id: &str) -> Result<UserRow, AppError> {
    write_tx(conn, |c| {
        let user = store::user::find(c, id)?.ok_or(AppError::NotFound)?;
        let Some(asked_by) = user.awaiting_confirmation_by.clone() else {
            return Err(AppError::NotFound);
        };
        match caller {
            Overseer::Supervisor(s) if user.office_id.as_deref() == Some(s.office()) => {
                if caller.user_id == user.id {
                    return Err(AppError::Forbidden("nobody confirms their own account".into()));
                }
            }
            Overseer::Supervisor(_) => return Err(AppError::NotFound),
            Overseer::Administrator(_) if caller.user_id != asked_by => {}
            Overseer::Administrator(_) => {
                return Err(AppError::Forbidden(
                    "another administrator or a supervisor of the office must confirm".into(),
                ));
            }
        }
        let event = caller.event(Action::Update, EntityType::User, user.id.clone());
        mark_confirmed(c, &user, event)
    })
}

/// Lets a waiting account sign in, with its audit entry (`event`, in the
/// account's office).
fn mark_confirmed(
    c: &mut DbConn,
    user: &UserRow,
    event: crate::audit::AuditEvent,
) -> Result<UserRow, AppError> {
    let changes = store::user::UserChanges {
        awaiting_confirmation_by: Some(None),
        ..Default::default()
    };
    let row = store::user::update(c, &user.id, user.version, &changes, now())?;
    crate::audit::trail::append(c, &[event.in_office(user.office_id.clone())])?;
    Ok(row)
}

/// Confirms a waiting account from the command line (the operator, for an
/// office's first supervisor).
pub fn confirm_by_operator(conn: &mut DbConn, email: &str) -> Result<UserRow, AppError> {
    write_tx(conn, |c| {
        let user = store::user::find_by_email(c, &email.trim().to_lowercase())?.ok_or(AppError::NotFound)?;
        if user.awaiting_confirmation_by.is_none() {
            return Err(AppError::Conflict(
                "this account is not waiting for a confirmation".into(),
            ));
        }
        let event = crate::audit::AuditEvent::new(Action::Update, EntityType::User, user.id.clone());
        mark_confirmed(c, &user, event)
    })
}
