//! Every rep's numbers for a period in one pass over the KPI facts: won, lost, cycle
//! lengths, deals created, completed activities by kind, and stage conversion through
//! the default pipeline's open stages. The rules are the KPI engine's for a one-rep
//! scope (a test holds them equal to `kpi::compute` for every rep), so a scorecard
//! agrees with the dashboard to the cent, and a table of 40 reps costs one pass.

use crate::analytics::kpi::{KpiFacts, COUNTED_KINDS};
use crate::analytics::period::Period;
use crate::domain::{HomeSum, Id, Rates, StageKind, Workspace};
use std::collections::HashMap;

/// One rep's numbers for one period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub won: HomeSum,
    pub won_n: usize,
    pub lost_n: usize,
    /// Days from creation to close of each won deal, sorted.
    pub cycles: Vec<i64>,
    /// Deals created in the period.
    pub created_n: usize,
    /// Completed activities per kind of `COUNTED_KINDS`.
    pub activities: [usize; 4],
    /// Per open stage of `PeriodTally::stages`: deals that entered it in the period,
    /// and of those the ones that left it forward.
    pub entered: Vec<usize>,
    pub advanced: Vec<usize>,
}

impl Tally {
    pub fn closed_n(&self) -> usize {
        self.won_n + self.lost_n
    }

    pub fn activities_total(&self) -> usize {
        self.activities.iter().sum()
    }

    /// The median cycle length, when any deal was won.
    pub fn cycle_median(&self) -> Option<f64> {
        super::scorecard::median_sorted_i64(&self.cycles)
    }
}

/// Every rep's tally for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodTally {
    pub period: Period,
    /// The open stages of the default pipeline, in board order: (id, name, next open
    /// stage's name).
    pub stages: Vec<(Id, String, Option<String>)>,
    by_key: HashMap<u32, Tally>,
    empty: Tally,
}

impl PeriodTally {
    /// A rep's tally (all zeros when they had nothing in the period).
    pub fn of(&self, facts: &KpiFacts, rep: &Id) -> &Tally {
        facts
            .keys
            .get(rep)
            .and_then(|k| self.by_key.get(&k))
            .unwrap_or(&self.empty)
    }
}

/// Every owner's tally for `p`, in one pass over the deals and one over the activities.
pub fn tally(ws: &Workspace, facts: &KpiFacts, rates: &Rates, p: &Period) -> PeriodTally {
    let pipeline = ws.default_pipeline();
    let open: Vec<usize> = pipeline
        .map(|pl| {
            pl.stages
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind == StageKind::Open)
                .map(|(i, _)| i)
                .collect()
        })
        .unwrap_or_default();
    let stages: Vec<(Id, String, Option<String>)> = pipeline
        .map(|pl| {
            open.iter()
                .enumerate()
                .map(|(j, &i)| {
                    let next = open.get(j + 1).map(|&n| pl.stages[n].name.clone());
                    (pl.stages[i].id.clone(), pl.stages[i].name.clone(), next)
                })
                .collect()
        })
        .unwrap_or_default();
    let n_open = open.len();
    let empty = Tally {
        entered: vec![0; n_open],
        advanced: vec![0; n_open],
        ..Tally::default()
    };
    let mut by_key: HashMap<u32, Tally> = HashMap::new();
    let kind_of = |stage: u32| facts.stage(stage).map_or(StageKind::Open, |s| s.kind);
    // Each stage number's position in the default pipeline, and in its open stages.
    let mut order: Vec<Option<usize>> = vec![None; facts.stages.len()];
    let mut open_slot: Vec<Option<usize>> = vec![None; facts.stages.len()];
    if let Some(pl) = pipeline {
        for (i, s) in pl.stages.iter().enumerate() {
            if let Some(k) = facts.stages.get(&s.id) {
                order[k as usize] = Some(i);
                open_slot[k as usize] = open.iter().position(|&o| o == i);
            }
        }
    }
    let pipeline_key = pipeline.and_then(|pl| facts.keys.get(&pl.id));
    let mut seen: Vec<(bool, bool)> = vec![(false, false); n_open];
    for (_, d) in facts.live_deals() {
        let Some(owner) = d.place.owner else {
            continue;
        };
        let kind = kind_of(d.stage);
        let t = by_key.entry(owner).or_insert_with(|| empty.clone());
        if p.contains(d.created) {
            t.created_n += 1;
        }
        if let Some(closed) = d.closed.filter(|c| p.contains(*c)) {
            match kind {
                StageKind::Won => {
                    t.won_n += 1;
                    if let Some(a) = d.amount {
                        t.won.add(rates, a, facts.currency(d.currency), closed);
                    }
                    t.cycles.push((closed - d.created).num_days().max(0));
                }
                StageKind::Lost => t.lost_n += 1,
                StageKind::Open => {}
            }
        }
        // Stage conversion, as `kpi::stage_conversion` reads it.
        let Some(pl) = pipeline else { continue };
        if pipeline_key.is_none() || d.place.pipeline != pipeline_key {
            continue;
        }
        let h = &d.history;
        if !h.iter().any(|(_, day)| p.contains(*day)) {
            continue;
        }
        seen.iter_mut().for_each(|s| *s = (false, false));
        for (i, (stage, day)) in h.iter().enumerate() {
            let (Some(s), Some(slot)) = (
                order.get(*stage as usize).copied().flatten(),
                open_slot.get(*stage as usize).copied().flatten(),
            ) else {
                continue;
            };
            if !p.contains(*day) {
                continue;
            }
            seen[slot].0 = true;
            let forward = h
                .get(i + 1)
                .and_then(|(next, _)| order.get(*next as usize).copied().flatten())
                .is_some_and(|n| {
                    let next = &pl.stages[n];
                    next.kind == StageKind::Won || (next.kind == StageKind::Open && n > s)
                });
            seen[slot].1 |= forward;
        }
        for (slot, (e, fwd)) in seen.iter().enumerate() {
            if *e {
                t.entered[slot] += 1;
                t.advanced[slot] += usize::from(*fwd);
            }
        }
    }
    for a in &facts.activities {
        let (Some(owner), Some(done)) = (a.owner, a.done) else {
            continue;
        };
        let Some(col) = COUNTED_KINDS.iter().position(|k| *k == a.kind) else {
            continue;
        };
        if p.contains(done) {
            by_key
                .entry(owner)
                .or_insert_with(|| empty.clone())
                .activities[col] += 1;
        }
    }
    for t in by_key.values_mut() {
        t.cycles.sort_unstable();
    }
    PeriodTally {
        period: *p,
        stages,
        by_key,
        empty,
    }
}

