//! CSV export of a list as shown (its filter, sort and columns). Cells that a
//! spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
//! return) are prefixed with an apostrophe.

/// Neutralises spreadsheet formulas (OWASP "CSV injection").
pub fn escape_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A UTF-8 CSV document (with a byte-order mark so Excel reads accents right),
/// RFC 4180 quoting and CRLF line ends.
pub fn to_csv(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    write_csv(headers, rows, csv::QuoteStyle::Necessary)
}

/// `to_csv` with every cell quoted: a file that must read back with the same
/// delimiter (the import's rejects), since an unquoted `;` or `|` in every line could
/// make the reader's delimiter guess pick that instead of the comma.
pub fn to_csv_all_quoted(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    write_csv(headers, rows, csv::QuoteStyle::Always)
}

fn write_csv(
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    quoting: csv::QuoteStyle,
) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(quoting)
        .from_writer(Vec::new());
    w.write_record(headers.iter().map(|h| escape_formula(h)))
        .expect("writing to memory");
    for row in rows {
        w.write_record(row.iter().map(|c| escape_formula(c)))
            .expect("writing to memory");
    }
    let bytes = w.into_inner().expect("flushing to memory");
    format!(
        "\u{feff}{}",
        String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_formulas_and_quotes_properly() {
        let csv = to_csv(
            &["Name", "Amount"],
            vec![
                vec!["=HYPERLINK(\"x\")".into(), "12.50".into()],
                vec!["Acme, Inc.".into(), "-5".into()],
                vec!["Line\nbreak".into(), "@SUM(A1)".into()],
                vec!["+1 555".into(), "Ünïcødé".into()],
            ],
        );
        let body = csv.strip_prefix('\u{feff}').expect("BOM first");
        let lines: Vec<&str> = body.split("\r\n").collect();
        assert_eq!(lines[0], "Name,Amount");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\")\",12.50");
        assert_eq!(lines[2], "\"Acme, Inc.\",'-5");
        // A newline inside a cell stays inside its quotes; rows end with CRLF.
        assert_eq!(lines[3], "\"Line\nbreak\",'@SUM(A1)");
        assert_eq!(lines[4], "'+1 555,Ünïcødé");
    }

    #[test]
    fn reads_back_with_a_csv_reader() {
        let csv = to_csv(&["a", "b"], vec![vec!["x,y".into(), "q\"uote".into()]]);
        let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[0], "x,y");
        assert_eq!(&rec[1], "q\"uote");
    }
}
