//! One-time messages of a browser login ("the case was transferred to
//! RBA"): left by the action that succeeded, shown on the next page, then
//! deleted. They are kept with the login on the server — a client cannot
//! forge one — and name no person (a message key and one argument such as
//! an office's code).

use crate::db::now;
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::session_notice::NoticeRow;

use super::Caller;

/// Leaves the message `key` (with its `$arg`) for the caller's next page.
pub async fn leave(
    app: &AppState,
    caller: &Caller,
    key: &'static str,
    argument: Option<String>,
) -> Result<(), AppError> {
    let row = NoticeRow {
        session_id: caller.session_id.clone(),
        message_key: key.to_string(),
        argument,
        created_at: now(),
    };
    app.db.run(move |c| store::session_notice::put(c, &row)).await
}

/// The message left for this login, if any: (key, argument), now deleted.
pub async fn take(app: &AppState, caller: &Caller) -> Result<Option<(String, Option<String>)>, AppError> {
    let id = caller.session_id.clone();
    Ok(app
        .db
        .run(move |c| store::session_notice::take(c, &id))
        .await?
        .map(|n| (n.message_key, n.argument)))
}

/// Forgets the messages nobody came back to read (left before `before`).
pub fn purge(c: &mut crate::db::DbConn, before: chrono::NaiveDateTime) -> Result<usize, AppError> {
    store::session_notice::purge(c, before)
}
