//! Periods every analytics page uses: a fiscal-aware month, quarter or year, a week, a
//! custom range, or all time; with the period before it and its weeks. Pure: `today`
//! is always passed in.
//!
//! Fiscal years start on the first day of `fiscal_start_month` (1 = January). A fiscal
//! year that starts in January is named by its year ("2026"); one that starts in
//! another month by both years it spans ("FY 2026–27"), so a name never hides which
//! months it holds. Weeks start on Monday.

use crate::domain::Date;
use chrono::{Datelike, Days, Months, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Week,
    Month,
    Quarter,
    Year,
    Custom,
    AllTime,
}

/// A span of calendar days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    start: Date,
    end: Date,
    /// The fiscal year's first month, for quarter and year names and for stepping.
    fiscal_start_month: u32,
}

/// The first day of the fiscal year `day` falls in.
pub fn fiscal_year_start(day: Date, fiscal_start_month: u32) -> Date {
    let m = fiscal_start_month.clamp(1, 12);
    let year = if day.month() >= m {
        day.year()
    } else {
        day.year() - 1
    };
    NaiveDate::from_ymd_opt(year, m, 1).expect("the first of a month exists")
}

/// The first day of the fiscal quarter `day` falls in.
pub fn fiscal_quarter_start(day: Date, fiscal_start_month: u32) -> Date {
    let fy = fiscal_year_start(day, fiscal_start_month);
    let months_in = (day.year() - fy.year()) * 12 + day.month() as i32 - fy.month() as i32;
    fy + Months::new((months_in / 3 * 3) as u32)
}

fn month_start(day: Date) -> Date {
    NaiveDate::from_ymd_opt(day.year(), day.month(), 1).expect("the first of a month exists")
}

