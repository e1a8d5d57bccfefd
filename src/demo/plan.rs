//! The demo's calendar (days counted from the start of the history) and the plan made
//! up front: when each account appears and how many deals it gets.

use super::rng::Rng;
use crate::domain::{Date, Timestamp};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// Days of history before today: a little over three years and a quarter, so a
/// trend has three seasons to learn from and the last ones can be backtested with
/// two years behind them.
pub(super) const HISTORY_DAYS: i64 = 1_190;

/// How much busier the end of the history is than its start (1.0: twice as busy).
const GROWTH: f64 = 1.5;

/// Days before the history starts in which the first accounts may appear.
const WARM_UP: i64 = 150;

/// Days are counted from `start`. Past events happen on days `0..=last()`, all before
/// the day `now` falls on, so nothing is stamped after `now`.
#[derive(Clone, Debug)]
pub(super) struct Clock {
    pub start: Date,
    pub days: i64,
    /// Today's day number (the calendar "today", for due and expected-close dates).
    pub today: i64,
}

fn quarter_number(d: Date) -> i64 {
    d.year() as i64 * 4 + (d.month0() / 3) as i64
}

fn month_number(d: Date) -> i64 {
    d.year() as i64 * 12 + d.month0() as i64
}

fn first_of_month(n: i64) -> Date {
    NaiveDate::from_ymd_opt(n.div_euclid(12) as i32, n.rem_euclid(12) as u32 + 1, 1)
        .expect("valid month")
}

impl Clock {
    pub fn new(today: Date, now: Timestamp) -> Self {
        let base = today.min(now.date_naive());
        let start = base - Duration::days(HISTORY_DAYS);
        Clock {
            start,
            days: HISTORY_DAYS,
            today: (today - start).num_days(),
        }
    }

    /// The last day a past event can fall on (the day before `now`'s day, or earlier).
    pub fn last(&self) -> i64 {
        self.days - 1
    }

    pub fn date(&self, day: i64) -> Date {
        self.start + Duration::days(day)
    }

    pub fn day_of(&self, date: Date) -> i64 {
        (date - self.start).num_days()
    }

    /// The moment `minute` minutes after midnight (UTC) of `day`.
    pub fn ts(&self, day: i64, minute: i64) -> Timestamp {
        self.local(day, minute).and_utc()
    }

    pub fn local(&self, day: i64, minute: i64) -> NaiveDateTime {
        self.date(day).and_hms_opt(0, 0, 0).expect("midnight") + Duration::minutes(minute)
    }

    /// Quarter number of `day`, 0 for the quarter the history starts in.
    pub fn quarter(&self, day: i64) -> usize {
        (quarter_number(self.date(day)) - quarter_number(self.start)).max(0) as usize
    }

    /// First day of quarter number `q`.
    pub fn quarter_start(&self, q: usize) -> Date {
        first_of_month((quarter_number(self.start) + q as i64) * 3)
    }

    /// The day number of the last day of `day`'s quarter.
    pub fn quarter_end_day(&self, day: i64) -> i64 {
        let q = quarter_number(self.date(day)) + 1;
        self.day_of(first_of_month(q * 3)) - 1
    }

    /// Month number of `day`, 0 for the month the history starts in.
    pub fn month(&self, day: i64) -> usize {
        (month_number(self.date(day)) - month_number(self.start)).max(0) as usize
    }

    /// First day of month number `m`.
    pub fn month_start(&self, m: usize) -> Date {
        first_of_month(month_number(self.start) + m as i64)
    }

    /// A day from `from` to `last()`, drawn with the business growing over time (more
    /// later).
    pub fn growth_day(&self, rng: &mut Rng, from: i64) -> i64 {
        let u = rng.unit();
        let x = ((1.0 + 2.0 * GROWTH * u * (1.0 + GROWTH / 2.0)).sqrt() - 1.0) / GROWTH;
        (from + (x * (self.days - from) as f64) as i64).clamp(from, self.last())
    }
}

/// A random minute of the working day (08:00–18:00).
pub(super) fn work_minute(rng: &mut Rng) -> i64 {
    rng.between(8 * 60, 18 * 60 - 1)
}

/// Decided before any record is written: the accounts' start days and deal counts.
#[derive(Clone, Debug)]
pub(super) struct Plan {
    pub account_days: Vec<i64>,
    pub account_deals: Vec<u16>,
    /// Leads that never became deals (converted leads come with their accounts).
    pub other_leads: usize,
    /// Where this seed's company names start.
    pub name_offset: usize,
}

