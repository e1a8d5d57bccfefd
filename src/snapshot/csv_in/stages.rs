//! Stage names of the file that the pipeline does not have. By default a row with such a
//! stage is rejected (nothing lands in a stage nobody chose); the user may instead let
//! the import add them to the pipeline, or put the deals in a pipeline of their own made
//! from the file's stages. Added stages get a board position, a probability, a kind and
//! a forecast category from what the file says about them.

use super::cells;
use super::convert::ImportOptions;
use super::fields::Field;
use super::guess::{normalize, words};
use super::read::CsvTable;
use super::values::{distinct_values, ValueMap, LOST_WORDS, WON_WORDS};
use crate::domain::{
    Change, ForecastCategory, Id, Pipeline, Record, Stage, StageKind, Timestamp, Workspace,
};
use std::collections::{HashMap, HashSet};

/// What to do with a stage name that no stage of the pipeline has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum NewStages {
    /// Reject its rows (the user maps each stage name on the values screen).
    #[default]
    Refuse,
    /// Add it to the pipeline the deal is in (the default pipeline for a deals file).
    AddToPipeline,
    /// Deals files: put the deals in the pipeline of this name, made of the file's
    /// stages (created when no pipeline has the name; an existing one gets the stages it
    /// lacks). The stage value mapping, which maps to the default pipeline, is not used:
    /// stages are matched by name. Without a stage column the deals stay in the
    /// default pipeline. A history file cannot move deals, so there it means
    /// `AddToPipeline`.
    NewPipeline(String),
}

impl NewStages {
    /// Whether unknown stages are created rather than refused.
    pub fn creates(&self) -> bool {
        !matches!(self, NewStages::Refuse)
    }
}

/// A stage an import adds, as the review shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct StageAdded {
    pub name: String,
    pub kind: StageKind,
    pub probability: u8,
    /// The probability is the median of the file's probability column for the stage's
    /// rows; otherwise it lies between the stage's neighbours on the board.
    pub probability_from_file: bool,
    pub forecast_category: ForecastCategory,
    /// Where it lands on the board (0 = first column) of the updated pipeline.
    pub position: usize,
}

/// What an import changes in one pipeline (a `Change` in the plan's list, in the same
/// transaction as the rows).
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineUpdate {
    pub pipeline_id: Id,
    pub pipeline_name: String,
    /// The import creates the pipeline.
    pub created: bool,
    /// The stages added, in board order.
    pub added: Vec<StageAdded>,
}

/// The stage won or lost words make of a name ("Closed Won", "Lost - no budget");
/// anything else is open.
pub fn kind_from_name(name: &str) -> StageKind {
    let n = normalize(name);
    let w = words(name);
    let has = |word: &str| w.iter().any(|x| x == word);
    if WON_WORDS.contains(&n.as_str()) || has("won") {
        StageKind::Won
    } else if LOST_WORDS.contains(&n.as_str()) || has("lost") {
        StageKind::Lost
    } else {
        StageKind::Open
    }
}

/// A stage's forecast category from its probability: 90 and above commit, 50 and
/// above best case, else pipeline; a lost stage is omitted from forecasts.
pub fn category_from_probability(kind: StageKind, probability: u8) -> ForecastCategory {
    match (kind, probability) {
        (StageKind::Lost, _) => ForecastCategory::Omitted,
        (_, p) if p >= 90 => ForecastCategory::Commit,
        (_, p) if p >= 50 => ForecastCategory::BestCase,
        _ => ForecastCategory::Pipeline,
    }
}

