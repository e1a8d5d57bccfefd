//! Stage playbooks: the tasks a deal gets when it enters a stage, and the fields it
//! must have before it may enter.

use super::tasks::{NewTask, TaskMaker};
use crate::domain::changes::{Change, Record};
use crate::domain::entities::{ActivityKind, Deal};
use crate::domain::{Pipeline, Stage, Workspace};
use serde::{Deserialize, Serialize};

/// A task a stage's playbook creates for the deal's owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybookTask {
    pub kind: ActivityKind,
    pub subject: String,
    /// Due this many days after the deal entered the stage.
    pub due_in_days: u32,
}

/// A field a deal must have before it enters a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequiredField {
    Amount,
    ExpectedClose,
    Account,
    Contact,
    NextStep,
}

impl RequiredField {
    pub const ALL: [RequiredField; 5] = [
        RequiredField::Amount,
        RequiredField::ExpectedClose,
        RequiredField::Account,
        RequiredField::Contact,
        RequiredField::NextStep,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RequiredField::Amount => "amount",
            RequiredField::ExpectedClose => "expected_close",
            RequiredField::Account => "account",
            RequiredField::Contact => "contact",
            RequiredField::NextStep => "next_step",
        }
    }

    /// The name of the field on the deal form, as a checkbox label.
    pub fn label(self) -> &'static str {
        match self {
            RequiredField::Amount => "Amount",
            RequiredField::ExpectedClose => "Expected close",
            RequiredField::Account => "Account",
            RequiredField::Contact => "Contact",
            RequiredField::NextStep => "Next step",
        }
    }

    /// In a sentence: "an amount".
    pub fn phrase(self) -> &'static str {
        match self {
            RequiredField::Amount => "an amount",
            RequiredField::ExpectedClose => "an expected close date",
            RequiredField::Account => "an account",
            RequiredField::Contact => "a contact",
            RequiredField::NextStep => "a next step",
        }
    }

    /// The deal form's field that holds it (where its error shows).
    pub fn form_field(self) -> &'static str {
        match self {
            RequiredField::Amount => "amount",
            RequiredField::ExpectedClose => "expected_close",
            RequiredField::Account => "account_id",
            RequiredField::Contact => "contact_ids",
            RequiredField::NextStep => "next_step",
        }
    }

    fn present(self, d: &Deal) -> bool {
        match self {
            RequiredField::Amount => d.amount.is_some(),
            RequiredField::ExpectedClose => d.expected_close.is_some(),
            RequiredField::Account => d.account_id.is_some(),
            RequiredField::Contact => !d.contact_ids.is_empty(),
            RequiredField::NextStep => d.next_step.is_some(),
        }
    }
}

/// The required fields of `stage` that `deal` lacks, in the stage's order.
pub fn missing_required(deal: &Deal, stage: &Stage) -> Vec<RequiredField> {
    stage
        .required_fields
        .iter()
        .copied()
        .filter(|f| !f.present(deal))
        .collect()
}

/// "Proposal needs an amount and an expected close date before a deal enters it."
pub fn required_message(stage: &Stage, missing: &[RequiredField]) -> Option<String> {
    let phrases: Vec<&str> = missing.iter().map(|f| f.phrase()).collect();
    let list = match phrases.as_slice() {
        [] => return None,
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(format!(
        "{} needs {list} before a deal enters it",
        stage.name
    ))
}

/// The playbook as the settings form shows it: one "kind | subject | days" per line.
pub fn format_playbook(tasks: &[PlaybookTask]) -> String {
    tasks
        .iter()
        .map(|t| format!("{} | {} | {}", t.kind.label(), t.subject, t.due_in_days))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the settings form's playbook text; an error names the line and what is wrong.
pub fn parse_playbook(text: &str) -> Result<Vec<PlaybookTask>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let bad = |why: &str| format!("Playbook line {}: {why}", n + 1);
        let [kind, subject, days] = parts.as_slice() else {
            return Err(bad("write it as “kind | subject | due in days”"));
        };
        let kind = ActivityKind::ALL
            .into_iter()
            .find(|k| k.label().eq_ignore_ascii_case(kind) || k.key().eq_ignore_ascii_case(kind))
            .ok_or_else(|| bad("the kind is call, meeting, demo, e-mail, task or note"))?;
        if subject.is_empty() {
            return Err(bad("the task needs a subject"));
        }
        let due_in_days = days
            .trim_end_matches("days")
            .trim_end_matches("day")
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| *d <= 365)
            .ok_or_else(|| bad("the due days are a whole number from 0 to 365"))?;
        out.push(PlaybookTask {
            kind,
            subject: subject.to_string(),
            due_in_days,
        });
    }
    Ok(out)
}

