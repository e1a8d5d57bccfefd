//! Bookings by month against quota: the won amount of each month of the period (by
//! close date, converted on that day), beside each month's quota (`quota_for` per
//! month: monthly quotas, else the month's share of the quarter's or year's) when
//! quotas are set.

use super::common::{self, closed_deals, frame, money, whole};
use super::{Behind, ChartKey, ChartSpec, ChartTable};
use crate::analytics::kpi::KpiInput;
use crate::analytics::period::Period;
use crate::analytics::quota::{quota_for, QuotaOf};
use crate::domain::{Currency, HomeSum, Id, Kind, Quota};
use charming::datatype::DataPoint;
use charming::element::Trigger;
use charming::series::{Bar, Line};
use charming::Chart;
use chrono::Datelike;

pub const TITLE: &str = "Bookings by month against quota";

#[derive(Clone, Debug, PartialEq)]
pub struct BookingMonth {
    /// The month, cut to the period.
    pub month: Period,
    /// Won in the month, in the home currency (what had no rate apart).
    pub won: HomeSum,
    /// Deals won in the month (with or without a rate).
    pub deals: usize,
    /// The month's quota for the scope, when one is set.
    pub quota: Option<HomeSum>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bookings {
    pub period: Period,
    pub home: Currency,
    pub months: Vec<BookingMonth>,
}

fn key(m: &Period) -> String {
    ChartKey::Month { start: m.start() }.to_string()
}

pub fn data(input: &KpiInput, period: Period) -> Bookings {
    let f = input.facts;
    let m = f.matcher(input.scope, input.ws);
    let won: Vec<(usize, chrono::NaiveDate)> = closed_deals(input, &m, &period)
        .filter(|(.., won)| *won)
        .map(|(slot, _, day, _)| (slot, day))
        .collect();
    let quotas: Vec<&Quota> = input.ws.quotas.values().collect();
    let rep_in_scope = |id: &Id| f.keys.get(id).is_some_and(|k| m.has_person(&k));
    let of = QuotaOf::of(input.scope);
    let mut months: Vec<BookingMonth> = common::months(&period, won.iter().map(|(_, d)| *d))
        .into_iter()
        .map(|month| BookingMonth {
            quota: quota_for(&quotas, &month, &rep_in_scope, of, input.rates),
            month,
            won: HomeSum::default(),
            deals: 0,
        })
        .collect();
    let spans: Vec<Period> = months.iter().map(|b| b.month).collect();
    for (slot, day) in won {
        let Some(i) = common::month_index(&spans, day) else {
            continue;
        };
        let d = &f.deals[slot];
        let b = &mut months[i];
        b.deals += 1;
        if let Some(a) = d.amount {
            b.won.add(input.rates, a, f.currency(d.currency), day);
        }
    }
    Bookings {
        period,
        home: input.rates.home(),
        months,
    }
}

impl Bookings {
    fn has_quota(&self) -> bool {
        self.months.iter().any(|m| m.quota.is_some())
    }

    fn subtitle(&self) -> String {
        common::period_text(&self.period)
    }

    fn empty(&self) -> Option<String> {
        (self.months.iter().all(|m| m.deals == 0) && !self.has_quota())
            .then(|| format!("No deals won in {}", self.period.label()))
    }

    pub fn chart(&self) -> Chart {
        let labels = self.months.iter().map(|m| m.month.short_label()).collect();
        let mut c = frame(TITLE, &self.subtitle(), true, Trigger::Axis)
            .x_axis(common::month_axis(labels))
            .y_axis(common::money_axis(&self.home))
            .series(
                Bar::new().name("Won").data(
                    self.months
                        .iter()
                        .map(|m| DataPoint::from(whole(m.won.home, &self.home)))
                        .collect(),
                ),
            );
        if self.has_quota() {
            c = c.series(
                Line::new().name("Quota").data(
                    self.months
                        .iter()
                        .map(|m| match &m.quota {
                            Some(q) => DataPoint::from(whole(q.home, &self.home)),
                            None => DataPoint::from("-"),
                        })
                        .collect(),
                ),
            );
        }
        c
    }

    pub fn table(&self) -> ChartTable {
        let mut total = HomeSum::default();
        let mut quota = HomeSum::default();
        for m in &self.months {
            total.merge(&m.won);
            if let Some(q) = &m.quota {
                quota.merge(q);
            }
        }
        let mut notes: Vec<String> = common::left_out(&total).into_iter().collect();
        if let Some(n) = common::left_out(&quota) {
            notes.push(format!("Quota: {n}"));
        }
        if !self.has_quota() {
            notes.push("No quota is set for these months".into());
        }
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle(),
            &["Month", "Won", "Deals won", "Quota"],
            notes,
        );
        for m in &self.months {
            t.row(
                Some(key(&m.month)),
                vec![
                    m.month.label(),
                    money(m.won.home, &self.home),
                    m.deals.to_string(),
                    m.quota
                        .as_ref()
                        .map_or_else(|| "—".into(), |q| money(q.home, &self.home)),
                ],
            );
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        let won = self.months.iter().map(|m| Some(key(&m.month))).collect();
        let mut keys = vec![won];
        if self.has_quota() {
            keys.push(vec![None; self.months.len()]);
        }
        keys
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

/// The deals won in the month of `key`, within the period.
pub(super) fn behind(input: &KpiInput, period: &Period, key: &ChartKey) -> Behind {
    let ChartKey::Month { start } = key else {
        return Behind::default();
    };
    let m = input.facts.matcher(input.scope, input.ws);
    let ids = common::deal_ids(
        input,
        closed_deals(input, &m, period)
            .filter(|(_, _, day, won)| {
                *won && day.year() == start.year() && day.month() == start.month()
            })
            .map(|(slot, ..)| slot),
    );
    Behind::of(Kind::Deal, ids)
}
