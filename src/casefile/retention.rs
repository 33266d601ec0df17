//! Retention: a migrant whose cases have all been closed for longer than the
//! retention period is anonymised automatically, with every record merged
//! into theirs. Safe with several
//! instances: each record is re-checked inside its own write transaction,
//! so a second instance finds it already anonymised and skips it.

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Timestamp};

use crate::audit::{Action, AuditEvent, EntityType};
use crate::db::schema::migrants;
use crate::db::{DbConn, write_tx};
use crate::error::AppError;
use crate::store;
use crate::store::migrant::ACTIVE;

fn eligible(
    cutoff: NaiveDateTime,
) -> diesel::expression::SqlLiteral<
    Bool,
    impl diesel::query_builder::QueryFragment<crate::db::MultiBackend> + Clone,
> {
    sql::<Bool>(
        "EXISTS (SELECT 1 FROM cases WHERE cases.migrant_id = migrants.id) \
         AND NOT EXISTS (SELECT 1 FROM cases WHERE cases.migrant_id = migrants.id \
         AND (cases.status = 'open' OR cases.closed_at IS NULL OR cases.closed_at >= ",
    )
    .bind::<Timestamp, _>(cutoff)
    .sql("))")
}

/// Migrants due for anonymisation at `now` with `days` of retention.
pub fn due(c: &mut DbConn, now: NaiveDateTime, days: i64) -> Result<Vec<(String, String)>, AppError> {
    let cutoff = now - Duration::days(days);
    Ok(migrants::table
        .filter(migrants::state.eq(ACTIVE))
        .filter(eligible(cutoff))
        .select((migrants::id, migrants::office_id))
        .order(migrants::id.asc())
        .load(c)?)
}

/// Anonymises every migrant due; returns how many this run anonymised.
pub fn run(c: &mut DbConn, now: NaiveDateTime, days: i64) -> Result<usize, AppError> {
    if days <= 0 {
        return Ok(0);
    }
    let cutoff = now - Duration::days(days);
    let mut done = 0;
    for (id, _) in due(c, now, days)? {
        let erased = write_tx(c, |c| {
            // Re-check under the write lock: another instance may have been first.
            let still_due: Option<store::migrant::MigrantRow> = migrants::table
                .filter(migrants::id.eq(&id))
                .filter(migrants::state.eq(ACTIVE))
                .filter(eligible(cutoff))
                .first(c)
                .optional()?;
            let Some(row) = still_due else { return Ok(false) };
            let event = AuditEvent::new(Action::Anonymise, EntityType::Migrant, row.id.clone())
                .in_office(Some(row.office_id.clone()));
            super::migrants::erase(c, row, event)?;
            Ok(true)
        })?;
        if erased {
            done += 1;
        }
    }
    // Records merged into one anonymised before merged records were erased
    // with their survivor still hold an identity: erase them too.
    for id in store::migrant::merged_into_anonymised(c)? {
        write_tx(c, |c| store::personal_data::erase(c, &id))?;
    }
    Ok(done)
}
