//! A table written as an XLSX workbook (rust_xlsxwriter), for the people
//! who open exports in Excel or LibreOffice: one sheet, a bold header row
//! that stays in view, numbers as numbers in the columns said to hold
//! them, text as text (a value starting with `=` stays text, never a
//! formula), columns wide enough to read.

use rust_xlsxwriter::{Format, Workbook};

use crate::error::AppError;

/// The content type of an XLSX file.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn failed(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::internal(format!("writing a workbook: {e}"))
}

/// The workbook of `header` and `rows`; the columns whose index is in
/// `numeric` hold numbers (an empty or unreadable cell stays empty).
pub fn xlsx(
    sheet_name: &str,
    header: &[String],
    rows: &[Vec<String>],
    numeric: &[usize],
) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name: String = sheet_name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    sheet
        .set_name(if name.is_empty() { "export" } else { &name })
        .map_err(failed)?;
    let bold = Format::new().set_bold();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(failed)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            if numeric.contains(&c) {
                if let Ok(n) = value.parse::<f64>() {
                    sheet.write_number(r, c as u16, n).map_err(failed)?;
                }
            } else if !value.is_empty() {
                sheet.write_string(r, c as u16, value).map_err(failed)?;
            }
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(value.chars().count());
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet
            .set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)
            .map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sheet::{Cell, read};

    /// What is written reads back the same, numbers as numbers and a
    /// formula-looking text as text.
    #[test]
    fn a_table_reads_back_from_its_workbook() {
        let header = ["dimension", "label", "count"].map(String::from).to_vec();
        let rows = vec![
            vec!["sex".into(), "Femme".into(), "12".into()],
            vec!["nationality".into(), "=HYPERLINK(\"x\")".into(), String::new()],
            vec!["nationality".into(), "السنغال".into(), "7".into()],
        ];
        let bytes = xlsx("rapport: novembre", &header, &rows, &[2]).unwrap();
        let back = read(&bytes).unwrap();
        assert_eq!(back.columns, header);
        assert_eq!(back.rows[0].cells[2], Cell::Number(12.0));
        assert_eq!(back.rows[1].cells[1], Cell::Text("=HYPERLINK(\"x\")".into()));
        assert_eq!(back.rows[1].cells[2], Cell::Empty);
        assert_eq!(back.rows[2].cells[1].text(), "السنغال");
    }
}
