//! When to remind people to export a snapshot: their data lives only in this browser,
//! which may clear it when storage is not persistent.

use crate::domain::Date;

/// Days between reminders (and after an export) when storage is not persistent.
pub const REMIND_EVERY_DAYS: i64 = 7;

/// Remind when storage is not persistent, the workspace holds real records, and
/// neither an export nor a "later" happened in the last week.
pub fn should_remind(
    persisted: bool,
    has_records: bool,
    last_export: Option<Date>,
    snoozed_on: Option<Date>,
    today: Date,
) -> bool {
    if persisted || !has_records {
        return false;
    }
    let recent = |d: Option<Date>| d.is_some_and(|d| (today - d).num_days() < REMIND_EVERY_DAYS);
    !recent(last_export) && !recent(snoozed_on)
}

/// "512 B", "1.2 MB", "2.1 GB".
pub fn format_bytes(n: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n.max(0.0);
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{} B", v as u64)
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(day: u32) -> Date {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn reminds_weekly_only_when_data_is_at_risk() {
        let today = d(22);
        assert!(
            !should_remind(true, true, None, None, today),
            "persistent storage"
        );
        assert!(
            !should_remind(false, false, None, None, today),
            "nothing to lose yet"
        );
        assert!(should_remind(false, true, None, None, today));
        assert!(
            !should_remind(false, true, Some(d(20)), None, today),
            "exported this week"
        );
        assert!(
            should_remind(false, true, Some(d(15)), None, today),
            "exported a week ago"
        );
        assert!(
            !should_remind(false, true, None, Some(d(21)), today),
            "snoozed"
        );
    }

    #[test]
    fn formats_sizes() {
        assert_eq!(format_bytes(512.0), "512 B");
        assert_eq!(format_bytes(1_234_567.0), "1.2 MB");
        assert_eq!(format_bytes(2_100_000_000.0), "2.1 GB");
    }
}
