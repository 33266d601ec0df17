//! Saved target lists, and the one query that finds a definition's people:
//! an office's active people whose data-registration consent stands,
//! narrowed by the criteria combined with AND or OR. Every criterion is a
//! bound SQL fragment (no value is ever pasted into SQL text).

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Integer, Text, Timestamp};

use super::migrant::MigrantRow;
use super::page::{Page, PageRequest};
use crate::db::schema::{migrants, target_lists};
use crate::db::{DbConn, MultiBackend};
use crate::domain::target::{Criterion, Match, TargetDefinition, birth_years};
use crate::error::AppError;

/// A stored list.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = target_lists, treat_none_as_null = true)]
pub struct TargetListRow {
    /// Id.
    pub id: String,
    /// The office whose people it finds.
    pub office_id: String,
    /// Its name.
    pub name: String,
    /// The definition, as JSON.
    pub definition: String,
    /// Who saved it first.
    pub created_by: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
}

/// Inserts a list.
pub fn insert(conn: &mut DbConn, row: &TargetListRow) -> Result<(), AppError> {
    diesel::insert_into(target_lists::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// A list of the office (`None` elsewhere).
pub fn find_in_office(
    conn: &mut DbConn,
    id: &str,
    office_id: &str,
) -> Result<Option<TargetListRow>, AppError> {
    Ok(target_lists::table
        .filter(target_lists::id.eq(id.to_string()))
        .filter(target_lists::office_id.eq(office_id.to_string()))
        .first(conn)
        .optional()?)
}

/// The office's lists, by name.
pub fn of_office(conn: &mut DbConn, office_id: &str) -> Result<Vec<TargetListRow>, AppError> {
    Ok(target_lists::table
        .filter(target_lists::office_id.eq(office_id.to_string()))
        .order((target_lists::name.asc(), target_lists::id.asc()))
        .load(conn)?)
}

/// Saves a changed list if it is still at `version` (412 otherwise).
pub fn update(conn: &mut DbConn, row: &TargetListRow, version: i32) -> Result<(), AppError> {
    let n = diesel::update(
        target_lists::table
            .filter(target_lists::id.eq(row.id.clone()))
            .filter(target_lists::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    Ok(())
}

/// Deletes a list.
pub fn delete(conn: &mut DbConn, id: &str) -> Result<(), AppError> {
    diesel::delete(target_lists::table.filter(target_lists::id.eq(id.to_string()))).execute(conn)?;
    Ok(())
}

type Condition = Box<dyn BoxableExpression<migrants::table, MultiBackend, SqlType = Bool>>;

/// What "now" is for a definition: today (age bands, no-contact), the
/// instant (overdue referrals) and the days a partner has to complete.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    /// Today in the office.
    pub today: NaiveDate,
    /// Now.
    pub now: NaiveDateTime,
    /// `referral_completion_days`.
    pub completion_days: i64,
}

const OF_PERSON: &str = "FROM cases c WHERE c.migrant_id = migrants.id";

/// How "received a service" is asked. SQLite runs a correlated `EXISTS`
/// as one probe per person (two index searches, ~1 µs each, 100,000 times
/// over a large office), so it gets the set of the office's people served
/// in the period instead, built once from the report index (a person, their
/// cases and services always share an office: a transfer moves them
/// together). PostgreSQL plans the per-person form as a hash join itself,
/// and could not hash a large `NOT IN` set.
#[derive(Debug, Clone, Copy)]
enum Served<'a> {
    PerPerson,
    SetOfOffice(&'a str),
}

impl<'a> Served<'a> {
    fn on(conn: &DbConn, office_id: &'a str) -> Self {
        match conn {
            DbConn::Sqlite(_) => Served::SetOfOffice(office_id),
            DbConn::Pg(_) => Served::PerPerson,
        }
    }
}

fn condition(c: &Criterion, at: Moment, served: Served) -> Condition {
    use diesel::dsl::sql;
    match c {
        Criterion::Vulnerability { value } => {
            Box::new(sql::<Bool>("migrants.vulnerabilities LIKE ").bind::<Text, _>(format!("%\"{value}\"%")))
        }
        Criterion::Sex { value } => Box::new(sql::<Bool>("migrants.sex = ").bind::<Text, _>(value.clone())),
        Criterion::AgeBand { value } => match birth_years(value, at.today.year()) {
            Some((from, to)) => Box::new(
                sql::<Bool>("(migrants.birth_year >= ")
                    .bind::<Integer, _>(from.unwrap_or(i32::MIN))
                    .sql(" AND migrants.birth_year <= ")
                    .bind::<Integer, _>(to.unwrap_or(i32::MAX))
                    .sql(")"),
            ),
            None => Box::new(sql::<Bool>("migrants.birth_year IS NULL")),
        },
        Criterion::LegalStatus { value } => {
            Box::new(sql::<Bool>("migrants.legal_status = ").bind::<Text, _>(value.clone()))
        }
        Criterion::Nationality { value } => {
            Box::new(sql::<Bool>("migrants.nationality = ").bind::<Text, _>(value.clone()))
        }
        Criterion::District { value } => Box::new(
            sql::<Bool>("LOWER(migrants.district) = LOWER(")
                .bind::<Text, _>(value.clone())
                .sql(")"),
        ),
        Criterion::Household { value } if value == "head" => {
            Box::new(sql::<Bool>("migrants.relationship_to_head = 'head'"))
        }
        Criterion::Household { .. } => Box::new(
            sql::<Bool>(
                "(migrants.household_id IS NOT NULL AND EXISTS (SELECT 1 FROM migrants k \
                 WHERE k.household_id = migrants.household_id AND (k.relationship_to_head = 'child' \
                 OR k.birth_year >= ",
            )
            .bind::<Integer, _>(at.today.year() - 17)
            .sql(")))"),
        ),
        Criterion::OpenCase { value } => Box::new(sql::<Bool>(&format!(
            "{}EXISTS (SELECT 1 {OF_PERSON} AND c.status = 'open')",
            if *value { "" } else { "NOT " }
        ))),
        Criterion::Service {
            service_type,
            since,
            received,
        } => match served {
            Served::SetOfOffice(office) => Box::new(
                sql::<Bool>(&format!(
                    "migrants.id {}IN (SELECT c.migrant_id FROM services s JOIN cases c ON c.id = s.case_id \
                     WHERE s.status = 'delivered' AND s.office_id = ",
                    if *received { "" } else { "NOT " }
                ))
                .bind::<Text, _>(office.to_string())
                .sql(" AND s.service_type = ")
                .bind::<Text, _>(service_type.clone())
                .sql(" AND s.service_date >= ")
                .bind::<Date, _>(*since)
                .sql(")"),
            ),
            Served::PerPerson => Box::new(
            sql::<Bool>(&format!(
                "{}EXISTS (SELECT 1 {OF_PERSON} AND EXISTS (SELECT 1 FROM services s WHERE s.case_id = c.id \
                 AND s.status = 'delivered' AND s.service_type = ",
                if *received { "" } else { "NOT " }
            ))
            .bind::<Text, _>(service_type.clone())
            .sql(" AND s.service_date >= ")
            .bind::<Date, _>(*since)
            .sql("))"),
            ),
        },
        Criterion::Referral { status } if status == "overdue" => Box::new(
            sql::<Bool>(&format!(
                "EXISTS (SELECT 1 {OF_PERSON} AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id \
                 AND ((r.status = 'pending' AND r.respond_by < "
            ))
            .bind::<Timestamp, _>(at.now)
            .sql(") OR (r.status = 'accepted' AND r.accepted_at < ")
            .bind::<Timestamp, _>(at.now - chrono::Duration::days(at.completion_days))
            .sql("))))"),
        ),
        Criterion::Referral { status } => Box::new(
            sql::<Bool>(&format!(
                "EXISTS (SELECT 1 {OF_PERSON} AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id \
                 AND r.status = "
            ))
            .bind::<Text, _>(status.clone())
            .sql("))"),
        ),
        Criterion::NoContactForDays { value } => {
            let since = at.today - chrono::Duration::days(*value);
            Box::new(
                sql::<Bool>(&format!(
                    "NOT EXISTS (SELECT 1 {OF_PERSON} AND (EXISTS (SELECT 1 FROM services s \
                     WHERE s.case_id = c.id AND s.service_date >= "
                ))
                .bind::<Date, _>(since)
                .sql(") OR EXISTS (SELECT 1 FROM notes n WHERE n.case_id = c.id AND n.created_at >= ")
                .bind::<Timestamp, _>(since.and_hms_opt(0, 0, 0).unwrap_or_default())
                .sql(")))"),
            )
        }
    }
}

/// The definition's criteria as one condition.
fn combined(def: &TargetDefinition, at: Moment, served: Served) -> Condition {
    let mut parts = def.criteria.iter().map(|c| condition(c, at, served));
    let Some(first) = parts.next() else {
        return Box::new(diesel::dsl::sql::<Bool>("1 = 1"));
    };
    parts.fold(first, |acc, next| match def.combine {
        Match::All => Box::new(acc.and(next)),
        Match::Any => Box::new(acc.or(next)),
    })
}

/// Not someone whose latest data-registration statement is a refusal or
/// a withdrawal: they are never targeted.
/// One set for the whole count (a few people at most), not a probe per
/// person.
const REGISTRATION_STANDS: &str = "migrants.id NOT IN (SELECT w.migrant_id FROM consents w \
     WHERE w.purpose = 'registration' AND NOT w.given AND NOT EXISTS (SELECT 1 FROM consents g \
     WHERE g.migrant_id = w.migrant_id AND g.purpose = 'registration' AND g.recorded_at > w.recorded_at))";

macro_rules! targeted {
    ($q:expr, $office:expr, $def:expr, $at:expr, $served:expr) => {
        $q.filter(migrants::office_id.eq($office.to_string()))
            .filter(migrants::state.eq(super::migrant::ACTIVE))
            // The criteria first: the person's own columns, read from the
            // index, rule most people out before any per-person probe.
            .filter(combined($def, $at, $served))
            .filter(diesel::dsl::sql::<Bool>(REGISTRATION_STANDS))
    };
}

/// How many people the definition finds in the office.
pub fn count(
    conn: &mut DbConn,
    office_id: &str,
    def: &TargetDefinition,
    at: Moment,
) -> Result<i64, AppError> {
    let served = Served::on(conn, office_id);
    Ok(targeted!(migrants::table.count().into_boxed(), office_id, def, at, served).get_result(conn)?)
}

/// The people the definition finds, in id order, a page at a time.
pub fn members(
    conn: &mut DbConn,
    office_id: &str,
    def: &TargetDefinition,
    at: Moment,
    page: &PageRequest,
) -> Result<Page<MigrantRow>, AppError> {
    let served = Served::on(conn, office_id);
    let mut q = targeted!(
        migrants::table
            .order(migrants::id.asc())
            .limit(page.limit + 1)
            .into_boxed(),
        office_id,
        def,
        at,
        served
    );
    if let Some(after) = &page.after {
        q = q.filter(migrants::id.gt(after.clone()));
    }
    let rows: Vec<MigrantRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id.clone()))
}