fn monday_of(day: Date) -> Date {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

impl Period {
    fn new(kind: PeriodKind, start: Date, end: Date, fiscal_start_month: u32) -> Period {
        Period {
            kind,
            start,
            end,
            fiscal_start_month: fiscal_start_month.clamp(1, 12),
        }
    }

    pub fn week_of(day: Date, fiscal_start_month: u32) -> Period {
        let s = monday_of(day);
        Period::new(PeriodKind::Week, s, s + Days::new(6), fiscal_start_month)
    }

    pub fn month_of(day: Date, fiscal_start_month: u32) -> Period {
        let s = month_start(day);
        let e = s + Months::new(1) - Days::new(1);
        Period::new(PeriodKind::Month, s, e, fiscal_start_month)
    }

    pub fn quarter_of(day: Date, fiscal_start_month: u32) -> Period {
        let s = fiscal_quarter_start(day, fiscal_start_month);
        let e = s + Months::new(3) - Days::new(1);
        Period::new(PeriodKind::Quarter, s, e, fiscal_start_month)
    }

    pub fn year_of(day: Date, fiscal_start_month: u32) -> Period {
        let s = fiscal_year_start(day, fiscal_start_month);
        let e = s + Months::new(12) - Days::new(1);
        Period::new(PeriodKind::Year, s, e, fiscal_start_month)
    }

    /// The days from `from` to `to`, both included (swapped if given the wrong way).
    pub fn custom(from: Date, to: Date, fiscal_start_month: u32) -> Period {
        let (s, e) = if from <= to { (from, to) } else { (to, from) };
        Period::new(PeriodKind::Custom, s, e, fiscal_start_month)
    }

    pub fn all_time(fiscal_start_month: u32) -> Period {
        Period::new(
            PeriodKind::AllTime,
            Date::MIN,
            Date::MAX,
            fiscal_start_month,
        )
    }

    /// The period of `kind` that holds `day` (custom and all time: see their own
    /// constructors; here they give the month and all time).
    pub fn of_kind(kind: PeriodKind, day: Date, fiscal_start_month: u32) -> Period {
        match kind {
            PeriodKind::Week => Period::week_of(day, fiscal_start_month),
            PeriodKind::Month | PeriodKind::Custom => Period::month_of(day, fiscal_start_month),
            PeriodKind::Quarter => Period::quarter_of(day, fiscal_start_month),
            PeriodKind::Year => Period::year_of(day, fiscal_start_month),
            PeriodKind::AllTime => Period::all_time(fiscal_start_month),
        }
    }

    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day, included.
    pub fn end(&self) -> Date {
        self.end
    }

    pub fn fiscal_start_month(&self) -> u32 {
        self.fiscal_start_month
    }

    pub fn is_all_time(&self) -> bool {
        self.kind == PeriodKind::AllTime
    }

    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// How many days it holds (`None` for all time).
    pub fn days(&self) -> Option<i64> {
        (!self.is_all_time()).then(|| (self.end - self.start).num_days() + 1)
    }

    /// The period just before, of the same length: the previous week, month, fiscal
    /// quarter or fiscal year, or the same number of days before a custom range; all
    /// time has none.
    pub fn previous(&self) -> Option<Period> {
        let f = self.fiscal_start_month;
        Some(match self.kind {
            PeriodKind::AllTime => return None,
            PeriodKind::Week => Period::week_of(self.start - Days::new(7), f),
            PeriodKind::Month => Period::month_of(self.start - Months::new(1), f),
            PeriodKind::Quarter => Period::quarter_of(self.start - Months::new(3), f),
            PeriodKind::Year => Period::year_of(self.start - Months::new(12), f),
            PeriodKind::Custom => {
                let len = Days::new(self.days().unwrap_or(1) as u64);
                Period::custom(self.start - len, self.start - Days::new(1), f)
            }
        })
    }

    /// The period just after, of the same kind.
    pub fn next(&self) -> Option<Period> {
        let f = self.fiscal_start_month;
        Some(match self.kind {
            PeriodKind::AllTime => return None,
            PeriodKind::Week => Period::week_of(self.end + Days::new(1), f),
            PeriodKind::Month => Period::month_of(self.end + Days::new(1), f),
            PeriodKind::Quarter => Period::quarter_of(self.end + Days::new(1), f),
            PeriodKind::Year => Period::year_of(self.end + Days::new(1), f),
            PeriodKind::Custom => {
                let len = Days::new(self.days().unwrap_or(1) as u64);
                Period::custom(self.end + Days::new(1), self.end + len, f)
            }
        })
    }

    /// Its weeks, Monday to Sunday, the first and last cut to the period (the pacing
    /// chart's steps). All time has none.
    pub fn weeks(&self) -> Vec<(Date, Date)> {
        if self.is_all_time() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut s = self.start;
        while s <= self.end {
            let e = (monday_of(s) + Days::new(6)).min(self.end);
            out.push((s, e));
            s = e + Days::new(1);
        }
        out
    }

    /// The calendar months it touches, each cut to the period (bookings by month).
    /// For all time, the months from `first` to `last` (the data's own span).
    pub fn months(&self, first: Date, last: Date) -> Vec<Period> {
        let (from, to) = if self.is_all_time() {
            (first, last)
        } else {
            (self.start, self.end)
        };
        let mut out = Vec::new();
        if from > to {
            return out;
        }
        let mut m = month_start(from);
        while m <= to {
            let whole = Period::month_of(m, self.fiscal_start_month);
            if whole.start >= from && whole.end <= to {
                out.push(whole);
            } else {
                let mut cut = Period::custom(
                    whole.start.max(from),
                    whole.end.min(to),
                    self.fiscal_start_month,
                );
                cut.kind = PeriodKind::Month;
                out.push(cut);
            }
            m = m + Months::new(1);
        }
        out
    }

    /// The fiscal year's name: "2026" or "FY 2026–27".
    fn fiscal_year_name(&self, fy_start: Date) -> String {
        if self.fiscal_start_month == 1 {
            fy_start.year().to_string()
        } else {
            format!("FY {}–{:02}", fy_start.year(), (fy_start.year() + 1) % 100)
        }
    }

    /// How people call it: "November 2026", "Q3 2026", "Q2 FY 2026–27", "Week of
    /// Nov 30, 2026", "Nov 1, 2026 – Jan 15, 2027", "All time".
    pub fn label(&self) -> String {
        use crate::domain::time::{format_date, MONTH_NAMES};
        match self.kind {
            PeriodKind::AllTime => "All time".into(),
            PeriodKind::Week => format!("Week of {}", format_date(self.start)),
            PeriodKind::Month
                if self.start.day() == 1 && self.end == Period::month_of(self.start, 1).end =>
            {
                format!(
                    "{} {}",
                    MONTH_NAMES[self.start.month0() as usize],
                    self.start.year()
                )
            }
            PeriodKind::Quarter => {
                let fy = fiscal_year_start(self.start, self.fiscal_start_month);
                let months = (self.start.year() - fy.year()) * 12 + self.start.month() as i32
                    - fy.month() as i32;
                format!("Q{} {}", months / 3 + 1, self.fiscal_year_name(fy))
            }
            PeriodKind::Year => self.fiscal_year_name(self.start),
            PeriodKind::Month | PeriodKind::Custom => {
                format!("{} – {}", format_date(self.start), format_date(self.end))
            }
        }
    }

    /// A short name for chart axes: "Nov 2026", "Q3", "W48".
    pub fn short_label(&self) -> String {
        match self.kind {
            PeriodKind::Month => self.start.format("%b %Y").to_string(),
            PeriodKind::Week => format!("W{}", self.start.iso_week().week()),
            _ => self.label(),
        }
    }
}

/// What the period picker offers. Presets stay relative in a bookmark ("this quarter"
/// is always the current one); a custom range is fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodPick {
    ThisMonth,
    LastMonth,
    ThisQuarter,
    LastQuarter,
    ThisYear,
    LastYear,
    Custom(Date, Date),
    AllTime,
}

