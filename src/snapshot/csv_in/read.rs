//! Reading a CSV file the way spreadsheets and other CRMs write them: any of the common
//! delimiters, quoted cells (with delimiters, doubled quotes and line breaks inside), a
//! byte-order mark, Windows line ends, and the encodings of `encoding.rs`.

use super::encoding::{decode, Encoding};

/// A CSV file as read, before any meaning is given to its columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvTable {
    /// The delimiter found (`,` `;` TAB or `|`), shown to the user so a wrong guess is visible.
    pub delimiter: u8,
    /// Column names, trimmed; an unnamed column is called "Column N".
    pub headers: Vec<String>,
    /// Data rows, each exactly as long as `headers`; fully empty rows are dropped.
    pub rows: Vec<Vec<String>>,
    /// The spreadsheet row number of each entry of `rows` (the header is row 1), so
    /// errors name the row the user sees even after empty rows were dropped.
    pub row_numbers: Vec<usize>,
}

impl CsvTable {
    /// The row number the user sees for `rows[index]`.
    pub fn row_number(&self, index: usize) -> usize {
        self.row_numbers.get(index).copied().unwrap_or(index + 2)
    }
}

/// The delimiters files actually use, in order of preference on a tie.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many lines the delimiter guess looks at: enough to be sure, cheap on big files.
const SNIFF_LINES: usize = 20;

/// Reads a whole file's bytes into a table, decoded as `encoding` (`detect_encoding`
/// proposes one; the user may override it). Errors are sentences for the user.
pub fn read_bytes(bytes: &[u8], encoding: Encoding) -> Result<CsvTable, String> {
    if encoding == Encoding::Utf8 {
        // The common case reads the bytes in place, without a copy of the file.
        if let Ok(text) = std::str::from_utf8(bytes) {
            return read(text);
        }
    }
    read(&decode(bytes, encoding))
}

/// Reads `text` (a whole file, already decoded) into a table. Errors are sentences for
/// the user.
pub fn read(text: &str) -> Result<CsvTable, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("The file is empty.".into());
    }
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut row_numbers = Vec::new();
    let mut number = 0;
    for record in reader.records() {
        let record = record.map_err(|e| format!("The file could not be read as CSV: {e}"))?;
        number += 1;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &headers {
            None => {
                let names: Vec<String> = record
                    .iter()
                    .enumerate()
                    .map(|(i, h)| match unescape_formula(h.trim()) {
                        "" => format!("Column {}", i + 1),
                        h => h.to_string(),
                    })
                    .collect();
                // Judged as the names read (a formula escape taken off), so the rejects
                // file, which escapes them again, reads like the file did.
                if let Some(data) = names.iter().find(|h| looks_like_data(h)) {
                    return Err(format!(
                        "The first row should name the columns (e.g. Name, Amount), \
                         but “{data}” looks like data. Add a header row."
                    ));
                }
                number = 1;
                headers = Some(names);
            }
            Some(h) => {
                let mut row: Vec<String> = record
                    .iter()
                    .take(h.len())
                    .map(|c| unescape_formula(c).to_string())
                    .collect();
                row.resize(h.len(), String::new());
                rows.push(row);
                row_numbers.push(number);
            }
        }
    }
    let Some(headers) = headers else {
        return Err("The file is empty.".into());
    };
    if rows.is_empty() {
        return Err("The file has a header row but no rows to import.".into());
    }
    Ok(CsvTable {
        delimiter,
        headers,
        rows,
        row_numbers,
    })
}

/// The delimiter that splits the first lines into the most consistent number of
/// columns (counting only outside quotes); `,` when none splits anything.
pub fn detect_delimiter(text: &str) -> u8 {
    let mut lines: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut non_empty = false;
    for b in text.bytes() {
        match b {
            // A doubled quote toggles twice, which is what it should do.
            b'"' => {
                in_quotes = !in_quotes;
                non_empty = true;
            }
            b'\n' if !in_quotes => {
                if non_empty {
                    lines.push(counts);
                    if lines.len() >= SNIFF_LINES {
                        break;
                    }
                }
                counts = [0; 4];
                non_empty = false;
            }
            _ if in_quotes => {}
            _ => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
                if !b.is_ascii_whitespace() {
                    non_empty = true;
                }
            }
        }
    }
    if non_empty && lines.len() < SNIFF_LINES {
        lines.push(counts);
    }
    let mut best = (b',', 0usize, 0usize);
    for (i, &d) in CANDIDATES.iter().enumerate() {
        let header = lines.first().map_or(0, |l| l[i]);
        if header == 0 {
            continue;
        }
        let consistent = lines.iter().filter(|l| l[i] == header).count();
        if (consistent, header) > (best.1, best.2) {
            best = (d, consistent, header);
        }
    }
    best.0
}

