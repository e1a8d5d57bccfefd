//! Editing pipelines: stage drafts (name, probability, category, kind, rotting days,
//! exit criteria), order, and where the deals of a removed stage go.

use super::changes::{Change, Record};
use super::entities::StageChange;
use super::{FieldErrors, ForecastCategory, Id, Pipeline, Stage, StageKind, Timestamp, Workspace};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, PartialEq)]
pub struct StageDraft {
    /// `None` for a stage added in this edit.
    pub id: Option<Id>,
    pub name: String,
    pub probability: String,
    pub category: String,
    /// "open", "won" or "lost".
    pub kind: String,
    pub rotting_days: String,
    /// One criterion per line.
    pub exit_criteria: String,
    /// Tasks on entering, one per line: "kind | subject | due in days".
    pub playbook: String,
    /// Keys of the fields required before entering (`RequiredField::key`).
    pub required: Vec<String>,
}

impl StageDraft {
    pub fn blank() -> Self {
        StageDraft {
            id: None,
            name: String::new(),
            probability: "50".into(),
            category: ForecastCategory::Pipeline.key().into(),
            kind: "open".into(),
            rotting_days: String::new(),
            exit_criteria: String::new(),
            playbook: String::new(),
            required: Vec::new(),
        }
    }

    pub fn from_stage(s: &Stage) -> Self {
        StageDraft {
            id: Some(s.id.clone()),
            name: s.name.clone(),
            probability: s.probability.to_string(),
            category: s.forecast_category.key().into(),
            kind: s.kind.key().into(),
            rotting_days: s.rotting_days.map(|d| d.to_string()).unwrap_or_default(),
            exit_criteria: s.exit_criteria.join("\n"),
            playbook: super::automation::playbooks::format_playbook(&s.playbook),
            required: s
                .required_fields
                .iter()
                .map(|f| f.key().to_string())
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PipelineForm {
    pub name: String,
    pub stages: Vec<StageDraft>,
}

impl PipelineForm {
    pub fn from_pipeline(p: &Pipeline) -> Self {
        PipelineForm {
            name: p.name.clone(),
            stages: p.stages.iter().map(StageDraft::from_stage).collect(),
        }
    }

    /// Fills in the suggested playbook of every stage that has none and whose name is
    /// one of the default pipeline's (a workspace made before playbooks existed has
    /// none); adds the fields it requires. Returns how many stages were filled.
    pub fn fill_suggested_playbooks(&mut self) -> usize {
        use super::automation::playbooks::{format_playbook, suggested_playbook};
        let mut filled = 0;
        for d in &mut self.stages {
            if !d.playbook.trim().is_empty() || d.kind != "open" {
                continue;
            }
            let Some((tasks, required)) = suggested_playbook(&d.name) else {
                continue;
            };
            d.playbook = format_playbook(&tasks);
            for f in required {
                if !d.required.iter().any(|k| k == f.key()) {
                    d.required.push(f.key().to_string());
                }
            }
            filled += 1;
        }
        filled
    }

    /// Moves stage `i` one place up (-1) or down (+1).
    pub fn move_stage(&mut self, i: usize, step: i32) {
        let j = i as i64 + step as i64;
        if j >= 0 && (j as usize) < self.stages.len() {
            self.stages.swap(i, j as usize);
        }
    }

    /// Stages of `existing` that this form removes and that hold deals, with counts.
    pub fn removed_with_deals(
        &self,
        ws: &Workspace,
        existing: &Pipeline,
    ) -> Vec<(Id, String, usize)> {
        let kept: HashSet<&Id> = self.stages.iter().filter_map(|s| s.id.as_ref()).collect();
        existing
            .stages
            .iter()
            .filter(|s| !kept.contains(&s.id))
            .map(|s| {
                let n = ws
                    .deals
                    .values()
                    .filter(|d| d.pipeline_id == existing.id && d.stage_id == s.id)
                    .count();
                (s.id.clone(), s.name.clone(), n)
            })
            .filter(|(_, _, n)| *n > 0)
            .collect()
    }

    /// The saved pipeline plus the deals moved out of removed stages (`moves` maps a
    /// removed stage to the kept stage its deals go to), in one change list.
    pub fn to_changes(
        &self,
        ws: &Workspace,
        existing: Option<&Pipeline>,
        mut new_id: impl FnMut() -> Id,
        moves: &HashMap<Id, Id>,
        now: Timestamp,
    ) -> Result<Vec<Change>, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            e.add("pipeline_name", "Name the pipeline");
        }
        if self.stages.is_empty() {
            e.add("stages", "A pipeline needs stages");
        }
        let mut seen = HashSet::new();
        let mut stages = Vec::new();
        for (i, d) in self.stages.iter().enumerate() {
            let n = i + 1;
            let sname = d.name.trim().to_string();
            if sname.is_empty() {
                e.add(
                    &format!("stage-{i}-name"),
                    format!("Stage {n} needs a name"),
                );
            } else if !seen.insert(sname.to_lowercase()) {
                e.add(
                    &format!("stage-{i}-name"),
                    format!("Two stages are called “{sname}”"),
                );
            }
            let probability = match d.probability.trim().parse::<u8>() {
                Ok(p) if p <= 100 => p,
                _ => {
                    e.add(
                        &format!("stage-{i}-probability"),
                        "Enter a probability from 0 to 100",
                    );
                    0
                }
            };
            let kind = StageKind::from_key(&d.kind).unwrap_or_else(|| {
                e.add(&format!("stage-{i}-kind"), "Choose open, won or lost");
                StageKind::Open
            });
            let rotting_days = match d.rotting_days.trim() {
                "" => None,
                t => match t.parse::<u32>() {
                    Ok(v) if v > 0 => Some(v),
                    _ => {
                        e.add(
                            &format!("stage-{i}-rotting"),
                            "Enter a number of days, or leave it empty",
                        );
                        None
                    }
                },
            };
            let playbook = match super::automation::playbooks::parse_playbook(&d.playbook) {
                Ok(p) => p,
                Err(m) => {
                    e.add(&format!("stage-{i}-playbook"), m);
                    Vec::new()
                }
            };
            let required_fields = super::automation::playbooks::RequiredField::ALL
                .into_iter()
                .filter(|f| d.required.iter().any(|k| k == f.key()))
                .collect();
            let category = ForecastCategory::from_key(&d.category).unwrap_or_else(|| {
                e.add(&format!("stage-{i}-category"), "Choose a forecast category");
                ForecastCategory::Pipeline
            });
            stages.push(Stage {
                id: d.id.clone().unwrap_or_else(&mut new_id),
                name: sname,
                probability,
                forecast_category: category,
                kind,
                exit_criteria: d
                    .exit_criteria
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                rotting_days,
                playbook,
                required_fields,
            });
        }
        if !stages.iter().any(|s| s.kind == StageKind::Open) {
            e.add("stages", "Keep at least one open stage");
        }
        let pipeline = Pipeline {
            id: existing.map(|p| p.id.clone()).unwrap_or_else(&mut new_id),
            name,
            stages,
            created_at: existing.map(|p| p.created_at).unwrap_or(now),
            updated_at: now,
        };
        let mut changes = Vec::new();
        if let Some(old) = existing {
            for (stage, stage_name, _) in self.removed_with_deals(ws, old) {
                let target = moves.get(&stage).filter(|t| pipeline.stage(t).is_some());
                let Some(target) = target else {
                    e.add(
                        &format!("move-{stage}"),
                        format!("Choose where the deals in {stage_name} go"),
                    );
                    continue;
                };
                let kind = pipeline
                    .stage(target)
                    .map(|s| s.kind)
                    .unwrap_or(StageKind::Open);
                for d in ws
                    .deals
                    .values()
                    .filter(|d| d.pipeline_id == old.id && d.stage_id == stage)
                {
                    let mut d = d.clone();
                    d.stage_id = target.clone();
                    d.stage_history.push(StageChange {
                        stage_id: target.clone(),
                        at: now,
                    });
                    if kind == StageKind::Open {
                        d.closed_on = None;
                    } else if d.closed_on.is_none() {
                        d.closed_on = Some(super::time::local_day(now));
                    }
                    d.updated_at = now;
                    changes.push(Change::Put(Record::Deal(d)));
                }
            }
        }
        let record = Record::Pipeline(pipeline);
        changes.insert(
            0,
            if existing.is_some() {
                Change::Put(record)
            } else {
                Change::Insert(record)
            },
        );
        e.into_result(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{deal, now, seeded};

    #[test]
    fn suggested_playbooks_fill_only_the_stages_that_have_none() {
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut f = PipelineForm::from_pipeline(&p);
        // A workspace from before playbooks: nothing on any stage; one stage the
        // user wrote themselves, one renamed beyond recognition.
        for d in &mut f.stages {
            d.playbook.clear();
            d.required.clear();
        }
        let qualification = f
            .stages
            .iter()
            .position(|d| d.name == "Qualification")
            .unwrap();
        f.stages[qualification].playbook = "Email | Send our one-pager | 0".into();
        let proposal = f.stages.iter().position(|d| d.name == "Proposal").unwrap();
        f.stages[0].name = "Cold list".into();
        let filled = f.fill_suggested_playbooks();
        // Discovery, Proposal and Negotiation (Prospecting was renamed; won and lost
        // stages take no tasks; Qualification kept its own).
        assert_eq!(
            filled,
            3,
            "{:?}",
            f.stages
                .iter()
                .map(|d| (&d.name, &d.playbook))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            f.stages[qualification].playbook,
            "Email | Send our one-pager | 0"
        );
        assert!(f.stages[0].playbook.is_empty());
        assert!(f.stages[proposal].playbook.contains("Send the proposal"));
        assert_eq!(f.stages[proposal].required, ["amount", "expected_close"]);
        // Filled once: a second click has nothing left to fill, and it saves.
        assert_eq!(f.fill_suggested_playbooks(), 0);
        let changes = f
            .to_changes(&ws, Some(&p), || ids.next_id(), &HashMap::new(), now())
            .unwrap();
        let Change::Put(Record::Pipeline(saved)) = &changes[0] else {
            panic!()
        };
        assert_eq!(saved.stages[proposal].playbook.len(), 2);
        assert_eq!(saved.stages[proposal].required_fields.len(), 2);
    }

    #[test]
    fn edits_rename_reorder_and_validate_stages() {
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut f = PipelineForm::from_pipeline(&p);
        f.stages[0].name = "Prospect".into();
        f.stages[1].exit_criteria = " Budget \n\n Timeline ".into();
        f.move_stage(1, -1);
        f.move_stage(0, -1); // no-op at the top
        let changes = f
            .to_changes(&ws, Some(&p), || ids.next_id(), &HashMap::new(), now())
            .unwrap();
        let Change::Put(Record::Pipeline(saved)) = &changes[0] else {
            panic!()
        };
        assert_eq!(saved.stages[0].name, "Qualification");
        assert_eq!(saved.stages[0].exit_criteria, ["Budget", "Timeline"]);
        assert_eq!(saved.stages[1].name, "Prospect");
        assert_eq!(saved.stages[1].id, p.stages[0].id, "ids survive renames");

        let mut bad = PipelineForm::from_pipeline(&p);
        bad.stages[2].name = "prospecting".into();
        bad.stages[3].probability = "120".into();
        bad.stages.push(StageDraft {
            rotting_days: "x".into(),
            ..StageDraft::blank()
        });
        let e = bad
            .to_changes(&ws, Some(&p), || ids.next_id(), &HashMap::new(), now())
            .unwrap_err();
        assert!(e.get("stage-2-name").unwrap().contains("Two stages"));
        assert!(e.get("stage-3-probability").is_some());
        assert!(e.get("stage-7-name").is_some());
        assert!(e.get("stage-7-rotting").is_some());
    }

    #[test]
    fn removing_a_stage_with_deals_needs_a_destination_and_moves_them() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let d = deal(&ws, ids.next_id(), None); // in Prospecting
        ws.put(d.clone().into());
        let mut f = PipelineForm::from_pipeline(&p);
        f.stages.remove(0);
        assert_eq!(
            f.removed_with_deals(&ws, &p),
            vec![(p.stages[0].id.clone(), "Prospecting".into(), 1)]
        );
        let e = f
            .to_changes(&ws, Some(&p), || ids.next_id(), &HashMap::new(), now())
            .unwrap_err();
        assert!(e
            .iter()
            .any(|x| x.message == "Choose where the deals in Prospecting go"));

        let moves = HashMap::from([(p.stages[0].id.clone(), p.stages[1].id.clone())]);
        let changes = f
            .to_changes(&ws, Some(&p), || ids.next_id(), &moves, now())
            .unwrap();
        assert_eq!(changes.len(), 2);
        ws.apply(changes);
        let moved = ws.deals.get(&d.id).unwrap();
        assert_eq!(moved.stage_id, p.stages[1].id);
        assert_eq!(moved.stage_history.last().unwrap().stage_id, p.stages[1].id);
        assert_eq!(ws.default_pipeline().unwrap().stages.len(), 6);
    }

    #[test]
    fn a_new_pipeline_needs_an_open_stage() {
        let (ws, mut ids) = seeded();
        let f = PipelineForm {
            name: "B2C".into(),
            stages: vec![StageDraft {
                name: "Won".into(),
                kind: "won".into(),
                ..StageDraft::blank()
            }],
        };
        let e = f
            .to_changes(&ws, None, || ids.next_id(), &HashMap::new(), now())
            .unwrap_err();
        assert_eq!(e.get("stages"), Some("Keep at least one open stage"));
    }
}
