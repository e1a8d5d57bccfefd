//! The KPI engine: every metric of DESIGN.md for a period and a scope, exactly as
//! defined there (and stated in `definitions`), with the previous period's value, the
//! change, and the numbers each was computed from. Undefined is `None` with a reason,
//! never NaN, ∞ or a made-up zero. Amounts are in the home currency through the dated
//! rates; amounts without a rate are counted apart.
//!
//! Which date decides the period: the close date for won and lost deals, the creation
//! day for new deals and leads, the completion day for activities, each in the user's
//! time zone (`local_day`).

pub mod definitions;
mod reading;

mod activity;
mod customers;
mod deals;
pub mod facts;
mod stages;
pub mod tiles;

pub use activity::{ActivityRow, ActivityTable, COUNTED_KINDS};
pub use definitions::{Better, Definition, MetricKey, Unit};
pub use facts::KpiFacts;
pub use reading::{format_value, whole_money, Change, Direction, Metric, Reading};
pub use stages::{deals_entering, stage_conversion, StageStep};

use super::period::Period;
use super::scope::{Matcher, Scope};
use crate::domain::{Date, Rates, StageKind, Workspace};
use std::collections::HashMap;

/// What one stage is, for the passes over deals.
#[derive(Clone, Copy, Debug)]
pub struct StageInfo {
    pub kind: StageKind,
    pub probability: u8,
    /// Board position in its pipeline.
    pub order: usize,
}

/// The inputs every metric reads.
pub struct KpiInput<'a> {
    pub ws: &'a Workspace,
    /// Built from `ws` (`KpiFacts::build`) and current with it.
    pub facts: &'a KpiFacts,
    pub scope: &'a Scope,
    pub today: Date,
    pub rates: &'a Rates,
}

/// Every metric for one period and scope, beside the previous period.
#[derive(Clone, Debug, PartialEq)]
pub struct Kpis {
    pub period: Period,
    pub previous: Option<Period>,
    /// In `MetricKey::ALL` order.
    pub metrics: Vec<Metric>,
    pub activities: ActivityTable,
    pub stages: Vec<StageStep>,
}

impl Kpis {
    pub fn get(&self, key: MetricKey) -> &Metric {
        self.metrics
            .iter()
            .find(|m| m.key == key)
            .expect("every metric is computed")
    }
}

/// The readings of every metric for one period.
fn readings(input: &KpiInput, m: &Matcher<u32>, p: &Period) -> HashMap<MetricKey, Reading> {
    let mut out = deals::readings(input, m, p);
    out.insert(
        MetricKey::LeadConversion,
        deals::lead_conversion(input, m, p),
    );
    out.extend(customers::readings(input, m, p));
    out
}

/// Every metric for `period` (and the period before it) in `input.scope`.
pub fn compute(input: &KpiInput, period: Period) -> Kpis {
    let previous = period.previous();
    let m = input.facts.matcher(input.scope, input.ws);
    let mut now = readings(input, &m, &period);
    let mut before = previous.map(|p| readings(input, &m, &p));
    let metrics = MetricKey::ALL
        .into_iter()
        .map(|key| Metric {
            key,
            current: now
                .remove(&key)
                .unwrap_or_else(|| Reading::undefined("not computed")),
            previous: before.as_mut().map(|b| {
                b.remove(&key)
                    .unwrap_or_else(|| Reading::undefined("not computed"))
            }),
        })
        .collect();
    Kpis {
        period,
        previous,
        metrics,
        activities: activity::table(input, &m, &period),
        stages: stages::stage_conversion(input, &m, &period),
    }
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
