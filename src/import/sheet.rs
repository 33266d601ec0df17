//! A spreadsheet as rows of cells: CSV (UTF-8, UTF-8 with a BOM, or
//! Windows-1252 as older Excel writes it; separated by commas, semicolons
//! or tabs) or a workbook (XLSX, and the XLS and ODS calamine also reads).
//! The first non-empty row names the columns; empty rows are dropped, and
//! each kept row remembers its line in the file so that a report can point
//! at it.

use std::io::Cursor;

use calamine::{Data, Reader};
use chrono::{Duration, NaiveDate};

/// The largest file read (50 MB).
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// The most rows read from one file.
pub const MAX_ROWS: usize = 100_000;
/// The most columns read.
pub const MAX_COLUMNS: usize = 200;

/// One cell, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text (CSV cells are always text).
    Text(String),
    /// A number of a workbook.
    Number(f64),
    /// A date of a workbook.
    Date(NaiveDate),
    /// A workbook's error value (`#N/A`, `#REF!` …).
    Error(String),
}

impl Cell {
    /// The cell as text, as a person reading the sheet would see it.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty | Cell::Error(_) => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A row with its line in the file (1 is the first line).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// The line (CSV) or row (workbook) number.
    pub line: usize,
    /// The cells, one per column.
    pub cells: Vec<Cell>,
}

/// A file read into columns and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The column names (the first non-empty row).
    pub columns: Vec<String>,
    /// The other non-empty rows.
    pub rows: Vec<SheetRow>,
}

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Nothing in it.
    #[error("the file is empty")]
    Empty,
    /// Over `MAX_BYTES`.
    #[error("the file is larger than 50 MB")]
    TooLarge,
    /// Over `MAX_ROWS`.
    #[error("the file has more than 100000 rows")]
    TooManyRows,
    /// Over `MAX_COLUMNS`.
    #[error("the file has more than 200 columns")]
    TooManyColumns,
    /// Two columns with one name.
    #[error("two columns are named {0:?}")]
    DuplicateColumn(String),
    /// A header cell without a name.
    #[error("column {0} has no name in the first row")]
    UnnamedColumn(usize),
    /// Not a spreadsheet we read.
    #[error("the file is neither CSV nor a spreadsheet workbook ({0})")]
    Unreadable(String),
}

/// Reads `bytes` as a workbook or as CSV.
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    if bytes.len() > MAX_BYTES {
        return Err(SheetError::TooLarge);
    }
    let lines = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        workbook(bytes)?
    } else {
        csv_lines(&decode(bytes))?
    };
    table(lines)
}

/// Text of a CSV file: UTF-8 (its BOM dropped), else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The separator the first line uses most: `;` (French Excel), tab or `,`.
fn separator(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|s| (first.bytes().filter(|b| b == s).count(), *s == b','))
        .unwrap_or(b',')
}

fn csv_lines(text: &str) -> Result<Vec<(usize, Vec<Cell>)>, SheetError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(text))
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    // The line a record starts on, counted from its byte offset (the csv
    // crate's own line numbers lag by one after a CRLF).
    let (mut line, mut counted) = (1, 0);
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Unreadable(e.to_string()))?;
        let mut start = record.position().map_or(counted, |p| p.byte() as usize);
        if text.as_bytes().get(start) == Some(&b'\n') {
            start += 1; // after "\r\n" the csv crate points at the "\n"
        }
        line += text.as_bytes()[counted.min(start)..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = counted.max(start);
        let cells = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        lines.push((line, cells));
        if lines.len() > MAX_ROWS + 1 {
            return Err(SheetError::TooManyRows);
        }
    }
    Ok(lines)
}

/// A workbook's serial day number as a date (1900 system).
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.floor() as i64))
}

fn workbook(bytes: &[u8]) -> Result<Vec<(usize, Vec<Cell>)>, SheetError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let first = book.sheet_names().into_iter().next().ok_or(SheetError::Empty)?;
    let range = book
        .worksheet_range(&first)
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    if range.height() > MAX_ROWS + 1 {
        return Err(SheetError::TooManyRows);
    }
    let top = range.start().map_or(0, |(r, _)| r as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = row
                .iter()
                .map(|d| match d {
                    Data::Empty => Cell::Empty,
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                    Data::Int(n) => Cell::Number(*n as f64),
                    Data::Float(n) => Cell::Number(*n),
                    Data::Bool(b) => Cell::Text(if *b { "1" } else { "0" }.into()),
                    Data::DateTime(d) => {
                        serial_date(d.as_f64()).map_or(Cell::Error("#DATE".into()), Cell::Date)
                    }
                    Data::Error(e) => Cell::Error(e.to_string()),
                })
                .collect();
            (top + i + 1, cells)
        })
        .collect())
}