/// The stage of `pipeline` a raw stage value means: the one the value map chose if it is
/// in this pipeline (or, chosen in another pipeline, this pipeline's stage of that
/// name); else, when `by_name`, the stage of the same name (any case or spacing).
/// `by_name` is for pipelines the value map does not cover and for imports that create
/// stages (so no stage is created twice); on the default pipeline without it, an
/// unmapped value stays unmapped, as the user left it.
pub(super) fn resolve(
    raw: &str,
    pipeline: &Pipeline,
    values: &ValueMap,
    ws: &Workspace,
    by_name: bool,
) -> Option<Id> {
    let named = |name: &str| {
        let n = normalize(name);
        pipeline
            .stages
            .iter()
            .find(|s| normalize(&s.name) == n)
            .map(|s| s.id.clone())
    };
    if let Some(id) = values.stages.get(raw) {
        if pipeline.stage(id).is_some() {
            return Some(id.clone());
        }
        let elsewhere = ws.pipelines.values().find_map(|p| p.stage(id));
        if let Some(found) = elsewhere.and_then(|s| named(&s.name)) {
            return Some(found);
        }
    }
    if by_name {
        named(raw)
    } else {
        None
    }
}

/// The stage values of the file (first-seen order) that no stage of the default
/// pipeline has under the current value map: the rows `NewStages::Refuse` would reject,
/// and the stages `AddToPipeline` would add. The values screen shows the choice when
/// this is not empty. (A history's deals in other pipelines are matched there by name.)
pub fn unknown_stages(table: &CsvTable, options: &ImportOptions, ws: &Workspace) -> Vec<String> {
    let Some(col) = options
        .mapping
        .iter()
        .position(|m| *m == Some(Field::Stage))
    else {
        return Vec::new();
    };
    let Some(pipeline) = ws.default_pipeline() else {
        return distinct_values(table, col);
    };
    distinct_values(table, col)
        .into_iter()
        .filter(|raw| resolve(raw, pipeline, &options.values, ws, false).is_none())
        .collect()
}

/// Stage names a pipeline lacks, in first-seen order, with the probabilities the file
/// gives their rows.
#[derive(Clone, Debug, Default)]
pub(super) struct Unknown {
    list: Vec<(String, Vec<u8>)>,
    index: HashMap<String, usize>,
}

impl Unknown {
    pub(super) fn add(&mut self, raw: &str, probability: Option<u8>) {
        let key = normalize(raw);
        let i = *self.index.entry(key).or_insert_with(|| {
            self.list.push((raw.trim().to_string(), Vec::new()));
            self.list.len() - 1
        });
        self.list[i].1.extend(probability);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn has_kind(&self, kind: StageKind) -> bool {
        self.list.iter().any(|(n, _)| kind_from_name(n) == kind)
    }
}

fn median(values: &[u8]) -> Option<u8> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    let m = if n % 2 == 1 {
        u16::from(v[n / 2])
    } else {
        (u16::from(v[n / 2 - 1]) + u16::from(v[n / 2])).div_ceil(2)
    };
    Some(m as u8)
}

