//! The rows an import skipped, as a CSV file the user can fix in a spreadsheet and
//! import again: the original columns plus an "Errors" column saying what to fix.

use super::convert::RowError;
use super::read::CsvTable;
use crate::snapshot::csv_out::to_csv_all_quoted;
use std::collections::HashMap;

/// The original header plus "Errors", then only the rejected rows with their messages.
/// Written like every export (comma, formula cells neutralised, BOM, CRLF) but with
/// every cell quoted, so it reads back with the comma (tests/fuzz.rs);
/// `read` undoes the formula escaping when the file comes back.
pub fn rejects_csv(table: &CsvTable, errors: &[RowError]) -> String {
    let by_row: HashMap<usize, &RowError> = errors.iter().map(|e| (e.row, e)).collect();
    let mut headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    headers.push("Errors");
    let rows = table.rows.iter().enumerate().filter_map(|(i, cells)| {
        let e = by_row.get(&table.row_number(i))?;
        let mut row = cells.clone();
        row.push(e.messages.join("; "));
        Some(row)
    });
    to_csv_all_quoted(&headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::csv_in::read;

    #[test]
    fn keeps_only_rejected_rows_with_their_messages() {
        let table = read("Name;Amount\nGood;10\nBad;abc\n=cmd;-5\n").unwrap();
        let errors = [
            RowError {
                row: 3,
                messages: vec!["Amount: “abc” is not an amount".into()],
            },
            RowError {
                row: 4,
                messages: vec!["Amount: negative".into(), "Name: odd".into()],
            },
        ];
        let csv = rejects_csv(&table, &errors);
        let body = csv.strip_prefix('\u{feff}').expect("a BOM for Excel");
        let lines: Vec<&str> = body.split("\r\n").collect();
        assert_eq!(lines[0], r#""Name","Amount","Errors""#);
        assert_eq!(lines[1], r#""Bad","abc","Amount: “abc” is not an amount""#);
        assert_eq!(lines[2], r#""'=cmd","'-5","Amount: negative; Name: odd""#);
        assert_eq!(lines[3], "");
        assert_eq!(lines.len(), 4);
        // The fixed file reads back as the original cells.
        let again = read(&csv).unwrap();
        assert_eq!(again.rows[1][..2], ["=cmd", "-5"]);
        assert_eq!(again.headers.last().unwrap(), "Errors");
    }
}