impl PeriodPick {
    /// The presets, in the picker's order (custom comes apart, with two dates).
    pub const PRESETS: [PeriodPick; 7] = [
        PeriodPick::ThisMonth,
        PeriodPick::LastMonth,
        PeriodPick::ThisQuarter,
        PeriodPick::LastQuarter,
        PeriodPick::ThisYear,
        PeriodPick::LastYear,
        PeriodPick::AllTime,
    ];

    pub fn label(self) -> String {
        match self {
            PeriodPick::ThisMonth => "This month".into(),
            PeriodPick::LastMonth => "Last month".into(),
            PeriodPick::ThisQuarter => "This quarter".into(),
            PeriodPick::LastQuarter => "Last quarter".into(),
            PeriodPick::ThisYear => "This fiscal year".into(),
            PeriodPick::LastYear => "Last fiscal year".into(),
            PeriodPick::AllTime => "All time".into(),
            PeriodPick::Custom(..) => "Custom range".into(),
        }
    }

    /// The text kept in the address: "this-quarter", "2026-01-01..2026-03-31".
    pub fn key(self) -> String {
        match self {
            PeriodPick::ThisMonth => "this-month".into(),
            PeriodPick::LastMonth => "last-month".into(),
            PeriodPick::ThisQuarter => "this-quarter".into(),
            PeriodPick::LastQuarter => "last-quarter".into(),
            PeriodPick::ThisYear => "this-year".into(),
            PeriodPick::LastYear => "last-year".into(),
            PeriodPick::AllTime => "all".into(),
            PeriodPick::Custom(a, b) => format!("{a}..{b}"),
        }
    }

    pub fn from_key(key: &str) -> Option<PeriodPick> {
        if let Some(p) = Self::PRESETS.into_iter().find(|p| p.key() == key) {
            return Some(p);
        }
        let (a, b) = key.split_once("..")?;
        let a = NaiveDate::parse_from_str(a, "%Y-%m-%d").ok()?;
        let b = NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()?;
        Some(PeriodPick::Custom(a.min(b), a.max(b)))
    }

