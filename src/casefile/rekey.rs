//! Re-keying: when the duplicate-key scheme changes (`name_key::name_keys`),
//! the keys of every active record are computed again, in batches of one
//! transaction each, before the service answers. Idempotent: a start-up
//! interrupted half-way starts over, and two instances starting together
//! both finish with the same keys.

use super::migrants::{fields_of, keys_of};
use crate::db::{Db, write_tx};
use crate::error::AppError;
use crate::store;

/// The scheme `name_key::name_keys` produces (2: pairs of name parts; 3:
/// parts without a two-letter skeleton keyed by their letters).
pub const KEY_SCHEME: i32 = 3;

const BATCH: i64 = 500;

/// Brings the stored keys to the current scheme; returns how many records
/// were re-keyed (0 when they already follow it).
pub fn run(db: &Db) -> Result<usize, AppError> {
    let mut conn = db.get()?;
    if store::migrant::key_scheme(&mut conn)? >= KEY_SCHEME {
        return Ok(0);
    }
    let mut after = String::new();
    let mut done = 0;
    loop {
        let last = write_tx(&mut conn, |c| {
            let rows = store::migrant::active_after(c, &after, BATCH)?;
            for row in &rows {
                let keys = keys_of(&fields_of(row)?);
                store::migrant::replace_keys(c, &row.id, &row.office_id, &keys)?;
            }
            Ok(rows.last().map(|r| (r.id.clone(), rows.len())))
        })?;
        match last {
            Some((id, n)) => {
                after = id;
                done += n;
            }
            None => break,
        }
    }
    write_tx(&mut conn, |c| store::migrant::set_key_scheme(c, KEY_SCHEME))?;
    Ok(done)
}