fn table(lines: Vec<(usize, Vec<Cell>)>) -> Result<Sheet, SheetError> {
    let mut lines = lines
        .into_iter()
        .filter(|(_, cells)| !cells.iter().all(Cell::is_empty));
    let (_, header) = lines.next().ok_or(SheetError::Empty)?;
    let mut columns: Vec<String> = header.iter().map(Cell::text).collect();
    while columns.last().is_some_and(|c| c.is_empty()) {
        columns.pop();
    }
    if columns.len() > MAX_COLUMNS {
        return Err(SheetError::TooManyColumns);
    }
    for (i, c) in columns.iter().enumerate() {
        if c.is_empty() {
            return Err(SheetError::UnnamedColumn(i + 1));
        }
        if columns[..i].iter().any(|o| o.to_lowercase() == c.to_lowercase()) {
            return Err(SheetError::DuplicateColumn(c.clone()));
        }
    }
    let width = columns.len();
    let rows: Vec<SheetRow> = lines
        .map(|(line, mut cells)| {
            cells.resize(width, Cell::Empty);
            SheetRow { line, cells }
        })
        .collect();
    if rows.len() > MAX_ROWS {
        return Err(SheetError::TooManyRows);
    }
    Ok(Sheet { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheet: &Sheet) -> Vec<Vec<String>> {
        sheet
            .rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn csv_in_utf8_with_a_bom_and_semicolons_keeps_arabic_and_latin_names() {
        let file = "\u{FEFF}Nom;Prénom\r\nDiallo;Aïssatou\r\n;\r\nبن علي;فاطمة\r\n".as_bytes();
        let sheet = read(file).unwrap();
        assert_eq!(sheet.columns, ["Nom", "Prénom"]);
        assert_eq!(texts(&sheet), [["Diallo", "Aïssatou"], ["بن علي", "فاطمة"]]);
        assert_eq!(sheet.rows[1].line, 4, "the empty row is dropped, lines are kept");
    }

    #[test]
    fn windows_1252_is_decoded() {
        let file = b"Nom,Pr\xe9nom\nN'Diaye,Ma\xefmouna\n";
        let sheet = read(file).unwrap();
        assert_eq!(sheet.columns, ["Nom", "Prénom"]);
        assert_eq!(texts(&sheet), [["N'Diaye", "Maïmouna"]]);
    }

    #[test]
    fn short_rows_are_padded_and_bad_headers_refused() {
        let sheet = read(b"a,b,c\n1\n").unwrap();
        assert_eq!(texts(&sheet), [["1", "", ""]]);
        assert_eq!(read(b"a,A\n1,2\n"), Err(SheetError::DuplicateColumn("A".into())));
        assert_eq!(read(b"a,,c\n1,2,3\n"), Err(SheetError::UnnamedColumn(2)));
        assert_eq!(read(b"\n\n"), Err(SheetError::Empty));
        assert!(matches!(
            read(b"PK\x03\x04garbage"),
            Err(SheetError::Unreadable(_))
        ));
    }

    #[test]
    fn a_workbook_is_read_with_its_dates_and_numbers() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Nom").unwrap();
        sheet.write_string(0, 1, "Né le").unwrap();
        sheet.write_string(0, 2, "Année").unwrap();
        sheet.write_string(2, 0, "Sow").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(1990, 3, 31).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        sheet.write_datetime_with_format(2, 1, &date, &format).unwrap();
        sheet.write_number(2, 2, 1990.0).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let read = read(&bytes).unwrap();
        assert_eq!(read.columns, ["Nom", "Né le", "Année"]);
        assert_eq!(read.rows.len(), 1);
        assert_eq!(read.rows[0].line, 3);
        assert_eq!(
            read.rows[0].cells[1],
            Cell::Date(NaiveDate::from_ymd_opt(1990, 3, 31).unwrap())
        );
        assert_eq!(read.rows[0].cells[2].text(), "1990");
    }

    #[test]
    fn too_many_rows_are_refused() {
        let mut file = String::from("a\n");
        for i in 0..=MAX_ROWS {
            file.push_str(&format!("{i}\n"));
        }
        assert_eq!(read(file.as_bytes()), Err(SheetError::TooManyRows));
    }

    proptest::proptest! {
        /// Whatever the bytes, reading answers a sheet or an error, and a
        /// sheet's rows are as wide as its header.
        #[test]
        fn any_bytes_are_read_or_refused_never_a_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            if let Ok(sheet) = read(&bytes) {
                proptest::prop_assert!(sheet.rows.iter().all(|r| r.cells.len() == sheet.columns.len()));
            }
        }

        /// CSV text of any characters is read or refused, never a panic.
        #[test]
        fn any_text_is_read_or_refused(text in "[a-zA-Zé;,\"\r\n\t =ب]{0,200}") {
            let _ = read(text.as_bytes());
        }
    }
}
