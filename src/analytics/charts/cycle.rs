//! How long won deals took to close: a histogram of the days from creation to close of
//! the deals won in the period (the sales cycle of the KPIs), in buckets that widen
//! with the wait: a week, two weeks, a month, two, three, six, a year, longer.

use super::common::{self, closed_deals, frame, percent};
use super::{Behind, ChartKey, ChartSpec, ChartTable};
use crate::analytics::kpi::{format_value, KpiInput, Unit};
use crate::analytics::period::Period;
use crate::domain::{Currency, Kind};
use charming::datatype::DataPoint;
use charming::element::Trigger;
use charming::series::Bar;
use charming::Chart;

pub const TITLE: &str = "How long won deals took to close";

/// The buckets: (first day, last day included, label).
pub const BUCKETS: [(i64, i64, &str); 8] = [
    (0, 7, "0–7 days"),
    (8, 14, "8–14 days"),
    (15, 30, "15–30 days"),
    (31, 60, "31–60 days"),
    (61, 90, "61–90 days"),
    (91, 180, "91–180 days"),
    (181, 365, "181–365 days"),
    (366, i64::MAX, "Over a year"),
];

/// The bucket of a cycle of `days`.
pub fn bucket(days: i64) -> usize {
    BUCKETS
        .iter()
        .position(|(from, to, _)| (*from..=*to).contains(&days))
        .unwrap_or(0)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cycles {
    pub period: Period,
    /// Deals per bucket of `BUCKETS`.
    pub counts: [usize; 8],
    /// Cycle lengths in days, sorted (for the median and mean).
    pub days: Vec<i64>,
}

/// Every deal won in the period in scope, with its cycle in days (as the KPIs count it).
fn cycles<'a>(
    input: &'a KpiInput,
    m: &'a crate::analytics::scope::Matcher<u32>,
    period: &'a Period,
) -> impl Iterator<Item = (usize, i64)> + 'a {
    closed_deals(input, m, period)
        .filter(|(.., won)| *won)
        .map(|(slot, d, day, _)| (slot, (day - d.created).num_days().max(0)))
}

pub fn data(input: &KpiInput, period: Period) -> Cycles {
    let m = input.facts.matcher(input.scope, input.ws);
    let mut counts = [0usize; 8];
    let mut days = Vec::new();
    for (_, n) in cycles(input, &m, &period) {
        counts[bucket(n)] += 1;
        days.push(n);
    }
    days.sort_unstable();
    Cycles {
        period,
        counts,
        days,
    }
}

fn key(i: usize) -> String {
    ChartKey::Cycle { bucket: i }.to_string()
}

fn days_text(v: f64) -> String {
    format_value(v, Unit::Days, &Currency::usd())
}

impl Cycles {
    /// Median and mean in days, when any deal was won.
    pub fn median_mean(&self) -> Option<(f64, f64)> {
        let n = self.days.len();
        if n == 0 {
            return None;
        }
        let median = if n % 2 == 1 {
            self.days[n / 2] as f64
        } else {
            (self.days[n / 2 - 1] + self.days[n / 2]) as f64 / 2.0
        };
        let mean = self.days.iter().sum::<i64>() as f64 / n as f64;
        Some((median, mean))
    }

    fn subtitle(&self) -> String {
        let mut s = format!(
            "Days from creation to close, deals won in {}",
            self.period.label()
        );
        if let Some((median, mean)) = self.median_mean() {
            s.push_str(&format!(
                "; median {}, mean {}",
                days_text(median),
                days_text(mean)
            ));
        }
        s
    }

    fn empty(&self) -> Option<String> {
        self.days
            .is_empty()
            .then(|| format!("No deals won in {}", self.period.label()))
    }

    pub fn chart(&self) -> Chart {
        let labels = BUCKETS.iter().map(|b| b.2.to_string()).collect();
        frame(TITLE, &self.subtitle(), false, Trigger::Axis)
            .x_axis(common::category_axis(labels))
            .y_axis(common::count_axis())
            .series(
                Bar::new().name("Deals won").bar_width("90%").data(
                    self.counts
                        .iter()
                        .map(|c| DataPoint::from(*c as i64))
                        .collect(),
                ),
            )
    }

    pub fn table(&self) -> ChartTable {
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle(),
            &["Days to close", "Deals won", "Share"],
            Vec::new(),
        );
        let n = self.days.len();
        for (i, b) in BUCKETS.iter().enumerate() {
            t.row(
                Some(key(i)),
                vec![
                    b.2.to_string(),
                    self.counts[i].to_string(),
                    percent(self.counts[i], n),
                ],
            );
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        vec![(0..BUCKETS.len()).map(|i| Some(key(i))).collect()]
    }

    pub fn spec(&self) -> ChartSpec {
        ChartSpec::new(
            &self.chart(),
            TITLE,
            &self.subtitle(),
            self.table(),
            self.keys(),
            self.empty(),
        )
    }
}

/// The deals won in the period whose cycle fell in the bucket of `key`.
pub(super) fn behind(input: &KpiInput, period: &Period, key: &ChartKey) -> Behind {
    let ChartKey::Cycle { bucket: b } = key else {
        return Behind::default();
    };
    let m = input.facts.matcher(input.scope, input.ws);
    let slots = cycles(input, &m, period)
        .filter(|(_, n)| bucket(*n) == *b)
        .map(|(slot, _)| slot);
    Behind::of(Kind::Deal, common::deal_ids(input, slots))
}
