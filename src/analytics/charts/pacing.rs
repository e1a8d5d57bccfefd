//! Pacing: the amount won so far through each week of the period (cumulative, by close
//! date, converted on that day) against the period's quota, beside the previous
//! period's curve week by week (week 1 against week 1), so "are we ahead of last
//! quarter?" has an answer before the period ends. The current curve stops at the week
//! holding `today`; weeks after it are not drawn.

use super::common::{self, closed_deals, frame, money, whole};
use super::{ChartSpec, ChartTable};
use crate::analytics::kpi::KpiInput;
use crate::analytics::period::Period;
use crate::analytics::quota::{quota_for, QuotaOf};
use crate::domain::{Currency, Date, HomeSum, Id, Quota};
use charming::datatype::DataPoint;
use charming::element::Trigger;
use charming::series::Line;
use charming::Chart;

pub const TITLE: &str = "Pacing: cumulative won against quota";

#[derive(Clone, Debug, PartialEq)]
pub struct PacingWeek {
    /// The week, cut to the period (Monday to Sunday).
    pub from: Date,
    pub to: Date,
    /// Won from the period's start to the week's end; `None` for weeks after today.
    pub won: Option<HomeSum>,
    /// The previous period's cumulative won at the end of its week of the same rank,
    /// when it has one.
    pub previous: Option<HomeSum>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pacing {
    pub period: Period,
    pub previous: Option<Period>,
    pub home: Currency,
    pub weeks: Vec<PacingWeek>,
    /// The period's quota for the scope, when one is set.
    pub quota: Option<HomeSum>,
}

/// Cumulative won at the end of each of `period`'s weeks.
fn cumulative(input: &KpiInput, period: &Period) -> Vec<HomeSum> {
    let f = input.facts;
    let m = f.matcher(input.scope, input.ws);
    let weeks = period.weeks();
    let mut per = vec![HomeSum::default(); weeks.len()];
    for (slot, _, day, won) in closed_deals(input, &m, period) {
        if !won {
            continue;
        }
        let i = weeks.partition_point(|(s, _)| *s <= day);
        let Some(i) = i.checked_sub(1) else { continue };
        let d = &f.deals[slot];
        if let Some(a) = d.amount {
            per[i].add(input.rates, a, f.currency(d.currency), day);
        }
    }
    let mut run = HomeSum::default();
    per.into_iter()
        .map(|w| {
            run.merge(&w);
            run.clone()
        })
        .collect()
}

pub fn data(input: &KpiInput, period: Period) -> Pacing {
    let previous = period.previous();
    let now = cumulative(input, &period);
    let before = previous.map(|p| cumulative(input, &p)).unwrap_or_default();
    let weeks = period
        .weeks()
        .into_iter()
        .enumerate()
        .map(|(i, (from, to))| PacingWeek {
            from,
            to,
            won: (from <= input.today).then(|| now[i].clone()),
            previous: before.get(i).cloned(),
        })
        .collect();
    let quotas: Vec<&Quota> = input.ws.quotas.values().collect();
    let m = input.facts.matcher(input.scope, input.ws);
    let rep_in_scope = |id: &Id| input.facts.keys.get(id).is_some_and(|k| m.has_person(&k));
    Pacing {
        quota: quota_for(
            &quotas,
            &period,
            &rep_in_scope,
            QuotaOf::of(input.scope),
            input.rates,
        ),
        period,
        previous,
        home: input.rates.home(),
        weeks,
    }
}

impl Pacing {
    fn subtitle(&self) -> String {
        match &self.previous {
            Some(p) => format!("{} beside {}", self.period.label(), p.label()),
            None => self.period.label(),
        }
    }

    fn empty(&self) -> Option<String> {
        self.weeks
            .is_empty()
            .then(|| "Pick a month, quarter or year to see the pacing".to_string())
    }

    fn label(w: &PacingWeek) -> String {
        w.to.format("%-d %b").to_string()
    }

    pub fn chart(&self) -> Chart {
        let labels = self.weeks.iter().map(Self::label).collect();
        let point = |s: &Option<HomeSum>| match s {
            Some(s) => DataPoint::from(whole(s.home, &self.home)),
            None => DataPoint::from("-"),
        };
        let mut c = frame(TITLE, &self.subtitle(), true, Trigger::Axis)
            .x_axis(common::month_axis(labels))
            .y_axis(common::money_axis(&self.home))
            .series(
                Line::new()
                    .name(self.period.label())
                    .data(self.weeks.iter().map(|w| point(&w.won)).collect()),
            );
        if let Some(p) = &self.previous {
            c = c.series(
                Line::new()
                    .name(p.label())
                    .data(self.weeks.iter().map(|w| point(&w.previous)).collect()),
            );
        }
        if let Some(q) = &self.quota {
            let v = whole(q.home, &self.home);
            c = c.series(
                Line::new()
                    .name("Quota")
                    .data(self.weeks.iter().map(|_| DataPoint::from(v)).collect()),
            );
        }
        c
    }

    pub fn table(&self) -> ChartTable {
        let mut notes = Vec::new();
        // What the latest drawn week left out is what the whole curve left out.
        let latest = self.weeks.iter().rev().find_map(|w| w.won.as_ref());
        notes.extend(latest.and_then(common::left_out));
        match &self.quota {
            Some(q) => notes.extend(common::left_out(q).map(|n| format!("Quota: {n}"))),
            None => notes.push("No quota is set for this period".into()),
        }
        let prev = self
            .previous
            .map_or("Previous period".to_string(), |p| p.label());
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle(),
            &["Week ending", "Won so far", &prev, "Quota"],
            notes,
        );
        let cell =
            |s: &Option<HomeSum>| s.as_ref().map_or("—".into(), |s| money(s.home, &self.home));
        for w in &self.weeks {
            t.row(
                None,
                vec![
                    w.to.format("%-d %b %Y").to_string(),
                    cell(&w.won),
                    cell(&w.previous),
                    cell(&self.quota),
                ],
            );
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        let n = 1 + usize::from(self.previous.is_some()) + usize::from(self.quota.is_some());
        vec![vec![None; self.weeks.len()]; n]
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