/// `pipeline` with the unknown stages added: open ones among its open stages, by the
/// file's probabilities when it has them (after the last open stage that is not more
/// likely), else after its open stages in first-seen order; won and lost ones at the
/// end, won first. Returns the pipeline and what was added.
pub(super) fn extend(
    mut pipeline: Pipeline,
    unknown: &Unknown,
    created: bool,
    new_id: &mut dyn FnMut() -> Id,
    now: Timestamp,
) -> (Pipeline, PipelineUpdate) {
    struct New {
        name: String,
        kind: StageKind,
        probability: Option<u8>,
    }
    let mut open: Vec<New> = Vec::new();
    let mut won: Vec<New> = Vec::new();
    let mut lost: Vec<New> = Vec::new();
    for (name, probabilities) in &unknown.list {
        let kind = kind_from_name(name);
        let new = New {
            name: name.clone(),
            kind,
            probability: median(probabilities),
        };
        match kind {
            StageKind::Open => open.push(new),
            StageKind::Won => won.push(new),
            StageKind::Lost => lost.push(new),
        }
    }
    // The likeliest last; stable, so equal probabilities keep first-seen order, and
    // stages without one go after those with one.
    open.sort_by_key(|n| n.probability.map_or(101, u16::from));

    // The open column order: existing open stages (`Err(index)`) with the new ones
    // (`Ok(index)`) placed among them.
    let existing = std::mem::take(&mut pipeline.stages);
    let mut order: Vec<Result<usize, usize>> = existing
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == StageKind::Open)
        .map(|(i, _)| Err(i))
        .collect();
    let known = |slot: &Result<usize, usize>, open: &[New]| match slot {
        Err(i) => Some(existing[*i].probability),
        Ok(j) => open[*j].probability,
    };
    for (j, new) in open.iter().enumerate() {
        let at = match new.probability {
            Some(p) => order
                .iter()
                .rposition(|s| known(s, &open).is_some_and(|q| q <= p))
                .map_or(0, |i| i + 1),
            None => order.len(),
        };
        order.insert(at, Ok(j));
    }
    // Probabilities the file does not give lie evenly between the known neighbours.
    let mut probability: Vec<u8> = Vec::with_capacity(order.len());
    let mut i = 0;
    while i < order.len() {
        if let Some(p) = known(&order[i], &open) {
            probability.push(p);
            i += 1;
            continue;
        }
        let run = order[i..]
            .iter()
            .take_while(|s| known(s, &open).is_none())
            .count();
        let lo = u32::from(probability.last().copied().unwrap_or(0));
        let hi = order
            .get(i + run)
            .and_then(|s| known(s, &open))
            .map_or(100, u32::from)
            .max(lo);
        for k in 1..=run {
            probability.push((lo + (hi - lo) * k as u32 / (run as u32 + 1)) as u8);
        }
        i += run;
    }

    let stage = |new: &New, p: u8, new_id: &mut dyn FnMut() -> Id| Stage {
        id: new_id(),
        name: new.name.clone(),
        probability: p,
        forecast_category: category_from_probability(new.kind, p),
        kind: new.kind,
        exit_criteria: Vec::new(),
        rotting_days: None,
        playbook: Vec::new(),
        required_fields: Vec::new(),
    };
    let mut new_open: HashMap<usize, Stage> = HashMap::new();
    for (slot, p) in order.iter().zip(&probability) {
        if let Ok(j) = slot {
            new_open.insert(*j, stage(&open[*j], *p, new_id));
        }
    }
    // Existing stages keep their order; new open stages go right before the existing
    // open stage that follows them (after the last one, or first when there is none).
    let mut stages: Vec<Stage> = Vec::new();
    let mut pending = order.iter().peekable();
    let mut emit_new_until_existing =
        |stages: &mut Vec<Stage>, pending: &mut std::iter::Peekable<std::slice::Iter<_>>| {
            while let Some(Ok(j)) = pending.peek() {
                stages.extend(new_open.remove(j));
                pending.next();
            }
        };
    let last_open = existing.iter().rposition(|s| s.kind == StageKind::Open);
    if last_open.is_none() {
        emit_new_until_existing(&mut stages, &mut pending);
    }
    for (i, s) in existing.into_iter().enumerate() {
        if s.kind == StageKind::Open {
            emit_new_until_existing(&mut stages, &mut pending);
            pending.next();
        }
        stages.push(s);
        if Some(i) == last_open {
            emit_new_until_existing(&mut stages, &mut pending);
        }
    }
    for new in won.iter().chain(&lost) {
        let p = if new.kind == StageKind::Won { 100 } else { 0 };
        stages.push(stage(new, p, new_id));
    }

    let from_file: HashMap<String, bool> = open
        .iter()
        .chain(&won)
        .chain(&lost)
        .map(|n| {
            (
                n.name.clone(),
                n.probability.is_some() && n.kind == StageKind::Open,
            )
        })
        .collect();
    let added = stages
        .iter()
        .enumerate()
        .filter_map(|(position, s)| {
            from_file.get(&s.name).map(|&f| StageAdded {
                name: s.name.clone(),
                kind: s.kind,
                probability: s.probability,
                probability_from_file: f,
                forecast_category: s.forecast_category,
                position,
            })
        })
        .collect();
    pipeline.stages = stages;
    pipeline.updated_at = now;
    let update = PipelineUpdate {
        pipeline_id: pipeline.id.clone(),
        pipeline_name: pipeline.name.clone(),
        created,
        added,
    };
    (pipeline, update)
}

