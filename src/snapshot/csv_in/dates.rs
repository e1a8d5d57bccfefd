//! Dates as spreadsheets and CRMs write them. Day and month order cannot be read from
//! one cell ("03/05/2024"), so a whole column is looked at once and the user confirms.

use crate::domain::Date;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// How the numeric dates of a file are ordered. Year-first dates ("2024-03-05") are
/// read as ISO whatever the format, since they are never ambiguous.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateFormat {
    /// YYYY-MM-DD, optionally followed by a time ("2024-03-05 14:30", "2024-03-05T14:30:00Z").
    Iso,
    /// M/D/YYYY (United States).
    Us,
    /// D/M/YYYY or D.M.YYYY (most of the rest of the world).
    Eu,
}

impl DateFormat {
    pub const ALL: [DateFormat; 3] = [DateFormat::Iso, DateFormat::Us, DateFormat::Eu];

    /// What the format looks like, for the picker and for error messages.
    pub fn example(self) -> &'static str {
        match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::Us => "M/D/YYYY",
            DateFormat::Eu => "D/M/YYYY",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            DateFormat::Iso => "iso",
            DateFormat::Us => "us",
            DateFormat::Eu => "eu",
        }
    }

    pub fn from_key(key: &str) -> Option<DateFormat> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// The date part and the time part (if any) of a cell.
fn split_time(s: &str) -> (&str, Option<&str>) {
    let s = s.trim();
    // "2024-03-05T14:30:00Z": a T right after a year-first date.
    if let Some((d, t)) = s.split_once('T') {
        if starts_with_year(d) && t.starts_with(|c: char| c.is_ascii_digit()) {
            return (d, Some(t));
        }
    }
    match s.split_once(char::is_whitespace) {
        Some((d, t)) if t.trim_start().starts_with(|c: char| c.is_ascii_digit()) => {
            (d, Some(t.trim()))
        }
        _ => (s, None),
    }
}

fn starts_with_year(s: &str) -> bool {
    s.len() >= 5
        && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && !s.as_bytes()[4].is_ascii_digit()
}

/// The three numbers of a numeric date ("3/5/2024", "05.03.2024", "2024-03-05").
fn numbers(date: &str) -> Option<[u32; 3]> {
    let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut n = [0u32; 3];
    for (i, p) in parts.iter().enumerate() {
        n[i] = p.parse().ok()?;
    }
    Some(n)
}

/// Picks the format that reads every sample: a first number above 12 can only be a
/// day (EU), a second number above 12 only a day in US order. When nothing decides,
/// dotted dates are European and slashed ones American (the Salesforce default).
pub fn guess_date_format(samples: &[&str]) -> DateFormat {
    let (mut eu, mut us, mut dotted, mut other) = (0, 0, 0, 0);
    for s in samples {
        let (date, _) = split_time(s);
        if starts_with_year(date) {
            continue;
        }
        let Some([a, b, _]) = numbers(date) else {
            continue;
        };
        other += 1;
        if date.contains('.') {
            dotted += 1;
        }
        if a > 12 && b <= 12 {
            eu += 1;
        } else if b > 12 && a <= 12 {
            us += 1;
        }
    }
    if other == 0 {
        DateFormat::Iso
    } else if eu > us {
        DateFormat::Eu
    } else if us > eu {
        DateFormat::Us
    } else if dotted > 0 {
        DateFormat::Eu
    } else {
        DateFormat::Us
    }
}

fn year(y: u32) -> i32 {
    // Two-digit years are this century's: CRM exports are recent.
    if y < 100 {
        2000 + y as i32
    } else {
        y as i32
    }
}

/// Dates written with a month name ("Mar 5, 2024", "5 March 2024", "05-Mar-2024").
fn parse_named(s: &str) -> Option<NaiveDate> {
    const FORMATS: [&str; 8] = [
        "%b %d, %Y",
        "%B %d, %Y",
        "%b %d %Y",
        "%B %d %Y",
        "%d %b %Y",
        "%d %B %Y",
        "%d-%b-%Y",
        "%d-%b-%y",
    ];
    let s = s.trim().trim_end_matches('.');
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// Whether the date part (before any time) has letters: "Mar 5, 2024".
fn has_month_name(text: &str) -> bool {
    split_time(text).0.chars().any(char::is_alphabetic)
}

/// Reads one date cell in `fmt`; a time after the date is ignored.
pub fn parse_date(s: &str, fmt: DateFormat) -> Result<Date, String> {
    let text = s.trim();
    let error = || format!("“{text}” is not a date (expected {})", fmt.example());
    if has_month_name(text) {
        return parse_named(text)
            .or_else(|| {
                // "Mar 5, 2024 10:00 AM": try the first three words.
                let words: Vec<&str> = text.split_whitespace().take(3).collect();
                parse_named(&words.join(" "))
            })
            .ok_or_else(error);
    }
    let (date, _) = split_time(text);
    let [a, b, c] = numbers(date).ok_or_else(error)?;
    let ymd = if starts_with_year(date) {
        (a as i32, b, c)
    } else {
        match fmt {
            DateFormat::Iso => return Err(error()),
            DateFormat::Us => (year(c), a, b),
            DateFormat::Eu => (year(c), b, a),
        }
    };
    NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2).ok_or_else(error)
}

