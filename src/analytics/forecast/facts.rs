//! What the forecasts read beside the KPI facts, row for row with them (by the KPI
//! facts' deal slot): each deal's forecast category and its logged changes (the KPI
//! facts do not keep them), each stage's meaning, and what a closed deal's expected
//! close date did while it was open, sampled once a week:
//!
//! - for a won deal, at each weekly point `t` while open: on time (`E(t) ≥ t`) with
//!   the days it closed after its expected close then (`C − E(t)`, negative when it
//!   closed early), or overdue (`E(t) < t`) with the days it still took (`C − t`);
//! - for every closed deal, the stages in which it sat 30 or more days past its
//!   expected close (stale);
//! - how many times its expected close was pushed to a later date.
//!
//! These are worked out from the deal as it is now (its close date now). A model
//! trained as of an earlier day uses them only for deals that were already closed
//! then with the same close date and outcome; any other deal is walked again from
//! what was known that day (`walk`), so nothing decided later leaks into the past.

use crate::analytics::kpi::facts::{Before, KpiFacts};
use crate::domain::deal_log::FieldChange;
use crate::domain::time::local_day;
use crate::domain::{Date, ForecastCategory, StageKind, Workspace};

/// Days past the expected close after which an open deal counts as stale.
pub const STALE_DAYS: i64 = 30;

/// Days between the samples of a deal's life.
pub const SAMPLE_EVERY: i64 = 7;

#[derive(Clone, Debug, PartialEq)]
pub struct StageMeta {
    /// The pipeline's number among the KPI facts' keys.
    pub pipeline: u32,
    pub name: String,
    pub pipeline_name: String,
    pub order: usize,
    pub kind: StageKind,
    /// The set win probability, 0–1.
    pub probability: f64,
    pub category: ForecastCategory,
}

/// One weekly point of a won deal's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slip {
    pub stage: u32,
    pub overdue: bool,
    /// On time: close − expected close then; overdue: close − the point's day.
    pub days: i32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealExtra {
    /// The category override now (`None`: the stage's).
    pub category: Option<ForecastCategory>,
    /// Logged category changes as (day, value before), oldest first.
    pub category_log: Vec<(Date, Option<ForecastCategory>)>,
    /// See the module's header (worked out from the deal as it is now).
    pub slips: Vec<Slip>,
    pub stale: Vec<u32>,
    pub pushes: u16,
}

#[derive(Debug, Default)]
pub struct ForecastFacts {
    /// By KPI stage number.
    pub stages: Vec<Option<StageMeta>>,
    /// By KPI deal slot.
    pub deals: Vec<DealExtra>,
    /// The first day any deal was created (history starts there).
    pub first_day: Option<Date>,
}

/// What a deal's expected close and stage were over its life, from the facts' rows.
pub struct Walk<'a> {
    facts: &'a KpiFacts,
    slot: usize,
}

