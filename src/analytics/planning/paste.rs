//! A block of cells pasted from a spreadsheet into a grid (quotas, spend).
//!
//! A spreadsheet puts a copied block on the clipboard as text: one line per row, a tab
//! between cells, and a cell holding a tab, a line break or a quote in double quotes.
//! The block may bring its headers: a first row of period names ("Oct 2026", "Q4",
//! "October") and a first column of row names (a rep's name, "Mia Chen’s team",
//! "Company"); then every cell goes where its names say. Without headers it goes where
//! the user clicked: its top-left cell on the grid's focused cell.
//!
//! All or nothing: every cell is read first, and one bad cell (text, a negative
//! amount, a name that is not in the grid, a cell the grid computes) refuses the whole
//! paste with each problem named by its row and column in the block. Empty cells
//! leave the grid's cell as it is. A "Total" row or column is ignored.

use crate::domain::planning_forms::{detect_decimal, parse_plan_amount};
use crate::domain::{Currency, Money};

/// The cells of pasted text, row by row (trailing empty line dropped, cells trimmed).
pub fn parse_block(text: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            '\t' => {
                row.push(cell.trim().to_string());
                cell.clear();
                at_cell_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row.push(cell.trim().to_string());
                cell.clear();
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            ' ' if at_cell_start => {}
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell.trim().to_string());
        rows.push(row);
    }
    while rows.last().is_some_and(|r| r.iter().all(|c| c.is_empty())) {
        rows.pop();
    }
    rows
}

/// What a paste lands on: the grid's rows and columns with the names they go by, and
/// which cells take a value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PasteTarget {
    /// Per row: its name as shown first, then other names it answers to.
    pub rows: Vec<Vec<String>>,
    /// Per column: likewise ("October 2026", "Oct 2026", "Oct", "October", "2026-10").
    pub columns: Vec<Vec<String>>,
    /// `[row][column]`: whether the cell can be typed into.
    pub editable: Vec<Vec<bool>>,
    /// Why a cell that is not editable is not ("it is the sum of its months: paste
    /// months in the Months view").
    pub why_not: String,
}

impl PasteTarget {
    fn row_name(&self, r: usize) -> &str {
        self.rows[r].first().map_or("", String::as_str)
    }

    fn column_name(&self, c: usize) -> &str {
        self.columns[c].first().map_or("", String::as_str)
    }
}

/// One value a paste writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pasted {
    pub row: usize,
    pub column: usize,
    /// Minor units of the home currency.
    pub amount: i64,
}

/// What a paste will do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PastePlan {
    pub cells: Vec<Pasted>,
    /// Whether the block brought a header row and a header column.
    pub header_row: bool,
    pub header_column: bool,
}

