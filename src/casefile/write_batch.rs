//! What the writes of one transaction leave to be done once, at its end.
//!
//! PostgreSQL keeps every version of a row updated inside one transaction
//! until it commits, and each later read of the row walks them all: an
//! import that appended to the audit chain (and bumped the case counter)
//! once per person paid for it quadratically, and a 100,000-row import did
//! not finish in ten minutes. A `WriteBatch` collects the audit entries and
//! hands out case numbers reserved in one update, so that a transaction
//! touches the chain's head and the counter once however many records it
//! writes.

use std::ops::Range;

use crate::audit::AuditEvent;
use crate::db::DbConn;
use crate::error::AppError;
use crate::store;

/// Audit entries and case numbers of one write transaction.
#[derive(Debug, Default)]
pub(crate) struct WriteBatch {
    events: Vec<AuditEvent>,
    case_numbers: Option<ReservedNumbers>,
}

#[derive(Debug)]
struct ReservedNumbers {
    office_id: String,
    year: i32,
    left: Range<i32>,
}

impl WriteBatch {
    /// Records an audit entry, appended with the others by `finish`.
    pub(crate) fn audit(&mut self, event: AuditEvent) {
        self.events.push(event);
    }

    /// Reserves `count` case numbers of the office's `year` in one update
    /// (numbers left unused at the end are skipped, as after a failed write).
    pub(crate) fn reserve_case_numbers(
        &mut self,
        c: &mut DbConn,
        office_id: &str,
        year: i32,
        count: i32,
    ) -> Result<(), AppError> {
        if count > 0 {
            let left = store::case::reserve_numbers(c, office_id, year, count)?;
            self.case_numbers = Some(ReservedNumbers {
                office_id: office_id.to_string(),
                year,
                left,
            });
        }
        Ok(())
    }

    /// The next case number of the office's `year`: a reserved one if any is
    /// left, else the counter's next.
    pub(crate) fn case_number(
        &mut self,
        c: &mut DbConn,
        office_id: &str,
        year: i32,
    ) -> Result<i32, AppError> {
        if let Some(r) = &mut self.case_numbers
            && r.office_id == office_id
            && r.year == year
            && let Some(n) = r.left.next()
        {
            return Ok(n);
        }
        store::case::next_number(c, office_id, year)
    }

    /// Appends the collected entries to the audit chain.
    pub(crate) fn finish(self, c: &mut DbConn) -> Result<(), AppError> {
        crate::audit::trail::append(c, &self.events)
    }
}
