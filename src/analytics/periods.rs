//! Calendar and fiscal periods as inclusive date ranges.

use crate::domain::Date;
use chrono::{Datelike, Months, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodChoice {
    ThisMonth,
    NextMonth,
    ThisQuarter,
    NextQuarter,
    ThisYear,
}

impl PeriodChoice {
    pub const ALL: [PeriodChoice; 5] = [
        PeriodChoice::ThisMonth,
        PeriodChoice::NextMonth,
        PeriodChoice::ThisQuarter,
        PeriodChoice::NextQuarter,
        PeriodChoice::ThisYear,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PeriodChoice::ThisMonth => "this-month",
            PeriodChoice::NextMonth => "next-month",
            PeriodChoice::ThisQuarter => "this-quarter",
            PeriodChoice::NextQuarter => "next-quarter",
            PeriodChoice::ThisYear => "this-year",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PeriodChoice::ThisMonth => "This month",
            PeriodChoice::NextMonth => "Next month",
            PeriodChoice::ThisQuarter => "This fiscal quarter",
            PeriodChoice::NextQuarter => "Next fiscal quarter",
            PeriodChoice::ThisYear => "This fiscal year",
        }
    }

    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == k)
    }

    /// The inclusive range this period covers around `today`, with fiscal years
    /// starting in `fiscal_start_month` (1 = January).
    pub fn range(self, today: Date, fiscal_start_month: u32) -> (Date, Date) {
        let month_start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("valid");
        let (start, months) = match self {
            PeriodChoice::ThisMonth => (month_start, 1),
            PeriodChoice::NextMonth => (month_start + Months::new(1), 1),
            PeriodChoice::ThisQuarter => (fiscal_quarter_start(today, fiscal_start_month), 3),
            PeriodChoice::NextQuarter => (
                fiscal_quarter_start(today, fiscal_start_month) + Months::new(3),
                3,
            ),
            PeriodChoice::ThisYear => (fiscal_year_start(today, fiscal_start_month), 12),
        };
        (start, start + Months::new(months) - chrono::Days::new(1))
    }
}

pub fn fiscal_year_start(today: Date, fiscal_start_month: u32) -> Date {
    let m = fiscal_start_month.clamp(1, 12);
    let year = if today.month() >= m {
        today.year()
    } else {
        today.year() - 1
    };
    NaiveDate::from_ymd_opt(year, m, 1).expect("valid")
}

pub fn fiscal_quarter_start(today: Date, fiscal_start_month: u32) -> Date {
    let fy = fiscal_year_start(today, fiscal_start_month);
    let months_in = (today.year() - fy.year()) * 12 + today.month() as i32 - fy.month() as i32;
    fy + Months::new((months_in / 3 * 3) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn calendar_and_fiscal_ranges() {
        let today = d(2026, 11, 22);
        assert_eq!(
            PeriodChoice::ThisMonth.range(today, 1),
            (d(2026, 11, 1), d(2026, 11, 30))
        );
        assert_eq!(
            PeriodChoice::NextMonth.range(today, 1),
            (d(2026, 12, 1), d(2026, 12, 31))
        );
        assert_eq!(
            PeriodChoice::ThisQuarter.range(today, 1),
            (d(2026, 10, 1), d(2026, 12, 31))
        );
        assert_eq!(
            PeriodChoice::NextQuarter.range(today, 1),
            (d(2027, 1, 1), d(2027, 3, 31))
        );
        // Fiscal year from April: Q3 is Oct–Dec, the year runs Apr 2026 – Mar 2027.
        assert_eq!(
            PeriodChoice::ThisQuarter.range(today, 4),
            (d(2026, 10, 1), d(2026, 12, 31))
        );
        assert_eq!(
            PeriodChoice::ThisYear.range(today, 4),
            (d(2026, 4, 1), d(2027, 3, 31))
        );
        // Fiscal year from February, in January: still last fiscal year.
        assert_eq!(fiscal_year_start(d(2027, 1, 15), 2), d(2026, 2, 1));
        assert_eq!(
            PeriodChoice::ThisQuarter.range(d(2027, 1, 15), 2),
            (d(2026, 11, 1), d(2027, 1, 31))
        );
    }

    #[test]
    fn keys_round_trip() {
        for p in PeriodChoice::ALL {
            assert_eq!(PeriodChoice::from_key(p.key()), Some(p));
        }
    }
}