fn norm(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .replace(['’', '‘'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_total(s: &str) -> bool {
    matches!(norm(s).as_str(), "total" | "totals" | "sum" | "grand total")
}

/// Whether a cell reads as a number (possibly a bad one: "-500", "$41,000").
fn looks_numeric(c: &str) -> bool {
    if !c.chars().any(|ch| ch.is_ascii_digit()) {
        return false;
    }
    let rest: String = c
        .chars()
        .filter(|ch| !"0123456789.,'’-−()+ \u{a0}\u{202f}".contains(*ch))
        .collect();
    let usd = Currency::usd();
    rest.is_empty()
        || Money::parse(&format!("0{rest}"), &usd).is_ok()
        || Money::parse(&format!("{rest}0"), &usd).is_ok()
}

fn find(names: &[Vec<String>], cell: &str) -> Option<usize> {
    let n = norm(cell);
    names
        .iter()
        .position(|aliases| aliases.iter().any(|a| norm(a) == n))
}

/// Where each cell of `text` goes on `target`, or every problem found (see the
/// module's header). `anchor` is the focused cell (row, column), if any.
pub fn plan_paste(
    target: &PasteTarget,
    anchor: Option<(usize, usize)>,
    text: &str,
    home: &Currency,
) -> Result<PastePlan, Vec<String>> {
    let block = parse_block(text);
    if block.iter().all(|r| r.iter().all(|c| c.is_empty())) {
        return Err(vec![
            "There is nothing to paste: copy some cells first.".into()
        ]);
    }
    let label = |c: &str| !c.is_empty() && !looks_numeric(c);
    // A header row: every named cell of the first row is a label or a column's name.
    let first = &block[0];
    let header_row = first.iter().skip(1).any(|c| !c.is_empty())
        && first
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .all(|(j, c)| {
                (j == 0 && block.len() > 1) || label(c) || find(&target.columns, c).is_some()
            })
        && first
            .iter()
            .skip(1)
            .any(|c| label(c) || find(&target.columns, c).is_some());
    let body_from = usize::from(header_row);
    // A header column: the first cell of every body row is a label (or empty).
    let header_column = block.len() > body_from
        && block[body_from..]
            .iter()
            .any(|r| r.first().is_some_and(|c| label(c)))
        && block[body_from..]
            .iter()
            .all(|r| r.first().is_none_or(|c| c.is_empty() || label(c)))
        && block[body_from..].iter().any(|r| r.len() > 1);
    let first_col = usize::from(header_column);
    let mut errors = Vec::new();
    let width = block.iter().map(Vec::len).max().unwrap_or(0);

    // Columns: by their header, or from the anchor.
    let mut columns: Vec<Option<usize>> = vec![None; width];
    if header_row {
        for (j, col) in columns.iter_mut().enumerate().skip(first_col) {
            let h = first.get(j).map_or("", String::as_str);
            if h.is_empty() || is_total(h) {
                continue;
            }
            match find(&target.columns, h) {
                Some(c) => *col = Some(c),
                None => errors.push(format!(
                    "Column {}: “{h}” is not a period of this grid (it has {} … {})",
                    j + 1,
                    target.column_name(0),
                    target.column_name(target.columns.len().saturating_sub(1))
                )),
            }
        }
    } else {
        let Some((_, c0)) = anchor else {
            return Err(vec![no_anchor()]);
        };
        let need = width - first_col;
        if c0 + need > target.columns.len() {
            return Err(vec![format!(
                "The block is {} wide but only {} fit from {}: click a cell further left, or include the periods as a header row.",
                plural_cols(need),
                plural_cols(target.columns.len() - c0),
                target.column_name(c0)
            )]);
        }
        for (j, col) in columns.iter_mut().enumerate().skip(first_col) {
            *col = Some(c0 + j - first_col);
        }
    }

    // Rows: by their name, or from the anchor.
    let body = &block[body_from..];
    let mut rows: Vec<Option<usize>> = vec![None; body.len()];
    if header_column {
        for (i, r) in body.iter().enumerate() {
            let name = r.first().map_or("", String::as_str);
            if name.is_empty() || is_total(name) {
                continue;
            }
            match find(&target.rows, name) {
                Some(x) => rows[i] = Some(x),
                None => errors.push(format!(
                    "Row {}: “{name}” is not a row of this grid",
                    i + 1 + body_from
                )),
            }
        }
    } else {
        let Some((r0, _)) = anchor else {
            return Err(vec![no_anchor()]);
        };
        if r0 + body.len() > target.rows.len() {
            return Err(vec![format!(
                "The block is {} tall but only {} fit from {}: click a cell higher up, or include the names as a first column.",
                plural_rows(body.len()),
                plural_rows(target.rows.len() - r0),
                target.row_name(r0)
            )]);
        }
        for (i, row) in rows.iter_mut().enumerate() {
            *row = Some(r0 + i);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // Values, all read with the block's one number format.
    let values: Vec<&str> = body
        .iter()
        .flat_map(|r| r.iter().skip(first_col).map(String::as_str))
        .collect();
    let decimal = match detect_decimal(values.iter().copied()) {
        Ok(d) => d,
        Err(e) => return Err(vec![e]),
    };
    let mut cells = Vec::new();
    for (i, r) in body.iter().enumerate() {
        let Some(row) = rows[i] else { continue };
        for (j, cell) in r.iter().enumerate().skip(first_col) {
            let Some(col) = columns.get(j).copied().flatten() else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            let at = format!(
                "Row {}, column {} ({}, {})",
                i + 1 + body_from,
                j + 1,
                target.row_name(row),
                target.column_name(col)
            );
            if !target
                .editable
                .get(row)
                .and_then(|r| r.get(col))
                .copied()
                .unwrap_or(false)
            {
                errors.push(format!("{at}: {}", target.why_not));
                continue;
            }
            match parse_plan_amount(cell, decimal, home) {
                Ok(Some(amount)) => cells.push(Pasted {
                    row,
                    column: col,
                    amount,
                }),
                Ok(None) => {}
                Err(e) => errors.push(format!("{at}: {e}")),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if cells.is_empty() {
        return Err(vec!["The block has no amounts to paste.".into()]);
    }
    Ok(PastePlan {
        cells,
        header_row,
        header_column,
    })
}

fn no_anchor() -> String {
    "Click the cell where the block should start, then paste there; or copy the block with its rep names and periods as headers.".into()
}

fn plural_cols(n: usize) -> String {
    crate::analytics::text::plural(n, "column", "columns")
}

fn plural_rows(n: usize) -> String {
    crate::analytics::text::plural(n, "row", "rows")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> PasteTarget {
        let names = |v: &[&[&str]]| {
            v.iter()
                .map(|a| a.iter().map(|s| s.to_string()).collect())
                .collect()
        };
        PasteTarget {
            rows: names(&[&["Company"], &["Mia’s team"], &["Ana Lima"], &["Bo Chen"]]),
            columns: names(&[
                &["Oct 2026", "October 2026", "Oct", "October"],
                &["Nov 2026", "November 2026", "Nov", "November"],
                &["Dec 2026", "December 2026", "Dec", "December"],
                &["Jan 2027", "January 2027", "Jan", "January"],
            ]),
            editable: vec![
                vec![true; 4],
                vec![true; 4],
                vec![true, true, false, true],
                vec![true; 4],
            ],
            why_not: "it is the sum of its months".into(),
        }
    }

    fn usd() -> Currency {
        Currency::usd()
    }

    #[test]
    fn reads_tabs_lines_and_quoted_cells_like_a_spreadsheet_copies_them() {
        let b = parse_block("a\tb\r\n\"x\ty\"\t\"say \"\"hi\"\"\"\n\n");
        assert_eq!(b, vec![vec!["a", "b"], vec!["x\ty", "say \"hi\""]]);
        assert_eq!(parse_block("1\t2"), vec![vec!["1", "2"]]);
        assert!(parse_block("\n\n").is_empty());
    }

    #[test]
    fn a_block_without_headers_lands_on_the_focused_cell() {
        let text = "10,000\t11,000\t12,000\n20.000\t21.000\t22.000\n";
        let p = plan_paste(&target(), Some((0, 1)), text, &usd()).unwrap();
        assert!(!p.header_row && !p.header_column);
        assert_eq!(p.cells.len(), 6);
        assert_eq!(
            p.cells[0],
            Pasted {
                row: 0,
                column: 1,
                amount: 1_000_000
            }
        );
        assert_eq!(
            p.cells[5],
            Pasted {
                row: 1,
                column: 3,
                amount: 2_200_000
            }
        );
        // Too wide from there, and no anchor at all.
        let e = plan_paste(&target(), Some((0, 2)), text, &usd()).unwrap_err();
        assert_eq!(
            e,
            ["The block is 3 columns wide but only 2 columns fit from Dec 2026: click a cell further left, or include the periods as a header row."]
        );
        assert_eq!(
            plan_paste(&target(), None, text, &usd()).unwrap_err(),
            [no_anchor()]
        );
    }

    #[test]
    fn headers_place_each_cell_by_its_names_in_any_order() {
        let text = "Rep\tNov\tOctober 2026\tTotal\nbo chen\t1.000,50\t2.000\t3.000,50\nAna Lima\t\t3.000\t3.000\n";
        let p = plan_paste(&target(), None, text, &usd()).unwrap();
        assert!(p.header_row && p.header_column);
        assert_eq!(
            p.cells,
            vec![
                Pasted {
                    row: 3,
                    column: 1,
                    amount: 100_050
                },
                Pasted {
                    row: 3,
                    column: 0,
                    amount: 200_000
                },
                Pasted {
                    row: 2,
                    column: 0,
                    amount: 300_000
                },
            ],
            "the empty cell leaves Ana's November alone; the total is ignored"
        );
        // Only a header row: the rows start at the focused cell.
        let p = plan_paste(&target(), Some((2, 0)), "Dec\tJan\n5,000\t6,000\n", &usd());
        assert_eq!(
            p.unwrap_err(),
            ["Row 2, column 1 (Ana Lima, Dec 2026): it is the sum of its months"]
        );
        let p = plan_paste(&target(), Some((3, 0)), "Dec\tJan\n5,000\t6,000\n", &usd()).unwrap();
        assert_eq!(
            p.cells[1],
            Pasted {
                row: 3,
                column: 3,
                amount: 600_000
            }
        );
        // Only a header column: the columns start at the focused cell.
        let p = plan_paste(
            &target(),
            Some((0, 2)),
            "Company\t7000\nMia's team\t8000",
            &usd(),
        )
        .unwrap();
        assert_eq!(
            p.cells,
            vec![
                Pasted {
                    row: 0,
                    column: 2,
                    amount: 700_000
                },
                Pasted {
                    row: 1,
                    column: 2,
                    amount: 800_000
                },
            ]
        );
    }

    #[test]
    fn bad_cells_are_named_by_row_and_column_and_nothing_is_pasted() {
        let text = "Rep\tOct\tNov\nAna Lima\t1,000\tlots\nBo Chen\t-200\t300\nZed\t1\t2\n";
        let e = plan_paste(&target(), None, text, &usd()).unwrap_err();
        assert_eq!(e, ["Row 4: “Zed” is not a row of this grid"]);
        let text = "Rep\tOct\tNov\nAna Lima\t1,000\tlots\nBo Chen\t-200\t300\n";
        let e = plan_paste(&target(), None, text, &usd()).unwrap_err();
        assert_eq!(
            e,
            [
                "Row 2, column 3 (Ana Lima, Nov 2026): “lots” is not an amount: use digits, like 41,000 or 41.000,50",
                "Row 3, column 2 (Bo Chen, Oct 2026): “-200” is negative: enter zero or more",
            ]
        );
        let e = plan_paste(
            &target(),
            None,
            "Rep\tOct\tFebruary\nAna Lima\t1\t2",
            &usd(),
        )
        .unwrap_err();
        assert_eq!(
            e,
            ["Column 3: “February” is not a period of this grid (it has Oct 2026 … Jan 2027)"]
        );
        let e = plan_paste(&target(), Some((0, 0)), "1,234.50\t1.234,50", &usd()).unwrap_err();
        assert!(
            e[0].starts_with("These amounts mix two number formats"),
            "{e:?}"
        );
        assert_eq!(
            plan_paste(&target(), Some((0, 0)), "\n", &usd()).unwrap_err(),
            ["There is nothing to paste: copy some cells first."]
        );
    }
}
