//! Lists as clients see them (API and pages alike): opaque cursors (base64url of the store's keyset key) and page-size
//! limits (default 50, at most 200).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

use crate::error::AppError;
use crate::store::page::{DEFAULT_LIMIT, MAX_LIMIT, Page, PageRequest};

/// A page as the API returns it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ListResponse<T> {
    /// The items.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Builds a store page request from `limit` and `cursor` parameters.
pub fn page_request(limit: Option<i64>, cursor: Option<&str>) -> Result<PageRequest, AppError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::field(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let after = match cursor {
        None => None,
        Some(c) => {
            let bytes = URL_SAFE_NO_PAD
                .decode(c)
                .map_err(|_| AppError::field("cursor", "is not a valid cursor"))?;
            Some(String::from_utf8(bytes).map_err(|_| AppError::field("cursor", "is not a valid cursor"))?)
        }
    };
    Ok(PageRequest { after, limit })
}

/// Renders a store page, mapping each row.
pub fn list_response<R, T>(
    page: Page<R>,
    map: impl FnMut(R) -> Result<T, AppError>,
) -> Result<ListResponse<T>, AppError> {
    Ok(ListResponse {
        items: page.items.into_iter().map(map).collect::<Result<_, _>>()?,
        next_cursor: page.next.map(|k| URL_SAFE_NO_PAD.encode(k.as_bytes())),
    })
}

/// Renders a list whose items were assembled as a batch from a store page
/// (`next` is the page's `next` key).
pub fn batch_response<T>(items: Vec<T>, next: Option<String>) -> ListResponse<T> {
    ListResponse {
        items,
        next_cursor: next.map(|k| URL_SAFE_NO_PAD.encode(k.as_bytes())),
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any cursor a client sends is a page request or a 422, never a
        /// panic; every cursor the service hands out reads back as its key.
        #[test]
        fn cursors_read_back_and_garbage_is_refused(garbage in any::<String>(), key in any::<String>()) {
            match page_request(Some(10), Some(&garbage)) {
                Ok(_) => {}
                Err(AppError::Unprocessable(fields)) => prop_assert_eq!(&fields[0].field, "cursor"),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            let handed_out = batch_response(Vec::<()>::new(), Some(key.clone())).next_cursor.unwrap();
            prop_assert_eq!(page_request(None, Some(&handed_out)).unwrap().after, Some(key));
        }

        #[test]
        fn limits_outside_1_to_200_are_refused(limit in any::<i64>()) {
            prop_assert_eq!(page_request(Some(limit), None).is_ok(), (1..=MAX_LIMIT).contains(&limit));
        }
    }
}
