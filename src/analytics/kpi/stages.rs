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
    /// The deals that entered it, for the drill-down.
    pub deal_ids: Vec<Id>,
}

/// The open stages of the scope's pipeline (the default one when the scope names
/// none), in board order.
pub fn stage_conversion(input: &KpiInput, m: &Matcher<u32>, p: &Period) -> Vec<StageStep> {
    let ws = input.ws;
    let f = input.facts;
    let pipeline = input
        .scope
        .pipeline
        .as_ref()
        .and_then(|id| ws.pipelines.get(id))
        .or_else(|| ws.default_pipeline());
    let Some(pipeline) = pipeline else {
        return Vec::new();
    };
    let Some(pipeline_key) = f.keys.get(&pipeline.id) else {
        return Vec::new();
    };
    let n_stages = pipeline.stages.len();
    // The pipeline's position of each stage number.
    let mut order = vec![None; f.stages.len()];
    for (i, s) in pipeline.stages.iter().enumerate() {
        if let Some(k) = f.stages.get(&s.id) {
            order[k as usize] = Some(i);
        }
    }
    let mut entered = vec![Vec::<usize>::new(); n_stages];
    let mut advanced = vec![0usize; n_stages];
    let mut won = vec![0usize; n_stages];
    let mut seen = vec![(false, false); n_stages];
    for (slot, d) in f.deals.iter().enumerate() {
        if d.place.pipeline != Some(pipeline_key) || !m.holds(&d.place) {
            continue;
        }
        let h = f.history(d);
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
                entered[s].push(slot);
                advanced[s] += usize::from(*fwd);
                won[s] += usize::from(is_won);
            }
        }
    }
    pipeline
        .stages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == StageKind::Open)
        .map(|(s, stage)| {
            let n = entered[s].len();
            let mut ids: Vec<Id> = entered[s]
                .iter()
                .map(|slot| f.deal_ids[*slot].clone())
                .collect();
            ids.sort_unstable();
            let why = "no deals entered this stage in this period";
            StageStep {
                stage_id: stage.id.clone(),
                name: stage.name.clone(),
                entered: n,
                advanced: advanced[s],
                won: won[s],
                to_next: Reading::ratio(advanced[s] as f64, n as f64, n, why),
                to_won: Reading::ratio(won[s] as f64, n as f64, n, why),
                deal_ids: ids,
            }
        })
        .collect()
}