/// What a seller would do at each stage of the default pipeline.
pub fn add_default_playbooks(p: &mut Pipeline) {
    for s in &mut p.stages {
        let (tasks, required) = suggested_playbook(&s.name).unwrap_or_default();
        s.playbook = tasks;
        s.required_fields = required;
    }
}

/// The suggested playbook of a stage of the default pipeline, by its name (any
/// case): its tasks on entering and the fields it requires.
pub fn suggested_playbook(stage: &str) -> Option<(Vec<PlaybookTask>, Vec<RequiredField>)> {
    use ActivityKind::*;
    use RequiredField::*;
    let t = |kind, subject: &str, due_in_days| PlaybookTask {
        kind,
        subject: subject.to_string(),
        due_in_days,
    };
    Some(match stage.trim().to_lowercase().as_str() {
        "prospecting" => (
            vec![
                t(Task, "Research the account and find the decision maker", 1),
                t(Call, "First call", 2),
            ],
            vec![],
        ),
        "qualification" => (
            vec![t(Call, "Qualification call: budget, need and timeline", 2)],
            vec![],
        ),
        "discovery" => (
            vec![
                t(Meeting, "Discovery meeting", 3),
                t(Task, "Write up the pain and the success criteria", 5),
            ],
            vec![],
        ),
        "proposal" => (
            vec![
                t(Task, "Send the proposal", 1),
                t(Call, "Walk the buyer through the proposal", 3),
            ],
            vec![Amount, ExpectedClose],
        ),
        "negotiation" => (
            vec![t(Meeting, "Agree the terms with the signatory", 3)],
            vec![Amount, ExpectedClose],
        ),
        _ => return None,
    })
}

/// The cause of one playbook task for one deal: the same deal entering the same stage
/// again finds it used, so back-and-forth moves never repeat a task.
pub fn cause(deal: &Deal, stage: &Stage, task: &PlaybookTask) -> String {
    format!("playbook:{}:{}:{}", deal.id, stage.id, task.subject)
}

/// Playbook tasks for every deal that `changes` put into a stage it was not in
/// (a new deal, a move, a pipeline change), judged against `before`.
pub fn on_changes(before: &Workspace, changes: &[Change], maker: &mut TaskMaker) {
    for c in changes {
        let (Change::Insert(Record::Deal(d)) | Change::Put(Record::Deal(d))) = c else {
            continue;
        };
        let entered = before
            .deals
            .get(&d.id)
            .is_none_or(|old| old.stage_id != d.stage_id || old.pipeline_id != d.pipeline_id);
        if !entered {
            continue;
        }
        // The pipeline may be saved in the same action; read the newest.
        let pipeline = changes
            .iter()
            .find_map(|c| match c {
                Change::Insert(Record::Pipeline(p)) | Change::Put(Record::Pipeline(p))
                    if p.id == d.pipeline_id =>
                {
                    Some(p)
                }
                _ => None,
            })
            .or_else(|| before.pipelines.get(&d.pipeline_id));
        let Some(stage) = pipeline.and_then(|p| p.stage(&d.stage_id)) else {
            continue;
        };
        enter_stage(d, stage, maker);
    }
}

/// The playbook tasks of `stage` for `deal`, due counted from the day it entered,
/// and never before today (a task is not born overdue).
pub fn enter_stage(deal: &Deal, stage: &Stage, maker: &mut TaskMaker) {
    let entered = deal
        .stage_history
        .last()
        .filter(|h| h.stage_id == stage.id)
        .map(|h| crate::domain::time::local_day(h.at))
        .unwrap_or(maker.today);
    for task in &stage.playbook {
        maker.make(
            cause(deal, stage, task),
            format!("{} playbook", stage.name),
            NewTask {
                kind: task.kind,
                subject: task.subject.clone(),
                due: (entered + chrono::Days::new(task.due_in_days as u64)).max(maker.today),
                owner_id: deal.owner_id.clone(),
                deal_id: Some(deal.id.clone()),
                lead_id: None,
                account_id: deal.account_id.clone(),
            },
        );
    }
}