    /// The period it means on `today`.
    pub fn resolve(self, today: Date, fiscal_start_month: u32) -> Period {
        let f = fiscal_start_month;
        let this = |kind| Period::of_kind(kind, today, f);
        let last = |kind| {
            this(kind)
                .previous()
                .expect("a month, quarter or year has one")
        };
        match self {
            PeriodPick::ThisMonth => this(PeriodKind::Month),
            PeriodPick::LastMonth => last(PeriodKind::Month),
            PeriodPick::ThisQuarter => this(PeriodKind::Quarter),
            PeriodPick::LastQuarter => last(PeriodKind::Quarter),
            PeriodPick::ThisYear => this(PeriodKind::Year),
            PeriodPick::LastYear => last(PeriodKind::Year),
            PeriodPick::AllTime => Period::all_time(f),
            PeriodPick::Custom(a, b) => Period::custom(a, b, f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_quarters_and_fiscal_years() {
        let today = d(2026, 11, 22);
        let m = Period::month_of(today, 1);
        assert_eq!((m.start(), m.end()), (d(2026, 11, 1), d(2026, 11, 30)));
        assert_eq!(m.label(), "November 2026");
        let q = Period::quarter_of(today, 1);
        assert_eq!(
            (q.start(), q.end(), q.label()),
            (d(2026, 10, 1), d(2026, 12, 31), "Q4 2026".into())
        );
        // A fiscal year from April: Nov 2026 is in Q3 of FY 2026–27.
        let q = Period::quarter_of(today, 4);
        assert_eq!(
            (q.start(), q.end(), q.label()),
            (d(2026, 10, 1), d(2026, 12, 31), "Q3 FY 2026–27".into())
        );
        let y = Period::year_of(today, 4);
        assert_eq!(
            (y.start(), y.end(), y.label()),
            (d(2026, 4, 1), d(2027, 3, 31), "FY 2026–27".into())
        );
        // In January with a year from February: still last fiscal year, its Q4.
        let q = Period::quarter_of(d(2027, 1, 15), 2);
        assert_eq!((q.start(), q.end()), (d(2026, 11, 1), d(2027, 1, 31)));
        assert_eq!(q.label(), "Q4 FY 2026–27");
        assert_eq!(Period::year_of(d(2027, 1, 15), 1).label(), "2027");
    }

    #[test]
    fn each_period_knows_the_one_before_and_after() {
        let f = 4;
        let m = Period::month_of(d(2026, 3, 31), f);
        assert_eq!(m.previous().unwrap().start(), d(2026, 2, 1));
        assert_eq!(m.previous().unwrap().end(), d(2026, 2, 28));
        assert_eq!(m.next().unwrap().label(), "April 2026");
        let q = Period::quarter_of(d(2026, 4, 10), f);
        let prev = q.previous().unwrap();
        assert_eq!((prev.start(), prev.end()), (d(2026, 1, 1), d(2026, 3, 31)));
        assert_eq!(prev.label(), "Q4 FY 2025–26");
        let y = Period::year_of(d(2026, 4, 10), f);
        assert_eq!(y.previous().unwrap().label(), "FY 2025–26");
        let c = Period::custom(d(2026, 1, 11), d(2026, 1, 20), f);
        let pc = c.previous().unwrap();
        assert_eq!((pc.start(), pc.end()), (d(2026, 1, 1), d(2026, 1, 10)));
        assert_eq!(c.next().unwrap().start(), d(2026, 1, 21));
        assert_eq!(
            Period::custom(d(2026, 2, 1), d(2026, 1, 1), f).start(),
            d(2026, 1, 1)
        );
        assert_eq!(Period::all_time(f).previous(), None);
        let w = Period::week_of(d(2026, 12, 2), f);
        assert_eq!((w.start(), w.end()), (d(2026, 11, 30), d(2026, 12, 6)));
        assert_eq!(w.previous().unwrap().start(), d(2026, 11, 23));
    }

    #[test]
    fn weeks_are_cut_to_the_period() {
        let m = Period::month_of(d(2026, 11, 5), 1);
        let w = m.weeks();
        // November 2026 starts on a Sunday and ends on a Monday.
        assert_eq!(w.first(), Some(&(d(2026, 11, 1), d(2026, 11, 1))));
        assert_eq!(w[1], (d(2026, 11, 2), d(2026, 11, 8)));
        assert_eq!(w.last(), Some(&(d(2026, 11, 30), d(2026, 11, 30))));
        assert_eq!(w.len(), 6);
        let covered: i64 = w.iter().map(|(a, b)| (*b - *a).num_days() + 1).sum();
        assert_eq!(covered, 30);
        assert!(Period::all_time(1).weeks().is_empty());
    }

    #[test]
    fn months_of_a_quarter_a_range_and_all_time() {
        let q = Period::quarter_of(d(2026, 11, 5), 1);
        let labels: Vec<String> = q
            .months(d(2000, 1, 1), d(2000, 1, 1))
            .iter()
            .map(|m| m.short_label())
            .collect();
        assert_eq!(labels, ["Oct 2026", "Nov 2026", "Dec 2026"]);
        let c = Period::custom(d(2026, 1, 15), d(2026, 3, 10), 1);
        let ms = c.months(d(2000, 1, 1), d(2000, 1, 1));
        assert_eq!(ms.len(), 3);
        assert_eq!(
            (ms[0].start(), ms[2].end()),
            (d(2026, 1, 15), d(2026, 3, 10))
        );
        let all = Period::all_time(1).months(d(2025, 11, 20), d(2026, 2, 3));
        assert_eq!(all.len(), 4);
        assert!(all.iter().all(|m| m.kind == PeriodKind::Month));
    }

    #[test]
    fn choices_resolve_against_today_and_round_trip_through_the_address() {
        let today = d(2026, 11, 22);
        assert_eq!(
            PeriodPick::LastMonth.resolve(today, 1).label(),
            "October 2026"
        );
        assert_eq!(PeriodPick::LastQuarter.resolve(today, 1).label(), "Q3 2026");
        assert_eq!(PeriodPick::ThisYear.resolve(today, 4).label(), "FY 2026–27");
        assert_eq!(PeriodPick::LastYear.resolve(today, 4).label(), "FY 2025–26");
        assert!(PeriodPick::AllTime
            .resolve(today, 1)
            .contains(d(1999, 1, 1)));
        let mut all: Vec<PeriodPick> = PeriodPick::PRESETS.to_vec();
        all.push(PeriodPick::Custom(d(2026, 1, 1), d(2026, 3, 31)));
        for c in all {
            assert_eq!(PeriodPick::from_key(&c.key()), Some(c), "{}", c.key());
        }
        assert_eq!(
            PeriodPick::from_key("2026-03-31..2026-01-01"),
            Some(PeriodPick::Custom(d(2026, 1, 1), d(2026, 3, 31)))
        );
        assert_eq!(PeriodPick::from_key("next-decade"), None);
        assert_eq!(PeriodPick::from_key("2026-02-30..2026-03-01"), None);
    }
}
