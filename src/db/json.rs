//! A list stored as a JSON array in a TEXT column (both backends), read and
//! written as a typed `Vec` — so that rows carry real lists, not text to be
//! parsed by whoever reads them.

use std::io::Write as _;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::MultiBackend;

/// A JSON array in a TEXT column.
#[derive(Debug, Clone, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct JsonList<T: std::fmt::Debug + 'static>(pub Vec<T>);

impl<T: std::fmt::Debug> JsonList<T> {
    /// The items.
    pub fn items(&self) -> &[T] {
        &self.0
    }

    /// Whether `item` is in the list.
    pub fn contains(&self, item: &T) -> bool
    where
        T: PartialEq,
    {
        self.0.contains(item)
    }
}

impl<T: std::fmt::Debug> Default for JsonList<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: std::fmt::Debug> From<Vec<T>> for JsonList<T> {
    fn from(items: Vec<T>) -> Self {
        Self(items)
    }
}

impl<T: std::fmt::Debug> std::ops::Deref for JsonList<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

fn encode<T: Serialize>(items: &[T]) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    Ok(serde_json::to_string(items)?)
}

impl<T: Serialize + std::fmt::Debug> ToSql<Text, Sqlite> for JsonList<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(encode(&self.0)?);
        Ok(IsNull::No)
    }
}

impl<T: Serialize + std::fmt::Debug> ToSql<Text, Pg> for JsonList<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(encode(&self.0)?.as_bytes())?;
        Ok(IsNull::No)
    }
}

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> ToSql<Text, MultiBackend> for JsonList<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Text, self));
        Ok(IsNull::No)
    }
}

impl<T: DeserializeOwned + std::fmt::Debug> FromSql<Text, MultiBackend> for JsonList<T> {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text: String = bytes.from_sql::<String, Text>()?;
        Ok(Self(serde_json::from_str(&text)?))
    }
}
