//! The one write pipeline of every update of a versioned record:
//! load it within the caller's scope → check the `If-Match` version → apply
//! the change → bump the version and `updated_at` → store it only if the
//! stored version is still the one read → append the audit entry — all in
//! one write transaction, so that a change without its entry (or the
//! reverse) cannot exist and a concurrent change is never overwritten.

use chrono::NaiveDateTime;

use crate::audit::{Action, EntityType};
use crate::auth::Caller;
use crate::db::{DbConn, now, write_tx};
use crate::error::AppError;
use crate::store;

/// A stored record with an optimistic-concurrency version.
pub trait Versioned: Sized {
    /// What the audit trail calls it.
    const ENTITY: EntityType;
    /// Its id.
    fn id(&self) -> &str;
    /// The office it belongs to, for the audit entry.
    fn office(&self) -> Option<String>;
    /// Its version now.
    fn version(&self) -> i32;
    /// Sets the version and the time of the change.
    fn stamp(&mut self, version: i32, at: NaiveDateTime);
    /// Writes every field if the stored version is still `expected`.
    fn store(&self, c: &mut DbConn, expected: i32) -> Result<(), AppError>;
}

/// 412 when the client read another version than the one stored.
pub fn check_version(if_match: Option<i32>, stored: i32) -> Result<(), AppError> {
    match if_match {
        Some(v) if v != stored => Err(AppError::PreconditionFailed),
        _ => Ok(()),
    }
}

/// Runs the pipeline: `load` reads the record in the caller's scope (404
/// outside it), `change` applies the change (and may write what goes with
/// it, in the same transaction).
pub fn update<R: Versioned>(
    c: &mut DbConn,
    caller: &Caller,
    if_match: Option<i32>,
    action: Action,
    load: impl FnOnce(&mut DbConn) -> Result<R, AppError>,
    change: impl FnOnce(&mut DbConn, &mut R) -> Result<(), AppError>,
) -> Result<R, AppError> {
    write_tx(c, |c| {
        let mut row = load(c)?;
        check_version(if_match, row.version())?;
        change(c, &mut row)?;
        let read = row.version();
        row.stamp(read + 1, now());
        row.store(c, read)?;
        crate::audit::trail::append(
            c,
            &[caller.event(action, R::ENTITY, row.id()).in_office(row.office())],
        )?;
        Ok(row)
    })
}

macro_rules! versioned {
    ($row:ty, $entity:expr, $store:path, |$r:ident| $office:expr) => {
        impl Versioned for $row {
            const ENTITY: EntityType = $entity;
            fn id(&self) -> &str {
                &self.id
            }
            fn office(&self) -> Option<String> {
                let $r = self;
                $office
            }
            fn version(&self) -> i32 {
                self.version
            }
            fn stamp(&mut self, version: i32, at: NaiveDateTime) {
                self.version = version;
                self.updated_at = at;
            }
            fn store(&self, c: &mut DbConn, expected: i32) -> Result<(), AppError> {
                $store(c, self, expected)
            }
        }
    };
}

versioned!(store::case::CaseRow, EntityType::Case, store::case::update, |r| {
    Some(r.office_id.clone())
});
versioned!(
    store::migrant::MigrantRow,
    EntityType::Migrant,
    store::migrant::update,
    |r| Some(r.office_id.clone())
);
versioned!(
    store::service::ServiceRow,
    EntityType::Service,
    store::service::update,
    |r| Some(r.office_id.clone())
);
versioned!(
    store::organization::OrganizationRow,
    EntityType::Organization,
    store::organization::update,
    |_r| None
);
versioned!(
    store::referral::ReferralRow,
    EntityType::Referral,
    store::referral::update,
    |r| Some(r.office_id.clone())
);
versioned!(
    store::office::OfficeRow,
    EntityType::Office,
    store::office::store,
    |r| Some(r.id.clone())
);
versioned!(
    store::target_list::TargetListRow,
    EntityType::TargetList,
    store::target_list::update,
    |r| Some(r.office_id.clone())
);
versioned!(store::user::UserRow, EntityType::User, store::user::store, |r| r
    .office_id
    .clone());