impl<'a> Walk<'a> {
    pub fn new(facts: &'a KpiFacts, slot: usize) -> Walk<'a> {
        Walk { facts, slot }
    }

    /// The expected-close changes as (day, before, after), oldest first.
    fn expected_changes(&self) -> Vec<(Date, Option<Date>, Option<Date>)> {
        let f = &self.facts.deals[self.slot];
        let mut out: Vec<(Date, Option<Date>, Option<Date>)> = f
            .log
            .iter()
            .filter_map(|(day, b)| match b {
                Before::Expected(e) => Some((*day, *e, None)),
                _ => None,
            })
            .collect();
        let n = out.len();
        for i in 0..n {
            out[i].2 = if i + 1 < n { out[i + 1].1 } else { f.expected };
        }
        out
    }

    /// Samples of the deal's life until `close`, as if it closed then (`won` or not):
    /// (slips if won, stale stages, pushes before the close).
    pub fn samples(&self, close: Date, won: bool) -> (Vec<Slip>, Vec<u32>, u16) {
        let f = &self.facts.deals[self.slot];
        let changes = self.expected_changes();
        let pushes = changes
            .iter()
            .filter(|(day, from, to)| {
                *day <= close && matches!((from, to), (Some(a), Some(b)) if b > a)
            })
            .count() as u16;
        let mut slips = Vec::new();
        let mut stale: Vec<u32> = Vec::new();
        let mut next_change = 0;
        let mut next_stage = 0;
        let mut stage = f.history.first().map_or(f.stage, |h| h.0);
        let mut t = f.created;
        while t < close {
            while next_change < changes.len() && changes[next_change].0 <= t {
                next_change += 1;
            }
            let expected = match changes.get(next_change) {
                Some(c) => c.1,
                None => f.expected,
            };
            while next_stage < f.history.len() && f.history[next_stage].1 <= t {
                stage = f.history[next_stage].0;
                next_stage += 1;
            }
            if let Some(e) = expected {
                let late = (t - e).num_days();
                if late >= STALE_DAYS && !stale.contains(&stage) {
                    stale.push(stage);
                }
                if won {
                    let (overdue, days) = if e < t {
                        (true, (close - t).num_days())
                    } else {
                        (false, (close - e).num_days())
                    };
                    slips.push(Slip {
                        stage,
                        overdue,
                        days: days as i32,
                    });
                }
            }
            t = t + chrono::Days::new(SAMPLE_EVERY as u64);
        }
        (slips, stale, pushes)
    }

    /// The expected close as it stood at the end of `day`.
    pub fn expected_on(&self, day: Date) -> Option<Date> {
        let f = &self.facts.deals[self.slot];
        let mut e = f.expected;
        for (on, b) in f.log.iter().rev() {
            if *on <= day {
                continue;
            }
            if let Before::Expected(x) = b {
                e = *x;
            }
        }
        e
    }

    /// How many times the expected close was moved later by the end of `day`.
    pub fn pushes_by(&self, day: Date) -> usize {
        self.expected_changes()
            .iter()
            .filter(|(on, from, to)| {
                *on <= day && matches!((from, to), (Some(a), Some(b)) if b > a)
            })
            .count()
    }
}

impl ForecastFacts {
    /// Reads `ws` row for row with `facts` (which must be current with `ws`).
    pub fn build(ws: &Workspace, facts: &KpiFacts) -> ForecastFacts {
        let mut stages: Vec<Option<StageMeta>> = vec![None; facts.stages.len()];
        for p in ws.pipelines.values() {
            let Some(pipeline) = facts.keys.get(&p.id) else {
                continue;
            };
            for (order, s) in p.stages.iter().enumerate() {
                if let Some(n) = facts.stages.get(&s.id) {
                    stages[n as usize] = Some(StageMeta {
                        pipeline,
                        name: s.name.clone(),
                        pipeline_name: p.name.clone(),
                        order,
                        kind: s.kind,
                        probability: f64::from(s.probability.min(100)) / 100.0,
                        category: s.forecast_category,
                    });
                }
            }
        }
        let mut deals = Vec::with_capacity(facts.deals.len());
        let mut first_day: Option<Date> = None;
        for (slot, f) in facts.deals.iter().enumerate() {
            let Some(d) = f
                .alive
                .then(|| ws.deals.get(&facts.deal_ids[slot]))
                .flatten()
            else {
                deals.push(DealExtra::default());
                continue;
            };
            first_day = Some(first_day.map_or(f.created, |x| x.min(f.created)));
            let category_log = d
                .change_log
                .iter()
                .filter_map(|c| match &c.field {
                    FieldChange::ForecastCategory(from, _) => Some((local_day(c.at), *from)),
                    _ => None,
                })
                .collect();
            let kind = stages
                .get(f.stage as usize)
                .and_then(|s| s.as_ref())
                .map_or(StageKind::Open, |s| s.kind);
            let (slips, stale, pushes) = match (f.closed, kind) {
                (Some(c), StageKind::Won | StageKind::Lost) => {
                    Walk::new(facts, slot).samples(c, kind == StageKind::Won)
                }
                _ => (Vec::new(), Vec::new(), 0),
            };
            deals.push(DealExtra {
                category: d.forecast_category,
                category_log,
                slips,
                stale,
                pushes,
            });
        }
        ForecastFacts {
            stages,
            deals,
            first_day,
        }
    }

    pub fn stage(&self, n: u32) -> Option<&StageMeta> {
        self.stages.get(n as usize).and_then(Option::as_ref)
    }

    pub fn kind(&self, stage: u32) -> StageKind {
        self.stage(stage).map_or(StageKind::Open, |s| s.kind)
    }

    /// The category override of a deal at the end of `day`.
    pub fn category_on(&self, slot: usize, day: Date) -> Option<ForecastCategory> {
        let x = &self.deals[slot];
        let mut c = x.category;
        for (on, before) in x.category_log.iter().rev() {
            if *on > day {
                c = *before;
            }
        }
        c
    }
}