/// Undoes the apostrophe `csv_out` puts before formula-like cells, so a rejects file
/// fixed in a spreadsheet imports cleanly.
fn unescape_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// A header cell that is clearly a value (a number, an amount, a date, an e-mail
/// address): the file has no header row.
fn looks_like_data(cell: &str) -> bool {
    let has_digit = cell.chars().any(|c| c.is_ascii_digit());
    let numeric = has_digit
        && cell.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '/' | ' ' | '$' | '€' | '£')
        });
    numeric || crate::domain::validation::looks_like_email(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_keep_delimiters_and_doubled_quotes() {
        let t =
            read("Name,Amount,Notes\n\"Acme, Inc.\",\"1,200\",\"He said \"\"yes\"\"\"\n").unwrap();
        assert_eq!(t.delimiter, b',');
        assert_eq!(t.headers, ["Name", "Amount", "Notes"]);
        assert_eq!(t.rows, [["Acme, Inc.", "1,200", "He said \"yes\""]]);
    }

    #[test]
    fn newlines_inside_quotes_stay_in_the_cell_and_rows_count_as_spreadsheet_rows() {
        let t = read("Name,Notes\r\n\"Acme\",\"line one\r\nline two\"\r\nGlobex,ok\r\n").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][1], "line one\r\nline two");
        assert_eq!(t.rows[1], ["Globex", "ok"]);
        assert_eq!(t.row_numbers, [2, 3]);
    }

    #[test]
    fn strips_the_bom_and_trims_headers() {
        let t = read("\u{feff} Name ,  Amount\nAcme,5\n").unwrap();
        assert_eq!(t.headers, ["Name", "Amount"]);
        assert_eq!(t.rows, [["Acme", "5"]]);
    }

    #[test]
    fn detects_semicolons_tabs_and_pipes() {
        let semi =
            read("Name;Amount;Close date\n\"Acme; Ltd\";1.234,50;05.03.2024\nB;2,5;06.03.2024\n")
                .unwrap();
        assert_eq!(semi.delimiter, b';');
        assert_eq!(semi.rows[0], ["Acme; Ltd", "1.234,50", "05.03.2024"]);
        assert_eq!(semi.rows[1][1], "2,5");

        let tab = read("Name\tAmount, USD\nAcme, Inc.\t1,200\r\nB\t3\r\n").unwrap();
        assert_eq!(tab.delimiter, b'\t');
        assert_eq!(tab.headers, ["Name", "Amount, USD"]);
        assert_eq!(tab.rows[0], ["Acme, Inc.", "1,200"]);

        let pipe = read("a|b|c\n1|2|3\n").unwrap();
        assert_eq!(pipe.delimiter, b'|');
        assert_eq!(pipe.rows[0], ["1", "2", "3"]);
    }

    #[test]
    fn crlf_line_ends_leave_no_carriage_returns() {
        let t = read("Name,Stage\r\nAcme,Won\r\nGlobex,Lost\r\n").unwrap();
        assert_eq!(t.headers, ["Name", "Stage"]);
        assert_eq!(t.rows, [["Acme", "Won"], ["Globex", "Lost"]]);
    }

    #[test]
    fn pads_short_rows_truncates_long_ones_and_drops_empty_rows() {
        let t = read("a,b,c\n1\n,,\n\n1,2,3,4\n").unwrap();
        assert_eq!(t.rows, [vec!["1", "", ""], vec!["1", "2", "3"]]);
        // The empty row (line 3) is dropped but still counted, like a spreadsheet would.
        assert_eq!(t.row_numbers, [2, 4]);
    }

    #[test]
    fn unnamed_columns_get_a_name_and_formula_escapes_are_undone() {
        let t = read("Name,,Phone\nAcme,x,'+1 555\n").unwrap();
        assert_eq!(t.headers, ["Name", "Column 2", "Phone"]);
        assert_eq!(t.rows[0][2], "+1 555");
    }

    #[test]
    fn bytes_in_any_encoding_read_the_same() {
        let text = "Name;Owner\nSociété Générale;Müller\nSeñor;José\n";
        let cp1252: Vec<u8> = text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        let want = read(text).unwrap();
        for bytes in [text.as_bytes(), &cp1252, &utf16, &bom] {
            let enc = super::super::detect_encoding(bytes);
            assert_eq!(read_bytes(bytes, enc).unwrap(), want, "{enc:?}");
        }
        assert_eq!(want.rows[0], ["Société Générale", "Müller"]);
        assert_eq!(want.headers, ["Name", "Owner"]);
    }

    #[test]
    fn clear_errors() {
        assert_eq!(read("").unwrap_err(), "The file is empty.");
        assert_eq!(read("\u{feff} \r\n\r\n").unwrap_err(), "The file is empty.");
        assert_eq!(
            read("Name,Amount\r\n").unwrap_err(),
            "The file has a header row but no rows to import."
        );
        let no_header = read("Acme,1200,2024-03-05\nGlobex,5,2024-03-06\n").unwrap_err();
        assert!(no_header.contains("“1200” looks like data"), "{no_header}");
    }
}