/// Won amounts per owner key in each of `periods` (sorted, not overlapping), in one
/// pass: the attainment trend's numerators.
pub fn won_by_period(
    facts: &KpiFacts,
    rates: &Rates,
    periods: &[Period],
) -> HashMap<u32, Vec<HomeSum>> {
    let mut out: HashMap<u32, Vec<HomeSum>> = HashMap::new();
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return out;
    };
    for (_, d) in facts.live_deals() {
        let (Some(owner), Some(closed)) = (d.place.owner, d.closed) else {
            continue;
        };
        if closed < first.start() || closed > last.end() {
            continue;
        }
        if facts
            .stage(d.stage)
            .is_none_or(|s| s.kind != StageKind::Won)
        {
            continue;
        }
        let i = periods.partition_point(|p| p.end() < closed);
        if periods.get(i).is_some_and(|p| p.contains(closed)) {
            let row = out
                .entry(owner)
                .or_insert_with(|| vec![HomeSum::default(); periods.len()]);
            if let Some(a) = d.amount {
                row[i].add(rates, a, facts.currency(d.currency), closed);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, known, noon, today};
    use crate::analytics::kpi::{compute, KpiInput, MetricKey};
    use crate::analytics::scope::Scope;

    /// The tally of every rep equals the KPI engine's numbers for that rep alone.
    fn agrees_with_the_engine(ws: &Workspace, periods: &[Period], today: crate::domain::Date) {
        let facts = KpiFacts::build(ws);
        let rates = Rates::of(ws);
        let mut checked = 0;
        for p in periods {
            let t = tally(ws, &facts, &rates, p);
            for rep in ws.reps.values() {
                let scope = Scope::rep(rep.id.clone());
                let k = compute(
                    &KpiInput {
                        ws,
                        facts: &facts,
                        scope: &scope,
                        today,
                        rates: &rates,
                    },
                    *p,
                );
                let mine = t.of(&facts, &rep.id);
                let won = &k.get(MetricKey::Won).current;
                assert_eq!(
                    won.value,
                    Some(mine.won.home as f64),
                    "{} {}",
                    rep.name,
                    p.label()
                );
                assert_eq!(won.n, mine.won_n);
                assert_eq!(k.get(MetricKey::WinRate).current.n, mine.closed_n());
                assert_eq!(
                    k.get(MetricKey::CycleMedian).current.value,
                    mine.cycle_median()
                );
                let created = k
                    .get(MetricKey::OpportunityWinRate)
                    .current
                    .reason
                    .as_deref()
                    == Some("no deals were created in this period");
                assert_eq!(created, mine.created_n == 0);
                let row = k
                    .activities
                    .rows
                    .iter()
                    .find(|r| r.rep.as_ref() == Some(&rep.id));
                assert_eq!(row.map_or([0; 4], |r| r.counts), mine.activities);
                assert_eq!(k.stages.len(), t.stages.len());
                for (i, s) in k.stages.iter().enumerate() {
                    assert_eq!(
                        (s.entered, s.advanced),
                        (mine.entered[i], mine.advanced[i]),
                        "{}",
                        s.name
                    );
                }
                checked += usize::from(mine.won_n + mine.entered.iter().sum::<usize>() > 0);
            }
        }
        assert!(checked > 2, "the comparison saw real numbers ({checked})");
    }

    #[test]
    fn every_reps_tally_equals_the_kpi_engine_for_that_rep() {
        let kn = known();
        agrees_with_the_engine(
            &kn.fx.ws,
            &[
                Period::quarter_of(d(2026, 11, 1), 1),
                Period::quarter_of(d(2026, 8, 1), 1),
            ],
            today(),
        );
        let ws = crate::demo::generate(crate::demo::DemoSize::Small, 5, today(), noon(today()));
        let q = Period::quarter_of(today(), 1);
        agrees_with_the_engine(
            &ws,
            &[q, q.previous().unwrap(), Period::year_of(today(), 1)],
            today(),
        );
    }

    #[test]
    fn won_by_period_buckets_each_won_deal_once() {
        let kn = known();
        let ws = &kn.fx.ws;
        let facts = KpiFacts::build(ws);
        let rates = Rates::of(ws);
        let q4 = Period::quarter_of(d(2026, 11, 1), 1);
        let periods = [q4.previous().unwrap(), q4];
        let won = won_by_period(&facts, &rates, &periods);
        let ana = &won[&facts.keys.get(&kn.ana).unwrap()];
        // Q3: $8,000; Q4: W1 $10,000 + W2 $20,000.
        assert_eq!((ana[0].home, ana[1].home), (800_000, 3_000_000));
    }
}
