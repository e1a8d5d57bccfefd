//! Dates and timestamps. Calendar dates (expected close, due dates) are `NaiveDate`;
//! moments (created, updated, stage changes) are UTC timestamps.

use chrono::{DateTime, NaiveDate, Utc};

pub type Date = NaiveDate;
pub type Timestamp = DateTime<Utc>;

/// Parses a date typed by a user or sent by an `<input type="date">` (ISO `YYYY-MM-DD`).
pub fn parse_iso_date(input: &str) -> Result<Date, String> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("“{s}” is not a date (expected YYYY-MM-DD)"))
}

/// "Nov 22, 2026": the date format shown everywhere in the app.
pub fn format_date(date: Date) -> String {
    date.format("%b %-d, %Y").to_string()
}

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_dates_and_rejects_others() {
        assert_eq!(
            parse_iso_date(" 2026-02-28 ").unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        assert!(parse_iso_date("2026-02-30").is_err());
        assert!(parse_iso_date("28/02/2026").is_err());
        assert!(parse_iso_date("").is_err());
    }

    #[test]
    fn formats_dates_for_people() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(format_date(d), "Nov 2, 2026");
    }
}
