//! The metrics read from deals and leads: won, open pipeline, win rate, average deal
//! size, cycle length, opportunity-to-win, quota attainment, velocity, coverage and
//! lead-to-opportunity conversion.

use super::definitions::MetricKey;
use super::reading::Reading;
use super::KpiInput;
use crate::analytics::period::Period;
use crate::analytics::quota::{quota_for, QuotaOf};
use crate::analytics::scope::Matcher;
use crate::domain::{Date, HomeSum, Quota, StageKind};
use std::collections::HashMap;

const NOTHING_CLOSED: &str = "no deals closed in this period";
const NOTHING_WON: &str = "no deals won in this period";

/// The day open deals are read on: the period's last day, or today for the current
/// and future periods.
pub(super) fn as_of_day(p: &Period, today: Date) -> Date {
    p.end().min(today)
}

pub(super) fn readings(
    input: &KpiInput,
    m: &Matcher<u32>,
    p: &Period,
) -> HashMap<MetricKey, Reading> {
    let f = input.facts;
    let kind_of = |stage: u32| f.stage(stage).map_or(StageKind::Open, |s| s.kind);

    let mut won = HomeSum::default();
    let mut won_n = 0usize;
    let mut lost_n = 0usize;
    let mut cycles: Vec<i64> = Vec::new();
    let (mut created_n, mut created_closed, mut created_won) = (0usize, 0usize, 0usize);
    for (_, d) in f.live_deals() {
        if !m.holds(&d.place) {
            continue;
        }
        let kind = kind_of(d.stage);
        if p.contains(d.created) {
            created_n += 1;
            if kind != StageKind::Open {
                created_closed += 1;
            }
            if kind == StageKind::Won {
                created_won += 1;
            }
        }
        let Some(closed) = d.closed.filter(|c| p.contains(*c)) else {
            continue;
        };
        match kind {
            StageKind::Won => {
                won_n += 1;
                if let Some(a) = d.amount {
                    won.add(input.rates, a, f.currency(d.currency), closed);
                }
                cycles.push((closed - d.created).num_days().max(0));
            }
            StageKind::Lost => lost_n += 1,
            StageKind::Open => {}
        }
    }

    let mut out = HashMap::new();
    out.insert(MetricKey::Won, Reading::money(&won, won_n));
    let closed_n = won_n + lost_n;
    let win_rate = Reading::ratio(won_n as f64, closed_n as f64, closed_n, NOTHING_CLOSED);
    out.insert(MetricKey::WinRate, win_rate.clone());
    let avg = if won_n == 0 {
        Reading::undefined(NOTHING_WON)
    } else {
        Reading::ratio(
            won.home as f64,
            won.converted as f64,
            won.converted,
            "no deal won in this period has an amount in a currency with a rate",
        )
        .left_out(&won)
    };
    out.insert(MetricKey::AverageDealSize, avg.clone());
    cycles.sort_unstable();
    let (median, mean) = cycle_readings(&cycles);
    out.insert(MetricKey::CycleMedian, median);
    out.insert(MetricKey::CycleMean, mean.clone());
    out.insert(
        MetricKey::OpportunityWinRate,
        if created_n == 0 {
            Reading::undefined("no deals were created in this period")
        } else {
            Reading::ratio(
                created_won as f64,
                created_closed as f64,
                created_closed,
                "none of the deals created in this period has closed yet",
            )
        },
    );

    // Open deals as they stood at the end of the period (today for the current one).
    let day = as_of_day(p, input.today);
    let current = day >= input.today;
    let mut open_n = 0usize;
    let mut open_in_p = HomeSum::default();
    let mut open_in_p_n = 0usize;
    for (slot, d) in f.live_deals() {
        let (stage, amount, currency, close) = if current {
            if !m.holds(&d.place) {
                continue;
            }
            (d.stage, d.amount, d.currency, d.expected)
        } else {
            let Some(t) = f.deal_on(slot, day) else {
                continue;
            };
            if !m.holds(&t.place) {
                continue;
            }
            (t.stage, t.amount, t.currency, t.expected)
        };
        if kind_of(stage) != StageKind::Open {
            continue;
        }
        open_n += 1;
        if close.is_some_and(|c| p.contains(c)) {
            open_in_p_n += 1;
            if let Some(a) = amount {
                open_in_p.add(input.rates, a, f.currency(currency), day);
            }
        }
    }
    out.insert(
        MetricKey::OpenPipeline,
        Reading::money(&open_in_p, open_in_p_n),
    );

    // Quota attainment and coverage.
    let quotas: Vec<&Quota> = input.ws.quotas.values().collect();
    let rep_in_scope = |id: &crate::domain::Id| f.keys.get(id).is_some_and(|k| m.has_person(&k));
    let quota = quota_for(
        &quotas,
        p,
        &rep_in_scope,
        QuotaOf::of(input.scope),
        input.rates,
    );
    let (attainment, coverage) = match &quota {
        None => (
            Reading::undefined("no quota set for this period"),
            Reading::undefined("no quota set for this period"),
        ),
        Some(q) if q.home <= 0 => (
            Reading::undefined("the quota for this period is zero").left_out(q),
            Reading::undefined("the quota for this period is zero").left_out(q),
        ),
        Some(q) => {
            let attainment = Reading::defined(
                won.home as f64 / q.home as f64,
                won.home as f64,
                q.home as f64,
                won_n,
            )
            .left_out(&won)
            .left_out(q);
            let to_go = q.home - won.home;
            let coverage = if to_go <= 0 {
                Reading::undefined("the quota for this period is already met")
            } else {
                Reading::defined(
                    open_in_p.home as f64 / to_go as f64,
                    open_in_p.home as f64,
                    to_go as f64,
                    open_in_p_n,
                )
                .left_out(&open_in_p)
            };
            (attainment, coverage)
        }
    };
    out.insert(MetricKey::QuotaAttainment, attainment);
    out.insert(MetricKey::Coverage, coverage);

    // Velocity: open deals × win rate × average deal size ÷ mean cycle, per day.
    let velocity = match (win_rate.value, avg.value, mean.value) {
        (Some(w), Some(a), Some(c)) if c > 0.0 => {
            let v = open_n as f64 * w * a / c;
            Reading::defined(v, open_n as f64 * w * a, c, open_n).left_out(&won)
        }
        (Some(_), Some(_), Some(_)) => {
            Reading::undefined("deals won in this period closed on the day they were created")
        }
        (None, ..) => Reading::undefined(format!("needs a win rate: {NOTHING_CLOSED}")),
        (_, None, _) => Reading::undefined(format!(
            "needs an average deal size: {}",
            avg.reason.clone().unwrap_or_default()
        )),
        (.., None) => Reading::undefined(format!("needs a sales cycle: {NOTHING_WON}")),
    };
    out.insert(MetricKey::Velocity, velocity);
    out
}

/// Median and mean of sorted cycle lengths in days.
fn cycle_readings(sorted: &[i64]) -> (Reading, Reading) {
    let n = sorted.len();
    if n == 0 {
        return (
            Reading::undefined(NOTHING_WON),
            Reading::undefined(NOTHING_WON),
        );
    }
    let median = if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
    };
    let total: i64 = sorted.iter().sum();
    (
        Reading::defined(median, median, 1.0, n),
        Reading::defined(total as f64 / n as f64, total as f64, n as f64, n),
    )
}

/// Leads created in P that became deals ÷ leads created in P.
pub(super) fn lead_conversion(input: &KpiInput, m: &Matcher<u32>, p: &Period) -> Reading {
    if !m.leads_apply() {
        return Reading::undefined("leads have no segment or pipeline");
    }
    let (mut created, mut became) = (0usize, 0usize);
    for l in &input.facts.leads {
        if p.contains(l.created) && m.holds(&l.place) {
            created += 1;
            became += usize::from(l.became_deal);
        }
    }
    Reading::ratio(
        became as f64,
        created as f64,
        created,
        "no leads were created in this period",
    )
}
