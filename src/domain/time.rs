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

/// The user's time zone, as UTC offsets over time. Pure: the browser measures it once
/// at start (`platform::local_tz`) and hands it to `set_local_tz`; tests set their own.
/// Every stored moment (created, completed, stage entered) becomes the user's calendar
/// day through `local_day`, the one function that does so, so a deal won at 23:30 in
/// Los Angeles counts on that day there, not on the next UTC day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalTz {
    /// (from this Unix second on, offset in seconds east of UTC), sorted by time; the
    /// first offset also applies before its start.
    spans: Vec<(i64, i32)>,
}

impl Default for LocalTz {
    fn default() -> Self {
        LocalTz::utc()
    }
}

impl LocalTz {
    pub fn utc() -> Self {
        LocalTz::fixed(0)
    }

    /// A zone without daylight saving time, `offset` seconds east of UTC.
    pub fn fixed(offset: i32) -> Self {
        LocalTz {
            spans: vec![(i64::MIN, offset)],
        }
    }

    /// A zone from (start second, offset) pairs in any order; duplicates and repeats of
    /// the same offset collapse. Empty means UTC.
    pub fn from_spans(mut spans: Vec<(i64, i32)>) -> Self {
        spans.sort_unstable();
        let mut out: Vec<(i64, i32)> = Vec::with_capacity(spans.len());
        for (at, off) in spans {
            match out.last() {
                Some(&(_, last)) if last == off => {}
                Some(&(t, _)) if t == at => {
                    out.pop();
                    out.push((at, off));
                }
                _ => out.push((at, off)),
            }
        }
        if out.is_empty() {
            return LocalTz::utc();
        }
        out[0].0 = i64::MIN;
        LocalTz { spans: out }
    }

    /// Seconds east of UTC in force at `t`.
    pub fn offset_at(&self, t: Timestamp) -> i32 {
        let s = t.timestamp();
        match self.spans.as_slice() {
            [(_, only)] => *only,
            spans => {
                let i = spans.partition_point(|&(from, _)| from <= s);
                spans[i.saturating_sub(1)].1
            }
        }
    }

    /// The wall-clock time at `t` in this zone.
    pub fn local(&self, t: Timestamp) -> chrono::NaiveDateTime {
        t.naive_utc() + chrono::Duration::seconds(i64::from(self.offset_at(t)))
    }

    /// The calendar day `t` falls on in this zone.
    pub fn day(&self, t: Timestamp) -> Date {
        self.local(t).date()
    }

    /// The moment a local wall-clock time happened (the earlier one when a clock change
    /// makes it ambiguous; just after the gap when it did not exist).
    pub fn to_utc(&self, local: chrono::NaiveDateTime) -> Timestamp {
        // Try each offset in force around that time; the first that maps back wins.
        let guess = local.and_utc();
        let mut offsets: Vec<i32> = [-86_400i64, 0, 86_400]
            .iter()
            .map(|d| self.offset_at(guess + chrono::Duration::seconds(*d)))
            .collect();
        offsets.dedup();
        for off in offsets.iter().rev().chain(offsets.iter()) {
            let t = (local - chrono::Duration::seconds(i64::from(*off))).and_utc();
            if self.local(t) == local {
                return t;
            }
        }
        (local - chrono::Duration::seconds(i64::from(self.offset_at(guess)))).and_utc()
    }
}

thread_local! {
    static LOCAL_TZ: std::cell::RefCell<LocalTz> = std::cell::RefCell::new(LocalTz::utc());
}

/// Sets the zone `local_day` uses on this thread (the app: once at start; a test: for
/// itself, since each test runs on its own thread and starts at UTC).
pub fn set_local_tz(tz: LocalTz) {
    LOCAL_TZ.with(|z| *z.borrow_mut() = tz);
}

/// The zone `local_day` uses.
pub fn local_tz() -> LocalTz {
    LOCAL_TZ.with(|z| z.borrow().clone())
}