impl Plan {
    /// `deals` deals spread over accounts (about 2.5 per account, older accounts more),
    /// plus prospects without deals.
    pub fn new(rng: &mut Rng, clock: &Clock, deals: usize) -> Plan {
        let with_deals = (deals * 2 / 5).max(1);
        let prospects = with_deals / 12;
        let n = with_deals + prospects;
        // Some accounts start before the history, so its first quarter already has a
        // pipeline to close.
        let mut account_days: Vec<i64> = (0..n).map(|_| clock.growth_day(rng, -WARM_UP)).collect();
        // The first account opens the history, so it spans the full two years.
        account_days[0] = 0;
        let mut account_deals = vec![0u16; n];
        // Every account with deals has one; the rest go to older accounts more often.
        let mut cumulative = Vec::with_capacity(with_deals);
        let mut total = 0.0;
        for (i, day) in account_days.iter().enumerate().take(with_deals) {
            account_deals[i] = 1;
            let age = 1.0 - (*day).max(0) as f64 / clock.days as f64;
            total += 0.1 + age * age;
            cumulative.push(total);
        }
        for _ in with_deals..deals {
            let r = rng.unit() * total;
            let i = cumulative.partition_point(|c| *c <= r).min(with_deals - 1);
            account_deals[i] = account_deals[i].saturating_add(1);
        }
        // Prospects are spread among the others rather than all at the end (the
        // history-opening account stays first).
        for k in 0..prospects {
            let j = with_deals + k;
            let i = 1 + rng.below(j);
            account_days.swap(i, j);
            account_deals.swap(i, j);
        }
        Plan {
            other_leads: with_deals * 11 / 10,
            account_days,
            account_deals,
            name_offset: rng.below(1 << 16),
        }
    }

    pub fn accounts(&self) -> usize {
        self.account_days.len()
    }
}

/// What the account pass learns that quotas, spend and coaching depend on.
#[derive(Clone, Debug, Default)]
pub(super) struct Stats {
    /// Won amount by rep and quarter.
    pub won: Vec<Vec<i64>>,
    /// Closed (won + lost) deals by rep.
    pub closed: Vec<(u32, u32)>,
    /// New customers by month.
    pub new_customers: Vec<u32>,
    /// Sum and count of the deals that made customers (for spend and CAC).
    pub first_won_total: i64,
    pub first_won_count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn clock() -> Clock {
        let now = chrono::Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        Clock::new(now.date_naive(), now)
    }

    #[test]
    fn days_map_to_dates_and_quarters() {
        let c = clock();
        assert_eq!(
            c.date(c.last() + 1),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        );
        assert_eq!(c.today, c.days);
        let d = c.day_of(NaiveDate::from_ymd_opt(2026, 2, 14).unwrap());
        assert_eq!(
            c.date(c.quarter_end_day(d)),
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
        );
        assert_eq!(
            c.quarter_start(c.quarter(d)),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        );
        assert_eq!(
            c.month_start(c.month(d)),
            NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()
        );
        assert!(
            c.ts(c.last(), 23 * 60 + 59)
                < chrono::Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn growth_puts_more_days_late_than_early() {
        let c = clock();
        let mut rng = Rng::new(4);
        let days: Vec<i64> = (0..10_000).map(|_| c.growth_day(&mut rng, 0)).collect();
        let early = days.iter().filter(|d| **d < c.days / 4).count();
        let late = days.iter().filter(|d| **d >= c.days * 3 / 4).count();
        assert!(late as f64 > early as f64 * 1.5, "{early} {late}");
        assert!(days.iter().all(|d| (0..=c.last()).contains(d)));
    }

    #[test]
    fn the_plan_gives_exactly_the_deals_asked_for() {
        let c = clock();
        let mut rng = Rng::new(5);
        let p = Plan::new(&mut rng, &c, 1_000);
        let total: usize = p.account_deals.iter().map(|n| *n as usize).sum();
        assert_eq!(total, 1_000);
        assert!(p.account_deals.contains(&0), "some prospects");
        assert!(
            p.account_deals.iter().any(|n| *n >= 3),
            "some repeat buyers"
        );
        assert_eq!(p.account_days[0], 0);
        assert!(p.account_deals[0] > 0);
    }
}