/// A time of day: "14:30", "14:30:05", "2:30 PM", "14:30:00.000Z", "14:30+02:00"
/// (a zone is ignored: activities are due in local time).
fn parse_time(t: &str) -> Option<NaiveTime> {
    let t = t.trim();
    let upper = t.to_ascii_uppercase();
    let (clock, pm) = if let Some(x) = upper.strip_suffix("PM") {
        (x.trim().to_string(), Some(true))
    } else if let Some(x) = upper.strip_suffix("AM") {
        (x.trim().to_string(), Some(false))
    } else {
        (upper, None)
    };
    let clock = clock
        .split(['Z', '+', '.'])
        .next()
        .unwrap_or("")
        .split('-')
        .next()
        .unwrap_or("")
        .trim();
    let parts: Vec<u32> = clock
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<u32>>>()?;
    let (mut h, m, sec) = match parts[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return None,
    };
    match pm {
        Some(true) if (1..12).contains(&h) => h += 12,
        Some(false) if h == 12 => h = 0,
        Some(_) if !(1..=12).contains(&h) => return None,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

/// Reads a date with an optional time (a due date); no time means midnight, as the
/// activity form does.
pub fn parse_date_time(s: &str, fmt: DateFormat) -> Result<NaiveDateTime, String> {
    let text = s.trim();
    let date = parse_date(text, fmt)?;
    if has_month_name(text) {
        // Month-name dates: a time, if any, follows the third word.
        let rest: Vec<&str> = text.split_whitespace().skip(3).collect();
        let time = if rest.is_empty() {
            Some(NaiveTime::MIN)
        } else {
            parse_time(&rest.join(" "))
        };
        return time
            .map(|t| date.and_time(t))
            .ok_or_else(|| format!("“{text}” has a time that is not like 14:30"));
    }
    match split_time(text).1 {
        None => Ok(date.and_time(NaiveTime::MIN)),
        Some(t) => parse_time(t)
            .map(|t| date.and_time(t))
            .ok_or_else(|| format!("“{text}” has a time that is not like 14:30")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn iso_dates_with_and_without_times() {
        for s in [
            "2024-03-05",
            " 2024-03-05 ",
            "2024-03-05 14:30",
            "2024-03-05 14:30:59",
            "2024-03-05T14:30:00Z",
            "2024-03-05T14:30:00.000+02:00",
        ] {
            assert_eq!(parse_date(s, DateFormat::Iso), Ok(d(2024, 3, 5)), "{s}");
        }
        // Year-first dates are unambiguous, so they read in any format.
        assert_eq!(parse_date("2024-03-05", DateFormat::Us), Ok(d(2024, 3, 5)));
        assert_eq!(parse_date("2024/03/05", DateFormat::Eu), Ok(d(2024, 3, 5)));
        assert_eq!(
            parse_date("3/5/2024", DateFormat::Iso),
            Err("“3/5/2024” is not a date (expected YYYY-MM-DD)".into())
        );
        assert!(parse_date("2024-02-30", DateFormat::Iso).is_err());
        assert!(parse_date("soon", DateFormat::Iso).is_err());
    }

    #[test]
    fn us_and_eu_orders() {
        assert_eq!(parse_date("3/5/2024", DateFormat::Us), Ok(d(2024, 3, 5)));
        assert_eq!(parse_date("3/5/2024", DateFormat::Eu), Ok(d(2024, 5, 3)));
        assert_eq!(parse_date("05.03.2024", DateFormat::Eu), Ok(d(2024, 3, 5)));
        assert_eq!(
            parse_date("12/31/24 5:00 PM", DateFormat::Us),
            Ok(d(2024, 12, 31))
        );
        assert_eq!(
            parse_date("12/31/2024", DateFormat::Eu),
            Err("“12/31/2024” is not a date (expected D/M/YYYY)".into())
        );
        assert_eq!(parse_date("Mar 5, 2024", DateFormat::Eu), Ok(d(2024, 3, 5)));
        assert_eq!(
            parse_date("5 March 2024", DateFormat::Us),
            Ok(d(2024, 3, 5))
        );
    }

    #[test]
    fn guesses_the_format_from_a_column() {
        assert_eq!(
            guess_date_format(&["2024-03-05", "2024-12-31 10:00"]),
            DateFormat::Iso
        );
        assert_eq!(
            guess_date_format(&["3/5/2024", "12/31/2024"]),
            DateFormat::Us
        );
        assert_eq!(
            guess_date_format(&["3/5/2024", "31/12/2024"]),
            DateFormat::Eu
        );
        assert_eq!(
            guess_date_format(&["05.03.2024", "06.03.2024"]),
            DateFormat::Eu
        );
        assert_eq!(guess_date_format(&["03/05/2024"]), DateFormat::Us);
        assert_eq!(guess_date_format(&[]), DateFormat::Iso);
    }

    #[test]
    fn date_times_for_due_dates() {
        let dt = |s: &str, f| parse_date_time(s, f).map(|x| x.to_string());
        assert_eq!(
            dt("2024-03-05 14:30", DateFormat::Iso),
            Ok("2024-03-05 14:30:00".into())
        );
        assert_eq!(
            dt("2024-03-05T09:15:00Z", DateFormat::Iso),
            Ok("2024-03-05 09:15:00".into())
        );
        assert_eq!(
            dt("3/5/2024 2:30 PM", DateFormat::Us),
            Ok("2024-03-05 14:30:00".into())
        );
        assert_eq!(
            dt("3/5/2024 12:10 AM", DateFormat::Us),
            Ok("2024-03-05 00:10:00".into())
        );
        assert_eq!(
            dt("05.03.2024", DateFormat::Eu),
            Ok("2024-03-05 00:00:00".into())
        );
        assert!(dt("2024-03-05 25:00", DateFormat::Iso).is_err());
    }
}
