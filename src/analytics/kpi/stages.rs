//! Stage conversion: of the deals that entered a stage in the period, how many left it
//! forward (to a later open stage or to won) and how many are won now; read from each
//! deal's stage history.

use super::reading::Reading;
use super::KpiInput;
use crate::analytics::period::Period;
use crate::analytics::scope::Matcher;
use crate::domain::{Id, StageKind};

#[derive(Clone, Debug, PartialEq)]
pub struct StageStep {
    pub stage_id: Id,
    pub name: String,
    /// Deals that entered the stage in the period (each once).
    pub entered: usize,
    /// Of those, the deals that left it forward.
    pub advanced: usize,
    /// Of those, the deals that are won now.
    pub won: usize,
    /// advanced ÷ entered.
    pub to_next: Reading,
    /// won ÷ entered.
    pub to_won: Reading,
}

/// The pipeline stage conversion is read for: the scope's, else the default one.
fn pipeline_of<'a>(input: &KpiInput<'a>) -> Option<&'a crate::domain::Pipeline> {
    let ws = input.ws;
    input
        .scope
        .pipeline
        .as_ref()
        .and_then(|id| ws.pipelines.get(id))
        .or_else(|| ws.default_pipeline())
}

/// Per stage of `pipeline` (board order): the deal rows that entered it in the period,
/// how many of them left it forward, and how many are won now.
fn visits(
    input: &KpiInput,
    m: &Matcher<u32>,
    p: &Period,
    pipeline: &crate::domain::Pipeline,
) -> (Vec<Vec<u32>>, Vec<usize>, Vec<usize>) {
    let f = input.facts;
    let n_stages = pipeline.stages.len();
    let mut entered = vec![Vec::<u32>::new(); n_stages];
    let mut advanced = vec![0usize; n_stages];
    let mut won = vec![0usize; n_stages];
    let Some(pipeline_key) = f.keys.get(&pipeline.id) else {
        return (entered, advanced, won);
    };
    // The pipeline's position of each stage number.
    let mut order = vec![None; f.stages.len()];
    for (i, s) in pipeline.stages.iter().enumerate() {
        if let Some(k) = f.stages.get(&s.id) {
            order[k as usize] = Some(i);
        }
    }
    let mut seen = vec![(false, false); n_stages];
    for (slot, d) in f.live_deals() {
        if d.place.pipeline != Some(pipeline_key) || !m.holds(&d.place) {
            continue;
        }
        let h = &d.history;
        if !h.iter().any(|(_, day)| p.contains(*day)) {
            continue;
        }
        let is_won = f.stage(d.stage).is_some_and(|s| s.kind == StageKind::Won);
        seen.iter_mut().for_each(|s| *s = (false, false));
        for (i, (stage, day)) in h.iter().enumerate() {
            let Some(s) = order[*stage as usize] else {
                continue;
            };
            if !p.contains(*day) {
                continue;
            }
            seen[s].0 = true;
            let forward = h
                .get(i + 1)
                .and_then(|(next, _)| order[*next as usize])
                .is_some_and(|n| {
                    let next = &pipeline.stages[n];
                    next.kind == StageKind::Won || (next.kind == StageKind::Open && n > s)
                });
            seen[s].1 |= forward;
        }
        for (s, (e, fwd)) in seen.iter().enumerate() {
            if *e {
                entered[s].push(slot as u32);
                advanced[s] += usize::from(*fwd);
                won[s] += usize::from(is_won);
            }
        }
    }
    (entered, advanced, won)
}

/// The open stages of the scope's pipeline (the default one when the scope names
/// none), in board order.
pub fn stage_conversion(input: &KpiInput, m: &Matcher<u32>, p: &Period) -> Vec<StageStep> {
    let Some(pipeline) = pipeline_of(input) else {
        return Vec::new();
    };
    let (entered, advanced, won) = visits(input, m, p, pipeline);
    pipeline
        .stages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == StageKind::Open)
        .map(|(s, stage)| {
            let n = entered[s].len();
            let why = "no deals entered this stage in this period";
            StageStep {
                stage_id: stage.id.clone(),
                name: stage.name.clone(),
                entered: n,
                advanced: advanced[s],
                won: won[s],
                to_next: Reading::ratio(advanced[s] as f64, n as f64, n, why),
                to_won: Reading::ratio(won[s] as f64, n as f64, n, why),
            }
        })
        .collect()
}

/// The deals that entered `stage` in the period (a funnel bar's drill-down), by id.
pub fn deals_entering(input: &KpiInput, m: &Matcher<u32>, p: &Period, stage: &Id) -> Vec<Id> {
    let Some(pipeline) = pipeline_of(input) else {
        return Vec::new();
    };
    let Some(s) = pipeline.stages.iter().position(|x| &x.id == stage) else {
        return Vec::new();
    };
    let (entered, ..) = visits(input, m, p, pipeline);
    let mut ids: Vec<Id> = entered[s]
        .iter()
        .map(|slot| input.facts.deal_ids[*slot as usize].clone())
        .collect();
    ids.sort_unstable();
    ids
}
