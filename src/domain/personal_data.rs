//! Every column that can hold personal data about a migrant, in one place.
//! Anonymisation (`store::personal_data::erase`) erases exactly these; the
//! subject-access export shows the person what they hold; and a test
//! searches every text column of every table for a person's name, phone and
//! document number after an anonymisation, so a column added without an
//! entry here is caught.
//!
//! What reports count is deliberately not here: sex, birth year,
//! nationality, legal status, vulnerabilities, languages, arrival date,
//! codes and dates of cases, services and referrals.

/// How a row is linked to the person it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The migrant's own row (`id`).
    Migrant,
    /// A row with a `migrant_id`.
    MigrantId,
    /// A row of one of the migrant's cases (`case_id`).
    Case,
    /// A row of a referral of one of the migrant's cases (`referral_id`).
    Referral,
}

/// What an erased value becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erased {
    /// The empty string (required text).
    Empty,
    /// NULL (optional values).
    Null,
    /// `[erased]`: required text shown where something was written.
    Marker,
    /// The empty JSON list.
    EmptyList,
    /// The row is deleted (derived data such as name keys).
    RowDeleted,
}

/// One column holding personal data.
#[derive(Debug, Clone, Copy)]
pub struct PersonalColumn {
    /// Table.
    pub table: &'static str,
    /// Column.
    pub column: &'static str,
    /// How its rows are found from the migrant's id.
    pub link: Link,
    /// What erasure leaves.
    pub erased: Erased,
}

const fn col(table: &'static str, column: &'static str, link: Link, erased: Erased) -> PersonalColumn {
    PersonalColumn {
        table,
        column,
        link,
        erased,
    }
}

/// The registry.
pub const PERSONAL_COLUMNS: &[PersonalColumn] = &[
    col("migrants", "given_name", Link::Migrant, Erased::Empty),
    col("migrants", "family_name", Link::Migrant, Erased::Empty),
    col("migrants", "name_ar", Link::Migrant, Erased::Null),
    col("migrants", "birth_date", Link::Migrant, Erased::Null),
    col("migrants", "phone", Link::Migrant, Erased::Null),
    col("migrants", "district", Link::Migrant, Erased::Null),
    col("migrants", "household_id", Link::Migrant, Erased::Null),
    col("migrants", "relationship_to_head", Link::Migrant, Erased::Null),
    col("migrants", "documents", Link::Migrant, Erased::EmptyList),
    col("migrants", "search_text", Link::Migrant, Erased::Empty),
    col("migrant_keys", "key", Link::MigrantId, Erased::RowDeleted),
    col("import_rows", "row_key", Link::MigrantId, Erased::RowDeleted),
    col("consents", "note", Link::MigrantId, Erased::Null),
    col("cases", "summary", Link::MigrantId, Erased::Empty),
    col("notes", "text", Link::Case, Erased::Marker),
    col("services", "notes", Link::Case, Erased::Null),
    col("follow_ups", "description", Link::Case, Erased::Marker),
    col("referrals", "reason", Link::Case, Erased::Marker),
    col("referral_events", "reason", Link::Referral, Erased::Null),
    col("referral_events", "outcome", Link::Referral, Erased::Null),
];

/// Indexes the database keeps from a registry column by itself (triggers):
/// erased with their source. `(table, column, source)`.
pub const DERIVED_COLUMNS: &[(&str, &str, &str)] = &[
    // SQLite's full-text index of names (FTS5), fed from migrants.search_text.
    ("migrant_search", "search_text", "migrants.search_text"),
];

/// The text an erased `Marker` column shows.
pub const ERASED_MARKER: &str = "[erased]";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_listed_once_and_the_migrant_row_is_blanked_not_deleted() {
        let mut seen = std::collections::HashSet::new();
        for c in PERSONAL_COLUMNS {
            assert!(
                seen.insert((c.table, c.column)),
                "{}.{} listed twice",
                c.table,
                c.column
            );
            if c.link == Link::Migrant {
                assert_ne!(
                    c.erased,
                    Erased::RowDeleted,
                    "the record itself stays for the counts"
                );
            }
        }
    }
}
