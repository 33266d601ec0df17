//! Keyset pagination: a page is the rows strictly after a key, in key order,
//! so concurrent inserts never shift or repeat rows between pages.

/// Default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// Largest page size.
pub const MAX_LIMIT: i64 = 200;

/// A request for one page.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    /// Key of the last row of the previous page.
    pub after: Option<String>,
    /// Rows wanted (already clamped).
    pub limit: i64,
}

/// One page of rows and the key to continue after, if there are more.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Key of the last row when more rows follow.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows.
    pub fn from_rows(mut rows: Vec<T>, limit: i64, key: impl Fn(&T) -> String) -> Self {
        let more = rows.len() as i64 > limit;
        rows.truncate(limit.max(0) as usize);
        let next = if more { rows.last().map(&key) } else { None };
        Self { items: rows, next }
    }
}