/// The probability cell of a row, when it reads as one (bad cells are reported by the
/// row itself).
pub(super) fn probability_of(row: &[String], column: Option<usize>) -> Option<u8> {
    let raw = row.get(column?)?.trim();
    if raw.is_empty() {
        return None;
    }
    cells::score(raw).ok()
}

/// Where a deals file's rows go and what each of its stage values means there.
pub(super) struct DealStages {
    /// The pipeline the deals go into, as it will be after the import.
    pub pipeline: Option<Pipeline>,
    /// Raw stage value (trimmed) → stage of `pipeline`, for every value that has one.
    pub raw: HashMap<String, Id>,
    /// The pipeline's insert or update, first in the plan's changes.
    pub change: Option<(Change, PipelineUpdate)>,
}

/// Plans the stages of a deals file: resolves each stage value on the target pipeline
/// and, when the options allow it, adds the ones it lacks (for every row that names
/// one, so the stage history of every imported deal can walk the final pipeline).
pub(super) fn for_deals(
    table: &CsvTable,
    columns: &HashMap<Field, usize>,
    values: &ValueMap,
    new_stages: &NewStages,
    ws: &Workspace,
    now: Timestamp,
    new_id: &mut dyn FnMut() -> Id,
) -> DealStages {
    let default = ws.default_pipeline();
    let Some(&stage_col) = columns.get(&Field::Stage) else {
        return DealStages {
            pipeline: default.cloned(),
            raw: HashMap::new(),
            change: None,
        };
    };
    let (target, created) = match new_stages {
        NewStages::NewPipeline(name) => {
            let name = match name.trim() {
                "" => "Imported",
                n => n,
            };
            let existing = ws
                .pipelines_in_order()
                .into_iter()
                .find(|p| normalize(&p.name) == normalize(name));
            match existing {
                Some(p) => (Some(p.clone()), false),
                None => (
                    Some(Pipeline {
                        id: new_id(),
                        name: name.to_string(),
                        stages: Vec::new(),
                        created_at: now,
                        updated_at: now,
                    }),
                    true,
                ),
            }
        }
        _ => (default.cloned(), false),
    };
    let Some(mut pipeline) = target else {
        return DealStages {
            pipeline: None,
            raw: HashMap::new(),
            change: None,
        };
    };
    let is_default = default.is_some_and(|d| d.id == pipeline.id);
    let creates = new_stages.creates();
    let prob_col = columns.get(&Field::Probability).copied();
    let mut raw: HashMap<String, Id> = HashMap::new();
    let mut unresolved: HashSet<String> = HashSet::new();
    let mut unknown = Unknown::default();
    for row in &table.rows {
        let Some(value) = row.get(stage_col).map(|c| c.trim()) else {
            continue;
        };
        if value.is_empty() || raw.contains_key(value) {
            continue;
        }
        if !unresolved.contains(value) {
            match resolve(value, &pipeline, values, ws, creates || !is_default) {
                Some(id) => {
                    raw.insert(value.to_string(), id);
                    continue;
                }
                None => {
                    unresolved.insert(value.to_string());
                }
            }
        }
        if creates {
            unknown.add(value, probability_of(row, prob_col));
        }
    }
    if created {
        // A pipeline of its own can win and lose deals whatever the file's stages.
        if !unknown.has_kind(StageKind::Won)
            && !pipeline.stages.iter().any(|s| s.kind == StageKind::Won)
        {
            unknown.add("Won", None);
        }
        if !unknown.has_kind(StageKind::Lost)
            && !pipeline.stages.iter().any(|s| s.kind == StageKind::Lost)
        {
            unknown.add("Lost", None);
        }
    }
    let mut change = None;
    if !unknown.is_empty() {
        let (extended, update) = extend(pipeline, &unknown, created, new_id, now);
        pipeline = extended;
        for value in &unresolved {
            if let Some(id) = resolve(value, &pipeline, values, ws, true) {
                raw.insert(value.clone(), id);
            }
        }
        let record = Record::Pipeline(pipeline.clone());
        let c = if created {
            Change::Insert(record)
        } else {
            Change::Put(record)
        };
        change = Some((c, update));
    }
    DealStages {
        pipeline: Some(pipeline),
        raw,
        change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{now, seeded};

    fn names(p: &Pipeline) -> Vec<(String, u8, StageKind)> {
        p.stages
            .iter()
            .map(|s| (s.name.clone(), s.probability, s.kind))
            .collect()
    }

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_from_name("Closed Won"), StageKind::Won);
        assert_eq!(kind_from_name("won"), StageKind::Won);
        assert_eq!(kind_from_name("closedwon"), StageKind::Won);
        assert_eq!(kind_from_name("Closed Lost"), StageKind::Lost);
        assert_eq!(kind_from_name("Lost - no budget"), StageKind::Lost);
        assert_eq!(kind_from_name("Engaging"), StageKind::Open);
        assert_eq!(kind_from_name("Wonderful"), StageKind::Open);
        assert_eq!(
            category_from_probability(StageKind::Open, 90),
            ForecastCategory::Commit
        );
        assert_eq!(
            category_from_probability(StageKind::Open, 50),
            ForecastCategory::BestCase
        );
        assert_eq!(
            category_from_probability(StageKind::Open, 49),
            ForecastCategory::Pipeline
        );
        assert_eq!(
            category_from_probability(StageKind::Lost, 0),
            ForecastCategory::Omitted
        );
        assert_eq!(median(&[10, 30, 20]), Some(20));
        assert_eq!(median(&[10, 25]), Some(18));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn open_stages_go_between_their_neighbours_by_probability() {
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut u = Unknown::default();
        u.add("Needs Analysis", Some(30));
        u.add("Needs analysis ", Some(34));
        u.add("Closed Won", Some(100));
        u.add("Verbal", Some(90));
        u.add("Intro", Some(5));
        u.add("Parked", None);
        let (p, update) = extend(p, &u, false, &mut || ids.next_id(), now());
        assert_eq!(
            names(&p),
            [
                ("Intro".to_string(), 5, StageKind::Open),
                ("Prospecting".into(), 10, StageKind::Open),
                ("Qualification".into(), 20, StageKind::Open),
                ("Needs Analysis".into(), 32, StageKind::Open),
                ("Discovery".into(), 40, StageKind::Open),
                ("Proposal".into(), 60, StageKind::Open),
                ("Negotiation".into(), 80, StageKind::Open),
                ("Verbal".into(), 90, StageKind::Open),
                ("Parked".into(), 95, StageKind::Open),
                ("Won".into(), 100, StageKind::Won),
                ("Lost".into(), 0, StageKind::Lost),
                ("Closed Won".into(), 100, StageKind::Won),
            ]
        );
        let added: Vec<(&str, usize, bool, ForecastCategory)> = update
            .added
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.position,
                    a.probability_from_file,
                    a.forecast_category,
                )
            })
            .collect();
        assert_eq!(
            added,
            [
                ("Intro", 0, true, ForecastCategory::Pipeline),
                ("Needs Analysis", 3, true, ForecastCategory::Pipeline),
                ("Verbal", 7, true, ForecastCategory::Commit),
                ("Parked", 8, false, ForecastCategory::Commit),
                ("Closed Won", 11, false, ForecastCategory::Commit),
            ]
        );
        assert!(!update.created);
        assert_eq!(p.updated_at, now());
    }

    #[test]
    fn without_probabilities_new_stages_follow_the_open_ones_in_file_order() {
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut u = Unknown::default();
        u.add("Engaging", None);
        u.add("Stalled", None);
        let (p, _) = extend(p, &u, false, &mut || ids.next_id(), now());
        let got: Vec<(String, u8)> = names(&p)[4..8]
            .iter()
            .map(|(n, p, _)| (n.clone(), *p))
            .collect();
        assert_eq!(
            got,
            [
                ("Negotiation".to_string(), 80),
                ("Engaging".into(), 86),
                ("Stalled".into(), 93),
                ("Won".into(), 100)
            ]
        );
    }
}