/// The user's calendar day of a stored moment: the one conversion every page uses.
pub fn local_day(t: Timestamp) -> Date {
    LOCAL_TZ.with(|z| z.borrow().day(t))
}

/// The user's wall-clock time of a stored moment.
pub fn local_time(t: Timestamp) -> chrono::NaiveDateTime {
    LOCAL_TZ.with(|z| z.borrow().local(t))
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

/// Reading stored timestamps quickly. A large workspace holds about a million, nearly
/// all in the one form Salesdeck writes (`2026-11-22T09:30:00Z`, maybe with a
/// fraction of a second); chrono's general RFC 3339 parser took a fifth of the time of
/// decoding records. That form is read here; anything else (offsets, leap seconds, lower
/// case) goes to chrono, so what is accepted is exactly what chrono accepts.
/// Used as `#[serde(deserialize_with = "time::stored::timestamp")]`.
pub mod stored {
    use super::Timestamp;
    use chrono::{DateTime, FixedOffset, NaiveDate};
    use serde::de::{self, Deserializer, Visitor};
    use std::fmt;

    pub fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        d.deserialize_str(TimestampVisitor)
    }

    /// For `Option<Timestamp>` fields (with `#[serde(default)]`, since a custom reader
    /// makes serde require the field otherwise).
    pub fn optional_timestamp<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Timestamp>, D::Error> {
        d.deserialize_option(OptionalVisitor)
    }

    /// The timestamp `s` stands for, read the fast way when it has Salesdeck's form.
    pub fn parse(s: &str) -> Result<Timestamp, chrono::ParseError> {
        match parse_canonical(s) {
            Some(t) => Ok(t),
            None => s.parse::<DateTime<FixedOffset>>().map(|t| t.to_utc()),
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z`, or `None`.
    fn parse_canonical(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 20 || b[b.len() - 1] != b'Z' {
            return None;
        }
        let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if separators.iter().any(|&(i, c)| b[i] != c) {
            return None;
        }
        let digits = |from: usize, to: usize| -> Option<u32> {
            b[from..to].iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let nanos = match &b[19..b.len() - 1] {
            [] => 0,
            [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
                digits(20, b.len() - 1)? * 10u32.pow(9 - fraction.len() as u32)
            }
            _ => return None,
        };
        let date = NaiveDate::from_ymd_opt(digits(0, 4)? as i32, digits(5, 7)?, digits(8, 10)?)?;
        let time =
            date.and_hms_nano_opt(digits(11, 13)?, digits(14, 16)?, digits(17, 19)?, nanos)?;
        Some(time.and_utc())
    }

    struct TimestampVisitor;

    impl Visitor<'_> for TimestampVisitor {
        type Value = Timestamp;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an RFC 3339 date and time")
        }

        fn visit_str<E: de::Error>(self, s: &str) -> Result<Timestamp, E> {
            parse(s).map_err(E::custom)
        }
    }

    struct OptionalVisitor;

    impl<'de> Visitor<'de> for OptionalVisitor {
        type Value = Option<Timestamp>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an RFC 3339 date and time, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            timestamp(d).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn stored_timestamps_read_as_chrono_reads_them() {
        use chrono::{DateTime, FixedOffset};
        let samples = [
            "2026-11-22T09:30:00Z",
            "2026-11-22T09:30:00.5Z",
            "2026-11-22T09:30:00.123Z",
            "2026-11-22T09:30:00.123456789Z",
            "1999-12-31T23:59:59Z",
            "2024-02-29T00:00:00Z",
            "2026-11-22T09:30:00+02:00",
            "2026-11-22T09:30:00.250-05:30",
            "2026-11-22t09:30:00z",
            "2026-11-22 09:30:00Z",
            "2016-12-31T23:59:60Z",
            "2025-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T09:30:00.Z",
            "2026-11-22T09:30:00.1234567890Z",
            "2026-11-22T09:30Z",
            "2026-11-22",
            "+2026-11-22T09:30:00Z",
            "2026-1a-22T09:30:00Z",
            "",
        ];
        for s in samples {
            let chrono = s.parse::<DateTime<FixedOffset>>().map(|t| t.to_utc()).ok();
            assert_eq!(stored::parse(s).ok(), chrono, "{s:?}");
        }
        assert!(stored::parse("2026-11-22T09:30:00.123Z").is_ok());
    }

    #[test]
    fn stored_timestamps_in_records_and_options() {
        #[derive(serde::Deserialize)]
        struct Row {
            #[serde(deserialize_with = "stored::timestamp")]
            at: Timestamp,
            #[serde(default, deserialize_with = "stored::optional_timestamp")]
            done: Option<Timestamp>,
        }
        let r: Row = serde_json::from_str(r#"{"at":"2026-11-22T09:30:00Z","done":null}"#).unwrap();
        assert_eq!(r.at.to_rfc3339(), "2026-11-22T09:30:00+00:00");
        assert_eq!(r.done, None);
        let r: Row = serde_json::from_str(r#"{"at":"2026-11-22T10:30:00+01:00"}"#).unwrap();
        assert_eq!(r.at.to_rfc3339(), "2026-11-22T09:30:00+00:00");
        assert_eq!(r.done, None);
        let r: Row = serde_json::from_str(
            r#"{"at":"2026-11-22T09:30:00Z","done":"2026-11-23T08:00:00.5Z"}"#,
        )
        .unwrap();
        assert_eq!(r.done.unwrap().timestamp_subsec_millis(), 500);
        let e = serde_json::from_str::<Row>(r#"{"at":"yesterday"}"#)
            .err()
            .unwrap();
        assert!(
            e.to_string().contains("input contains invalid characters"),
            "{e}"
        );
        assert!(serde_json::from_str::<Row>(r#"{"at":12}"#).is_err());
    }

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

    #[test]
    fn local_days_follow_the_zone_and_its_clock_changes() {
        use chrono::TimeZone;
        let t = |y, m, d, h, min| chrono::Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap();
        let la = LocalTz::fixed(-8 * 3600);
        // 23:30 in Los Angeles is 07:30 UTC the next day: still the 30th there.
        assert_eq!(
            la.day(t(2026, 11, 1, 7, 30)),
            NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
        );
        assert_eq!(
            LocalTz::utc().day(t(2026, 11, 1, 7, 30)),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
        );
        // Europe/Berlin-like: +1, +2 from 29 March 2026 01:00 UTC, +1 again from 25 October.
        let berlin = LocalTz::from_spans(vec![
            (t(2026, 10, 25, 1, 0).timestamp(), 3600),
            (0, 3600),
            (t(2026, 3, 29, 1, 0).timestamp(), 7200),
        ]);
        assert_eq!(berlin.offset_at(t(2026, 1, 1, 0, 0)), 3600);
        assert_eq!(berlin.offset_at(t(2026, 3, 29, 1, 0)), 7200);
        assert_eq!(berlin.offset_at(t(2026, 10, 25, 0, 59)), 7200);
        assert_eq!(berlin.offset_at(t(2026, 10, 25, 1, 0)), 3600);
        assert_eq!(
            berlin.day(t(2026, 6, 30, 22, 30)),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
        assert_eq!(
            berlin.day(t(2026, 12, 31, 22, 30)),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        // Local times map back to the moment they name.
        let noon = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(berlin.to_utc(noon), t(2026, 7, 1, 10, 0));
        assert_eq!(la.to_utc(noon), t(2026, 7, 1, 20, 0));
        // The thread's zone drives local_day; other threads keep UTC.
        set_local_tz(la.clone());
        assert_eq!(
            local_day(t(2026, 11, 1, 7, 30)),
            NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
        );
        let other = std::thread::spawn(move || local_day(t(2026, 11, 1, 7, 30)))
            .join()
            .unwrap();
        assert_eq!(other, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        set_local_tz(LocalTz::utc());
    }
}
