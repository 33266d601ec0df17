//! Bringing an office's existing spreadsheet in: reading CSV and workbook
//! files (`sheet`) and reading each row as a registration with a column
//! mapping (`row`). Plain Rust: the rules of an import (scope, duplicates,
//! modes, audit) are in `casefile::imports`.

pub mod row;
pub mod sheet;
